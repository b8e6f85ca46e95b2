"""Bombora-style Company Surge export summarised per domain."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from enrichers.intent import SUMMARY_COLUMNS, summarize_surge

from .conftest import PROJECT_ROOT


def _surge() -> pd.DataFrame:
    rows = [
        ("2026-10-05", "acme.com", "Acme", "Lead Scoring", "Marketing Technology", 72, "A"),
        ("2026-10-12", "acme.com", "Acme", "Lead Scoring", "Marketing Technology", 65, "B"),
        ("2026-10-12", "acme.com", "Acme", "Revenue Operations", "Sales", 61, "B"),
        ("2026-10-19", "acme.com", "Acme", "Data Warehousing", "Data Management", 40, "C"),
        ("2026-10-12", "www.beta.io", "Beta", "Revenue Operations", "Sales", 59.9, "C"),
        ("2026-10-05", "gamma.de", "Gamma", "Data Warehousing", "Data Management", 88, "A"),
        ("2026-10-05", "", "No domain", "Lead Scoring", "Marketing Technology", 99, "A"),
        ("not a date", "delta.fr", "Delta", "Lead Scoring", "Marketing Technology", "n/a", "C"),
    ]
    columns = ["Week", "Domain", "Company Name", "Topic", "Topic Cluster", "Composite Score", "Bucket Code"]
    return pd.DataFrame(rows, columns=columns)


def test_all_topics():
    summary = summarize_surge(_surge()).set_index("domain")
    assert list(summary.reset_index().columns) == list(SUMMARY_COLUMNS)
    assert sorted(summary.index) == ["acme.com", "beta.io", "delta.fr", "gamma.de"]
    assert summary.loc["acme.com", "surging_topics"] == "Lead Scoring; Revenue Operations"
    assert summary.loc["acme.com", "max_surge_score"] == 72
    assert summary.loc["acme.com", "latest_week"] == dt.date(2026, 10, 19)
    assert pd.isna(summary.loc["beta.io", "surging_topics"])  # 59.9 is below 60
    assert summary.loc["gamma.de", "surging_topics"] == "Data Warehousing"
    assert pd.isna(summary.loc["delta.fr", "max_surge_score"]) and pd.isna(summary.loc["delta.fr", "latest_week"])


def test_topics_of_interest_and_threshold():
    summary = summarize_surge(_surge(), topics=["revenue operations", "Data Warehousing "], threshold=59).set_index(
        "domain"
    )
    assert summary.loc["acme.com", "surging_topics"] == "Revenue Operations"
    assert summary.loc["acme.com", "max_surge_score"] == 61
    assert summary.loc["acme.com", "latest_week"] == dt.date(2026, 10, 19)  # any topic counts for "seen"
    assert summary.loc["beta.io", "surging_topics"] == "Revenue Operations"
    assert pd.isna(summary.loc["delta.fr", "max_surge_score"])


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="Composite Score"):
        summarize_surge(pd.DataFrame({"Week": [], "Domain": [], "Topic": []}))


def test_bundled_surge_sample():
    path = PROJECT_ROOT / "seeds" / "exports" / "intent_surge.csv"
    if not path.exists():
        pytest.skip(f"{path} is not in this checkout")
    surge = pd.read_csv(path, dtype=str, keep_default_na=False)
    summary = summarize_surge(surge)
    assert summary["domain"].is_unique
    assert set(summary["domain"]) == {d.lower() for d in surge["Domain"] if d}
    surging = summary.dropna(subset=["surging_topics"])
    assert (surging["max_surge_score"] >= 60).all()
