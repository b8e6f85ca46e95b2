"""Benchmark: HttpCompanyProvider against a local threaded HTTP server that answers in 50 ms.

Enriches 1,000 unique domains with a configured limit of 1,200 requests per minute, then prints the
achieved rate as a fraction of the limit (goal >= 0.9, and never above 1) and the number of calls a
second run makes when fed through the cache policy (goal 0). Takes about 50 s. Only 127.0.0.1 is used.

    .venv/bin/python bench/enrich_http.py [--domains 1000] [--limit 1200] [--latency-ms 50] [--workers 8]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

from enrichers.cache import check_error_ratio, domains_to_fetch, results_to_frame
from enrichers.providers import HttpCompanyProvider

API_KEY_ENV = "LEADS_BENCH_API_KEY"


class FakeApi(BaseHTTPRequestHandler):
    """GET /v2/companies/find?domain=x -> a small company document after `latency` seconds."""

    protocol_version = "HTTP/1.1"  # keep-alive, so each thread's Session reuses its connection
    latency = 0.05
    arrivals: ClassVar[list[float]] = []
    lock = threading.Lock()

    def do_GET(self) -> None:
        with self.lock:
            self.arrivals.append(time.monotonic())
        time.sleep(self.latency)
        domain = parse_qs(urlparse(self.path).query).get("domain", [""])[0]
        body = json.dumps({"name": domain.split(".")[0].title(), "metrics": {"employees": 42}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep the benchmark's output readable
        pass


def most_in_window(stamps: list[float], seconds: float) -> int:
    """The largest number of stamps inside any half-open window of the given length."""
    ordered = sorted(stamps)
    most, start = 0, 0
    for end, stamp in enumerate(ordered):
        while stamp - ordered[start] >= seconds:
            start += 1
        most = max(most, end - start + 1)
    return most


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=1200, help="requests per minute")
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    FakeApi.latency = args.latency_ms / 1000
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.environ[API_KEY_ENV] = "bench-key-not-secret"

    provider = HttpCompanyProvider(
        name="bench_api",
        base_url=f"http://127.0.0.1:{server.server_port}/v2",
        api_key_env=API_KEY_ENV,
        fields={"company_name": "name", "employee_count": "metrics.employees"},
        timeout_seconds=5,
        rate_limit_per_minute=args.limit,
        max_workers=args.workers,
    )
    domains = [f"company{i:05d}.com" for i in range(args.domains)]

    print(f"run 1: {len(domains)} domains, limit {args.limit}/min, {args.latency_ms:.0f} ms latency, "
          f"{args.workers} workers ...", flush=True)
    started = time.monotonic()
    results = provider.lookup(domains)
    elapsed = time.monotonic() - started
    first_run_calls = len(FakeApi.arrivals)
    summary = check_error_ratio(results, max_error_ratio=0.0)
    achieved = first_run_calls / elapsed * 60
    fraction = achieved / args.limit
    print(f"  {first_run_calls} requests in {elapsed:.1f} s: {summary['bench_api']}")
    print(f"  achieved {achieved:.0f} requests/min = {fraction:.3f} of the limit (goal >= 0.9)")
    print(f"  most requests the server saw in any 60 s window: {most_in_window(FakeApi.arrivals, 60)} "
          f"(limit {args.limit}); in any 1 s window: {most_in_window(FakeApi.arrivals, 1)} "
          f"(limit scaled to 1 s: {args.limit / 60:.0f})")

    cached = results_to_frame(results)
    now = datetime.now(UTC) + timedelta(minutes=1)
    due = domains_to_fetch(domains, cached, provider.name, now, ttl=timedelta(days=30))
    provider.lookup(due)
    second_run_calls = len(FakeApi.arrivals) - first_run_calls
    print(f"run 2 through the cache policy: {len(due)} domains due, {second_run_calls} calls made (goal 0)")

    server.shutdown()
    within_limit = most_in_window(FakeApi.arrivals, 60) <= args.limit
    ok = fraction >= 0.9 and within_limit and second_run_calls == 0
    print("goals met" if ok else "GOALS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
