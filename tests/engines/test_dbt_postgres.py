"""The dbt project runs unchanged on PostgreSQL: `dbt build --target postgres` (models, unit tests,
data tests) passes on a real server, and the marts and sync tables equal DuckDB's.

The raw.* and enriched.* sources are copied from the session's DuckDB sample warehouse (built by the
daily job in tests/conftest.py) into a fresh database, the way the Python side lands them.
"""

from __future__ import annotations

import time

import pytest

from dagster_project.warehouse import quote_ident
from tests.engines.conftest import (
    AS_OF_VARS,
    COMPARED_TABLES,
    assert_same_tables,
    copy_duckdb_schemas_to_postgres,
    dbt_output_tail,
    duckdb_tables,
    run_dbt,
    sorted_rows,
)


@pytest.fixture(scope="module")
def postgres_built(postgres_server, sample_warehouse, tmp_path_factory):
    """A database holding the sample sources, after `dbt build --target postgres`."""
    server = postgres_server.create_database("dbt_leads_build")
    copied = copy_duckdb_schemas_to_postgres(sample_warehouse, server)
    assert copied.get("raw.activity_events", 0) > 0 and copied.get("enriched.lead_records", 0) > 0, copied
    started = time.monotonic()
    result = run_dbt(
        ["build", "--vars", AS_OF_VARS],
        {**server.environ(), "DBT_TARGET": "postgres"},
        tmp_path_factory.mktemp("dbt_postgres_target"),
    )
    print(f"dbt build --target postgres: {time.monotonic() - started:.1f}s")
    assert result.returncode == 0, "dbt build --target postgres failed:\n" + dbt_output_tail(result)
    # Again, on the tables the first build left: the incremental models take their incremental
    # branches (the people and events whose inputs changed: none), which must run on PostgreSQL too.
    again = run_dbt(
        ["build", "--vars", AS_OF_VARS],
        {**server.environ(), "DBT_TARGET": "postgres"},
        tmp_path_factory.mktemp("dbt_postgres_target_again"),
    )
    assert again.returncode == 0, "a second dbt build --target postgres failed:\n" + dbt_output_tail(again)
    return server, again


def postgres_tables(server, tables=COMPARED_TABLES) -> dict:
    import psycopg2

    con = psycopg2.connect(server.dsn())
    try:
        result = {}
        with con.cursor() as cur:
            for name in tables:
                schema, table = name.split(".")
                cur.execute(
                    "select column_name from information_schema.columns where table_schema = %s "
                    "and table_name = %s order by ordinal_position", (schema, table),
                )
                columns = tables[name] or [r[0] for r in cur.fetchall()]
                if not columns:
                    continue
                cur.execute(f"select {', '.join(quote_ident(c) for c in columns)} from {schema}.{table}")
                result[name] = (columns, sorted_rows(columns, cur.fetchall()))
        return result
    finally:
        con.close()


def test_dbt_build_passes_on_postgres(postgres_built):
    _, result = postgres_built
    output = result.stdout
    assert "Completed successfully" in output, dbt_output_tail(result)
    # Models, unit tests and data tests all ran (none skipped, none failed).
    assert " ERROR=0 " in output and " SKIP=0 " in output, dbt_output_tail(result)
    assert "unit test" in output and "data test" in output


def test_postgres_marts_equal_duckdb(postgres_built, sample_warehouse):
    server, _ = postgres_built
    expected = duckdb_tables(sample_warehouse)
    actual = postgres_tables(server)
    assert_same_tables(expected, actual, "postgres")
    # The headline numbers, spelled out: same leads, tiers, stages and funnel.
    leads = expected["marts.dim_leads"]
    assert len(leads[1]) > 100
    assert len(expected["marts.mql_leads"][1]) > 0 and len(expected["marts.sql_leads"][1]) > 0


def test_schemas_are_exactly_the_product_names(postgres_built):
    server, _ = postgres_built
    schemas = set(server.psql("select schema_name from information_schema.schemata").split())
    assert {"raw", "enriched", "staging", "intermediate", "marts", "sync", "scoring"} <= schemas
    assert not [s for s in schemas if s.startswith("public_")]
