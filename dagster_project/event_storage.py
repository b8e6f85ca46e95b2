"""Dagster's SQLite event log with one open connection per database file, not one per write.

Dagster's `SqliteEventLogStorage` builds a new SQLAlchemy engine, connects and closes for every event
it stores, and in WAL mode each close also checkpoints the file. The daily job stores about 870
events a run (one per dbt model and test, and their plans), so that churn was 3 s of the bundled
samples' 25 s (docs/benchmarks.md, session 8). This class keeps the same files and schema (an
instance can switch back) and only keeps each file's connection open: `.dagster_home/dagster.yaml`
selects it. A PostgreSQL instance (dagster-postgres) pools its connections already.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as db
from dagster import Field
from dagster._config import StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy.pool import QueuePool

# A run worker writes two files (its run's and the index); the webserver reads many runs' files,
# so only the most recently used keep a connection.
OPEN_FILES = 8


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` whose connection to each shard stays open between writes."""

    def __init__(self, base_dir: str | None = None, inst_data=None):
        self._engines: OrderedDict[str, db.Engine] = OrderedDict()
        self._engines_pid = os.getpid()
        self._existing_tables: set[str] = set()
        super().__init__(base_dir or default_base_dir(), inst_data=inst_data)

    @classmethod
    def config_type(cls):
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[db.Connection]:
        with self._db_lock, self._engine(shard).connect() as conn, conn.begin():
            yield conn

    def _engine(self, shard: str) -> db.Engine:
        if self._engines_pid != os.getpid():  # a forked child must not share its parent's connections
            for engine in self._engines.values():
                engine.dispose(close=False)
            self._engines.clear()
            self._engines_pid = os.getpid()
        engine = self._engines.get(shard)
        if engine is None:
            # Two connections at most: creating the schema inspects it from a second one.
            engine = db.create_engine(self.conn_string_for_shard(shard), poolclass=QueuePool, pool_size=1,
                                      max_overflow=1, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            self._engines[shard] = engine
            while len(self._engines) > OPEN_FILES:
                self._engines.popitem(last=False)[1].dispose()
        self._engines.move_to_end(shard)
        return engine

    def has_table(self, table_name: str) -> bool:
        # Asked once per asset-check event; a table that exists stays (migrations only add).
        if table_name not in self._existing_tables and super().has_table(table_name):
            self._existing_tables.add(table_name)
        return table_name in self._existing_tables

    def dispose(self) -> None:
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()
        super().dispose()


def default_base_dir() -> str:
    """Where Dagster's default SQLite storage keeps run events: $DAGSTER_HOME/history/runs."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        raise RuntimeError("PooledSqliteEventLogStorage without base_dir needs DAGSTER_HOME set")
    return os.path.join(os.path.abspath(os.path.expanduser(home)), "history", "runs")
