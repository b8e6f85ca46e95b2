"""Fixtures for the enrichers tests: real third-party files and a real local HTTP server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXTERNAL_DIR = PROJECT_ROOT.parent / "shared" / "data" / "external"
API_KEY_ENV = "LEADS_TEST_ENRICH_API_KEY"
API_KEY = "sk_live_9f8e7d6c5b4a-DO-NOT-LOG"


def external_path(name: str) -> Path:
    """A real third-party file, read in place; the test is skipped when ../shared is not there."""
    path = EXTERNAL_DIR / name
    if not path.exists():
        pytest.skip(f"real test data {path} is absent: ../shared/data/external is not beside this checkout")
    return path


Step = Callable[[Request], Response]


def company(name: str, employees: int = 100, **extra: object) -> Step:
    """200 with a Clearbit-like company document."""
    document = {"name": name, "metrics": {"employees": employees}, "geo": {"countryCode": "US"}, **extra}
    return lambda request: Response(json.dumps(document), status=200, content_type="application/json")


def status(code: int, headers: dict[str, str] | None = None, body: str = "") -> Step:
    return lambda request: Response(body, status=code, headers=headers or {})


def slow(seconds: float, then: Step) -> Step:
    def step(request: Request) -> Response:
        time.sleep(seconds)
        return then(request)

    return step


def malformed() -> Step:
    return lambda request: Response('{"name": "Broken", ', status=200, content_type="application/json")


class FakeCompanyApi:
    """A company-enrichment API on a real local server. Each domain plays its list of steps in order
    (the last one repeats); unknown domains answer 200. Every request is recorded with its time."""

    def __init__(self, server: HTTPServer):
        self.server = server
        self.steps: dict[str, list[Step]] = {}
        self.calls: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        server.expect_request("/v2/companies/find").respond_with_handler(self._handle)

    @property
    def base_url(self) -> str:
        return self.server.url_for("/v2")

    def calls_for(self, domain: str) -> list[float]:
        return [at for at, d in self.calls if d == domain]

    def _handle(self, request: Request) -> Response:
        domain = request.args.get("domain", "")
        with self._lock:
            self.calls.append((time.monotonic(), domain))
            seen = sum(1 for _, d in self.calls if d == domain)
        if request.headers.get("X-Api-Key") != API_KEY:
            return Response("bad key", status=401)
        steps = self.steps.get(domain) or [company(domain.split(".")[0].title())]
        return steps[min(seen, len(steps)) - 1](request)


@pytest.fixture(scope="module")
def http_server():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def fake_api(http_server, monkeypatch) -> FakeCompanyApi:
    http_server.clear()
    monkeypatch.setenv(API_KEY_ENV, API_KEY)
    return FakeCompanyApi(http_server)
