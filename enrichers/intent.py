"""Third-party intent (Bombora Company Surge style export) summarised per company domain."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from enrichers.company import domain_from_url

SURGE_COLUMNS = ("Week", "Domain", "Company Name", "Topic", "Topic Cluster", "Composite Score", "Bucket Code")
SUMMARY_COLUMNS = ("domain", "surging_topics", "max_surge_score", "latest_week")


def summarize_surge(
    surge: pd.DataFrame,
    topics: Iterable[str] | None = None,
    threshold: float = 60,
) -> pd.DataFrame:
    """One row per company domain in the export.

    surging_topics: the topics of interest (all topics when topics is empty or None; compared
    case-insensitively) whose Composite Score reached threshold in any week, sorted and '; '-joined,
    null when none. max_surge_score: the highest score among the topics of interest (null when the
    domain has none of them). latest_week: the most recent Week the domain appears in, any topic.
    Rows without a readable domain are dropped; unreadable scores and weeks count as missing.
    """
    missing = [c for c in ("Week", "Domain", "Topic", "Composite Score") if c not in surge.columns]
    if missing:
        raise ValueError(f"surge export lacks column(s) {missing}; it has {list(surge.columns)}")

    rows = pd.DataFrame(
        {
            "domain": surge["Domain"].map(domain_from_url),
            "topic": surge["Topic"].astype("string").str.strip(),
            "score": pd.to_numeric(surge["Composite Score"], errors="coerce"),
            "week": pd.to_datetime(surge["Week"], errors="coerce").dt.date,
        }
    ).dropna(subset=["domain"])

    latest_week = rows.groupby("domain")["week"].max()
    wanted = {t.strip().casefold() for t in topics or () if t and t.strip()}
    relevant = rows[rows["topic"].str.casefold().isin(wanted)] if wanted else rows
    max_score = relevant.groupby("domain")["score"].max()
    surging = (
        relevant[relevant["score"] >= threshold]
        .groupby("domain")["topic"]
        .agg(lambda names: "; ".join(sorted(set(names.dropna()))))
    )

    summary = pd.DataFrame(index=latest_week.index)
    summary["surging_topics"] = surging.reindex(summary.index).astype("string").replace("", pd.NA)
    summary["max_surge_score"] = max_score.reindex(summary.index).astype("Float64")
    summary["latest_week"] = latest_week
    return summary.rename_axis("domain").reset_index()[list(SUMMARY_COLUMNS)]
