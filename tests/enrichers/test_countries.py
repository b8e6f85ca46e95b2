"""Country names and codes as people type them -> ISO 3166-1 alpha-2."""

from __future__ import annotations

import csv

import pytest

from enrichers.countries import to_country_code

from .conftest import external_path


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("USA", "US"), ("UNITED STATES", "US"), ("United States", "US"), ("US", "US"), ("U.S.A.", "US"),
        ("united states of america", "US"), ("Deutschland", "DE"), ("Germany", "DE"), ("DEU", "DE"), ("de", "DE"),
        ("UK", "GB"), ("England", "GB"), ("Great Britain", "GB"), ("United Kingdom", "GB"), ("Scotland", "GB"),
        ("France", "FR"), ("Österreich", "AT"), ("Schweiz", "CH"), ("España", "ES"), ("THE NETHERLANDS", "NL"),
        ("Holland", "NL"), ("KOREA, REPUBLIC OF", "KR"), ("KOREA", "KR"), ("SOUTH KOREA", "KR"),
        ("SLOVAK REPUBLIC", "SK"), ("CZECH REPUBLIC", "CZ"), ("RUSSIA", "RU"), ("UAE", "AE"), ("P.R.China", "CN"),
        ("Hong Kong", "HK"), ("Türkiye", "TR"), ("TURKEY", "TR"), ("Viet Nam", "VN"), ("Côte d'Ivoire", "CI"),
        ("Republic of Ireland", "IE"), ("  brasil ", "BR"),
        # Typos only reach the fuzzy last resort.
        ("Untied States", "US"), ("SAUDIA ARABIA", "SA"), ("Swizerland", "CH"),
    ],
)
def test_common_forms(value, code):
    assert to_country_code(value) == code


@pytest.mark.parametrize("value", [None, "", "  ", "unknown", "Select", "N/A", "Asia/Pacific Region", "Europe", "XX",
                                   "qwertyuiop", 49, float("nan")])
def test_non_countries_give_none_without_raising(value):
    assert to_country_code(value) is None


def test_every_country_in_the_real_salesforce_exports_resolves():
    """Countries as typed in a real CRM (UPPER and Title case, typos, old ISO names)."""
    values = set()
    for name, columns in [("sfdc_report_leads_pardot_sample.csv", ["Country"]),
                          ("sfdc_report_accounts_sample.csv", ["Billing Country", "Shipping Country"])]:
        with external_path(name).open(encoding="cp1252", newline="") as handle:
            for row in csv.DictReader(handle):
                values.update(row[c].strip() for c in columns if row[c].strip())
    unresolved = sorted(v for v in values if to_country_code(v) is None)
    assert len(values) > 50
    # The export holds one value whose letters were lost to '?' on the way to Windows-1252.
    assert [v for v in unresolved if any(ch.isalpha() for ch in v)] == []
    assert to_country_code("Untied States") == "US"
