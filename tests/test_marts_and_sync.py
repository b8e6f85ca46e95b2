"""Funnel marts, CRM sync tables and the published read-only copy, as analysts and reverse-ETL use them.

Most tests read the session's sample warehouse. `sync_runs` takes a copy of it and runs the daily job
twice more: once on the unchanged landing folder with an analyst holding the published copy open,
then once with one new activity event, to prove sync rows move only when a synced value moved and
that an open analyst session never blocks nor breaks the job.
"""

import itertools
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from tests.conftest import AS_OF, PROJECT_ROOT, SAMPLES_DIR, _failure_text, read_only, run_daily_job, run_dbt

DBT_DIR = PROJECT_ROOT / "dbt_leads"
HUBSPOT_STAGES = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer"]
HS_LEAD_STATUS = {"NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED",
                  "BAD_TIMING"}
SF_STATUS = {"Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"}
SLA_TARGET_HOURS = {"hot": 1, "warm": 24, "cold": 72}
FUNNEL_MARTS = ["fct_lead_funnel", "funnel_by_source_month", "funnel_weekly_cohorts", "lead_velocity_monthly",
                "lead_sla", "sla_compliance_by_owner_month", "rep_performance", "score_calibration"]
SYNC_TABLES = {"hubspot_contacts": "email", "salesforce_leads": "sync_key"}


def published_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.stem + "_published.duckdb")


def rows(connection, sql: str, params=None) -> list[dict]:
    cursor = connection.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


# --- funnel marts ----------------------------------------------------------------------------------


