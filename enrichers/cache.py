"""Caching and failure policy for provider lookups: pure functions over results and frames.

The cache table itself (one row per provider, domain and fetch) is written by the orchestration layer;
these functions only decide what to fetch, shape results as rows, and judge a run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import pandas as pd

from enrichers.providers.base import ATTRIBUTE_KEYS, FirmographicResult, unique_domains

RESULT_COLUMNS = ("provider", "domain", "status", "fetched_at", *ATTRIBUTE_KEYS, "raw_json", "error")
_DTYPES = {
    "provider": "string",
    "domain": "string",
    "status": "string",
    "company_name": "string",
    "industry": "string",
    "employee_count": "Int64",
    "annual_revenue_usd": "Int64",
    "country_code": "string",
    "city": "string",
    "raw_json": "string",
    "error": "string",
}


class EnrichmentFailed(RuntimeError):
    """Too many of a provider's lookups ended in error. Carries the counts for the caller's metadata."""

    def __init__(self, provider: str, failed: int, total: int, max_error_ratio: float, error_kinds: list[str]):
        self.provider = provider
        self.failed = failed
        self.total = total
        self.max_error_ratio = max_error_ratio
        self.error_kinds = error_kinds
        super().__init__(
            f"provider {provider!r}: {failed} of {total} domains failed "
            f"({failed / total:.1%} > {max_error_ratio:.1%} allowed); "
            f"most frequent errors: {', '.join(error_kinds) or 'unknown'}"
        )


def _utc(values: pd.Series) -> pd.Series:
    # utc=True converts aware stamps and takes naive ones as UTC; unreadable ones become NaT.
    return pd.to_datetime(values, errors="coerce", utc=True, format="mixed")


def domains_to_fetch(
    domains: Iterable[object],
    cached: pd.DataFrame | None,
    provider: str,
    now: datetime,
    ttl: timedelta,
    no_match_ttl: timedelta | None = None,
) -> list[str]:
    """The distinct wanted domains that `provider` must be asked about on this run.

    A domain is fetched when this provider has no cached row for it, when its latest row is older
    than ttl (no_match_ttl for a no_match, default ttl), or when its latest row is an error or was
    skipped. Domains are lower-cased and de-duplicated, in first-seen order. cached needs the columns
    provider, domain, fetched_at and status; naive timestamps are taken as UTC.
    """
    wanted = unique_domains(domains)
    if cached is None or cached.empty or not wanted:
        return wanted
    rows = cached.loc[cached["provider"] == provider, ["domain", "fetched_at", "status"]].copy()
    if rows.empty:
        return wanted
    rows["domain"] = rows["domain"].astype("string").str.strip().str.lower()
    rows["fetched_at"] = _utc(rows["fetched_at"])
    latest = rows.sort_values("fetched_at").groupby("domain", sort=False).tail(1).set_index("domain")

    now_utc = pd.Timestamp(now).tz_localize(UTC) if pd.Timestamp(now).tzinfo is None else pd.Timestamp(now)
    age = now_utc - latest["fetched_at"]
    limit = latest["status"].map({"no_match": ttl if no_match_ttl is None else no_match_ttl}).fillna(ttl)
    fresh = latest["status"].isin(["matched", "no_match"]) & latest["fetched_at"].notna() & (age <= limit)
    fresh_domains = set(latest.index[fresh.to_numpy()])
    return [domain for domain in wanted if domain not in fresh_domains]


def results_to_frame(results: Iterable[FirmographicResult]) -> pd.DataFrame:
    """Results as rows with RESULT_COLUMNS (one attribute per column, fetched_at as UTC timestamps)."""
    records = [
        {
            "provider": r.provider,
            "domain": r.domain,
            "status": r.status,
            "fetched_at": r.fetched_at,
            **r.attributes,
            "raw_json": r.raw_json,
            "error": r.error,
        }
        for r in results
    ]
    frame = pd.DataFrame.from_records(records, columns=list(RESULT_COLUMNS))
    frame = frame.astype(_DTYPES)
    frame["fetched_at"] = _utc(frame["fetched_at"]).astype("datetime64[us, UTC]")
    return frame


def latest_results(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (provider, domain): the most recent fetch. Handy for merging a run into the cache."""
    ordered = frame.assign(_at=_utc(frame["fetched_at"])).sort_values("_at", kind="stable")
    return ordered.groupby(["provider", "domain"], sort=False).tail(1).drop(columns="_at").reset_index(drop=True)


def _error_kind(error: object) -> str:
    return str(error).split(":", 1)[0].strip() if isinstance(error, str) and error else "unknown"


def check_error_ratio(
    results: Sequence[FirmographicResult] | pd.DataFrame,
    max_error_ratio: float,
    provider: str | None = None,
    top_kinds: int = 3,
) -> dict[str, dict[str, int]]:
    """Counts per provider and status; raises EnrichmentFailed for the first provider whose share of
    error results is above max_error_ratio. Skipped results count in neither the errors nor the total.

    results: FirmographicResult objects or a frame with provider, status and error columns. provider
    restricts the check to one provider.
    """
    if isinstance(results, pd.DataFrame):
        rows = list(zip(results["provider"], results["status"], results.get("error", [None] * len(results))))
    else:
        rows = [(r.provider, r.status, r.error) for r in results]
    if provider is not None:
        rows = [row for row in rows if row[0] == provider]

    summary: dict[str, dict[str, int]] = {}
    kinds: dict[str, Counter[str]] = {}
    for name, status, error in rows:
        counts = summary.setdefault(name, {"matched": 0, "no_match": 0, "error": 0, "skipped": 0})
        counts[status] = counts.get(status, 0) + 1
        if status == "error":
            kinds.setdefault(name, Counter())[_error_kind(error)] += 1

    for name, counts in summary.items():
        total = counts["matched"] + counts["no_match"] + counts["error"]
        if total and counts["error"] / total > max_error_ratio:
            common = [f"{kind} ({n})" for kind, n in kinds[name].most_common(top_kinds)]
            raise EnrichmentFailed(name, counts["error"], total, max_error_ratio, common)
    return summary
