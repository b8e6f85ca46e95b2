"""The whole daily job on PostgreSQL (DBT_TARGET=postgres), compared with the DuckDB sample warehouse.

Same bundled samples, same as-of date: the same files and rows land (losslessly, byte for byte), the
same rows are rejected for the same reasons, and the marts hold the same leads, tiers, stages and
funnel counts as on DuckDB.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dagster_project.warehouse import PostgresWarehouse, qualified
from tests.conftest import SAMPLES_DIR, Environment, _failure_text, read_only, run_daily_job

pytest.importorskip("psycopg2")


@pytest.fixture(scope="module")
def postgres_run(postgres_server, tmp_path_factory):
    """The daily job on the bundled samples, in a database of its own: (server, run result, folder)."""
    name = "pipeline_samples"
    postgres_server.psql(f"drop database if exists {name} with (force)", dbname="postgres")
    postgres_server.psql(f"create database {name}", dbname="postgres")
    environ = {**postgres_server.environ(), "PGDATABASE": name, "DBT_TARGET": "postgres"}
    folder = tmp_path_factory.mktemp("postgres_run")
    with Environment(**environ):
        result = run_daily_job(folder / "leads.duckdb", SAMPLES_DIR)
    yield environ, result, folder
    postgres_server.psql(f"drop database if exists {name} with (force)", dbname="postgres")


@pytest.fixture(scope="module")
def pg(postgres_run):
    environ, result, _ = postgres_run
    assert result.success, _failure_text(result)
    with Environment(**environ), PostgresWarehouse().session() as session:
        yield session


@pytest.fixture(scope="module")
def duck(sample_warehouse):
    connection = read_only(sample_warehouse)
    yield connection
    connection.close()


def _normalise(frame: pd.DataFrame) -> list[tuple]:
    """Rows as comparable tuples: NaN/NaT/None alike, floats rounded, timestamps as pandas Timestamps."""

    def value(v):
        if v is None or (not isinstance(v, (list, tuple, dict)) and pd.isna(v)):
            return None
        if isinstance(v, float):
            return round(v, 6)
        if hasattr(v, "item") and not isinstance(v, (str, bytes)):
            v = v.item()
            return round(v, 6) if isinstance(v, float) else v
        return v

    return [tuple(value(v) for v in row) for row in frame.itertuples(index=False, name=None)]


def both(duck, pg, sql: str) -> tuple[list[tuple], list[tuple]]:
    return _normalise(duck.execute(sql).df()), _normalise(pg.query_df(sql))


def test_daily_job_succeeds_on_postgres(postgres_run):
    _, result, folder = postgres_run
    assert result.success, _failure_text(result)
    assert (folder / "leads_report.html").exists()
    assert not (folder / "leads_published.duckdb").exists()  # PostgreSQL publishes in place
    published = result.asset_materializations_for_node("published_warehouse")[0].metadata
    assert "in place" in published["published"].value


def test_ingest_reconciles_like_duckdb(duck, pg):
    per_source = (
        "select coalesce(source, '(none)') as source, count(*) as files, cast(sum(rows_read) as bigint) as r,"
        " cast(sum(rows_loaded) as bigint) as l, cast(sum(rows_rejected) as bigint) as j"
        " from ops.ingest_log group by 1 order by 1"
    )
    duck_rows, pg_rows = both(duck, pg, per_source)
    assert pg_rows == duck_rows and sum(row[2] for row in pg_rows) > 0
    per_file = "select file, source, status, rows_read, rows_loaded, rows_rejected, reason from ops.ingest_log order by file"
    assert both(duck, pg, per_file)[1] == both(duck, pg, per_file)[0]
    rejected = "select file, row_number, raw_text, reason from ops.rejected_rows order by file, row_number"
    duck_rows, pg_rows = both(duck, pg, rejected)
    assert pg_rows == duck_rows and pg_rows


def test_raw_landing_is_identical(duck, pg):
    """Lossless landing: every raw table holds the same columns and the same text on both engines."""
    tables = duck.execute(
        "select table_name from information_schema.tables where table_schema = 'raw' order by 1"
    ).df()["table_name"].tolist()
    assert tables == pg.query_df(
        "select table_name from information_schema.tables where table_schema = 'raw' order by 1"
    )["table_name"].tolist()
    for table in tables:
        columns = [c for c in duck.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ?"
            " order by ordinal_position", [table]).df()["column_name"] if c != "_loaded_at"]
        assert [c for c in pg.columns("raw", table) if c != "_loaded_at"] == columns, table
        select = ", ".join(f'"{c}"' for c in columns)
        sql = f"select {select} from {qualified('raw', table)} order by _file, _row_number"
        duck_rows, pg_rows = both(duck, pg, sql)
        assert pg_rows == duck_rows, table


def test_marts_match_duckdb(duck, pg):
    leads = "select lead_id, tier, lifecycle_stage, fit_grade, lead_score from marts.dim_leads order by lead_id"
    duck_rows, pg_rows = both(duck, pg, leads)
    assert len(pg_rows) == len(duck_rows) > 0
    assert [row[:4] for row in pg_rows] == [row[:4] for row in duck_rows]  # same leads, tiers, stages, grades
    for ours, theirs in zip(pg_rows, duck_rows):
        assert math.isclose(ours[4] or 0, theirs[4] or 0, abs_tol=1e-6), ours[0]
    for table in ("mql_leads", "sql_leads"):
        sql = f"select lead_id from marts.{table} order by lead_id"
        duck_rows, pg_rows = both(duck, pg, sql)
        assert pg_rows == duck_rows, table
    funnel = (
        "select lead_source, created_month, leads, mqls, sqls, opportunities, customers"
        " from marts.funnel_by_source_month order by lead_source, created_month"
    )
    duck_rows, pg_rows = both(duck, pg, funnel)
    assert pg_rows == duck_rows and pg_rows
    history = "select lead_id, stage, count(*) as n from marts.fct_lead_stage_history group by 1, 2 order by 1, 2"
    assert both(duck, pg, history)[1] == both(duck, pg, history)[0]


def test_sync_tables_match_duckdb(duck, pg):
    for sql in (
        "select email, lifecyclestage, hs_lead_status, lead_tier from sync.hubspot_contacts order by email",
        "select sync_key, key_type, rating, status from sync.salesforce_leads order by sync_key",
    ):
        duck_rows, pg_rows = both(duck, pg, sql)
        assert pg_rows == duck_rows and pg_rows, sql


def test_summary_reads_postgres_and_never_prints_the_password(postgres_run, pg):
    from dagster_project.summary import summary_text

    environ, _, folder = postgres_run
    with Environment(**environ, LEADS_WAREHOUSE=str(folder / "leads.duckdb")):
        text = summary_text()
    assert "Leads per tier and stage" in text and "hot" in text
    assert "marts and sync schemas" in text and environ["PGHOST"] in text
    assert environ["PGPASSWORD"] not in text
