"""The Dagster code location: groups, job, schedule, sensor, pools, and the small pure helpers."""

import datetime as dt
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.assets.dbt import DbtBuildConfig, dbt_build_args, prune_dbt_targets
from dagster_project.definitions import defs
from dagster_project.resources import WAREHOUSE_POOL
from dagster_project.sensors import new_file_requests
from dagster_project.settings import load_settings, parse_as_of


def test_asset_graph_has_the_four_groups():
    graph = defs.resolve_asset_graph()
    groups = {graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert {"ingest", "enrich", "transform"} <= groups


def test_every_asset_that_writes_the_warehouse_is_in_the_warehouse_pool():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if node.is_materializable:
            assert node.pools == {WAREHOUSE_POOL}, key


def test_daily_job_schedule_and_sensor_are_defined():
    job = defs.resolve_job_def("daily_leads")
    assert job is not None
    schedule = defs.resolve_schedule_def("daily_leads_0600_utc")
    assert schedule.cron_schedule == "0 6 * * *" and schedule.execution_timezone == "UTC"
    assert defs.resolve_sensor_def("landing_folder_sensor").job_name == "daily_leads"


def test_raw_asset_keys_line_up_with_dbt_sources():
    graph = defs.resolve_asset_graph()
    staging = graph.get(next(k for k in graph.get_all_asset_keys() if k.path == ["staging", "stg_hubspot__contacts"]))
    assert [k.path for k in staging.parent_keys] == [["raw", "hubspot_contacts"]]


def test_dbt_build_leaves_unit_tests_to_make_test_unless_asked():
    assert dbt_build_args() == ["build", "--exclude-resource-type", "unit_test"]
    assert dbt_build_args(DbtBuildConfig(full_refresh=True, unit_tests=True)) == ["build", "--full-refresh"]


def test_only_the_newest_dbt_target_folders_of_a_step_are_kept_once_a_day_old(tmp_path):
    def folder(name: str, age_days: float) -> Path:
        path = tmp_path / name
        (path / "compiled").mkdir(parents=True)
        (path / "run_results.json").write_text("{}")
        stamp = time.time() - age_days * 86400
        os.utime(path, (stamp, stamp))
        return path

    models = [folder(f"dbt_models-run{age}-abc{age}", 1.5 + age) for age in range(5)]
    running = folder("dbt_models-run9-abc9", 0.5)  # another instance's run may still write it
    staging = folder("dbt_staging-run8-abc8", 30)
    (tmp_path / "manifest.json").write_text("{}")  # what `make manifest` leaves beside them

    prune_dbt_targets(tmp_path, "dbt_models", keep=2)

    assert running.exists()
    assert [path.exists() for path in models] == [True, False, False, False, False]
    assert staging.exists() and (tmp_path / "manifest.json").exists()

    prune_dbt_targets(tmp_path, "dbt_models", keep=0)
    assert running.exists() and not models[0].exists()


def test_settings_read_the_public_environment(tmp_path):
    settings = load_settings(
        {"LEADS_WAREHOUSE": str(tmp_path / "w.duckdb"), "LEADS_LANDING_DIR": str(tmp_path), "LEADS_AS_OF": "2026-01-31"}
    )
    assert settings.warehouse_path == tmp_path / "w.duckdb" and settings.landing_dir == tmp_path
    assert settings.as_of == date(2026, 1, 31) and settings.dbt_target == "duckdb"
    assert settings.published_path.name == "w_published.duckdb"


def test_a_bad_run_date_is_an_error_not_today():
    with pytest.raises(ValueError, match="LEADS_AS_OF"):
        parse_as_of("20/11/2026")


def test_sensor_requests_one_run_per_new_or_changed_file_keyed_by_sha256(tmp_path):
    (tmp_path / "a.csv").write_text("x\n1\n")
    (tmp_path / "b.csv").write_text("x\n1\n")  # same content: same run key
    requests, cursor = new_file_requests(tmp_path, {})
    assert len({r.run_key for r in requests}) == 1 and len(requests) == 2
    assert new_file_requests(tmp_path, cursor)[0] == []
    (tmp_path / "a.csv").write_text("x\n2\n")
    changed, _ = new_file_requests(tmp_path, cursor)
    assert [r.tags["landing_file"] for r in changed] == ["a.csv"]


def test_dbt_gets_the_warehouse_path_python_resolved_and_the_partition_as_leads_as_of(tmp_path, monkeypatch):

    from dagster_project.assets.dbt import dbt_environment

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEADS_WAREHOUSE", "relative/leads.duckdb")
    monkeypatch.setenv("LEADS_AS_OF", "2026-11-20")
    with dbt_environment(dg.build_asset_context()):
        assert os.environ["LEADS_WAREHOUSE"] == str(tmp_path / "relative" / "leads.duckdb")
        assert os.environ["LEADS_AS_OF"] == "2026-11-20"
    # A day partition (a scheduled run, a backfill) is the run's as-of date, for that dbt call only.
    with dbt_environment(dg.build_asset_context(partition_key="2026-11-18")):
        assert os.environ["LEADS_AS_OF"] == "2026-11-18"
    assert os.environ["LEADS_AS_OF"] == "2026-11-20" and os.environ["LEADS_WAREHOUSE"] == "relative/leads.duckdb"


def test_one_duckdb_memory_limit_for_dagster_and_dbt(monkeypatch, tmp_path):
    from dagster_project.assets.dbt import dbt_environment
    from dagster_project.resources import open_warehouse
    from dagster_project.settings import DBT_PROJECT_DIR, DUCKDB_MEMORY_LIMIT

    # dbt run by hand gets the same default as the job.
    profile = (DBT_PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8")
    assert f"env_var('LEADS_DUCKDB_MEMORY_LIMIT', '{DUCKDB_MEMORY_LIMIT}')" in profile
    monkeypatch.delenv("LEADS_DUCKDB_MEMORY_LIMIT", raising=False)
    with dbt_environment(dg.build_asset_context()):
        assert os.environ["LEADS_DUCKDB_MEMORY_LIMIT"] == DUCKDB_MEMORY_LIMIT
    monkeypatch.setenv("LEADS_DUCKDB_MEMORY_LIMIT", "300MB")
    with dbt_environment(dg.build_asset_context()):
        assert os.environ["LEADS_DUCKDB_MEMORY_LIMIT"] == "300MB"
    with open_warehouse(str(tmp_path / "w.duckdb")).session() as session:
        limit = session.query_df("select current_setting('memory_limit') as limit")["limit"].iloc[0]
    assert limit == "286.1 MiB"  # 300 MB, as DuckDB reports it


def test_streaming_sessions_run_under_a_smaller_memory_limit(tmp_path):
    # Enrichment and publishing only page rows through: they leave the memory to the workers and to dbt.
    from dagster_project.assets.sync import PUBLISH_SESSION_MEMORY_LIMIT
    from dagster_project.resources import open_warehouse
    from dagster_project.warehouse import limit_memory

    with open_warehouse(str(tmp_path / "w.duckdb")).session() as session:
        limit_memory(session, PUBLISH_SESSION_MEMORY_LIMIT)
        limit = session.query_df("select current_setting('memory_limit') as limit")["limit"].iloc[0]
    assert limit == "488.2 MiB"  # 512 MB, as DuckDB reports it


def test_dbt_sessions_take_the_memory_limit_and_build_hash_joins_as_the_models_are_written(tmp_path):
    # Read back through dbt itself: DuckDB's build-side choice on misestimated joins put whole contact
    # rows into hash tables, and a sync state ran out of memory at 1M leads; lists of constants
    # planned as joins typed every event's flag that no reader selects (dbt_leads/profiles.yml).
    from dagster_project.settings import DBT_PROJECT_DIR

    environment = {**os.environ, "LEADS_WAREHOUSE": str(tmp_path / "w.duckdb"), "LEADS_DUCKDB_MEMORY_LIMIT": "300MB",
                   "DO_NOT_TRACK": "1"}
    query = ("select current_setting('disabled_optimizers') as disabled_optimizers,"
             " current_setting('memory_limit') as memory_limit")
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "show", "--inline", query, "--output", "json", "--quiet",
         "--profiles-dir", ".", "--target-path", str(tmp_path / "target")],
        cwd=DBT_PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    [settings] = json.loads(completed.stdout)["show"]
    assert set(settings["disabled_optimizers"].split(",")) == {"build_side_probe_side", "in_clause"}
    assert settings["memory_limit"] == "286.1 MiB"


def test_with_the_in_clause_rewrite_off_a_list_of_constants_is_no_join():
    # What `in_clause` in dbt_leads/profiles.yml buys: DuckDB turns `x in (five or more constants)`
    # into a mark join, which it runs even when no column the query selects reads the answer.
    connection = duckdb.connect()
    connection.execute("create table events as select 'row ' || i as occurred_at from range(10) as r(i)")
    flag = "lower(trim(occurred_at)) in ('', 'select', '--', 'n/a', 'na', 'null', 'none', '-')"
    connection.execute(f"create view typed as select occurred_at, {flag} as is_blank from events")

    def plan(sql: str) -> str:
        return "\n".join(row[1] for row in connection.execute(f"explain {sql}").fetchall())

    assert "MARK" in plan("select occurred_at from typed")  # DuckDB's default: joined for nothing
    connection.execute("set disabled_optimizers = 'build_side_probe_side,in_clause'")
    assert "MARK" not in plan("select occurred_at from typed")
    assert connection.execute("select count(*) from typed where is_blank").fetchone() == (0,)


def test_the_daily_job_is_partitioned_by_day_one_run_per_day():
    job = defs.resolve_job_def("daily_leads")
    assert isinstance(job.partitions_def, dg.DailyPartitionsDefinition)
    assert job.backfill_policy.max_partitions_per_run == 1
    keys = job.partitions_def.get_partition_keys(current_time=dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC))
    assert keys[0] == "2024-01-01" and keys[-1] == "2026-11-23"  # today is a partition: the 06:00 run scores it
    schedule = defs.resolve_schedule_def("daily_leads_0600_utc")
    assert schedule.cron_schedule == "0 6 * * *"


def test_dbt_runs_without_an_in_process_adapter_or_a_version_subprocess():
    from dagster_project.resources import LeadWarehouseDbt, default_resources

    dbt = default_resources()["dbt"]
    assert isinstance(dbt, LeadWarehouseDbt)
    assert dbt._cli_version.major == 1  # read from the installed dbt-core, not `dbt --version`
    assert dbt._initialize_dbt_core_adapter(["build"]) is None


def test_loading_the_code_location_freezes_its_heap_and_leaves_collection_on():
    """The definitions' heap (dbt's manifest as asset specs) stays out of garbage collection, which
    walked it at every collection while loading and once more at exit; collection itself stays on."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import gc, dagster_project.definitions; print(gc.isenabled(), gc.get_freeze_count())"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1])
    enabled, frozen = loaded.stdout.split()
    assert enabled == "True"
    assert int(frozen) > 100_000
