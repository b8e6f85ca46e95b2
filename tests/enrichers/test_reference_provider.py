"""ReferenceFileProvider on our sample, on a user's own file with a column mapping, and on Fortune 1000."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd
import pytest

from enrichers.company import domain_from_url
from enrichers.providers import FieldSpec, FirmographicProvider, ReferenceFileProvider

from .conftest import PROJECT_ROOT, external_path

SAMPLE = PROJECT_ROOT / "seeds" / "reference" / "companies.csv"
HEADER = "domain,company_name,industry,employee_count,annual_revenue_usd,country_code,city,founded_year"
AT = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)


@pytest.fixture
def sample_file(tmp_path):
    """The bundled sample when it is there, else a small file with the same header."""
    if SAMPLE.exists():
        return SAMPLE
    path = tmp_path / "companies.csv"
    path.write_text(
        HEADER + "\nacme-analytics.com,Acme Analytics Inc.,Computer Software,240,38000000,US,Boston,2014\n"
        "datenwerk-saar.de,Saarbrücker Datenwerk GmbH,IT Services,180,24000000,DE,Saarbrücken,2009\n",
        encoding="utf-8",
    )
    return path


def test_sample_file_matches_every_listed_domain(sample_file):
    table = pd.read_csv(sample_file, dtype=str, keep_default_na=False)
    provider = ReferenceFileProvider(sample_file, clock=lambda: AT)
    assert isinstance(provider, FirmographicProvider)
    wanted = [*table["domain"].str.upper(), "unknown-company.example", table["domain"][0]]
    results = provider.lookup(wanted)

    assert [r.domain for r in results] == [*table["domain"].str.lower(), "unknown-company.example"]
    assert [r.status for r in results] == ["matched"] * len(table) + ["no_match"]
    first = results[0]
    assert first.provider == "reference" and first.fetched_at == AT and first.error is None
    assert first.attributes["company_name"] == table["company_name"][0]
    assert first.attributes["employee_count"] == int(table["employee_count"][0])
    assert first.attributes["annual_revenue_usd"] == int(table["annual_revenue_usd"][0])
    assert first.attributes["country_code"] == table["country_code"][0]
    assert json.loads(first.raw_json)["founded_year"] == table["founded_year"][0]
    assert results[-1].attributes == dict.fromkeys(first.attributes)


def test_own_list_with_column_mapping(tmp_path):
    """An accounts export: website URLs, other column names, revenue in $M, no country column."""
    export = tmp_path / "accounts.csv"
    export.write_text(
        "Account Name;Website;Employees;Revenue ($M);Segment;HQ City\n"
        "Zürcher Kontor AG;https://www.zuercher-kontor.ch/de;420;95.5;Financial Services;Zürich\n"
        "Brightpath Logistics;brightpath-logistics.com;1,200;310;Logistics;Columbus\n"
        "No Website Ltd;;12;1;Other;Leeds\n"
        "Brightpath (duplicate);http://brightpath-logistics.com;5;1;Other;Nowhere\n",
        encoding="utf-8",
    )
    provider = ReferenceFileProvider(
        export,
        name="accounts_export",
        domain_column="Website",
        delimiter=";",
        columns={
            "company_name": "Account Name",
            "industry": "Segment",
            "employee_count": "Employees",
            "annual_revenue_usd": FieldSpec(source="Revenue ($M)", multiply=1_000_000),
            "city": "HQ City",
            "country_code": FieldSpec(value="Switzerland"),
        },
    )
    zurich, brightpath = provider.lookup(["zuercher-kontor.ch", "brightpath-logistics.com"])
    assert zurich.provider == "accounts_export"
    assert zurich.attributes == {
        "company_name": "Zürcher Kontor AG",
        "industry": "Financial Services",
        "employee_count": 420,
        "annual_revenue_usd": 95_500_000,
        "country_code": "CH",
        "city": "Zürich",
    }
    assert brightpath.attributes["employee_count"] == 1200
    assert brightpath.attributes["annual_revenue_usd"] == 310_000_000
    assert brightpath.attributes["company_name"] == "Brightpath Logistics"  # the first row wins


def test_missing_file_and_missing_column_say_what_and_where(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        ReferenceFileProvider(tmp_path / "nowhere.csv").lookup(["acme.com"])
    path = tmp_path / "companies.csv"
    path.write_text("domain,name\nacme.com,Acme\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"no column\(s\) \['Company'\]"):
        ReferenceFileProvider(path, columns={"company_name": "Company"}).lookup(["acme.com"])


def test_fortune_1000_websites_give_the_right_domains():
    path = external_path("fortune1000_2021_firmographics.csv")
    provider = ReferenceFileProvider(
        path,
        name="fortune1000",
        domain_column="Website",
        columns={
            "company_name": "company",
            "industry": "sector",
            "employee_count": "num. of employees",
            "annual_revenue_usd": FieldSpec(source="revenue", multiply=1_000_000),
            "city": "city",
            "country_code": FieldSpec(value="US"),
        },
    )
    wanted = ["walmart.com", "fb.com", "hp.com", "amazon.com", "apple.com", "bestbuy.com", "lowes.com"]
    results = {r.domain: r for r in provider.lookup(wanted)}
    assert all(r.status == "matched" for r in results.values()), {d: r.status for d, r in results.items()}
    walmart = results["walmart.com"].attributes
    assert walmart == {
        "company_name": "Walmart",
        "industry": "Retailing",
        "employee_count": 2_200_000,
        "annual_revenue_usd": 523_964_000_000,
        "country_code": "US",
        "city": "Bentonville",
    }
    assert results["fb.com"].attributes["company_name"] == "Facebook"
    assert results["hp.com"].attributes["company_name"] == "HP"
    assert results["lowes.com"].attributes["company_name"] == "Lowe&#8217;s"  # as the file has it

    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    domains = table["Website"].map(domain_from_url)
    assert domains.notna().all()
    everything = provider.lookup(domains.tolist())
    assert len(everything) == domains.nunique() >= 995  # two pairs of companies share a website
    assert all(r.status == "matched" for r in everything)
