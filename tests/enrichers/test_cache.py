"""Caching policy (what to fetch), result rows, and the failure policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from enrichers.cache import (
    RESULT_COLUMNS,
    EnrichmentFailed,
    check_error_ratio,
    domains_to_fetch,
    latest_results,
    results_to_frame,
)
from enrichers.providers import FirmographicResult

NOW = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
TTL = timedelta(days=30)
NO_MATCH_TTL = timedelta(days=7)


def cached_rows(*rows: tuple[str, str, str, datetime]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["provider", "domain", "status", "fetched_at"])


def test_fetch_never_seen_stale_and_errors_only():
    cached = cached_rows(
        ("clearbit", "fresh.com", "matched", NOW - timedelta(days=29)),
        ("clearbit", "stale.com", "matched", NOW - timedelta(days=31)),
        ("clearbit", "unknown.com", "no_match", NOW - timedelta(days=3)),
        ("clearbit", "unknown-old.com", "no_match", NOW - timedelta(days=8)),
        ("clearbit", "failed.com", "error", NOW - timedelta(minutes=5)),
        ("clearbit", "skipped.com", "skipped", NOW - timedelta(minutes=5)),
        ("reference", "never.com", "matched", NOW),  # another provider's answer does not count
    )
    wanted = ["never.com", "fresh.com", "stale.com", "unknown.com", "unknown-old.com", "failed.com", "skipped.com",
              "FRESH.com", None, "", "never.com"]
    assert domains_to_fetch(wanted, cached, "clearbit", NOW, TTL, NO_MATCH_TTL) == [
        "never.com", "stale.com", "unknown-old.com", "failed.com", "skipped.com"
    ]
    # Without a no_match TTL, no_match lives as long as a match; a zero TTL asks again every run.
    assert "unknown-old.com" not in domains_to_fetch(wanted, cached, "clearbit", NOW, TTL)
    assert "unknown.com" in domains_to_fetch(wanted, cached, "clearbit", NOW, TTL, timedelta(0))


def test_latest_row_per_domain_decides():
    cached = cached_rows(
        ("clearbit", "acme.com", "matched", NOW - timedelta(days=2)),
        ("clearbit", "acme.com", "error", NOW - timedelta(days=1)),
        ("clearbit", "beta.com", "error", NOW - timedelta(days=2)),
        ("clearbit", "beta.com", "matched", NOW - timedelta(days=1)),
    )
    assert domains_to_fetch(["acme.com", "beta.com"], cached, "clearbit", NOW, TTL) == ["acme.com"]


def test_naive_and_string_timestamps_are_utc():
    cached = cached_rows(
        ("clearbit", "naive.com", "matched", datetime(2026, 11, 19, 6, 0)),
        ("clearbit", "text.com", "matched", "2026-10-01T00:00:00Z"),
    )
    cached["fetched_at"] = cached["fetched_at"].astype(str)
    assert domains_to_fetch(["naive.com", "text.com"], cached, "clearbit", NOW, TTL) == ["text.com"]
    # text.com was read (51 days old), not dropped as unreadable: a longer TTL keeps it.
    assert domains_to_fetch(["naive.com", "text.com"], cached, "clearbit", NOW, timedelta(days=60)) == []


def test_empty_or_missing_cache_fetches_everything():
    assert domains_to_fetch(["a.com", "b.com"], None, "clearbit", NOW, TTL) == ["a.com", "b.com"]
    assert domains_to_fetch(["a.com"], cached_rows(), "clearbit", NOW, TTL) == ["a.com"]


def _result(domain: str, status: str, error: str | None = None, provider: str = "clearbit") -> FirmographicResult:
    attributes = {"company_name": domain.title(), "employee_count": 12} if status == "matched" else {}
    return FirmographicResult(provider, domain, status, NOW, attributes=attributes, error=error)


def test_results_to_frame_columns_and_types():
    frame = results_to_frame([_result("acme.com", "matched"), _result("x.com", "error", "timeout: slow")])
    assert list(frame.columns) == list(RESULT_COLUMNS)
    assert str(frame["fetched_at"].dtype) == "datetime64[us, UTC]"
    assert str(frame["employee_count"].dtype) == "Int64"
    assert frame.loc[0, "company_name"] == "Acme.Com"
    assert pd.isna(frame.loc[1, "employee_count"]) and frame.loc[1, "error"] == "timeout: slow"
    assert list(results_to_frame([]).columns) == list(RESULT_COLUMNS)


def test_latest_results_keeps_one_row_per_provider_and_domain():
    old = results_to_frame([_result("acme.com", "error", "timeout: x")])
    old["fetched_at"] = old["fetched_at"] - pd.Timedelta(days=1)
    new = results_to_frame([_result("acme.com", "matched"), _result("acme.com", "matched", provider="reference")])
    merged = latest_results(pd.concat([old, new]))
    assert sorted(zip(merged["provider"], merged["status"])) == [("clearbit", "matched"), ("reference", "matched")]


def test_result_rejects_unknown_status_and_attribute():
    with pytest.raises(ValueError, match="status"):
        FirmographicResult("p", "a.com", "maybe", NOW)
    with pytest.raises(ValueError, match="revenue"):
        FirmographicResult("p", "a.com", "matched", NOW, attributes={"revenue": 1})


def test_error_ratio_at_or_below_threshold_passes():
    results = [_result(f"{i}.com", "matched") for i in range(8)] + [
        _result("a.com", "error", "timeout: x"), _result("b.com", "no_match"), _result("c.com", "skipped")
    ]
    summary = check_error_ratio(results, max_error_ratio=0.1)
    assert summary == {"clearbit": {"matched": 8, "no_match": 1, "error": 1, "skipped": 1}}


def test_error_ratio_above_threshold_raises_a_clear_error():
    results = [_result("ok.com", "matched"), _result("fine.com", "no_match")] + [
        _result(f"t{i}.com", "error", "timeout: no answer within 10s") for i in range(3)
    ] + [_result("h.com", "error", "http_503: Service Unavailable"), _result("j.com", "error", "malformed_json: x"),
         _result("r.com", "matched", provider="reference")]
    with pytest.raises(EnrichmentFailed) as failure:
        check_error_ratio(results, max_error_ratio=0.5)
    message = str(failure.value)
    assert "provider 'clearbit': 5 of 7 domains failed" in message
    assert "timeout (3), http_503 (1), malformed_json (1)" in message
    assert (failure.value.provider, failure.value.failed, failure.value.total) == ("clearbit", 5, 7)
    # The same rows as a frame, and restricted to a healthy provider.
    frame = results_to_frame(results)
    with pytest.raises(EnrichmentFailed):
        check_error_ratio(frame, max_error_ratio=0.5)
    assert check_error_ratio(frame, max_error_ratio=0.5, provider="reference")["reference"]["matched"] == 1
