"""Fixtures for the engine tests: a throw-away PostgreSQL server (and helpers shared with the Spark test).

`postgres_server` (session scope) starts a private PostgreSQL cluster on 127.0.0.1 in a temp folder
(initdb + pg_ctl, see pgserver.py, which bench/engines.py uses too), and stops it at the end.
It skips only when no PostgreSQL server binaries are installed (CI installs them, see .ci/run).

Interface (kept stable, other tests use it):
    server.host, server.port, server.user, server.password, server.dbname
    server.environ() -> {"PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"}
    server.dsn() -> a libpq connection string
    server.bindir -> the folder of the PostgreSQL binaries (psql, pg_ctl, ...)
    server.psql(sql) -> stdout of psql over TCP;  server.create_database(name) -> a copy pointing at it
`postgres_database` (function scope): a fresh database on that server, dropped afterwards.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from dagster_project.warehouse import PostgresWarehouse, qualified, quote_ident
from tests.engines.pgserver import PostgresServer, PostgresUnavailable, running_postgres


@pytest.fixture(scope="session")
def postgres_server():
    """A private PostgreSQL server on 127.0.0.1 for this test session; stopped at the end."""
    try:
        with running_postgres() as server:
            yield server
    except PostgresUnavailable as error:
        pytest.skip(f"{error}; .ci/run installs them")


@pytest.fixture
def postgres_database(postgres_server):
    """A fresh empty database on the session server, dropped afterwards; the server object points at it."""
    name = "t_" + format(abs(hash((time.time(), os.getpid()))), "x")[:12]
    postgres_server.psql(f"create database {name}", dbname="postgres")
    server = PostgresServer(**{**postgres_server.__dict__, "dbname": name})
    yield server
    postgres_server.psql(f"drop database if exists {name} with (force)", dbname="postgres")


# ---------------------------------------------------------------------------------------------------
# Helpers of the dbt engine tests.

def copy_duckdb_schemas_to_postgres(duckdb_path, server: PostgresServer, schemas=("raw", "enriched")) -> dict:
    """Copy every table of `schemas` from a DuckDB file into the server's database (same names and
    columns), through the project's own PostgreSQL warehouse (COPY). Returns rows per schema.table."""
    import duckdb

    counts = {}
    with duckdb.connect(str(duckdb_path), read_only=True) as source, \
            PostgresWarehouse(server.dsn()).session() as target:
        for schema in schemas:
            target.execute(f"drop schema if exists {quote_ident(schema)} cascade")
            tables = source.execute(
                "select table_name from information_schema.tables where table_schema = ? "
                "and table_type = 'BASE TABLE' order by 1", [schema]
            ).fetchall()
            for (table,) in tables:
                data = source.sql(f"select * from {qualified(schema, table)}").to_arrow_table()
                target.replace(schema, table, data)
                counts[f"{schema}.{table}"] = data.num_rows
    return counts


DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_leads"


def run_dbt(args: list[str], env_extra: dict[str, str], target_path: Path, timeout: int = 900):
    """dbt in a subprocess (its own adapter, JVM for Spark) with the project's profiles; output kept
    under target_path so the shared dbt_leads/target is not touched."""
    dbt = Path(os.sys.executable).with_name("dbt")
    env = {
        **os.environ, "DO_NOT_TRACK": "1", "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_TARGET_PATH": str(target_path), "DBT_LOG_PATH": str(target_path / "logs"), **env_extra,
    }
    return subprocess.run(
        [str(dbt), *args, "--profiles-dir", str(DBT_PROJECT_DIR), "--project-dir", str(DBT_PROJECT_DIR)],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )


# Comparing what two engines built: every table of a schema, rows sorted, values normalised.
AS_OF_VARS = '{"as_of": "2026-11-20"}'  # the same as_of as the DuckDB sample warehouse (tests/conftest.py)

# Tables compared between engines, and the columns that must be equal (None: every column).
COMPARED_TABLES = {
    "marts.dim_leads": None,
    "marts.mql_leads": None,
    "marts.sql_leads": None,
    "marts.fct_lead_stage_history": None,
    "marts.fct_lead_funnel": None,
    "marts.funnel_by_source_month": None,
    "marts.funnel_weekly_cohorts": None,
    "marts.lead_velocity_monthly": None,
    "marts.lead_sla": None,
    "marts.sla_compliance_by_owner_month": None,
    "marts.rep_performance": None,
    "marts.score_calibration": None,
    "sync.hubspot_contacts": None,
    "sync.salesforce_leads": None,
}


def normalise(value):
    """One spelling per value across engines: floats to 6 significant digits (DuckDB and Spark keep
    dbt.type_float() in 4 bytes, PostgreSQL in 8), timestamps and dates as ISO text, NaN as None."""
    import datetime
    import decimal
    import math

    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (float, decimal.Decimal)):
        number = float(value)
        if math.isnan(number):
            return None
        return float(f"{number:.6g}")
    if isinstance(value, int):
        return float(value)
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def sorted_rows(columns: list[str], rows) -> list[tuple]:
    return sorted((tuple(normalise(v) for v in row) for row in rows), key=repr)


def duckdb_tables(warehouse, tables=COMPARED_TABLES) -> dict[str, tuple[list[str], list[tuple]]]:
    """The compared tables of a DuckDB warehouse: name -> (columns, sorted normalised rows)."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        result = {}
        for name in tables:
            schema, table = name.split(".")
            columns = tables[name] or [
                r[0] for r in con.execute(
                    "select column_name from information_schema.columns where table_schema = ? "
                    "and table_name = ? order by ordinal_position", [schema, table]
                ).fetchall()
            ]
            select = ", ".join(quote_ident(c) for c in columns)
            result[name] = (columns, sorted_rows(columns, con.execute(f"select {select} from {name}").fetchall()))
        return result
    finally:
        con.close()


def assert_same_tables(expected: dict, actual: dict, engine: str):
    """Every compared table has the same rows on both engines; the message names what differs."""
    problems = []
    for name, (columns, rows) in expected.items():
        if name not in actual:
            problems.append(f"{name}: missing on {engine}")
            continue
        other_columns, other = actual[name]
        if other_columns != columns:
            problems.append(f"{name}: columns differ: duckdb {columns}, {engine} {other_columns}")
            continue
        if other == rows:
            continue
        missing = [r for r in rows if r not in other]
        extra = [r for r in other if r not in rows]
        detail = ""
        for left, right in zip(missing[:2], extra[:2]):
            detail += "\n      " + "; ".join(
                f"{c}: duckdb={a!r} {engine}={b!r}" for c, a, b in zip(columns, left, right) if a != b
            )[:600]
        problems.append(
            f"{name}: {len(rows)} rows on duckdb, {len(other)} on {engine}; "
            f"{len(missing)} only on duckdb, {len(extra)} only on {engine}{detail}"
        )
    assert not problems, f"{engine} and DuckDB built different marts:\n  " + "\n  ".join(problems)


def dbt_output_tail(result, lines: int = 60) -> str:
    text = (result.stdout or "") + (result.stderr or "")
    return "\n".join(text.splitlines()[-lines:])
