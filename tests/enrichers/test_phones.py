"""Phone numbers -> E.164 with the lead's country as default region."""

from __future__ import annotations

import pytest

from enrichers.phones import to_e164


@pytest.mark.parametrize(
    ("phone", "region", "e164"),
    [
        ("+1 (650) 253-0000", None, "+16502530000"),
        ("(650) 253-0000", "US", "+16502530000"),
        ("650.253.0000 x123", "US", "+16502530000"),
        ("030 3080 9000", "DE", "+493030809000"),
        ("+49 30 30809000", "FR", "+493030809000"),
        ("0049 30 30809000", None, "+493030809000"),
        ("01 42 68 53 00", "FR", "+33142685300"),
        ("020 7946 0018", "GB", "+442079460018"),
        ("91 123 45 67", "ES", "+34911234567"),
        ("044 668 18 00", "ch", "+41446681800"),
        (16502530000, None, "+16502530000"),
        (4930308090.0, "DE", "+4930308090"),
        (6502530000, "US", "+16502530000"),
    ],
)
def test_to_e164(phone, region, e164):
    assert to_e164(phone, region) == e164


@pytest.mark.parametrize("phone", [None, "", "   ", "n/a", "12", "(650) 253-0000", "+1 555 0100", float("nan")])
def test_unusable_numbers_give_none(phone):
    """No region and no + prefix, too short or not a real number: None, never an exception."""
    assert to_e164(phone) is None
