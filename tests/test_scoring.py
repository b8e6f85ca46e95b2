"""Scoring, tiers and stages end to end: tiers mean something on real outcomes, the marts are filled and
one row per lead, and the stage history survives re-runs, --full-refresh and exports that drop a status."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import AS_OF, SAMPLES_DIR, read_only, run_daily_job, run_dbt

REAL_SOURCES = ("x_education", "salesforce_report")
TIERS = ("cold", "warm", "hot")
FUNNEL = {"subscriber": 1, "lead": 2, "mql": 3, "sql": 4, "opportunity": 5, "customer": 6}

DIM_LEADS_COLUMNS = {
    "lead_id", "email", "first_name", "last_name", "job_title", "company_name", "company_domain", "industry",
    "employee_count", "annual_revenue_usd", "country_code", "fit_score", "engagement_score", "lead_score",
    "fit_grade", "tier", "score_reasons", "lifecycle_stage", "mql_at", "sql_at", "opportunity_at", "customer_at",
    "disqualified_at", "owner", "do_not_email", "lead_source", "source_systems", "is_converted",
    "first_seen_at", "scored_as_of",
}

TIER_SQL = """
    with leads as (
        select source_systems as source_system, tier, cast(is_converted as integer) as converted
        from marts.dim_leads
        where source_systems in ('x_education', 'salesforce_report')
    ),
    base as (
        select source_system, avg(converted) as base_rate from leads group by source_system
    )
    select leads.source_system, leads.tier, count(*) as leads, sum(leads.converted) as converted,
        avg(leads.converted) as rate, max(base.base_rate) as base_rate
    from leads
    inner join base on leads.source_system = base.source_system
    group by leads.source_system, leads.tier
"""


def tier_table(warehouse: Path) -> dict[tuple[str, str], tuple[int, int, float, float]]:
    with read_only(warehouse) as connection:
        rows = connection.execute(TIER_SQL).fetchall()
    return {(source, tier): (leads, converted, rate, base) for source, tier, leads, converted, rate, base in rows}


def print_tier_table(table: dict) -> None:
    print(f"\n{'source system':<18} {'tier':<5} {'leads':>6} {'converted':>9} {'rate':>6} {'base rate':>9}")
    for source in REAL_SOURCES:
        for tier in TIERS:
            if (source, tier) in table:
                leads, converted, rate, base = table[(source, tier)]
                print(f"{source:<18} {tier:<5} {leads:>6} {converted:>9} {rate:>6.1%} {base:>9.1%}")


@pytest.mark.parametrize("source", REAL_SOURCES)
def test_tiers_convert_better_from_cold_to_hot_on_real_outcomes(real_warehouse, source):
    """On the real exports, is_converted rises cold < warm < hot, and hot converts at least 2x the base rate."""
    table = tier_table(real_warehouse)
    print_tier_table(table)
    rates = [table[(source, tier)][2] for tier in TIERS if (source, tier) in table]
    assert len(rates) == 3, f"{source}: every tier needs leads, got {sorted(t for s, t in table if s == source)}"
    cold, warm, hot = rates
    base = table[(source, "hot")][3]
    assert cold < warm < hot, f"{source}: cold {cold:.1%}, warm {warm:.1%}, hot {hot:.1%}"
    assert hot >= 2 * base, f"{source}: hot {hot:.1%} < 2 x base {base:.1%}"


def test_scores_never_read_outcome_fields(real_warehouse):
    """A lead's score is identical whether or not it converted: no rule reads conversion or after-contact fields."""
    with read_only(real_warehouse) as connection:
        attributes = {row[0] for row in connection.execute(
            "select distinct attribute from scoring.scoring_attribute_rules").fetchall()}
    leaking = {"is_converted", "crm_stage", "crm_status", "tags", "lead_quality", "last_notable_activity",
               "disqualified_reason", "crm_stage_latest", "crm_status_latest", "has_won_opportunity"}
    assert not attributes & leaking


