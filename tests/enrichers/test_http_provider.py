"""HttpCompanyProvider against a real local HTTP server (pytest-httpserver, threaded)."""

from __future__ import annotations

import email.utils
import json
import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from werkzeug import Response

from enrichers.cache import EnrichmentFailed, check_error_ratio, domains_to_fetch, results_to_frame
from enrichers.providers import HttpCompanyProvider, MissingApiKey, RateLimiter
from enrichers.providers.http import _retry_after_seconds

from .conftest import API_KEY, API_KEY_ENV, company, malformed, slow, status

AT = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)


def make_provider(api, **overrides) -> HttpCompanyProvider:
    settings = {
        "name": "acme_api",
        "base_url": api.base_url,
        "path_template": "/companies/find?domain={domain}",
        "api_key_env": API_KEY_ENV,
        "auth_header": "X-Api-Key",
        "fields": {
            "company_name": "name",
            "employee_count": "metrics.employees",
            "country_code": "geo.countryCode",
            "industry": "category.industry",
        },
        "timeout_seconds": 0.5,
        "max_retries": 2,
        "backoff_seconds": 0.05,
        "max_backoff_seconds": 0.2,
        "rate_limit_per_minute": 6000,
        "max_workers": 8,
        "clock": lambda: AT,
    }
    settings.update(overrides)
    return HttpCompanyProvider(**settings)


def test_one_call_per_unique_domain_and_none_on_a_cached_rerun(fake_api):
    fake_api.steps["gamma.de"] = [status(404)]
    provider = make_provider(fake_api)
    wanted = ["acme.com", "ACME.com", "beta.io", " acme.com ", "gamma.de", None, ""]

    results = provider.lookup(wanted)
    assert [(r.domain, r.status) for r in results] == [
        ("acme.com", "matched"), ("beta.io", "matched"), ("gamma.de", "no_match")
    ]
    assert results[0].attributes["company_name"] == "Acme"
    assert results[0].attributes["employee_count"] == 100
    assert results[0].attributes["country_code"] == "US"
    assert results[0].attributes["industry"] is None
    assert sorted(d for _, d in fake_api.calls) == ["acme.com", "beta.io", "gamma.de"]

    cached = results_to_frame(results)
    again = domains_to_fetch(wanted, cached, "acme_api", AT + timedelta(hours=1), timedelta(days=30), timedelta(days=7))
    assert again == []
    assert provider.lookup(again) == []
    assert len(fake_api.calls) == 3

    # A week later only the no_match is due again.
    later = domains_to_fetch(wanted, cached, "acme_api", AT + timedelta(days=8), timedelta(days=30), timedelta(days=7))
    assert later == ["gamma.de"]


def test_nothing_is_lost_when_domains_fail_and_retries_follow_the_rules(fake_api):
    fake_api.steps.update(
        {
            "missing.com": [status(404)],
            "busy.com": [status(429, {"Retry-After": "1"}), company("Busy")],
            "flaky.com": [status(500), company("Flaky")],
            "down.com": [status(503)],
            "slow.com": [slow(2.0, company("Slow"))],
            "slowonce.com": [slow(2.0, company("Slow once")), company("Slow once")],
            "broken.com": [malformed()],
            "denied.com": [status(403)],
        }
    )
    provider = make_provider(fake_api, backoff_seconds=0.05, max_backoff_seconds=0.1)
    wanted = ["ok.com", "missing.com", "busy.com", "flaky.com", "down.com", "slow.com", "slowonce.com",
              "broken.com", "denied.com"]
    results = provider.lookup(wanted)

    assert [r.domain for r in results] == wanted  # exactly one result per domain, in order
    outcome = {r.domain: (r.status, r.error_kind) for r in results}
    assert outcome == {
        "ok.com": ("matched", None),
        "missing.com": ("no_match", None),
        "busy.com": ("matched", None),
        "flaky.com": ("matched", None),
        "down.com": ("error", "http_503"),
        "slow.com": ("error", "timeout"),
        "slowonce.com": ("matched", None),
        "broken.com": ("error", "malformed_json"),
        "denied.com": ("error", "http_403"),
    }
    calls = {domain: len(fake_api.calls_for(domain)) for domain in wanted}
    assert calls == {
        "ok.com": 1, "missing.com": 1, "busy.com": 2, "flaky.com": 2, "down.com": 3, "slow.com": 3,
        "slowonce.com": 2, "broken.com": 1, "denied.com": 1,
    }
    first, second = fake_api.calls_for("busy.com")
    assert 0.95 <= second - first < 1.6, "Retry-After: 1 must be honoured (the backoff alone is 0.1 s)"
    assert "after 3 attempt(s)" in {r.domain: r.error for r in results}["down.com"]

    # Errors are retried on the next run, whatever the TTL.
    frame = results_to_frame(results)
    due = domains_to_fetch(wanted, frame, "acme_api", AT + timedelta(minutes=5), timedelta(days=30))
    assert due == ["down.com", "slow.com", "broken.com", "denied.com"]


def test_retry_after_beyond_our_patience_is_an_error_without_waiting(fake_api):
    fake_api.steps["throttled.com"] = [status(429, {"Retry-After": "3600"})]
    provider = make_provider(fake_api, max_retry_after_seconds=5)
    started = time.monotonic()
    (result,) = provider.lookup(["throttled.com"])
    assert time.monotonic() - started < 1
    assert result.status == "error" and result.error_kind == "http_429"
    assert "Retry-After 3600s" in result.error
    assert len(fake_api.calls) == 1


