"""The instance's event log (dagster_project/event_storage.py): one connection per file, same files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
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
    pooled = project_instance.event_log_storage

    plain = SqliteEventLogStorage(pooled._base_dir)
    try:
        assert [event.dagster_event_type for event in plain.get_logs_for_run(result.run_id)] == [
            event.dagster_event_type for event in pooled.get_logs_for_run(result.run_id)]
        latest = plain.get_latest_materialization_events([dg.AssetKey("downstream")])[dg.AssetKey("downstream")]
        assert latest.run_id == result.run_id
    finally:
        plain.dispose()


WRITER = """
import logging, sys, time
from dagster._core.events.log import EventLogEntry
from dagster_project.event_storage import PooledSqliteEventLogStorage

storage = PooledSqliteEventLogStorage(sys.argv[1])
for number in range(int(sys.argv[3])):
    storage.store_event(EventLogEntry(error_info=None, level=logging.INFO, user_message=f"event {number}",
                                      run_id=sys.argv[2], timestamp=time.time()))
    time.sleep(0.05)
storage.dispose()
"""


def test_a_watcher_sees_the_events_another_process_writes(project_instance):
    """The UI follows a running run by watching its events: here the webserver's storage watches while
    a run worker, another process, writes (and keeps its connection open)."""
    storage = project_instance.event_log_storage
    run_id = "a-run-in-another-process"
    storage.get_logs_for_run(run_id)  # the run page's first read opens the file too
    seen = []

    def on_event(event, cursor):
        seen.append(event.user_message)

    storage.watch(run_id, None, on_event)
    try:
        subprocess.run([sys.executable, "-c", WRITER, storage._base_dir, run_id, "20"], check=True,
                       cwd=PROJECT_ROOT, timeout=120)
        deadline = time.monotonic() + 20
        while len(seen) < 20 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        storage.end_watch(run_id, on_event)
    assert seen == [f"event {number}" for number in range(20)]


def test_wiping_the_instance_closes_the_files_it_deletes(project_instance):
    storage = project_instance.event_log_storage
    before = dg.materialize([upstream], instance=project_instance).run_id

    project_instance.wipe()
    after = dg.materialize([upstream], instance=project_instance).run_id

    assert not storage.get_logs_for_run(before)
    plain = SqliteEventLogStorage(storage._base_dir)
    try:
        assert plain.get_logs_for_run(after), "events written after the wipe went to a deleted file"
    finally:
        plain.dispose()


def test_only_the_most_recently_used_files_stay_open(project_instance, monkeypatch):
    monkeypatch.setattr("dagster_project.event_storage.MAX_OPEN_SHARDS", 2)
    run_ids = [dg.materialize([upstream], instance=project_instance).run_id for _ in range(3)]

    open_files = list(project_instance.event_log_storage._engines)
    assert len(open_files) == 2
    assert run_ids[0] not in open_files
    # A closed file opens again when asked.
    assert project_instance.all_logs(run_ids[0])
