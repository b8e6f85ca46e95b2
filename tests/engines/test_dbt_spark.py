"""The dbt project runs unchanged on Apache Spark (local mode, dbt-spark `session`): `dbt build
--target spark` (models and data tests) passes, and the marts and sync tables equal DuckDB's.

Unit tests are left out here to keep the suite short: Spark spends about half of a full build
analysing their large fixture queries (about 250 s in all), and they check model logic that the DuckDB
and PostgreSQL builds already run. `dbt build --target spark` with them passes too (README).

The path a Spark user takes (README "Other engines"): the Python assets land and enrich into DuckDB,
dagster_project/parquet_export.py writes the raw.* and enriched.* tables as Parquet, and dbt on Spark
reads them as external tables. Spark's metastore, warehouse and logs stay in a temp folder.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from dagster_project.parquet_export import export_sources_to_parquet
from tests.engines.conftest import (
    AS_OF_VARS,
    COMPARED_TABLES,
    DBT_PROJECT_DIR,
    assert_same_tables,
    dbt_output_tail,
    duckdb_tables,
    run_dbt,
    sorted_rows,
)

# Files Spark would leave in its working folder if the profile did not send them elsewhere.
STRAY_SPARK_FILES = ("metastore_db", "spark-warehouse", "derby.log")


@pytest.fixture(scope="module")
def spark_built(sample_warehouse, tmp_path_factory):
    """`dbt build --target spark` over the sample sources exported to Parquet: (spark dir, result)."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Spark needs it); .ci/run installs default-jre-headless")
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[dev]')")
    base = tmp_path_factory.mktemp("spark")
    parquet_dir, spark_dir = base / "parquet", base / "spark"
    spark_dir.mkdir()
    exported = export_sources_to_parquet(sample_warehouse, parquet_dir)
    assert exported.get("raw.activity_events", 0) > 0 and exported.get("enriched.lead_records", 0) > 0
    stray_before = {name for name in STRAY_SPARK_FILES if (DBT_PROJECT_DIR / name).exists()}
    started = time.monotonic()
    result = run_dbt(
        ["build", "--vars", AS_OF_VARS, "--exclude-resource-type", "unit_test"],
        {
            "DBT_TARGET": "spark",
            "LEADS_PARQUET_DIR": str(parquet_dir),
            "LEADS_SPARK_DIR": str(spark_dir),
            "LEADS_SPARK_DRIVER_MEMORY": "1g",
            "LEADS_SPARK_SHUFFLE_PARTITIONS": "2",
            "SPARK_LOCAL_IP": "127.0.0.1",
        },
        base / "target",
        timeout=900,
    )
    print(f"dbt build --target spark: {time.monotonic() - started:.1f}s")
    assert result.returncode == 0, "dbt build --target spark failed:\n" + dbt_output_tail(result)
    stray_after = {name for name in STRAY_SPARK_FILES if (DBT_PROJECT_DIR / name).exists()}
    return spark_dir, result, stray_after - stray_before


def spark_tables(spark_dir: Path, tables=COMPARED_TABLES) -> dict:
    """Spark's managed tables are Parquet folders under spark-warehouse/<schema>.db/<table>/: read
    them with DuckDB (no second Spark session needed)."""
    import duckdb

    con = duckdb.connect()
    result = {}
    try:
        for name in tables:
            schema, table = name.split(".")
            folder = spark_dir / "spark-warehouse" / f"{schema}.db" / table
            files = sorted(str(p) for p in folder.glob("*.parquet"))
            if not files:
                continue
            relation = con.read_parquet(files)
            columns = tables[name] or list(relation.columns)
            select = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
            result[name] = (columns, sorted_rows(columns, relation.query("t", f"select {select} from t").fetchall()))
    finally:
        con.close()
    return result


def test_dbt_build_passes_on_spark(spark_built):
    _, result, stray = spark_built
    output = result.stdout
    assert "Completed successfully" in output, dbt_output_tail(result)
    assert " ERROR=0 " in output and " SKIP=0 " in output, dbt_output_tail(result)
    assert "data test" in output
    assert not stray, f"Spark left {sorted(stray)} in {DBT_PROJECT_DIR}: the profile must send them to LEADS_SPARK_DIR"


def test_spark_marts_equal_duckdb(spark_built, sample_warehouse):
    spark_dir, _, _ = spark_built
    expected = duckdb_tables(sample_warehouse)
    actual = spark_tables(spark_dir)
    assert_same_tables(expected, actual, "spark")