def test_retry_after_forms():
    assert _retry_after_seconds("7") == 7
    assert _retry_after_seconds(" 0 ") == 0
    in_30s = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= _retry_after_seconds(in_30s) <= 31
    assert _retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past: go now
    assert _retry_after_seconds("soon") is None
    assert _retry_after_seconds(None) is None


def test_rate_limit_holds_at_the_server(fake_api):
    """120 requests per minute means one every 0.5 s: the first second sees 2, not a burst of 120."""
    provider = make_provider(fake_api, rate_limit_per_minute=120, max_workers=8)
    domains = [f"company{i}.com" for i in range(7)]
    provider.lookup(domains)

    seen = sorted(at for at, _ in fake_api.calls)
    assert len(seen) == 7
    gaps = [b - a for a, b in pairwise(seen)]
    assert min(gaps) >= 0.4, gaps
    in_first_second = sum(1 for at in seen if at < seen[0] + 1.0)
    assert in_first_second <= 2 + 1  # 120/min scaled to one second, plus one for network jitter
    assert seen[-1] - seen[0] >= 6 * 0.5 - 0.1


def test_rate_limiter_never_exceeds_its_window_under_threads():
    """A 1-second window keeps the test short; the limiter does not care about the period's length."""
    limiter = RateLimiter(limit=50, period=1.0)
    stamps: list[float] = []
    lock = threading.Lock()

    def worker():
        for _ in range(8):
            limiter.acquire()
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stamps.sort()
    assert len(stamps) == 64
    # Stamps are taken just after acquire() returns, so a thread switch can shift one by a moment:
    # allow one extra call per window for that, never more.
    most_in_any_window = max(sum(1 for s in stamps if start <= s < start + 1.0) for start in stamps)
    assert most_in_any_window <= 50 + 1
    assert sum(1 for s in stamps if s < stamps[0] + 0.1) <= 50 * 0.1 + 1 + 1  # no burst at the start
    assert stamps[-1] - stamps[0] >= 63 * 0.02 - 0.01


def test_requests_run_concurrently(fake_api):
    for i in range(16):
        fake_api.steps[f"slow{i}.com"] = [slow(0.3, company(f"Slow {i}"))]
    provider = make_provider(fake_api, max_workers=8, timeout_seconds=2)
    started = time.monotonic()
    results = provider.lookup([f"slow{i}.com" for i in range(16)])
    elapsed = time.monotonic() - started
    assert all(r.status == "matched" for r in results)
    assert elapsed < 1.6, f"16 requests of 0.3 s took {elapsed:.2f}s: not concurrent"


def test_record_path_and_empty_answers(fake_api):
    def body(document):
        return lambda request: Response(json.dumps(document), status=200, content_type="application/json")

    fake_api.steps.update(
        {
            "wrapped.com": [body({"organization": {"name": "Wrapped", "estimated_num_employees": "1,500"}})],
            "nullorg.com": [body({"organization": None})],
            "emptylist.com": [body([])],
        }
    )
    provider = make_provider(
        fake_api, record_path="organization", fields={"company_name": "name", "employee_count": "estimated_num_employees"}
    )
    results = {r.domain: r for r in provider.lookup(["wrapped.com", "nullorg.com", "emptylist.com"])}
    assert results["wrapped.com"].status == "matched"
    assert results["wrapped.com"].attributes["employee_count"] == 1500
    assert results["nullorg.com"].status == "no_match"
    assert results["emptylist.com"].status == "no_match"


def test_missing_key_fails_before_any_request(fake_api, monkeypatch):
    monkeypatch.delenv(API_KEY_ENV)
    with pytest.raises(MissingApiKey, match=API_KEY_ENV):
        make_provider(fake_api).lookup(["acme.com"])
    assert fake_api.calls == []


def test_api_key_never_appears_in_logs_results_or_errors(fake_api, caplog):
    caplog.set_level(logging.DEBUG)
    echo = {"name": f"Echo {API_KEY}", "metrics": {"employees": 5}, "debug": {"your_key": API_KEY}}
    fake_api.steps.update(
        {
            "echo.com": [lambda request: Response(json.dumps(echo), status=200, content_type="application/json")],
            "leaky500.com": [status(500, body=f"internal error for key {API_KEY}")],
            "busy.com": [status(429, {"Retry-After": "0"})],
            "broken.com": [lambda request: Response(f"not json {API_KEY}", status=200)],
            "slow.com": [slow(1.0, company("Slow"))],
        }
    )
    provider = make_provider(fake_api, timeout_seconds=0.3, max_retries=1)
    results = provider.lookup(["ok.com", "echo.com", "leaky500.com", "busy.com", "broken.com", "slow.com"])

    assert results[0].status == "matched"  # the key did reach the server
    assert results[1].status == "matched"
    assert "***" in results[1].raw_json and results[1].attributes["company_name"] == "Echo ***"
    with pytest.raises(EnrichmentFailed) as failure:
        check_error_ratio(results, max_error_ratio=0.2)

    texts = [repr(results), results_to_frame(results).to_csv(), str(failure.value), repr(provider)]
    texts += [record.getMessage() for record in caplog.records]
    texts += [repr(record.__dict__) for record in caplog.records]
    assert caplog.records, "the run should have logged retries"
    assert not [text for text in texts if API_KEY in text]


def test_redirects_are_not_followed_so_the_key_stays_with_the_api(fake_api, http_server):
    fake_api.steps["moved.com"] = [status(301, {"Location": http_server.url_for("/elsewhere")})]
    (result,) = make_provider(fake_api).lookup(["moved.com"])
    assert (result.status, result.error_kind) == ("error", "http_301")
    assert len(fake_api.calls) == 1
