"""Company domain from a URL (public-suffix aware, offline), company names, size and revenue bands."""

from __future__ import annotations

import socket

import pandas as pd
import pytest
import tldextract

from enrichers import company
from enrichers.company import (
    domain_from_url,
    employee_band,
    employee_bands,
    normalize_company_name,
    revenue_band,
    revenue_bands,
)


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("www8.hp.com", "hp.com"),
        ("investor.fb.com", "fb.com"),
        ("https://www.stock.walmart.com", "walmart.com"),
        ("shop.example.co.uk", "example.co.uk"),
        ("HTTPS://WWW.Apple.com/iphone/", "apple.com"),
        ("https://investors.bestbuy.com/investor-relations/overview/default.aspx", "bestbuy.com"),
        ("www.tejodigital.pt", "tejodigital.pt"),
        ("https://www.ipe-pagamentos.com.br/", "ipe-pagamentos.com.br"),
        ("http://user:secret@portal.acme.de:8443/login?x=1", "acme.de"),
        ("acme.com.", "acme.com"),
        ("www.amazon.co.jp", "amazon.co.jp"),
        ("jane@eu.acme-analytics.com", "acme-analytics.com"),
        ("mailto:info@zuercher-kontor.ch", "zuercher-kontor.ch"),
    ],
)
def test_domain_from_url(url, domain):
    assert domain_from_url(url) == domain


@pytest.mark.parametrize("url", [None, "", "   ", "localhost", "http://192.168.1.10/", "not a url", "n/a", 3.5])
def test_domain_from_url_gives_none_for_non_domains(url):
    assert domain_from_url(url) is None


def test_public_suffix_list_never_fetched(monkeypatch):
    """A fresh extractor built like ours answers with every socket connection refused."""
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    assert extract("www.stock.walmart.com").top_domain_under_public_suffix == "walmart.com"
    company._registered_domain.cache_clear()
    assert domain_from_url("shop.example.co.uk") == "example.co.uk"
    assert attempts == []
    assert tuple(company._EXTRACT.suffix_list_urls) == ()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Lowe&#8217;s", "Lowe's"),
        ("Lowe&amp;#8217;s Companies, Inc.", "Lowe's Companies"),
        ("AT&amp;T Inc.", "AT&T"),
        ("Acme Analytics Inc.", "Acme Analytics"),
        ("Bank of America Corp.", "Bank of America"),
        ("Saarbrücker Datenwerk GmbH", "Saarbrücker Datenwerk"),
        ("Foo GmbH & Co. KG", "Foo"),
        ("Zürcher Kontor AG", "Zürcher Kontor"),
        ("Banco Santander, S.A.", "Banco Santander"),
        ("Grupo Bimbo, S.A.B. de C.V.", "Grupo Bimbo"),
        ("Ipê Pagamentos Ltda.", "Ipê Pagamentos"),
        ("Acme Holdings Co., Ltd.", "Acme Holdings"),
        ("Tesla, Inc", "Tesla"),
        ("Novo Nordisk A/S", "Novo Nordisk"),
        ("Acme, L.L.C.", "Acme"),
        ("  Johnson   &  Johnson ", "Johnson & Johnson"),
        ("Texas Instruments", "Texas Instruments"),
        ("Atlas", "Atlas"),
        ("Inc.", "Inc."),
    ],
)
def test_normalize_company_name(raw, clean):
    assert normalize_company_name(raw) == clean


def test_normalize_company_name_missing():
    assert normalize_company_name(None) is None
    assert normalize_company_name("   ") is None


@pytest.mark.parametrize(
    ("count", "band"),
    [(1, "1-10"), (10, "1-10"), (11, "11-50"), (50, "11-50"), (51, "51-200"), (200, "51-200"), (201, "201-1000"),
     (1000, "201-1000"), (1001, "1001-5000"), (5000, "1001-5000"), (5001, "5000+"), ("2,200,000", "5000+"),
     (0, None), (None, None), ("many", None)],
)
def test_employee_band(count, band):
    assert employee_band(count) == band


@pytest.mark.parametrize(
    ("usd", "band"),
    [(0, "<1M"), (999_999, "<1M"), (1_000_000, "1M-10M"), (9_999_999, "1M-10M"), (10_000_000, "10M-50M"),
     (50_000_000, "50M-250M"), (250_000_000, "250M-1B"), (999_999_999, "250M-1B"), (1_000_000_000, "1B+"),
     (-5, None), (None, None)],
)
def test_revenue_band(usd, band):
    assert revenue_band(usd) == band


def test_vectorised_bands_agree_with_scalar_ones():
    counts = pd.Series([1, 10, 11, 200, 201, 5000, 5001, None, 0, "x"], index=list("abcdefghij"))
    assert employee_bands(counts).tolist() == [employee_band(c) or pd.NA for c in counts]
    assert list(employee_bands(counts).index) == list("abcdefghij")
    revenue = pd.Series([0, 999_999, 1e6, 5e7, 1e9, None, -1])
    assert revenue_bands(revenue).tolist() == [revenue_band(r) or pd.NA for r in revenue]
