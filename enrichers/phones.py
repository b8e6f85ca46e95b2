"""Phone number -> E.164, using Google's libphonenumber data (the phonenumbers package)."""

from __future__ import annotations

import math
from functools import lru_cache

import phonenumbers


# Small, as email._parse's: a batch already works out each distinct number once.
@lru_cache(maxsize=8_192)
def _to_e164(raw: str, region: str | None) -> str | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def to_e164(phone: object, region: str | None = None) -> str | None:
    """E.164 form ('+4930123456') of a valid number, else None; never raises.

    region is the ISO alpha-2 country used for numbers written without a country prefix
    ('030 123456' with region 'DE'); numbers starting with + or 00 carry their own country.
    Extensions are dropped, as E.164 has none. A number given as int/float is first read as
    international (its '+' lost), then as national in region.
    """
    if phone is None or isinstance(phone, bool):
        return None
    if isinstance(phone, (int, float)):
        if math.isnan(phone):
            return None
        # A phone column read as numbers lost its "+": 4930123456.0 was most likely +49 30 123456.
        digits = str(int(phone))
        return _to_e164("+" + digits, None) or _to_e164(digits, _region(region))
    text = str(phone).strip()
    if not text:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]  # international call prefix used in most of Europe
    return _to_e164(text, _region(region))


def _region(region: object) -> str | None:
    return region.upper() if isinstance(region, str) and len(region) == 2 else None
