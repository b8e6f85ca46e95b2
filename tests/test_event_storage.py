"""The instance's event log (dagster_project/event_storage.py): one connection per file, same files."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as db
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from dagster_project.event_storage import PooledSqliteEventLogStorage

from .conftest import PROJECT_ROOT


@dg.asset
def upstream() -> int:
    return 1


@dg.asset
def downstream(upstream: int) -> int:
    return upstream + 1


@dg.asset_check(asset=downstream)
def downstream_is_positive(downstream: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=downstream > 0)


@pytest.fixture
def project_instance(tmp_path, monkeypatch):
    """An instance configured by the project's dagster.yaml, in a DAGSTER_HOME of its own."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / ".dagster_home" / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        yield instance


@pytest.fixture
def sqlite_connects():
    """The database file of every new SQLite connection any engine opens meanwhile."""
    opened = []

    def on_connect(dbapi_connection, connection_record):
        opened.append(Path(dbapi_connection.execute("pragma database_list").fetchone()[2]))

    db.event.listen(db.Engine, "connect", on_connect)
    yield opened
    db.event.remove(db.Engine, "connect", on_connect)


def test_the_project_instance_stores_a_runs_events_over_one_connection_per_file(project_instance, sqlite_connects):
    storage = project_instance.event_log_storage
    assert isinstance(storage, PooledSqliteEventLogStorage)
    assert storage._base_dir == str(Path(project_instance.root_directory) / "history" / "runs")

    result = dg.materialize([upstream, downstream, downstream_is_positive], instance=project_instance)

    assert result.success
    events = project_instance.all_logs(result.run_id)
    assert len(events) > 20
    # Dagster's own SQLite storage connects once per stored event (and again for the index);
    # runs.db and schedules.db are other storages, not this one.
    event_files = [path.name for path in sqlite_connects if path.parent == Path(storage._base_dir)]
    assert event_files.count(f"{result.run_id}.db") <= 2, event_files  # the second creates its schema
    assert event_files.count("index.db") <= 2, event_files
    assert project_instance.get_latest_materialization_event(dg.AssetKey("downstream")).run_id == result.run_id
    check = project_instance.event_log_storage.get_asset_check_execution_history(
        dg.AssetCheckKey(dg.AssetKey("downstream"), "downstream_is_positive"), limit=1)
    assert check and check[0].run_id == result.run_id


def test_dagsters_own_sqlite_storage_reads_the_same_files(project_instance):
    result = dg.materialize([upstream, downstream], instance=project_instance)
    pooled_events = project_instance.all_logs(result.run_id)

    plain = SqliteEventLogStorage(project_instance.event_log_storage._base_dir)
    plain_events = plain.get_logs_for_run(result.run_id)

    assert [event.dagster_event_type for event in plain_events] == [
        event.dagster_event_type for event in pooled_events]
    plain.dispose()


def test_only_the_most_recently_used_files_stay_open(project_instance, monkeypatch):
    monkeypatch.setattr("dagster_project.event_storage.OPEN_FILES", 2)
    run_ids = [dg.materialize([upstream], instance=project_instance).run_id for _ in range(3)]

    open_files = list(project_instance.event_log_storage._engines)
    assert len(open_files) == 2
    assert run_ids[0] not in open_files
    # A closed file opens again when asked.
    assert project_instance.all_logs(run_ids[0])
