"""enrichment.yml: the shipped file loads; typos and bad values are refused with the key named."""

from __future__ import annotations

from datetime import timedelta

import pytest

from enrichers.config import (
    DEFAULT_CONFIG_PATH,
    ConfigError,
    HttpProviderConfig,
    ReferenceProviderConfig,
    load_config,
)
from enrichers.providers import HttpCompanyProvider, ReferenceFileProvider, build_provider, build_providers
from enrichers.providers.base import FieldSpec

from .conftest import PROJECT_ROOT


def test_shipped_config():
    config = load_config()
    assert config.project_root == PROJECT_ROOT
    reference, http = config.providers
    assert isinstance(reference, ReferenceProviderConfig) and reference.enabled
    assert reference.path == PROJECT_ROOT / "seeds" / "reference" / "companies.csv"
    assert isinstance(http, HttpProviderConfig) and not http.enabled
    assert http.fields["employee_count"] == FieldSpec(source="metrics.employees")
    assert config.cache.ttl == timedelta(days=30) and config.cache.no_match_ttl == timedelta(days=7)
    assert config.cache_for("clearbit").ttl == timedelta(days=90)
    assert 0 < config.max_error_ratio < 1
    assert config.intent.threshold == 60

    providers = build_providers(config)
    assert [type(p) for p in providers] == [ReferenceFileProvider]
    assert providers[0].path == reference.path
    http_provider = build_provider(http)
    assert isinstance(http_provider, HttpCompanyProvider)
    assert http_provider.limiter.interval == pytest.approx(60 / http.rate_limit_per_minute)


def test_paths_are_relative_to_the_given_root(tmp_path):
    config_file = tmp_path / "enrichment.yml"
    config_file.write_text(
        "providers:\n"
        "  - {name: mine, type: reference, path: lists/accounts.csv, domain_column: Website,\n"
        "     columns: {annual_revenue_usd: {source: 'Revenue ($M)', multiply: 1000000}, country_code: {value: US}}}\n"
        "intent: {threshold: 70, topics: [Lead Scoring]}\n",
        encoding="utf-8",
    )
    config = load_config(config_file, project_root=tmp_path)
    (mine,) = config.providers
    assert mine.path == tmp_path / "lists" / "accounts.csv"
    assert mine.columns["annual_revenue_usd"] == FieldSpec(source="Revenue ($M)", multiply=1000000)
    assert mine.columns["country_code"] == FieldSpec(value="US")
    assert config.intent.topics == ("Lead Scoring",) and config.intent.threshold == 70


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cache: {ttl_dayz: 3}\n", "ttl_dayz"),
        ("failure: {max_error_ratio: 2}\n", "max_error_ratio"),
        ("providers:\n  - {name: x, type: ftp}\n", "type 'ftp'"),
        ("providers:\n  - {name: x, type: reference}\n", "needs a path"),
        ("providers:\n  - {name: x, type: http, base_url: 'http://h', api_key_env: K, rate_limit_per_minute: 0}\n",
         "rate_limit_per_minute"),
        ("providers:\n  - {name: x, type: http, base_url: 'http://h', api_key_env: K, fields: {revenue: r}}\n",
         "revenue"),
        ("providers:\n  - {name: x, type: reference, path: a.csv}\n  - {name: x, type: reference, path: b.csv}\n",
         "unique"),
        ("colour: blue\n", "colour"),
    ],
)
def test_bad_config_is_refused_with_the_key_named(tmp_path, text, message):
    config_file = tmp_path / "enrichment.yml"
    config_file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(config_file, project_root=tmp_path)


def test_default_config_path_is_inside_the_package():
    assert DEFAULT_CONFIG_PATH.parent.name == "enrichers"