def test_funnel_by_source_month_reconciles_with_dim_leads(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        (dim_leads,) = connection.execute("select count(*) from marts.dim_leads").fetchone()
        funnel = rows(connection, "select * from marts.funnel_by_source_month")
    assert funnel and sum(row["leads"] for row in funnel) == dim_leads
    for row in funnel:
        assert row["leads"] >= row["mqls"] >= row["sqls"] >= row["opportunities"] >= row["customers"] >= 0, row
        assert row["lead_to_mql_rate"] == pytest.approx(row["mqls"] / row["leads"])
        if row["mqls"]:
            assert row["mql_to_sql_rate"] == pytest.approx(row["sqls"] / row["mqls"])
        else:
            assert row["mql_to_sql_rate"] is None
        for column in ("median_days_lead_to_mql", "median_days_mql_to_sql", "median_days_sql_to_opportunity"):
            assert row[column] is None or row[column] >= 0


def test_weekly_cohorts_and_lead_velocity_count_the_same_leads(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        (dim_leads, mqls, sqls) = connection.execute(
            "select count(*), count(mql_reached_at), count(sql_reached_at) from marts.fct_lead_funnel"
        ).fetchone()
        cohorts = rows(connection, "select * from marts.funnel_weekly_cohorts")
        velocity = rows(connection, "select * from marts.lead_velocity_monthly order by month")
    assert sum(row["leads"] for row in cohorts) == dim_leads
    assert sum(row["mqls"] for row in cohorts) == mqls
    assert all(row["cohort_week"] is None or row["cohort_week"].weekday() == 0 for row in cohorts)
    assert sum(row["mqls"] for row in velocity) == mqls and sum(row["sqls"] for row in velocity) == sqls
    assert [row["is_partial_month"] for row in velocity][-1] is True
    for previous, current in itertools.pairwise(velocity):
        assert current["mqls_previous_month"] == previous["mqls"]
        if previous["mqls"]:
            assert current["mql_growth_rate"] == pytest.approx((current["mqls"] - previous["mqls"]) / previous["mqls"])


def test_sla_status_follows_the_tier_target_and_compliance_adds_up(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        sla = rows(connection, "select * from marts.lead_sla")
        compliance = rows(connection, "select * from marts.sla_compliance_by_owner_month")
        reps = rows(connection, "select * from marts.rep_performance")
        (dim_leads,) = connection.execute("select count(*) from marts.dim_leads").fetchone()
    assert sla, "the samples have MQLs"
    for row in sla:
        target = SLA_TARGET_HOURS.get(row["tier"], 72)
        assert row["sla_target_hours"] == target
        if row["first_touch_at"] is None:
            assert row["sla_status"] == ("open_breached" if row["open_age_hours"] > target else "open")
        else:
            assert row["first_touch_at"] >= row["mql_at"] and row["open_age_hours"] is None
            assert row["sla_status"] == ("met" if row["hours_to_first_touch"] <= target else "breached")
        assert row["is_breached"] == (row["sla_status"] in ("breached", "open_breached"))
    statuses = {row["sla_status"] for row in sla}
    assert {"breached", "open_breached"} <= statuses, "the samples have MQLs never touched and touched late"
    assert sum(row["mqls"] for row in compliance) == len(sla)
    assert sum(row["breached"] for row in compliance) == sum(row["is_breached"] for row in sla)
    assert sum(row["leads_assigned"] for row in reps) == dim_leads
    assert sum(row["touched_within_sla"] for row in reps) == sum(row["sla_status"] == "met" for row in sla)


def test_score_calibration_lift_is_rate_over_base_rate(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        calibration = rows(connection, "select * from marts.score_calibration")
    tiers = [row for row in calibration if row["dimension"] == "tier"]
    deciles = [row for row in calibration if row["dimension"] == "score_decile"]
    assert tiers and len(deciles) == 10
    known = sum(row["leads"] for row in deciles)
    assert sum(row["leads"] for row in tiers) == known
    base_rate = sum(row["converted"] for row in deciles) / known
    for row in calibration:
        assert row["base_rate"] == pytest.approx(base_rate)
        assert row["conversion_rate"] == pytest.approx(row["converted"] / row["leads"])
        assert row["lift"] == pytest.approx(row["conversion_rate"] / base_rate)
    assert [row["min_lead_score"] for row in sorted(deciles, key=lambda r: r["bucket_order"])] == sorted(
        row["min_lead_score"] for row in deciles
    )


# --- sync tables -------------------------------------------------------------------------------------


def test_sync_tables_have_one_row_per_key_in_the_crm_vocabulary(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        hubspot = rows(connection, "select * from sync.hubspot_contacts")
        salesforce = rows(connection, "select * from sync.salesforce_leads")
        people = {row["lead_id"]: row for row in rows(
            connection, "select lead_id, email_is_valid, has_usable_email, crm_stage_order_highest"
                        " from intermediate.int_leads__unified")}
    assert hubspot and salesforce
    for table, key in (("hubspot", hubspot), ("salesforce", salesforce)):
        keys = [row["email" if table == "hubspot" else "sync_key"] for row in key]
        assert None not in keys and len(keys) == len(set(keys)), table
    for row in hubspot:
        person = people[row["lead_id"]]
        assert person["email_is_valid"] and person["has_usable_email"], row["email"]
        assert row["lifecyclestage"] in HUBSPOT_STAGES
        # Never below the furthest stage any CRM export shows for the person.
        assert HUBSPOT_STAGES.index(row["lifecyclestage"]) + 1 >= (person["crm_stage_order_highest"] or 0)
        assert row["hs_lead_status"] is None or row["hs_lead_status"] in HS_LEAD_STATUS
        assert row["hs_marketable_status"] in (None, "false")
        assert (row["hs_marketable_status"] == "false") == row["is_opted_out"]
        assert row["lead_tier"] in ("cold", "warm", "hot") and row["fit_grade"] in ("A", "B", "C", "D")
    for row in salesforce:
        assert row["rating"] in ("Hot", "Warm", "Cold") and row["status"] in SF_STATUS
        assert row["has_opted_out_of_email"] in (None, True)
        if row["key_type"] == "salesforce_id":
            assert re.fullmatch(r"[A-Za-z0-9]{15}([A-Za-z0-9]{3})?", row["sync_key"]) and row["salesforce_id"] == row["sync_key"]
        else:
            assert row["salesforce_id"] is None and row["sync_key"] == row["email"]
    assert any(row["is_opted_out"] for row in hubspot), "the samples have opted-out contacts"


def test_sync_properties_omit_nulls_and_match_the_columns(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        hubspot = rows(connection, "select * from sync.hubspot_contacts")
        salesforce = rows(connection, "select * from sync.salesforce_leads")
    for row in hubspot:
        properties = json.loads(row["properties"])
        assert None not in properties.values()
        assert properties.get("lifecyclestage") == row["lifecyclestage"]
        assert ("hs_lead_status" in properties) == (row["hs_lead_status"] is not None)
        assert ("firstname" in properties) == (row["firstname"] is not None)
    for row in salesforce:
        properties = json.loads(row["properties"])
        assert None not in properties.values()
        assert properties["Rating"] == row["rating"] and properties["Status"] == row["status"]
        assert ("HasOptedOutOfEmail" in properties) == bool(row["has_opted_out_of_email"])


# --- documentation, contracts, README ------------------------------------------------------------------


def _manifest() -> dict:
    return json.loads((DBT_DIR / "target" / "manifest.json").read_text())


def test_every_mart_and_sync_column_is_described_under_an_enforced_contract(sample_warehouse):
    nodes = {node["name"]: node for node in _manifest()["nodes"].values() if node["resource_type"] == "model"}
    with read_only(sample_warehouse) as connection:
        for name, schema in [(m, "marts") for m in FUNNEL_MARTS] + [(t, "sync") for t in SYNC_TABLES]:
            node = nodes[name]
            assert node["config"]["contract"]["enforced"], name
            assert node["description"].strip(), name
            columns = [row[0] for row in connection.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?"
                " order by ordinal_position", [schema, name]).fetchall()]
            assert columns and set(columns) == set(node["columns"]), name
            for column, spec in node["columns"].items():
                assert spec["description"].strip() and spec["data_type"], f"{name}.{column}"


def test_never_null_mart_and_sync_columns_are_not_null_in_the_warehouse(sample_warehouse):
    """Marts and sync columns that are never null say so as contract constraints, which the warehouse
    enforces while dbt builds a table (a null fails the build before the old table is replaced), in
    place of a `not_null` data test per column run after it. The sync tables are views on DuckDB
    (macros/cross_engine.sql, sync_table_materialization), which enforce nothing: one
    `declared_not_null` test per model checks their declared columns instead."""
    nodes = _manifest()["nodes"].values()
    declared = {(node["config"]["schema"], node["alias"], column)
                for node in nodes if node["resource_type"] == "model"
                for column, spec in node["columns"].items()
                if any(constraint["type"] == "not_null" for constraint in spec["constraints"])}
    with read_only(sample_warehouse) as connection:
        not_null = set(connection.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
            " where is_nullable = 'NO'").fetchall())
        views = set(connection.execute(
            "select table_schema, table_name from information_schema.tables where table_type = 'VIEW'").fetchall())
    assert {schema for schema, _, _ in declared} == {"marts", "sync"} and len(declared) > 70
    on_tables = {column for column in declared if column[:2] not in views}
    assert on_tables <= not_null, sorted(on_tables - not_null)
    assert {(schema, name) for schema, name, _ in declared if (schema, name) in views} == {
        ("sync", name) for name in SYNC_TABLES}
    tested = {node["attached_node"].split(".")[-1] for node in nodes if node["resource_type"] == "test"
              and (node.get("test_metadata") or {}).get("name") == "declared_not_null"}
    assert tested == set(SYNC_TABLES)
    contracted = {node["unique_id"] for node in nodes if node["config"].get("contract", {}).get("enforced")}
    duplicated = [node["name"] for node in nodes if node["resource_type"] == "test"
                  and node.get("attached_node") in contracted
                  and (node.get("test_metadata") or {}).get("name") == "not_null"]
    assert not duplicated, "a data test repeats what the contract enforces"


def test_declared_not_null_finds_a_null_in_a_sync_view(sample_warehouse, tmp_path):
    """The sync views' declared not-nulls hold on the samples, and a null in one fails the test."""
    warehouse = Path(shutil.copy(sample_warehouse, tmp_path / "nulls.duckdb"))
    select = ["test", "--select", "test_name:declared_not_null", "--target-path", str(tmp_path / "target")]
    clean = run_dbt(warehouse, *select)
    assert clean.returncode == 0 and "PASS=3" in clean.stdout, clean.stdout[-3000:]  # 2 tests and the on-run-start hook
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "update intermediate.int_salesforce_leads__tracked set status = null"
            " where sync_key in (select sync_key from intermediate.int_salesforce_leads__tracked"
            " where is_current order by sync_key limit 2)")
    nulls = run_dbt(warehouse, *select)
    assert nulls.returncode == 1, nulls.stdout[-3000:]
    assert "FAIL 2 declared_not_null_salesforce_leads" in nulls.stdout
    assert "PASS declared_not_null_hubspot_contacts" in nulls.stdout


def _readme_queries() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("## Marts and sync", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)


def test_the_readme_example_queries_run_on_the_published_copy(sample_warehouse):
    queries = _readme_queries()
    assert len(queries) >= 3
    with read_only(published_path(sample_warehouse)) as connection:
        for query in queries:
            assert connection.execute(query).fetchall(), query


def test_the_published_copy_holds_marts_and_sync_with_their_descriptions(sample_warehouse):
    with read_only(sample_warehouse) as source, read_only(published_path(sample_warehouse)) as published:
        wanted = source.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema in ('marts', 'sync') order by 1, 2").fetchall()
        found = published.execute(
            "select table_schema, table_name from information_schema.tables order by 1, 2").fetchall()
        assert found == wanted
        for schema, table in wanted:
            query = f'select count(*) from "{schema}"."{table}"'
            assert source.execute(query).fetchone() == published.execute(query).fetchone(), table
        (comment,) = published.execute(
            "select comment from duckdb_columns() where schema_name = 'sync' and table_name = 'hubspot_contacts'"
            " and column_name = 'lifecyclestage'").fetchone()
    assert "never moves backward" in comment
    assert stat.S_IMODE(published_path(sample_warehouse).stat().st_mode) & 0o222 == 0, "published read-only"


def test_dbt_docs_generate_works_offline(sample_warehouse, tmp_path):
    warehouse = tmp_path / "docs.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    assert not sample_warehouse.with_name(sample_warehouse.name + ".wal").exists(), "copied mid-write"
    environment = {**os.environ, "LEADS_WAREHOUSE": str(warehouse), "LEADS_AS_OF": AS_OF, "DO_NOT_TRACK": "1",
                   # Any attempt to reach the network fails fast instead of hanging.
                   "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    dbt = Path(sys.executable).parent / "dbt"
    completed = subprocess.run(
        [str(dbt), "docs", "generate", "--profiles-dir", ".", "--target-path", str(tmp_path / "target")],
        cwd=DBT_DIR, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text())
    nodes = {node["metadata"]["name"]: node for node in catalog["nodes"].values()}
    assert "lifecyclestage" in nodes["hubspot_contacts"]["columns"]
    assert "median_days_mql_to_sql" in nodes["funnel_by_source_month"]["columns"]
    assert (tmp_path / "target" / "index.html").exists()


# --- the published copy under an open analyst session -------------------------------------------------

ANALYST_SCRIPT = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    import duckdb
    path, stop = sys.argv[1], Path(sys.argv[2])
    connection = duckdb.connect(path, read_only=True)
    results = []
    print("ready", flush=True)
    while True:
        stopping = stop.exists()
        try:
            results.append(connection.execute(
                "select count(*), max(synced_fields_changed_at) from sync.hubspot_contacts").fetchone()[0])
        except Exception as error:  # reported, not raised: the test asserts there are none
            results.append("error: " + str(error))
        if stopping:
            break
        time.sleep(0.1)
    print(json.dumps(results), flush=True)
""")


class AnalystSession:
    """A separate process holding a read-only connection to a DuckDB file and querying it until stopped."""

    def __init__(self, path: Path, stop_file: Path):
        self.path, self.stop_file = path, stop_file
        self.results: list = []

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-c", ANALYST_SCRIPT, str(self.path), str(self.stop_file)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert self.process.stdout.readline().strip() == "ready", self.process.stderr.read()
        return self

    def stop(self) -> list:
        self.stop_file.touch()
        out, err = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, err
        self.results = json.loads(out.strip().splitlines()[-1])
        return self.results

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def test_publishing_replaces_the_copy_without_breaking_an_open_reader(tmp_path):
    from dagster_project.assets.sync import publish_copy
    from dagster_project.warehouse import DuckDBWarehouse

    warehouse, published = tmp_path / "w.duckdb", tmp_path / "w_published.duckdb"
    with DuckDBWarehouse(warehouse).session() as session:
        session.execute("create schema marts; create schema sync; create schema raw")
        session.execute("create table sync.hubspot_contacts as select 1 as n, now() as synced_fields_changed_at")
        session.execute("create table marts.dim_leads as select 'L1' as lead_id; create table raw.secret as select 1")
        assert publish_copy(session, published) == {"marts.dim_leads": 1, "sync.hubspot_contacts": 1}
    with AnalystSession(published, tmp_path / "stop") as analyst:
        with DuckDBWarehouse(warehouse).session() as session:
            session.execute("insert into sync.hubspot_contacts select 2, now()")
            publish_copy(session, published)
        time.sleep(0.3)
        results = analyst.stop()
    assert results and all(count == 1 for count in results), results  # the old copy, undisturbed
    with read_only(published) as connection:
        assert connection.execute("select count(*) from sync.hubspot_contacts").fetchone() == (2,)
        assert connection.execute("select count(*) from information_schema.tables where table_schema = 'raw'"
                                  ).fetchone() == (0,)
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == []


# --- reruns change nothing; one new event changes exactly its person's rows -----------------------------


def sync_state(warehouse: Path) -> dict[str, dict[str, tuple]]:
    with read_only(warehouse) as connection:
        return {
            table: {row[0]: (row[1], row[2]) for row in connection.execute(
                f"select {key}, sync_hash, synced_fields_changed_at from sync.{table}").fetchall()}
            for table, key in SYNC_TABLES.items()
        }


def changed_keys(before: dict, after: dict) -> dict[str, set]:
    return {
        table: {key for key in before[table].keys() | after[table].keys()
                if before[table].get(key) != after[table].get(key)}
        for table in SYNC_TABLES
    }


@pytest.fixture(scope="module")
def sync_runs(sample_warehouse, tmp_path_factory):
    """Run 1 is the session's sample warehouse (copied with its published copy); run 2 reruns the
    same landing folder (every file already loaded) with an analyst session open on the published
    copy; run 3 adds one activity file."""
    root = tmp_path_factory.mktemp("sync_runs")
    landing, warehouse = root / "landing", root / "leads.duckdb"
    shutil.copytree(SAMPLES_DIR, landing)
    shutil.copy(sample_warehouse, warehouse)
    assert not sample_warehouse.with_name(sample_warehouse.name + ".wal").exists(), "copied mid-write"
    shutil.copy(published_path(sample_warehouse), published_path(warehouse))
    runs = SimpleNamespace(warehouse=warehouse)
    runs.first = sync_state(warehouse)
    runs.published_inode_before = published_path(warehouse).stat().st_ino

    # An analyst keeps a read-only session on the published copy open for the whole second run.
    with AnalystSession(published_path(warehouse), root / "stop_analyst") as analyst:
        second = run_daily_job(warehouse, landing)
        runs.analyst_results = analyst.stop()
    assert second.success, _failure_text(second)
    runs.second = sync_state(warehouse)
    runs.published_inode_after = published_path(warehouse).stat().st_ino
    runs.observations = {
        event.asset_key.to_user_string(): event.event_specific_data.asset_observation.metadata
        for event in second.get_asset_observation_events()
    }
    runs.materializations = {
        event.asset_key.to_user_string(): event.materialization.metadata
        for event in second.get_asset_materialization_events()
    }

    # One known person, not hot yet and in both CRMs, requests a demo today (a new file lands).
    with read_only(warehouse) as connection:
        runs.target = rows(connection, """
            select hubspot.email, hubspot.lead_id, salesforce.sync_key, leads.tier, leads.lead_score
            from sync.hubspot_contacts as hubspot
            inner join sync.salesforce_leads as salesforce on hubspot.lead_id = salesforce.lead_id
            inner join marts.dim_leads as leads on hubspot.lead_id = leads.lead_id
            where leads.tier <> 'hot' and not hubspot.is_opted_out
            order by leads.lead_score, hubspot.email
            limit 1
        """)[0]
    (landing / "activity_events_2026-11-20_extra.csv").write_text(
        "event_id,occurred_at,email,crm_id,event_type,actor,url,campaign\n"
        f"evt_test_demo_0001,{AS_OF}T10:00:00Z,{runs.target['email'].upper()},,demo_request,automation,"
        "https://www.signalpath.io/demo,\n"
    )
    third = run_daily_job(warehouse, landing)
    assert third.success, _failure_text(third)
    runs.third = sync_state(warehouse)
    with read_only(warehouse) as connection:
        runs.target_after = rows(connection, "select tier, lead_score from marts.dim_leads where lead_id = ?",
                                 [runs.target["lead_id"]])[0]
    return runs


def test_a_rerun_on_unchanged_inputs_changes_no_sync_row(sync_runs):
    assert all(sync_runs.first[table] for table in SYNC_TABLES)
    assert changed_keys(sync_runs.first, sync_runs.second) == {table: set() for table in SYNC_TABLES}


def test_one_new_activity_changes_exactly_that_persons_sync_rows(sync_runs):
    target = sync_runs.target
    assert sync_runs.target_after["lead_score"] > target["lead_score"], "the demo request scored"
    assert changed_keys(sync_runs.second, sync_runs.third) == {
        "hubspot_contacts": {target["email"]},
        "salesforce_leads": {target["sync_key"]},
    }
    end_of_as_of_day = sync_runs.third["hubspot_contacts"][target["email"]][1]
    assert end_of_as_of_day.isoformat() == "2026-11-21T00:00:00"  # the run's as-of time, never now()


def test_an_open_analyst_session_never_blocks_the_job_nor_breaks(sync_runs):
    results = sync_runs.analyst_results
    errors = [result for result in results if isinstance(result, str)]
    assert not errors, errors[:3]
    assert len(results) > 10 and len(set(results)) == 1, "the session kept reading its copy throughout"
    assert sync_runs.published_inode_after != sync_runs.published_inode_before, "a new copy was published"
    with read_only(published_path(sync_runs.warehouse)) as connection:
        (count,) = connection.execute("select count(*) from sync.hubspot_contacts").fetchone()
    assert count == len(sync_runs.third["hubspot_contacts"])


def test_a_backfill_of_an_earlier_day_keeps_the_published_copy_and_report_of_the_latest(sample_warehouse, tmp_path):
    from dagster_project.report import report_path

    warehouse = tmp_path / "leads.duckdb"
    for source, target in ((sample_warehouse, warehouse), (published_path(sample_warehouse), published_path(warehouse)),
                           (report_path(sample_warehouse), report_path(warehouse))):
        shutil.copy(source, target)
    published_inode, report_before = published_path(warehouse).stat().st_ino, report_path(warehouse).read_bytes()
    day_before = "2026-11-19"
    assert AS_OF > day_before

    backfill = run_daily_job(warehouse, SAMPLES_DIR, as_of=day_before)
    assert backfill.success, _failure_text(backfill)
    latest_leads = "select count(*), max(scored_as_of) from marts.dim_leads"
    with read_only(warehouse) as connection:  # the warehouse built the backfilled day: the samples landed after it
        assert connection.execute(latest_leads).fetchone() == (0, None)
    assert published_path(warehouse).stat().st_ino == published_inode, "the published copy was replaced"
    with read_only(published_path(warehouse)) as connection:
        leads, scored_as_of = connection.execute(latest_leads).fetchone()
    assert leads > 0 and scored_as_of.isoformat() == AS_OF
    assert report_path(warehouse).read_bytes() == report_before
    assert f"as of {day_before}" in report_path(warehouse, date.fromisoformat(day_before)).read_text().lower()
    published = {event.asset_key.to_user_string(): event.materialization.metadata
                 for event in backfill.get_asset_materialization_events()}["published_warehouse"]
    assert published["kept_copy_of_day"].value == AS_OF


def test_the_run_shows_row_counts_tiers_and_rejects_in_dagster(sync_runs):
    hubspot = sync_runs.observations["sync/hubspot_contacts"]
    assert hubspot["dagster/row_count"].value == len(sync_runs.second["hubspot_contacts"])
    # Every row was first synced on this as-of day (by run 1); the rerun moved none of them.
    assert hubspot["rows_changed_on_as_of_day"].value == len(sync_runs.second["hubspot_contacts"])
    assert set(sync_runs.observations["marts/dim_leads"]["tier_distribution"].value) <= {"cold", "warm", "hot"}
    published = sync_runs.materializations["published_warehouse"]
    assert published["row_counts"].value["sync.salesforce_leads"] == len(sync_runs.second["salesforce_leads"])
    assert published["rows_rejected_all_runs"].value > 0  # the samples hold malformed rows on purpose
    assert sync_runs.materializations["lead_report"]["path"].value.endswith("leads_report.html")
