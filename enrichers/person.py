"""Person attributes derived from a lead's own fields (email, job title, phone, country); no network.

Every function works on distinct values only and spreads the answers back, so a column of 1M rows
with 50k distinct titles costs 50k classifications.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import numpy as np
import pandas as pd

from enrichers.countries import to_country_code
from enrichers.email import parse_email
from enrichers.phones import to_e164
from enrichers.titles import TitleClassifier, classify_title

DERIVED_PROVIDER = "derived"
PERSON_COLUMNS = (
    "email_normalized",
    "email_domain",
    "email_is_valid",
    "email_is_free",
    "email_is_disposable",
    "email_is_role",
    "seniority",
    "department",
    "has_buying_authority",
    "phone_e164",
    "country_code",
)


def _column(people: pd.DataFrame, name: str) -> pd.Series:
    if name not in people.columns:
        return pd.Series(None, index=people.index, dtype="object")
    column = people[name]
    # Blank strings mean "not given" in exports; treat them like nulls.
    return column.where(column.astype("string").str.strip().fillna("") != "")


class _Distinct:
    """compute(value) once per distinct non-null value of a column, spread back to rows on demand."""

    def __init__(self, values: pd.Series, compute: Callable[[object], object]):
        self.codes, distinct = pd.factorize(values, use_na_sentinel=True)
        self.answers = [compute(value) for value in distinct]

    def spread(self, pick: Callable[[object], object] = lambda answer: answer, missing: object = None) -> np.ndarray:
        """pick(answer) for every row; rows with a null input get `missing`."""
        picked = np.empty(len(self.answers) + 1, dtype=object)
        picked[:-1] = [pick(answer) for answer in self.answers]
        picked[-1] = missing  # code -1 (null input) indexes this last slot
        return picked[self.codes]

    def field(self, name: str, missing: object = None) -> np.ndarray:
        return self.spread(lambda answer: getattr(answer, name), missing)


def map_distinct(values: pd.Series, compute: Callable[[object], object]) -> np.ndarray:
    """compute(value) for every row, called once per distinct non-null value; null rows give None."""
    return _Distinct(values.astype("object"), compute).spread()


def derive_person_attributes(
    people: pd.DataFrame,
    default_region: str | None = None,
    title_classifier: TitleClassifier | None = None,
) -> pd.DataFrame:
    """Derived person attributes, one row per input row (same index), columns PERSON_COLUMNS.

    Input columns email, job_title, phone, country are all optional and may hold nulls.
    Email fields are null without an email; flags are null when the email is invalid.
    A missing title gives seniority 'unknown', department 'other', no buying authority.
    Phones are parsed with the row's country as default region, else default_region.
    """
    index = people.index
    classify = title_classifier.classify if title_classifier else classify_title

    email = _Distinct(_column(people, "email").astype("object"), parse_email)
    titles = _Distinct(_column(people, "job_title").astype("object"), classify)
    no_title = classify(None)
    country_code = map_distinct(_column(people, "country"), to_country_code)

    region = pd.Series(country_code, index=index, dtype="object").fillna(default_region or "")
    phone = _column(people, "phone")
    if pd.api.types.is_numeric_dtype(phone):
        phone = phone.round().astype("Int64")  # a phone column read as numbers: 4930123456.0
    phone = phone.astype("string")
    # One key per (phone, region) pair so each pair is parsed once.
    phone_key = (phone + "\x1f" + region.astype("string")).astype("object")
    phone_e164 = map_distinct(phone_key, lambda key: to_e164(*key.split("\x1f")))

    def strings(values: list | np.ndarray) -> pd.Series:
        return pd.Series(values, index=index, dtype="string")

    def flags(values: np.ndarray) -> pd.Series:
        return pd.Series(values, index=index, dtype="boolean")

    return pd.DataFrame(
        {
            "email_normalized": strings(email.field("normalized")),
            "email_domain": strings(email.field("domain")),
            "email_is_valid": flags(email.field("is_valid")),
            "email_is_free": flags(email.field("is_free")),
            "email_is_disposable": flags(email.field("is_disposable")),
            "email_is_role": flags(email.field("is_role")),
            "seniority": strings(titles.field("seniority", no_title.seniority)),
            "department": strings(titles.field("department", no_title.department)),
            "has_buying_authority": pd.Series(
                titles.field("has_buying_authority", no_title.has_buying_authority), index=index, dtype=bool
            ),
            "phone_e164": strings(phone_e164),
            "country_code": strings(country_code),
        },
        index=index,
    )


def derived_provenance(people: pd.DataFrame, derived: pd.DataFrame, fetched_at: datetime) -> pd.DataFrame:
    """Provenance of derive_person_attributes' output, same index.

    Columns: provider ('derived'), fetched_at, and a match status per source field
    (email_status, title_status, phone_status, country_status): 'skipped' when the input was empty,
    'matched' when it gave an answer, 'no_match' when it could not be read.
    """
    def status(source: str, answered: pd.Series) -> pd.Series:
        given = _column(people, source).notna()
        values = np.where(~given, "skipped", np.where(answered.fillna(False), "matched", "no_match"))
        return pd.Series(values, index=people.index, dtype="string")

    return pd.DataFrame(
        {
            "provider": pd.Series(DERIVED_PROVIDER, index=people.index, dtype="string"),
            "fetched_at": pd.Series(pd.Timestamp(fetched_at), index=people.index),
            "email_status": status("email", derived["email_is_valid"]),
            "title_status": status("job_title", derived["seniority"] != "unknown"),
            "phone_status": status("phone", derived["phone_e164"].notna()),
            "country_status": status("country", derived["country_code"].notna()),
        },
        index=people.index,
    )
