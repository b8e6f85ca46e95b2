"""Email addresses: syntax (no DNS), normalisation, free-mail, disposable and role flags."""

from __future__ import annotations

import importlib

import pytest

from enrichers.email import FREE_MAIL_DOMAINS, is_role_local_part, parse_email


def test_free_mail_list_is_a_maintained_one_not_a_handful():
    assert len(FREE_MAIL_DOMAINS) > 1000
    for domain in ("gmail.com", "outlook.com", "yahoo.co.uk", "gmx.de", "web.de", "orange.fr", "hey.com"):
        assert domain in FREE_MAIL_DOMAINS


@pytest.mark.parametrize(
    ("raw", "normalized", "domain", "free", "disposable", "role"),
    [
        ("John.Doe@GMail.com", "john.doe@gmail.com", "gmail.com", True, False, False),
        ("  jane.smith@acme-analytics.com ", "jane.smith@acme-analytics.com", "acme-analytics.com", False, False, False),
        ("Jane Smith <jane@Acme.co.uk>", "jane@acme.co.uk", "acme.co.uk", False, False, False),
        ("mailto:sales@datenwerk-saar.de", "sales@datenwerk-saar.de", "datenwerk-saar.de", False, False, True),
        ("info@acme.com", "info@acme.com", "acme.com", False, False, True),
        ("INFO+leads@acme.com", "info+leads@acme.com", "acme.com", False, False, True),
        ("no-reply@acme.com", "no-reply@acme.com", "acme.com", False, False, True),
        ("sales.team@acme.com", "sales.team@acme.com", "acme.com", False, False, True),
        ("vertrieb2@firma.de", "vertrieb2@firma.de", "firma.de", False, False, True),
        ("marketing@gmx.de", "marketing@gmx.de", "gmx.de", True, False, True),
        ("throwaway@mailinator.com", "throwaway@mailinator.com", "mailinator.com", True, True, False),
        ("x@guerrillamail.com", "x@guerrillamail.com", "guerrillamail.com", False, True, False),
        ("jöhn@bücher.de", "jöhn@bücher.de", "bücher.de", False, False, False),
        ("mark.sales@acme.com", "mark.sales@acme.com", "acme.com", False, False, False),
    ],
)
def test_valid_addresses(raw, normalized, domain, free, disposable, role):
    facts = parse_email(raw)
    assert facts.is_valid is True
    assert (facts.normalized, facts.domain) == (normalized, domain)
    assert (facts.is_free, facts.is_disposable, facts.is_role) == (free, disposable, role)


@pytest.mark.parametrize("raw", ["john@", "@acme.com", "john@@acme.com", "john..doe@acme.com", "john doe@acme.com",
                                 "john@localhost", "john@acme", "not an email", "john@acme.test"])
def test_invalid_syntax_is_flagged_not_raised(raw):
    facts = parse_email(raw)
    assert facts.is_valid is False
    assert facts.normalized is None and facts.domain is None and facts.is_free is None


@pytest.mark.parametrize("raw", [None, "", "   ", float("nan"), 42])
def test_missing_email_gives_nulls(raw):
    facts = parse_email(raw)
    assert facts == type(facts)(None, None, None, None, None, None)


def test_role_matching_does_not_catch_people():
    assert not is_role_local_part("john.smith")
    assert not is_role_local_part("sara")
    assert is_role_local_part("customer.service")
    assert is_role_local_part("Kontakt")


def test_a_domain_is_checked_once_for_all_its_addresses():
    check = importlib.import_module("email_validator.validate_email").validate_email_domain_name
    before = check.cache_info()
    facts = [parse_email(f"person{i}@once-checked-domain.example.org") for i in range(50)]
    after = check.cache_info()
    assert all(f.is_valid and f.domain == "once-checked-domain.example.org" for f in facts)
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 49)
    # A bad domain raises inside the check: never cached, so flagged every time.
    assert [parse_email(f"p{i}@bad_domain.com").is_valid for i in range(2)] == [False, False]
    assert (check.cache_info().misses - after.misses, check.cache_info().currsize) == (2, after.currsize)
    # An IDNA domain: answered from the cache the second time, still decoded.
    assert [parse_email(f"p{i}@xn--bcher-kva.example").domain for i in range(2)] == ["bücher.example"] * 2
    assert check.cache_info().hits - after.hits == 1
