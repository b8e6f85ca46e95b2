"""Provider for a JSON company-enrichment API (Clearbit, Apollo, People Data Labs style).

GET {base_url}{path_template} with the API key in a header read from an environment variable.
Every request has a timeout; 408, 429, 5xx, timeouts and connection errors are retried with
exponential backoff that honours Retry-After; 404 is no_match; redirects, other 4xx and malformed
JSON are errors. A client-side rate limiter spaces requests evenly; requests run in a thread pool
with one requests.Session per thread. The key never reaches a log record, an exception or a result.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from urllib.parse import quote

import requests

from enrichers.providers.base import (
    ATTRIBUTE_KEYS,
    FieldSpec,
    FirmographicResult,
    coerce_attributes,
    unique_domains,
    utc_now,
)

log = logging.getLogger(__name__)

REDACTED = "***"


class MissingApiKey(RuntimeError):
    """The environment variable that should hold the API key is not set (its name is in the message)."""


class RateLimiter:
    """Thread-safe limiter: at most `limit` calls in any `period` seconds, with no burst.

    Calls are spaced at least period/limit seconds apart (a token bucket of size one), so the first
    second after a start sees limit/period calls, not `limit` of them.
    """

    def __init__(self, limit: int, period: float = 60.0, clock: Callable[[], float] = time.monotonic):
        if limit <= 0 or period <= 0:
            raise ValueError("rate limit and period must be positive")
        self.interval = period / limit
        self._clock = clock
        self._lock = threading.Lock()
        self._last: float | None = None

    def acquire(self) -> None:
        """Block until this call may go; calls return at least `interval` seconds apart."""
        # The lock is held while sleeping on purpose: waiting callers queue behind it, so no two
        # callers can leave within one interval of each other.
        with self._lock:
            now = self._clock()
            if self._last is not None:
                wait = self._last + self.interval - now
                if wait > 0:
                    time.sleep(wait)
                    now = self._clock()
            self._last = now


def _retry_after_seconds(header: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date form), else None."""
    if not header:
        return None
    header = header.strip()
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def resolve_path(document: object, path: str) -> object:
    """Value at a dotted path ('metrics.employees', 'locations.0.city'), None when any step is missing."""
    current = document
    for step in path.split("."):
        if isinstance(current, Mapping):
            current = current.get(step)
        elif isinstance(current, list) and step.lstrip("-").isdigit() and -len(current) <= int(step) < len(current):
            current = current[int(step)]
        else:
            return None
        if current is None:
            return None
    return current


class HttpCompanyProvider:
    """Company lookup over HTTP; see the module docstring for the behaviour on errors and limits.

    fields maps our attributes to dotted JSON paths (FieldSpec or a plain path). record_path, when set,
    names the object that holds the company (e.g. 'organization'); a missing, null or empty record -
    like a 404 - is no_match.
    """

    def __init__(
        self,
        name: str,
        base_url: str,
        api_key_env: str,
        fields: Mapping[str, FieldSpec | str],
        path_template: str = "/companies/find?domain={domain}",
        auth_header: str = "Authorization",
        auth_prefix: str = "",
        record_path: str | None = None,
        not_found_status: tuple[int, ...] = (404,),
        timeout_seconds: float = 10.0,
        max_retries: int = 3,
        backoff_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
        max_retry_after_seconds: float = 120.0,
        rate_limit_per_minute: int = 60,
        max_workers: int = 8,
        rate_limiter: RateLimiter | None = None,
        clock: Callable[[], datetime] = utc_now,
    ):
        if "{domain}" not in path_template:
            raise ValueError(f"http provider {name!r}: path_template must contain {{domain}}")
        self.name = name
        self.url_template = base_url.rstrip("/") + "/" + path_template.lstrip("/")
        self.api_key_env = api_key_env
        self.auth_header = auth_header
        self.auth_prefix = auth_prefix
        self.record_path = record_path
        self.not_found_status = tuple(not_found_status)
        self.timeout_seconds = timeout_seconds
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.max_retry_after_seconds = max_retry_after_seconds
        self.max_workers = max_workers
        self.limiter = rate_limiter or RateLimiter(rate_limit_per_minute, 60.0)
        self.clock = clock
        self.fields = {
            key: spec if isinstance(spec, FieldSpec) else FieldSpec(source=spec) for key, spec in fields.items()
        }
        unknown = set(self.fields) - set(ATTRIBUTE_KEYS)
        if unknown:
            raise ValueError(f"http provider {name!r}: unknown attributes {sorted(unknown)}")

    def __repr__(self) -> str:
        return f"HttpCompanyProvider(name={self.name!r}, url_template={self.url_template!r})"

    def lookup(self, domains: list[str]) -> list[FirmographicResult]:
        """One result per distinct domain, in order; concurrent, rate-limited, retried.

        Raises MissingApiKey before any request when the key's environment variable is unset.
        """
        wanted = unique_domains(domains)
        if not wanted:
            return []
        api_key = os.environ.get(self.api_key_env, "")
        if not api_key:
            raise MissingApiKey(f"http provider {self.name!r}: environment variable {self.api_key_env} is not set")
        call = _Call(self, api_key)
        started = time.monotonic()
        try:
            with ThreadPoolExecutor(max_workers=max(1, min(self.max_workers, len(wanted)))) as pool:
                results = list(pool.map(call.fetch, wanted))
        finally:
            call.close()
        counts = {status: sum(r.status == status for r in results) for status in ("matched", "no_match", "error")}
        log.info(
            "http provider %r: %d domains in %.1fs, %d requests: %s",
            self.name, len(wanted), time.monotonic() - started, call.requests_sent, counts,
        )
        return results


