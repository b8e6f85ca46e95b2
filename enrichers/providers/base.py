"""What every firmographic provider returns, and the helpers they share."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from enrichers.countries import to_country_code

STATUSES = ("matched", "no_match", "error", "skipped")
ATTRIBUTE_KEYS = ("company_name", "industry", "employee_count", "annual_revenue_usd", "country_code", "city")
_INTEGER_ATTRIBUTES = ("employee_count", "annual_revenue_usd")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class FirmographicResult:
    """One provider's answer about one domain.

    status: matched (attributes filled from the provider), no_match (the provider does not know the
    domain), error (we could not get an answer; `error` says why as 'kind: detail'), or skipped
    (deliberately not asked). attributes always has every key of ATTRIBUTE_KEYS, None when unknown.
    """

    provider: str
    domain: str
    status: str
    fetched_at: datetime
    attributes: dict[str, object] = field(default_factory=dict)
    raw_json: str | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        unknown = set(self.attributes) - set(ATTRIBUTE_KEYS)
        if unknown:
            raise ValueError(f"unknown attribute keys {sorted(unknown)}; allowed: {ATTRIBUTE_KEYS}")
        filled = {key: self.attributes.get(key) for key in ATTRIBUTE_KEYS}
        object.__setattr__(self, "attributes", filled)

    @property
    def error_kind(self) -> str | None:
        """The part of `error` before the first colon, e.g. 'timeout' or 'http_503'."""
        return self.error.split(":", 1)[0].strip() if self.error else None


@runtime_checkable
class FirmographicProvider(Protocol):
    """Anything that can look up company attributes by domain.

    lookup returns exactly one result per distinct requested domain (lower-cased, stripped, blanks
    dropped), in first-seen order, and never raises for a single domain's failure.
    """

    name: str

    def lookup(self, domains: list[str]) -> list[FirmographicResult]: ...


@dataclass(frozen=True)
class FieldSpec:
    """Where one attribute comes from: a source column / dotted JSON path, or a constant value.

    multiply scales a number (a file with revenue in $M uses multiply: 1000000).
    """

    source: str | None = None
    multiply: float | None = None
    value: object = None


def unique_domains(domains: Iterable[object]) -> list[str]:
    """Distinct domains, lower-cased and stripped, blanks and non-strings dropped, first-seen order."""
    seen: dict[str, None] = {}
    for domain in domains:
        if isinstance(domain, str) and domain.strip():
            seen.setdefault(domain.strip().lower().rstrip("."), None)
    return list(seen)


def _to_number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.replace(",", "").replace("$", "").strip()
        if not value:
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def coerce_attributes(raw: Mapping[str, object], specs: Mapping[str, FieldSpec]) -> dict[str, object]:
    """Typed attributes from raw source values: whole numbers for counts and revenue (scaled by
    multiply), an ISO alpha-2 country code, stripped text; anything unreadable becomes None."""
    attributes: dict[str, object] = {}
    for key in ATTRIBUTE_KEYS:
        spec = specs.get(key)
        value = raw.get(key)
        if key in _INTEGER_ATTRIBUTES:
            number = _to_number(value)
            if number is not None and spec is not None and spec.multiply is not None:
                number *= spec.multiply
            value = round(number) if number is not None and number >= 0 else None
        elif key == "country_code":
            value = to_country_code(value)
        elif value is not None:
            value = str(value).strip() or None
        attributes[key] = value
    return attributes
