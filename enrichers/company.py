"""Company attributes that need no network: domain from a URL, clean name, size and revenue bands."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd
import tldextract

# An empty URL list and no cache dir: tldextract uses the public-suffix snapshot shipped inside the
# package and never goes to the network or the disk.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)

EMPLOYEE_BANDS = ("1-10", "11-50", "51-200", "201-1000", "1001-5000", "5000+")
_EMPLOYEE_UPPER = (10, 50, 200, 1000, 5000, math.inf)
REVENUE_BANDS = ("<1M", "1M-10M", "10M-50M", "50M-250M", "250M-1B", "1B+")
_REVENUE_LOWER = (0, 1e6, 10e6, 50e6, 250e6, 1e9)

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"'})


@lru_cache(maxsize=262_144)
def _registered_domain(text: str) -> str | None:
    parts = _EXTRACT(text)
    if not parts.domain or not parts.suffix:
        return None  # an IP address, localhost, or no public suffix at all
    return f"{parts.domain}.{parts.suffix}"


def domain_from_url(url: object) -> str | None:
    """Registrable company domain of a URL, host or email address, else None; never raises.

    Public-suffix aware (offline snapshot): 'https://www.stock.walmart.com' -> 'walmart.com',
    'www8.hp.com' -> 'hp.com', 'shop.example.co.uk' -> 'example.co.uk', 'jane@sub.acme.de' -> 'acme.de'.
    """
    if not isinstance(url, str):
        return None
    text = url.strip().lower()
    text = text.removeprefix("mailto:")
    if "@" in text and "://" not in text:
        text = text.rsplit("@", 1)[1]
    text = text.strip().rstrip(".")
    if not text:
        return None
    try:
        return _registered_domain(text)
    except Exception:  # noqa: BLE001 - one odd value must not fail a batch
        return None


def _suffix_pattern(suffix: str) -> str:
    tokens = []
    for token in suffix.split():
        # Every letter may carry a dot (S.A., G.m.b.H.); short forms may be spaced (S. A.).
        joiner = r"\.?\s?" if len(token) <= 3 else r"\.?"
        tokens.append(joiner.join(re.escape(ch) for ch in token) + r"\.?")
    return r"[\s,]*".join(tokens)


@lru_cache(maxsize=1)
def _legal_suffix_re() -> re.Pattern[str]:
    path = Path(__file__).parent / "data" / "legal_suffixes.txt"
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    suffixes = sorted({line for line in lines if line}, key=len, reverse=True)
    alternatives = "|".join(_suffix_pattern(s) for s in suffixes)
    return re.compile(rf"[\s,]+(?:{alternatives})[\s.,]*$", re.IGNORECASE)


def normalize_company_name(name: object) -> str | None:
    """Display name without HTML entities, typographic quotes, extra spaces or legal-form suffixes.

    'Lowe&#8217;s Companies, Inc.' -> "Lowe's Companies"; 'Siemens AG' -> 'Siemens';
    'Acme Holdings Co., Ltd.' -> 'Acme Holdings'. Case is kept. None for a missing or empty name.
    """
    if not isinstance(name, str):
        return None
    text = html.unescape(html.unescape(name))  # exports often double-encode: &amp;#8217;
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = " ".join(text.split())
    suffix_re = _legal_suffix_re()
    while True:
        match = suffix_re.search(text)
        if not match or match.start() == 0:
            break
        text = text[: match.start()].rstrip(" ,-&")
    text = text.strip(" ,")
    return text or None


def employee_band(count: object) -> str | None:
    """Band label ('1-10' ... '5000+') for an employee count; None when missing or below 1."""
    value = _number(count)
    if value is None or value < 1:
        return None
    return next(label for label, upper in zip(EMPLOYEE_BANDS, _EMPLOYEE_UPPER) if value <= upper)


def revenue_band(usd: object) -> str | None:
    """Band label ('<1M' ... '1B+') for annual revenue in USD; lower bounds are inclusive."""
    value = _number(usd)
    if value is None or value < 0:
        return None
    return [label for label, lower in zip(REVENUE_BANDS, _REVENUE_LOWER) if value >= lower][-1]


def employee_bands(counts: pd.Series) -> pd.Series:
    """employee_band for a whole column (same index), vectorised."""
    values = pd.to_numeric(counts, errors="coerce").where(lambda s: s >= 1)
    bins = (0, *_EMPLOYEE_UPPER)
    return pd.cut(values, bins=bins, labels=EMPLOYEE_BANDS, right=True).astype("string")


def revenue_bands(usd: pd.Series) -> pd.Series:
    """revenue_band for a whole column (same index), vectorised."""
    values = pd.to_numeric(usd, errors="coerce").where(lambda s: s >= 0)
    bins = (*_REVENUE_LOWER, math.inf)
    return pd.cut(values, bins=bins, labels=REVENUE_BANDS, right=False).astype("string")


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).replace(",", "").strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number