class _Call:
    """State of one lookup run: the key, the per-thread sessions and a request counter."""

    def __init__(self, provider: HttpCompanyProvider, api_key: str):
        self.provider = provider
        self._api_key = api_key
        self._headers = {provider.auth_header: provider.auth_prefix + api_key, "Accept": "application/json"}
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self.requests_sent = 0

    def _redact(self, text: str) -> str:
        return text.replace(self._api_key, REDACTED)

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        for session in self._sessions:
            session.close()

    def _result(self, domain: str, status: str, **extra: object) -> FirmographicResult:
        if extra.get("error"):
            extra["error"] = self._redact(str(extra["error"]))
        if extra.get("raw_json"):
            extra["raw_json"] = self._redact(str(extra["raw_json"]))
        if extra.get("attributes"):
            extra["attributes"] = {
                key: self._redact(value) if isinstance(value, str) else value
                for key, value in extra["attributes"].items()
            }
        return FirmographicResult(self.provider.name, domain, status, self.provider.clock(), **extra)

    def fetch(self, domain: str) -> FirmographicResult:
        """Never raises: any failure becomes an error result, so no domain is lost."""
        try:
            return self._fetch(domain)
        except Exception as exc:  # noqa: BLE001
            return self._result(domain, "error", error=f"internal_error: {type(exc).__name__}: {exc}")

    def _fetch(self, domain: str) -> FirmographicResult:
        provider = self.provider
        url = provider.url_template.replace("{domain}", quote(domain, safe=""))
        attempts = provider.max_retries + 1
        for attempt in range(1, attempts + 1):
            provider.limiter.acquire()
            with self._lock:
                self.requests_sent += 1
            retry_after = None
            try:
                # No redirects: requests would carry a custom key header along to whatever host they name.
                response = self._session().get(
                    url, headers=self._headers, timeout=provider.timeout_seconds, allow_redirects=False
                )
            except requests.Timeout:
                error = f"timeout: no answer within {provider.timeout_seconds}s"
            except requests.ConnectionError as exc:
                error = f"connection_error: {type(exc).__name__}"
            except requests.RequestException as exc:
                return self._result(domain, "error", error=f"request_error: {type(exc).__name__}: {exc}")
            else:
                status = response.status_code
                if status == 200:
                    return self._parse(domain, response)
                if status in provider.not_found_status:
                    return self._result(domain, "no_match")
                if status not in (408, 429) and status < 500:
                    return self._result(domain, "error", error=f"http_{status}: {response.reason}")
                error = f"http_{status}: {response.reason}"
                retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
            if attempt == attempts:
                break
            if retry_after is not None and retry_after > provider.max_retry_after_seconds:
                error += f" (Retry-After {retry_after:.0f}s is longer than we wait)"
                break
            delay = retry_after if retry_after is not None else self._backoff(attempt)
            log.warning(
                "http provider %r: %s for %s; retry %d of %d in %.2fs",
                provider.name, self._redact(error), domain, attempt, provider.max_retries, delay,
            )
            time.sleep(delay)
        return self._result(domain, "error", error=f"{error} (after {attempt} attempt(s))")

    def _backoff(self, attempt: int) -> float:
        provider = self.provider
        ceiling = min(provider.max_backoff_seconds, provider.backoff_seconds * 2 ** (attempt - 1))
        return ceiling * random.uniform(0.5, 1.0)  # jitter keeps parallel retries from lining up

    def _parse(self, domain: str, response: requests.Response) -> FirmographicResult:
        try:
            document = response.json()
        except ValueError:
            return self._result(domain, "error", error=f"malformed_json: {len(response.content)} bytes not JSON")
        raw_json = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        record = resolve_path(document, self.provider.record_path) if self.provider.record_path else document
        if not isinstance(record, Mapping):
            if record in (None, [], ""):
                return self._result(domain, "no_match", raw_json=raw_json)
            return self._result(domain, "error", error=f"malformed_json: record is a {type(record).__name__}")
        if not record:
            return self._result(domain, "no_match", raw_json=raw_json)
        specs = self.provider.fields
        raw = {
            key: (resolve_path(record, spec.source) if spec.source else spec.value) for key, spec in specs.items()
        }
        return self._result(
            domain, "matched", attributes=coerce_attributes(raw, specs), raw_json=raw_json
        )
