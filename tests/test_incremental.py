"""Daily partitions on generated data: incremental days equal a full refresh, and an old day re-runs to
the same scores.

Two days of drops land in dated sub-folders. Warehouse `daily` runs 2026-11-20, then 2026-11-21 (only
the new files, new domains and new events); `refreshed` is that warehouse rebuilt from raw by a dbt full
refresh; `full` runs 2026-11-21 alone on an empty file, loading both days at once.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from bench.generate_exports import generate
from tests.conftest import SAMPLES_DIR, _failure_text, read_only, run_daily_job

DAY_0, DAY_1 = "2026-11-20", "2026-11-21"

# Marts compared whole, ordered by their key.
COMPARED = {
    "marts.dim_leads": "lead_id",
    "marts.mql_leads": "lead_id",
    "marts.sql_leads": "lead_id",
    "marts.funnel_by_source_month": "lead_source, created_month",
    "marts.lead_velocity_monthly": "month",
    "marts.score_calibration": "1, 2, 3",
    "sync.hubspot_contacts": "1",
    "sync.salesforce_leads": "1",
}


@pytest.fixture(scope="module")
def landing(tmp_path_factory):
    folder = tmp_path_factory.mktemp("landing")
    generate(3_000, 30_000, folder / DAY_0, seed=11, verbose=False)
    generate(3_000, 30_000, folder / DAY_1, seed=11, day_offset=1, verbose=False)
    return folder


@pytest.fixture(scope="module")
def daily(landing, tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("daily") / "leads.duckdb"
    first = run_daily_job(warehouse, landing, as_of=DAY_0)
    assert first.success, _failure_text(first)
    after_day_0 = shutil.copy(warehouse, warehouse.with_name("after_day_0.duckdb"))
    second = run_daily_job(warehouse, landing, as_of=DAY_1)
    assert second.success, _failure_text(second)
    return warehouse, after_day_0, second


@pytest.fixture(scope="module")
def full(landing, tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("full") / "leads.duckdb"
    result = run_daily_job(warehouse, landing, as_of=DAY_1)
    assert result.success, _failure_text(result)
    return warehouse


def table(warehouse, name: str, order_by: str, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    with read_only(warehouse) as connection:
        frame = connection.execute(f"select * from {name} order by {order_by}").df()
    return frame.drop(columns=[c for c in drop if c in frame.columns]).reset_index(drop=True)


@pytest.fixture(scope="module")
def refreshed(daily, landing, tmp_path_factory):
    """The daily warehouse after day 2, rebuilt from raw by a dbt full refresh of the same day."""
    warehouse = tmp_path_factory.mktemp("refreshed") / "leads.duckdb"
    shutil.copy(daily[0], warehouse)
    result = run_daily_job(warehouse, landing, as_of=DAY_1, full_refresh=True)
    assert result.success, _failure_text(result)
    return warehouse


@pytest.mark.parametrize("name", COMPARED)
def test_an_incremental_day_equals_a_full_refresh(daily, refreshed, name):
    incremental = table(daily[0], name, COMPARED[name])
    rebuilt = table(refreshed, name, COMPARED[name])
    assert len(incremental) > 0
    pd.testing.assert_frame_equal(incremental, rebuilt, check_dtype=False)


# Stage history records when a run first saw a stage, and never moves a lead backward: a lead that
# was an MQL on day 1 and decayed below the threshold on day 2 stays an MQL in the daily warehouse,
# while a one-shot load on day 2 never saw it as one. Everything else equals the one-shot load.
FROM_THE_STAGE_LOG = (
    "lifecycle_stage", "lifecycle_stage_entered_at", "lifecycle_source_of_truth", "mql_at", "sql_at",
    "opportunity_at", "customer_at", "first_seen_at", "is_converted",
)


def test_daily_runs_score_like_one_load_of_every_day(daily, full):
    incremental = table(daily[0], "marts.dim_leads", "lead_id", FROM_THE_STAGE_LOG)
    one_shot = table(full, "marts.dim_leads", "lead_id", FROM_THE_STAGE_LOG)
    pd.testing.assert_frame_equal(incremental, one_shot, check_dtype=False)
    resolved, key = "intermediate.int_lead_events__resolved", "event_source, _file_sha256, _row_number, lead_id, event_type, occurred_at"
    pd.testing.assert_frame_equal(
        table(daily[0], resolved, key, ("resolved_as_of",)), table(full, resolved, key, ("resolved_as_of",)),
        check_dtype=False,
    )
    drop = ("enriched_at",)
    pd.testing.assert_frame_equal(
        table(daily[0], "enriched.lead_records", "record_key", drop), table(full, "enriched.lead_records", "record_key", drop),
        check_dtype=False,
    )


def test_the_second_day_loads_only_its_own_files(daily, landing):
    with read_only(daily[0]) as connection:
        per_day = dict(connection.execute(
            "select cast(landed_on as varchar), count(*) from ops.ingest_log group by 1"
        ).fetchall())
    day_files = len(list((landing / DAY_1).iterdir()))
    assert per_day == {DAY_0: len(list((landing / DAY_0).iterdir())), DAY_1: day_files}


def test_the_second_day_appends_its_events_and_rewrites_none_stored(daily):
    warehouse, after_day_0, _ = daily
    landed, key = "intermediate.int_lead_events__landed", "_file_sha256, _row_number"
    stored_on_day_0 = table(after_day_0, landed, key)
    with read_only(warehouse) as connection:
        per_day = dict(connection.execute(
            f"select cast(_landed_on as varchar) || ' resolved ' || cast(resolved_as_of as varchar), count(*)"
            f" from {landed} group by 1"
        ).fetchall())
        rematched, unmatched_on_landing = connection.execute(
            "select (select count(*) from intermediate.int_lead_events__rematched where event_source = 'activity_events'),"
            f" (select count(*) from {landed} where not resolved_by_email)"
        ).fetchone()
    # The export's events are only ever appended: day 0's rows are exactly those the day-0 run stored
    # (an update or a delete scattered over the largest table is what ran 10M leads out of memory).
    day_1_rows = per_day.pop(f"{DAY_1} resolved {DAY_1}")
    assert per_day == {f"{DAY_0} resolved {DAY_0}": len(stored_on_day_0)}
    assert 0 < day_1_rows < 0.05 * len(stored_on_day_0)
    day_0_now = table(warehouse, f"(select * from {landed} where _landed_on = '{DAY_0}')", key)
    pd.testing.assert_frame_equal(day_0_now, stored_on_day_0)
    # Those not matched by email on landing, and only those, are matched again (the full comparison
    # above checks the person each ends with).
    assert 0 < rematched == unmatched_on_landing < 0.5 * (len(stored_on_day_0) + day_1_rows)


def test_the_second_day_adds_only_its_own_records(daily, refreshed):
    records, key = "intermediate.int_lead_records__unioned", "staging_model, _file_sha256, _row_number"
    with read_only(daily[0]) as connection:
        keyed = dict(connection.execute(
            f"select cast(_landed_on as varchar) || ' keyed ' || cast(keyed_as_of as varchar), count(*) from {records}"
            " group by 1"
        ).fetchall())
    # Day 0's records kept their day-0 keys, but the few Salesforce ones whose Id came again on day 1.
    day_0_kept, day_0_again = keyed[f"{DAY_0} keyed {DAY_0}"], keyed.get(f"{DAY_0} keyed {DAY_1}", 0)
    assert day_0_again < 0.05 * day_0_kept
    assert set(keyed) <= {f"{DAY_0} keyed {DAY_0}", f"{DAY_0} keyed {DAY_1}", f"{DAY_1} keyed {DAY_1}"}
    pd.testing.assert_frame_equal(
        table(daily[0], records, key, ("keyed_as_of",)), table(refreshed, records, key, ("keyed_as_of",)),
        check_dtype=False,
    )


def test_the_second_day_ranks_and_merges_again_only_the_people_whose_records_changed(daily, refreshed):
    with read_only(daily[0]) as connection:
        people_per_run = [n for _, n in connection.execute(
            "select ranked_in_invocation, count(*) from intermediate.int_leads__merged group by 1 order by 2 desc"
        ).fetchall()]
    # Day 1's new records touch a few people; everyone else keeps the row day 0 merged.
    kept, merged_again = people_per_run
    assert 0 < merged_again < 0.05 * kept
    # ...and the rows kept and redone are those a full refresh computes.
    for name, key in (("intermediate.int_lead_records__ranked", "lead_id, recency_rank"),
                      ("intermediate.int_leads__merged", "lead_id")):
        pd.testing.assert_frame_equal(
            table(daily[0], name, key, ("ranked_in_invocation", "keyed_as_of")),
            table(refreshed, name, key, ("ranked_in_invocation", "keyed_as_of")),
            check_dtype=False,
        )


def test_only_events_not_resolved_by_email_keep_the_keys_they_are_resolved_again_by(daily):
    with read_only(daily[0]) as connection:
        keys_kept = dict(connection.execute(
            "select resolved_by_email, count(email) + count(crm_id) from intermediate.int_lead_events__resolved group by 1"
        ).fetchall())
    # A person's email lives on the lead; an event matched by email needs neither key again.
    assert keys_kept[True] == 0
    assert keys_kept[False] > 0


def test_a_rerun_of_an_old_day_reproduces_its_scores(daily, landing, tmp_path):
    warehouse, after_day_0, _ = daily
    rerun = tmp_path / "rerun.duckdb"
    shutil.copy(warehouse, rerun)
    landed, key = "intermediate.int_lead_events__landed", "_file_sha256, _row_number"
    day_0_rows = f"(select rowid as stored_at, * from {landed} where resolved_as_of = '{DAY_0}')"
    stored_before = table(rerun, day_0_rows, key)
    result = run_daily_job(rerun, landing, as_of=DAY_0)
    assert result.success, _failure_text(result)
    for name in ("marts.dim_leads", "marts.mql_leads", "marts.sql_leads", "marts.funnel_by_source_month"):
        before = table(after_day_0, name, COMPARED[name])
        again = table(rerun, name, COMPARED[name])
        pd.testing.assert_frame_equal(again, before, check_dtype=False)
    # The re-run deleted the events day 1 appended and kept day 0's rows where they were stored (same
    # row ids): reloading all of them ran a 10M warehouse out of disk (docs/benchmarks.md, session 17).
    pd.testing.assert_frame_equal(table(rerun, f"(select rowid as stored_at, * from {landed})", key), stored_before)


def test_a_backfill_of_an_earlier_day_leaves_later_days_and_the_crms_alone(daily, full, landing, tmp_path):
    """`full` only ever ran day 1. Backfilling day 0 onto it used to append day-0 stage entries under
    numbers day 1 had already given (the log's uniqueness test then failed that run and every run
    after), and to write day 0's values over the sync state the CRMs had been sent on day 1.
    Now the backfill's marts are those day 0 gave when it ran first, the sync tables stay as day 1
    left them, and day 1 then re-runs to exactly the warehouse it was."""
    warehouse = tmp_path / "backfilled.duckdb"
    shutil.copy(full, warehouse)
    backfill = run_daily_job(warehouse, landing, as_of=DAY_0)
    assert backfill.success, _failure_text(backfill)
    for name in ("marts.fct_lead_stage_history", *COMPARED):
        order_by = COMPARED.get(name, "stage_entry_id")
        expected = daily[1] if name.startswith("marts.") else full
        pd.testing.assert_frame_equal(table(warehouse, name, order_by), table(expected, name, order_by), check_dtype=False)
    again = run_daily_job(warehouse, landing, as_of=DAY_1)
    assert again.success, _failure_text(again)
    for name in ("marts.fct_lead_stage_history", *COMPARED):
        order_by = COMPARED.get(name, "stage_entry_id")
        pd.testing.assert_frame_equal(table(warehouse, name, order_by), table(full, name, order_by), check_dtype=False)
    with read_only(warehouse) as connection:
        recorded = connection.execute(
            "select cast(recorded_as_of as varchar), is_backfill, count(*) from intermediate.int_lead_stages__logged"
            " group by all order by 1"
        ).fetchall()
    assert [(day, marked) for day, marked, _ in recorded] == [(DAY_0, True), (DAY_1, False)]


def test_a_salesforce_record_joins_its_person_when_a_later_file_brings_its_email(tmp_path):
    """The report export has no emails: its 30 Leads that the API export also has are people of their
    own until the API file, landed a day later, brings their addresses. The day-1 run then keys those
    report records again, merges them into the API records' people, and drops the people they were."""
    landing = tmp_path / "landing"
    for path in SAMPLES_DIR.iterdir():
        day = DAY_1 if path.name == "salesforce_api_leads.csv" else DAY_0
        (landing / day).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, landing / day / path.name)
    warehouse = tmp_path / "leads.duckdb"
    report_people = (
        "select count(distinct lead_id) from intermediate.int_lead_records__unioned where source_system = 'salesforce_report'"
        " and lead_id in (select lead_id from intermediate.int_lead_records__unioned where source_system = 'salesforce_api')"
    )
    assert run_daily_job(warehouse, landing, as_of=DAY_0).success
    with read_only(warehouse) as connection:
        assert connection.execute(report_people).fetchone() == (0,)
        day_0_report_people = [row[0] for row in connection.execute(
            "select distinct lead_id from intermediate.int_lead_records__unioned where source_system = 'salesforce_report'"
        ).fetchall()]
    result = run_daily_job(warehouse, landing, as_of=DAY_1)
    assert result.success, _failure_text(result)
    with read_only(warehouse) as connection:
        assert connection.execute(report_people).fetchone() == (30,)
        # The 30 people the joined report records were on day 0 are gone, from every per-person table.
        for name in ("intermediate.int_lead_records__unioned", "intermediate.int_lead_records__ranked",
                     "intermediate.int_leads__merged", "marts.dim_leads", "marts.fct_lead_stage_history"):
            (still_there,) = connection.execute(
                f"select count(distinct lead_id) from {name} where lead_id in (select unnest(?))", [day_0_report_people]
            ).fetchone()
            assert still_there == len(day_0_report_people) - 30, name
    refreshed = tmp_path / "refreshed.duckdb"
    shutil.copy(warehouse, refreshed)
    result = run_daily_job(refreshed, landing, as_of=DAY_1, full_refresh=True)
    assert result.success, _failure_text(result)
    drop = ("keyed_as_of", "ranked_in_invocation")
    for name, key in (("intermediate.int_lead_records__unioned", "staging_model, _file_sha256, _row_number"),
                      ("intermediate.int_lead_records__ranked", "lead_id, recency_rank"),
                      ("intermediate.int_leads__merged", "lead_id"),
                      ("marts.dim_leads", "lead_id")):
        pd.testing.assert_frame_equal(table(warehouse, name, key, drop), table(refreshed, name, key, drop), check_dtype=False)
