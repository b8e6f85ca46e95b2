"""The one door Python uses to reach the warehouse.

Assets never open DuckDB themselves: they ask a `Warehouse` for a session, so a PostgreSQL or Spark
target is one more implementation of this small interface, not a rewrite.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import duckdb
import pandas as pd
import pyarrow as pa


def quote_ident(name: str) -> str:
    """Quote an identifier that came from untrusted text (a CSV header, a file name)."""
    return '"' + str(name).replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """A SQL string literal, for the few places that take no parameters (DDL, table-function options)."""
    return "'" + str(text).replace("'", "''") + "'"


def qualified(schema: str, table: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(table)}"


class WarehouseSession(Protocol):
    def execute(self, sql: str, params: list | None = None) -> None: ...

    def query_df(self, sql: str, params: list | None = None) -> pd.DataFrame: ...

    def ensure_schema(self, schema: str) -> None: ...

    def table_exists(self, schema: str, table: str) -> bool: ...

    def columns(self, schema: str, table: str) -> list[str]: ...

    def append(self, schema: str, table: str, data: pa.Table) -> None:
        """Append rows by column name; columns the table lacks are added first (as the Arrow type)."""
        ...

    def replace(self, schema: str, table: str, data: pa.Table) -> None: ...

    @contextmanager
    def transaction(self) -> Iterator[None]: ...


class Warehouse(Protocol):
    @contextmanager
    def session(self) -> Iterator[WarehouseSession]: ...


_ARROW_TO_SQL = {
    pa.string(): "varchar",
    pa.large_string(): "varchar",
    pa.int64(): "bigint",
    pa.int32(): "integer",
    pa.float64(): "double",
    pa.bool_(): "boolean",
    pa.date32(): "date",
}


def sql_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_timestamp(arrow_type):
        return "timestamp"
    return _ARROW_TO_SQL.get(arrow_type, "varchar")


class DuckDBSession:
    def __init__(self, connection: duckdb.DuckDBPyConnection):
        self.connection = connection

    def execute(self, sql: str, params: list | None = None) -> None:
        self.connection.execute(sql, params or [])

    def query_df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.connection.execute(sql, params or []).df()

    def ensure_schema(self, schema: str) -> None:
        self.connection.execute(f"create schema if not exists {quote_ident(schema)}")

    def table_exists(self, schema: str, table: str) -> bool:
        found = self.connection.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()
        return bool(found and found[0])

    def columns(self, schema: str, table: str) -> list[str]:
        rows = self.connection.execute(
            "select column_name from information_schema.columns"
            " where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, table],
        ).fetchall()
        return [row[0] for row in rows]

    def create_table(self, schema: str, table: str, arrow_schema: pa.Schema) -> None:
        self.ensure_schema(schema)
        column_sql = ", ".join(f"{quote_ident(f.name)} {sql_type(f.type)}" for f in arrow_schema)
        self.connection.execute(f"create table if not exists {qualified(schema, table)} ({column_sql})")

    def append(self, schema: str, table: str, data: pa.Table) -> None:
        if not self.table_exists(schema, table):
            self.create_table(schema, table, data.schema)
        existing = {name.lower() for name in self.columns(schema, table)}
        for field in data.schema:
            if field.name.lower() not in existing:
                self.connection.execute(
                    f"alter table {qualified(schema, table)} add column {quote_ident(field.name)} {sql_type(field.type)}"
                )
        if data.num_rows == 0:
            return
        self.connection.register("_incoming", data)
        try:
            names = ", ".join(quote_ident(name) for name in data.column_names)
            self.connection.execute(
                f"insert into {qualified(schema, table)} ({names}) select {names} from _incoming"
            )
        finally:
            self.connection.unregister("_incoming")

    def replace(self, schema: str, table: str, data: pa.Table) -> None:
        self.ensure_schema(schema)
        self.connection.register("_incoming", data)
        try:
            self.connection.execute(f"create or replace table {qualified(schema, table)} as select * from _incoming")
        finally:
            self.connection.unregister("_incoming")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.connection.execute("begin transaction")
        try:
            yield
        except BaseException:
            self.connection.execute("rollback")
            raise
        self.connection.execute("commit")


MEMORY_LIMIT = "2GB"


class DuckDBWarehouse:
    """The embedded default: one DuckDB file, opened only for the length of a session."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    @contextmanager
    def session(self) -> Iterator[DuckDBSession]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Bounded memory: DuckDB spills to disk past this instead of taking 80% of RAM
        # (a 20M-row events file peaked at 17 GB without it; see docs/benchmarks.md).
        connection = duckdb.connect(str(self.path), config={"memory_limit": MEMORY_LIMIT})
        try:
            yield DuckDBSession(connection)
        finally:
            connection.close()
