"""Country name or code, as people type it, -> ISO 3166-1 alpha-2 code.

Order of attempts: data/country_aliases.csv (common and native forms: USA, UK, England, Deutschland),
then ISO names and codes (pycountry), then, as a last resort, fuzzy matching for typos ("Untied States").
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pycountry

_ALIASES_PATH = Path(__file__).parent / "data" / "country_aliases.csv"
_NOT_WORD = re.compile(r"[\W_]+")
# Form placeholders and regions that must not be guessed into a country.
_NOT_A_COUNTRY = frozenset({
    "unknown", "n a", "na", "none", "null", "select", "other", "not provided", "international",
    "worldwide", "global", "europe", "emea", "apac", "asia", "africa", "latam", "americas",
    "asia pacific", "asia pacific region", "middle east",
})
_FUZZY_CUTOFF = 0.88


def fold_country(value: str) -> str:
    """Lower case, no accents, dots dropped ('U.S.A.' -> 'usa'), punctuation as spaces, no leading 'the'."""
    text = unicodedata.normalize("NFKD", value.casefold().replace(".", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(_NOT_WORD.sub(" ", text).split())
    return text.removeprefix("the ")


def _read_aliases() -> dict[str, str]:
    with _ALIASES_PATH.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {fold_country(row["alias"]): row["country_code"].upper() for row in rows}


@lru_cache(maxsize=1)
def _known_names() -> dict[str, str]:
    """Every folded spelling we accept exactly, mapped to its alpha-2 code."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names[fold_country(value)] = country.alpha_2
    names.update(_read_aliases())  # aliases win: "korea" means South Korea in lead data
    return names


@lru_cache(maxsize=1)
def _fuzzy_candidates() -> dict[str, str]:
    # Short names only: official names share "republic of", so "Republic of Ireland" would land on
    # "Republic of Iceland".
    candidates = {
        fold_country(name): country.alpha_2
        for country in pycountry.countries
        for name in (country.name, getattr(country, "common_name", None))
        if name
    }
    candidates.update(_read_aliases())
    return {name: code for name, code in candidates.items() if len(name) > 3}


def _fuzzy(key: str, original: str) -> str | None:
    candidates = _fuzzy_candidates()
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=_FUZZY_CUTOFF)
    if close:
        return candidates[close[0]]
    try:
        found = pycountry.countries.search_fuzzy(original)
    except LookupError:
        return None
    # pycountry ranks; more than one hit of equal standing is a guess we would rather not make.
    return found[0].alpha_2 if len(found) == 1 else None


@lru_cache(maxsize=65_536)
def _lookup(value: str) -> str | None:
    key = fold_country(value)
    if not key or key in _NOT_A_COUNTRY:
        return None
    names = _known_names()
    if key in names:
        return names[key]
    if len(key) <= 3:
        return None  # an unknown short code is not worth a fuzzy guess
    return _fuzzy(key, value)


def to_country_code(value: object) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name or code in any common form, else None; never raises."""
    if not isinstance(value, str):
        return None
    try:
        return _lookup(value.strip())
    except Exception:  # noqa: BLE001 - a bad country value must never fail a run
        return None
