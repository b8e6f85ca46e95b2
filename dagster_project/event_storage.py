"""Dagster's SQLite event log with one open connection per database file, not one per write.

Dagster's `SqliteEventLogStorage` builds a new SQLAlchemy engine, connects and closes for every event
it stores; a run stores one for each dbt model and three for each dbt test, so that churn was a large
part of the bundled samples' run (docs/benchmarks.md, session 8). This class keeps the same files and
schema (an instance can switch back) and keeps each file's connection open. `.dagster_home/dagster.yaml`
selects it; its files are under `$DAGSTER_HOME/history/runs` unless `base_dir` says otherwise.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as db
from dagster import Field
from dagster._config import StringSource
from dagster._core.storage.event_log.polling_event_watcher import SqlPollingEventWatcher
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from sqlalchemy.pool import QueuePool

# A run worker writes two files (its run's and the index); the webserver reads many runs' files,
# so only the most recently used keep a connection.
MAX_OPEN_SHARDS = 8
BUSY_TIMEOUT_SECONDS = 30  # how long a write waits for another process's, as Dagster's own class


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` whose connection to each shard stays open between writes."""

    def __init__(self, base_dir: str | None = None, inst_data=None):
        self._engines: OrderedDict[str, db.Engine] = OrderedDict()
        self._engines_owner_pid = os.getpid()
        self._existing_tables: set[str] = set()
        self._poller: SqlPollingEventWatcher | None = None
        super().__init__(base_dir or default_base_dir(), inst_data=inst_data)

    @classmethod
    def config_type(cls):
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[db.Connection]:
        with self._db_lock, self._engine_for_shard(shard).connect() as conn, conn.begin():
            yield conn

    def _engine_for_shard(self, shard: str) -> db.Engine:
        self._forget_engines_of_parent_process()
        engine = self._engines.get(shard)
        if engine is None:
            # Two connections at most: creating the schema inspects it from a second one. Threads
            # take turns under _db_lock, so a connection may move between them.
            engine = db.create_engine(
                self.conn_string_for_shard(shard), poolclass=QueuePool, pool_size=1, max_overflow=1,
                connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False})
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            self._engines[shard] = engine
            while len(self._engines) > MAX_OPEN_SHARDS:
                self._engines.popitem(last=False)[1].dispose()
        self._engines.move_to_end(shard)
        return engine

    def _forget_engines_of_parent_process(self) -> None:
        # A forked child must neither use nor close the connections it inherited.
        if self._engines_owner_pid != os.getpid():
            for engine in self._engines.values():
                engine.dispose(close=False)
            self._engines.clear()
            self._engines_owner_pid = os.getpid()

    def _close_engines(self) -> None:
        with self._db_lock:
            self._forget_engines_of_parent_process()
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()

    def has_table(self, table_name: str) -> bool:
        # Asked once per asset-check event, and Dagster's answer opens an engine each time. Only a
        # yes is remembered: a table that exists stays (migrations only add).
        if table_name not in self._existing_tables and super().has_table(table_name):
            self._existing_tables.add(table_name)
        return table_name in self._existing_tables

    # Dagster's class learns of new events by watching the run's file change on disk, which happens
    # as a connection closes; with connections kept open the writes stay in the WAL file. So poll for
    # them instead, as Dagster's PostgreSQL storage does.
    def watch(self, run_id, cursor, callback) -> None:
        if self._poller is None:
            self._poller = SqlPollingEventWatcher(self)
        self._poller.watch_run(run_id, cursor, callback)

    def end_watch(self, run_id, handler) -> None:
        if self._poller is not None:
            self._poller.unwatch_run(run_id, handler)

    def wipe(self) -> None:
        self._close_engines()  # wipe deletes the run files: no connection may outlive them
        super().wipe()

    def dispose(self) -> None:
        if self._poller is not None:
            self._poller.close()
        self._close_engines()
        super().dispose()


def default_base_dir() -> str:
    """Where Dagster's default SQLite storage keeps run events: $DAGSTER_HOME/history/runs."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        raise RuntimeError("PooledSqliteEventLogStorage needs DAGSTER_HOME set, or base_dir in its config")
    return os.path.join(os.path.abspath(os.path.expanduser(home)), "history", "runs")
