"""The daily job end to end on the bundled samples: every table of PRODUCT.md, reconciled, re-runnable."""

import shutil

import pytest
import yaml

from tests.conftest import SAMPLES_DIR, read_only, run_daily_job

SCHEMAS = {"raw", "ops", "enriched", "staging", "intermediate", "marts", "sync"}


def test_every_schema_has_its_exact_name(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        schemas = {row[0] for row in connection.execute("select schema_name from information_schema.schemata").fetchall()}
    assert SCHEMAS - {"marts", "sync"} <= schemas
    assert not {s for s in schemas if s.startswith("main_")}


def test_every_bundled_file_is_accounted_for(sample_warehouse):
    files = sorted(p.name for p in SAMPLES_DIR.iterdir() if p.is_file() and not p.name.startswith("."))
    with read_only(sample_warehouse) as connection:
        log = connection.execute(
            "select file, source, status, rows_read, rows_loaded, rows_rejected from ops.ingest_log order by file"
        ).fetchall()
        rejected = dict(connection.execute("select file, count(*) from ops.rejected_rows group by file").fetchall())
    assert [row[0] for row in log] == files
    for file, source, status, rows_read, rows_loaded, rows_rejected in log:
        assert source is not None and status.startswith("loaded"), file
        assert rows_read == rows_loaded + rows_rejected > 0, file
        assert rejected.get(file, 0) == rows_rejected, file


def test_raw_rows_match_the_log_per_source(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        logged = dict(connection.execute("select source, sum(rows_loaded) from ops.ingest_log group by source").fetchall())
        for source, rows_loaded in logged.items():
            (count,) = connection.execute(f'select count(*) from raw."{source}"').fetchone()
            assert count == rows_loaded, source


def test_people_are_unified_across_sources_by_email(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        (people, emails) = connection.execute(
            "select count(*), count(distinct email) from intermediate.int_leads__unified where has_usable_email"
        ).fetchone()
        multi_source = connection.execute(
            "select count(*) from intermediate.int_leads__unified where source_systems like '%,%'"
        ).fetchone()[0]
    assert people == emails
    assert multi_source > 0


def test_a_second_run_on_the_same_folder_changes_nothing(sample_warehouse, tmp_path):
    warehouse = tmp_path / "again.duckdb"
    shutil.copy(sample_warehouse, warehouse)  # the state after a first run
    counts_sql = (
        "select (select count(*) from ops.ingest_log), (select count(*) from raw.hubspot_contacts),"
        " (select count(*) from intermediate.int_leads__unified),"
        " (select count(*) from intermediate.int_lead_events__resolved)"
    )
    with read_only(warehouse) as connection:
        before = connection.execute(counts_sql).fetchone()
    assert run_daily_job(warehouse, SAMPLES_DIR).success
    with read_only(warehouse) as connection:
        after = connection.execute(counts_sql).fetchone()
    assert before == after


@pytest.mark.parametrize("source", ["salesforce_report_leads", "x_education_leads", "salesforce_api_leads"])
def test_real_exports_run_through_the_whole_job(real_warehouse, source):
    with read_only(real_warehouse) as connection:
        (loaded,) = connection.execute(f"select sum(rows_loaded) from ops.ingest_log where source = '{source}'").fetchone()
        (raw_rows,) = connection.execute(f'select count(*) from raw."{source}"').fetchone()
    assert loaded == raw_rows > 0


def test_real_salesforce_report_dates_and_numbers_all_type(real_warehouse):
    with read_only(real_warehouse) as connection:
        untyped, created = connection.execute(
            "select count(*) filter (where has_untyped_values), count(created_at) from staging.stg_salesforce_report__leads"
        ).fetchone()
        (raw_dates,) = connection.execute(
            "select count(*) from raw.salesforce_report_leads where trim(\"Created Date\") <> ''"
        ).fetchone()
    assert untyped == 0 and created == raw_dates == 2000


def test_real_outcomes_survive_typing(real_warehouse):
    with read_only(real_warehouse) as connection:
        converted = dict(connection.execute(
            "select source_system, count(*) filter (where is_converted) from intermediate.int_lead_records__unioned group by 1"
        ).fetchall())
    assert converted["x_education"] == 3561 and converted["salesforce_report"] == 550


def test_no_email_or_phone_reaches_logs_or_run_metadata(sample_run):
    warehouse, result = sample_run.warehouse, sample_run.result
    with read_only(warehouse) as connection:
        personal = [
            value
            for (value,) in connection.execute(
                "select distinct lower(trim(\"Email\")) from raw.hubspot_contacts where \"Email\" like '%@%'"
                " union select distinct trim(\"Phone Number\") from raw.hubspot_contacts where length(trim(\"Phone Number\")) > 6"
            ).fetchall()
        ]
    assert len(personal) > 20
    text = "\n".join(
        f"{event.message} {getattr(event.event_specific_data, 'materialization', '')}" for event in result.all_events
    ).lower()
    leaked = [value for value in personal if value.lower() in text]
    assert leaked == []


def test_the_sample_run_ran_and_passed_every_dbt_unit_test(sample_run):
    """A daily run leaves dbt's unit tests out (DbtBuildConfig); the sample run asks for them, so
    `make test` runs each one against the real sample warehouse."""
    from dagster_project.settings import DBT_PROJECT_DIR

    statuses = {node: status for node, status in sample_run.dbt_statuses.items() if node.startswith("unit_test.")}
    declared = sum(
        len((yaml.safe_load(path.read_text()) or {}).get("unit_tests", []))
        for path in (DBT_PROJECT_DIR / "models").rglob("*.yml")
    )
    assert len(statuses) == declared > 10
    assert set(statuses.values()) == {"pass"}