def test_dim_leads_has_one_row_per_lead_with_every_column(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        columns = {row[0] for row in connection.execute(
            "select column_name from information_schema.columns where table_schema = 'marts' and table_name = 'dim_leads'"
        ).fetchall()}
        (rows, leads) = connection.execute("select count(*), count(distinct lead_id) from marts.dim_leads").fetchone()
        (people,) = connection.execute("select count(*) from intermediate.int_leads__unified").fetchone()
        out_of_range = connection.execute(
            "select count(*) from marts.dim_leads where lead_score not between 0 and 100"
            " or tier not in ('cold', 'warm', 'hot') or fit_grade not in ('A', 'B', 'C', 'D')"
        ).fetchone()[0]
        unexplained = connection.execute(
            "select count(*) from marts.dim_leads where lead_score > 0 and score_reasons = ''"
        ).fetchone()[0]
        scored_as_of = {row[0].isoformat() for row in connection.execute(
            "select distinct scored_as_of from marts.dim_leads").fetchall()}
    assert DIM_LEADS_COLUMNS <= columns, DIM_LEADS_COLUMNS - columns
    assert rows == leads == people > 0
    assert out_of_range == 0
    assert unexplained == 0
    assert scored_as_of == {AS_OF}


def test_stage_tables_are_filled_from_the_samples(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        mql = connection.execute("select count(*), count(distinct lead_id), count(evidence) from marts.mql_leads").fetchone()
        sql = connection.execute("select count(*), count(distinct lead_id), count(qualified_by) from marts.sql_leads").fetchone()
        stages = {row[0] for row in connection.execute(
            "select distinct stage from marts.fct_lead_stage_history").fetchall()}
        sources = {row[0] for row in connection.execute(
            "select distinct source_of_truth from marts.fct_lead_stage_history").fetchall()}
        computed_mql_scores = [row[0] for row in connection.execute(
            "select lead_score from marts.mql_leads where source_of_truth = 'computed'").fetchall()]
    assert mql[0] == mql[1] == mql[2] > 0
    assert sql[0] == sql[1] == sql[2] > 0
    assert {"lead", "mql", "sql", "opportunity", "customer", "disqualified", "nurture"} <= stages
    assert sources == {"crm", "computed"}
    assert computed_mql_scores and min(computed_mql_scores) >= 50


def test_demo_requests_score_above_leads_without_activity(sample_warehouse):
    """On average, leads who asked for a demo score above leads with no recorded activity."""
    with read_only(sample_warehouse) as connection:
        (with_demo,) = connection.execute(
            "select avg(lead_score) from marts.dim_leads where lead_id in ("
            " select lead_id from intermediate.int_lead_events__resolved where event_type = 'demo_request')"
        ).fetchone()
        (without_events,) = connection.execute(
            "select avg(lead_score) from marts.dim_leads where lead_id not in ("
            " select lead_id from intermediate.int_lead_events__resolved where lead_id is not null)"
        ).fetchone()
    assert with_demo > without_events


def _history(warehouse: Path) -> dict[str, tuple]:
    with read_only(warehouse) as connection:
        rows = connection.execute(
            "select stage_entry_id, lead_id, stage, entered_at, source_of_truth from marts.fct_lead_stage_history"
        ).fetchall()
    return {row[0]: row[1:] for row in rows}


def test_stage_history_survives_reruns_full_refresh_and_dropped_statuses(tmp_path):
    warehouse = tmp_path / "history.duckdb"
    assert run_daily_job(warehouse, SAMPLES_DIR).success
    first = _history(warehouse)
    with read_only(warehouse) as connection:
        stages_before = dict(connection.execute("select lead_id, lifecycle_stage from marts.dim_leads").fetchall())
    assert first

    # The same run again appends nothing.
    assert run_daily_job(warehouse, SAMPLES_DIR).success
    assert _history(warehouse) == first

    # --full-refresh rebuilds every model but keeps the append-only log.
    result = run_dbt(warehouse, "build", "--full-refresh", "--select", "int_lead_stages__logged+")
    assert result.returncode == 0, result.stdout[-3000:]
    assert _history(warehouse) == first

    # The CRM exports stop carrying statuses, stage dates and conversions: nothing logged is lost, no lead moves back.
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            'update raw.hubspot_contacts set "Lifecycle Stage" = null, "Lead Status" = null,'
            ' "Became a Marketing Qualified Lead Date" = null, "Became a Sales Qualified Lead Date" = null,'
            ' "Became an Opportunity Date" = null, "Became a Customer Date" = null'
        )
        connection.execute(
            'update raw.salesforce_report_leads set "Status" = null, "Converted" = \'FALSE\','
            ' "Converted Opportunity ID" = null'
        )
        connection.execute('update raw.salesforce_api_leads set "Status" = null, "IsConverted" = \'false\'')
    assert run_daily_job(warehouse, SAMPLES_DIR).success
    after = _history(warehouse)
    assert {key: after[key] for key in first} == first
    with read_only(warehouse) as connection:
        stages_after = dict(connection.execute("select lead_id, lifecycle_stage from marts.dim_leads").fetchall())
    assert stages_after.keys() == stages_before.keys()
    moved_back = {
        lead_id: (stage, stages_after[lead_id])
        for lead_id, stage in stages_before.items()
        if stage in FUNNEL and stages_after[lead_id] in FUNNEL and FUNNEL[stages_after[lead_id]] < FUNNEL[stage]
    }
    assert not moved_back


def test_unique_combination_finds_each_repeated_key(sample_warehouse, tmp_path):
    """The score points' and stage evidence's key test (a hash group-by on DuckDB, see
    macros/unique_combination.sql) passes on the samples and names each repeated key."""
    warehouse = Path(shutil.copy(sample_warehouse, tmp_path / "keys.duckdb"))
    select = ["test", "--select", "test_name:unique_combination", "--target-path", str(tmp_path / "target")]
    clean = run_dbt(warehouse, *select)
    assert clean.returncode == 0 and "PASS=3" in clean.stdout, clean.stdout[-3000:]  # 2 tests and the on-run-start hook
    with duckdb.connect(str(warehouse)) as connection:
        points = "intermediate.int_lead_score_points__matched"
        connection.execute(f"insert into {points} select * from {points} order by lead_id, rule_id limit 3")
        # A row with a null among the keys is not a repeat, as with dbt's `unique`.
        connection.execute(f"insert into {points} select * replace (cast(null as varchar) as rule_id) from {points} limit 2")
    repeated = run_dbt(warehouse, *select)
    assert repeated.returncode == 1, repeated.stdout[-3000:]
    assert "FAIL 3 unique_combination_int_lead_score_points__matched" in repeated.stdout
    assert "PASS unique_combination_int_leads__stage_evidence" in repeated.stdout
