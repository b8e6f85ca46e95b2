"""Export the dbt source schemas (`raw`, `enriched`) of a DuckDB warehouse to Parquet, for Spark.

On Spark (`DBT_TARGET=spark`) the Python assets still land and enrich into DuckDB; this writes every
table of those schemas to `<LEADS_PARQUET_DIR>/<schema>/<table>/data.parquet` (one folder per table,
what `create table ... using parquet location '<folder>'` reads), and the dbt project registers them
as external tables on Spark (macro `register_parquet_sources`, on-run-start). Plain Python and DuckDB:
no Dagster import, so a script or an asset can call it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from dagster_project.settings import PROJECT_ROOT

SOURCE_SCHEMAS = ("raw", "enriched")


def default_parquet_dir(environ: dict | None = None) -> Path:
    """`LEADS_PARQUET_DIR`, else `warehouse/parquet` in the project (the dbt profile uses the same)."""
    env = os.environ if environ is None else environ
    value = env.get("LEADS_PARQUET_DIR")
    return Path(value).expanduser().resolve() if value else PROJECT_ROOT / "warehouse" / "parquet"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_sources_to_parquet(
    warehouse: Path | str | duckdb.DuckDBPyConnection,
    parquet_dir: Path | str | None = None,
    schemas: tuple[str, ...] = SOURCE_SCHEMAS,
) -> dict[str, int]:
    """Write each table of `schemas` to `<parquet_dir>/<schema>/<table>/data.parquet`; returns rows per
    `schema.table`. Each table's folder is replaced whole (written beside it, then renamed), so a
    reader never sees a half-written table and a table that shrank leaves no stale file behind."""
    target = Path(parquet_dir) if parquet_dir is not None else default_parquet_dir()
    own = not isinstance(warehouse, duckdb.DuckDBPyConnection)
    con = duckdb.connect(str(warehouse), read_only=True) if own else warehouse
    counts: dict[str, int] = {}
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in (select unnest(?)) and table_type = 'BASE TABLE' "
            "order by table_schema, table_name",
            [list(schemas)],
        ).fetchall()
        for schema, table in tables:
            folder = target / schema / table
            staging = folder.with_name(f".{table}.tmp")
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            con.execute(
                f"copy (select * from {_quote(schema)}.{_quote(table)}) "
                f"to {_literal(str(staging / 'data.parquet'))} (format parquet)"
            )
            shutil.rmtree(folder, ignore_errors=True)
            staging.rename(folder)
            counts[f"{schema}.{table}"] = con.execute(
                f"select count(*) from {_quote(schema)}.{_quote(table)}"
            ).fetchone()[0]
    finally:
        if own:
            con.close()
    return counts


if __name__ == "__main__":  # python -m dagster_project.parquet_export [warehouse.duckdb] [parquet_dir]
    import sys

    from dagster_project.settings import load_settings

    source = sys.argv[1] if len(sys.argv) > 1 else load_settings().warehouse_path
    for name, rows in export_sources_to_parquet(source, sys.argv[2] if len(sys.argv) > 2 else None).items():
        print(f"{name}: {rows} rows")
