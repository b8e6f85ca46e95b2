"""The one door Python uses to reach the warehouse.

Assets never open DuckDB themselves: they ask a `Warehouse` for a session, so a PostgreSQL or Spark
target is one more implementation of this small interface, not a rewrite. Two implementations:
`DuckDBWarehouse` (the embedded default, one file) and `PostgresWarehouse` (`DBT_TARGET=postgres`,
connected from the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).

SQL handed to a session is portable: `?` placeholders (the PostgreSQL session translates them),
ANSI functions both engines know (information_schema, count(*), coalesce, cast ... as double
precision), and `placeholders(n)` for an IN list instead of a list parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import duckdb
import pandas as pd
import pyarrow as pa

from .settings import DUCKDB_MEMORY_LIMIT


def quote_ident(name: str) -> str:
    """Quote an identifier that came from untrusted text (a CSV header, a file name)."""
    return '"' + str(name).replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """A SQL string literal, for the few places that take no parameters (DDL, table-function options)."""
    return "'" + str(text).replace("'", "''") + "'"


def qualified(schema: str, table: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(table)}"


def placeholders(count: int) -> str:
    """`?, ?, ?` for an IN list of `count` parameters (`null` when there are none: matches nothing)."""
    return ", ".join("?" * count) if count else "null"


def limit_memory(session: WarehouseSession, limit: str) -> None:
    """Lower DuckDB's memory limit for the rest of the session (elsewhere nothing to do). For a session
    that streams rows from table to table: it spills past the limit at little cost, and leaves the
    memory to the processes beside it (the enrichment workers) or after it (dbt)."""
    if session.dialect == "duckdb":
        session.execute(f"set memory_limit = {quote_literal(limit)}")


def chunked(values: list, size: int = 1000) -> Iterator[list]:
    """`values` in slices of at most `size`, for IN lists of bounded length."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


class WarehouseSession(Protocol):
    dialect: str  # "duckdb" or "postgres": for the few engine-specific fast paths

    def sql_type(self, arrow_type: pa.DataType) -> str: ...

    def execute(self, sql: str, params: list | None = None) -> None: ...

    def query_df(self, sql: str, params: list | None = None) -> pd.DataFrame: ...

    def query_arrow(self, sql: str, params: list | None = None) -> pa.Table: ...

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
    dialect = "duckdb"
    sql_type = staticmethod(sql_type)

    def __init__(self, connection: duckdb.DuckDBPyConnection):
        self.connection = connection

    @contextmanager
    def cursor(self) -> Iterator[DuckDBSession]:
        """Another connection to the same database (and its attached files), for a second thread."""
        cursor = self.connection.cursor()
        try:
            yield DuckDBSession(cursor)
        finally:
            cursor.close()

    def execute(self, sql: str, params: list | None = None) -> None:
        self.connection.execute(sql, params or [])

    def query_df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.connection.execute(sql, params or []).df()

    def query_arrow(self, sql: str, params: list | None = None) -> pa.Table:
        return self.connection.sql(sql, params=params or None).to_arrow_table()

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


class DuckDBWarehouse:
    """The embedded default: one DuckDB file, opened only for the length of a session."""

    def __init__(self, path: str | Path, memory_limit: str = DUCKDB_MEMORY_LIMIT):
        self.path = Path(path)
        self.memory_limit = memory_limit

    @contextmanager
    def session(self) -> Iterator[DuckDBSession]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Bounded memory: DuckDB spills to disk past this instead of taking 80% of RAM
        # (a 20M-row events file peaked at 17 GB without it; see docs/benchmarks.md).
        connection = duckdb.connect(str(self.path), config={"memory_limit": self.memory_limit})
        try:
            yield DuckDBSession(connection)
        finally:
            connection.close()
            # Arrow's allocator keeps what results and batches freed (0.4 GB after reading 1M
            # records) for reuse. Give it back: dbt runs next, beside this process, for minutes.
            pa.default_memory_pool().release_unused()


# --- PostgreSQL -------------------------------------------------------------------------------------

# Identifiers longer than this many bytes are truncated by PostgreSQL (NAMEDATALEN - 1).
POSTGRES_MAX_IDENTIFIER_BYTES = 63
COPY_BATCH_ROWS = 10_000
_COPY_READ_BYTES = 1 << 20


def postgres_sql_type(arrow_type: pa.DataType) -> str:
    """The PostgreSQL column type for an Arrow type (what DuckDB would pick, in PostgreSQL's names)."""
    if pa.types.is_dictionary(arrow_type):
        return postgres_sql_type(arrow_type.value_type)
    if pa.types.is_timestamp(arrow_type):
        return "timestamp with time zone" if arrow_type.tz else "timestamp"
    if pa.types.is_decimal(arrow_type):
        return f"numeric({arrow_type.precision}, {arrow_type.scale})"
    if pa.types.is_int8(arrow_type) or pa.types.is_int16(arrow_type) or pa.types.is_uint8(arrow_type):
        return "smallint"
    if pa.types.is_int32(arrow_type) or pa.types.is_uint16(arrow_type):
        return "integer"
    if pa.types.is_int64(arrow_type) or pa.types.is_uint32(arrow_type):
        return "bigint"
    if pa.types.is_uint64(arrow_type):
        return "numeric(20, 0)"
    if pa.types.is_float16(arrow_type) or pa.types.is_float32(arrow_type):
        return "real"
    if pa.types.is_float64(arrow_type):
        return "double precision"
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_date(arrow_type):
        return "date"
    if pa.types.is_time(arrow_type):
        return "time"
    return "text"


def postgres_identifier(name: str) -> str:
    """The name PostgreSQL stores for `name`: cut to 63 bytes (on a character boundary), as the server does."""
    encoded = str(name).encode("utf-8")
    if len(encoded) <= POSTGRES_MAX_IDENTIFIER_BYTES:
        return str(name)
    return encoded[:POSTGRES_MAX_IDENTIFIER_BYTES].decode("utf-8", "ignore")


def to_pyformat(sql: str) -> str:
    """`?` placeholders to psycopg2's `%s` (and a literal `%` to `%%`), leaving quoted text and comments alone."""
    out: list[str] = []
    index, length = 0, len(sql)
    while index < length:
        char = sql[index]
        if char in ("'", '"'):
            end = index + 1
            while end < length:
                if sql[end] == char:
                    if end + 1 < length and sql[end + 1] == char:  # doubled quote inside the literal
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[index:end + 1].replace("%", "%%"))
            index = end + 1
        elif sql.startswith("--", index):
            end = sql.find("\n", index)
            end = length if end < 0 else end
            out.append(sql[index:end].replace("%", "%%"))
            index = end
        elif sql.startswith("/*", index):
            end = sql.find("*/", index + 2)
            end = length if end < 0 else end + 2
            out.append(sql[index:end].replace("%", "%%"))
            index = end
        elif char == "?":
            out.append("%s")
            index += 1
        elif char == "%":
            out.append("%%")
            index += 1
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _python_value(value):
    """A parameter psycopg2 can adapt: numpy and pandas scalars become Python ones."""
    if isinstance(value, (list, tuple)):
        return [_python_value(item) for item in value]
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if type(value).__name__ == "datetime64":
        return None if pd.isna(value) else pd.Timestamp(value).to_pydatetime()
    item = getattr(value, "item", None)
    if item is not None and type(value).__module__ == "numpy":
        return item()
    return value


def _csv_ready(data: pa.Table) -> pa.Table:
    """Columns pyarrow's CSV writer and COPY both understand: dictionaries decoded, all-null as text."""
    columns, changed = [], False
    for column in data.columns:
        if pa.types.is_dictionary(column.type):
            column, changed = column.cast(column.type.value_type), True
        elif pa.types.is_null(column.type):
            column, changed = column.cast(pa.string()), True
        columns.append(column)
    return pa.table(columns, names=data.column_names) if changed else data


class _CsvStream:
    """A read-only file over an Arrow table written as CSV batch by batch, for COPY ... FROM STDIN.

    pyarrow writes a null as an empty unquoted field and every string quoted (so '' is `""`), which is
    exactly how PostgreSQL's CSV format tells NULL from an empty string. Only one batch is held at a time.
    """

    def __init__(self, data: pa.Table, batch_rows: int = COPY_BATCH_ROWS):
        import pyarrow.csv as pa_csv

        self._csv = pa_csv
        self._options = pa_csv.WriteOptions(include_header=False)
        self._batches = iter(data.to_batches(max_chunksize=batch_rows))
        self._buffer = memoryview(b"")
        self._position = 0

    def _fill(self) -> bool:
        for batch in self._batches:
            if batch.num_rows == 0:
                continue
            sink = pa.BufferOutputStream()
            self._csv.write_csv(batch, sink, self._options)
            self._buffer, self._position = memoryview(sink.getvalue().to_pybytes()), 0
            return True
        return False

    def read(self, size: int = -1) -> bytes:
        if self._position >= len(self._buffer) and not self._fill():
            return b""
        end = len(self._buffer) if size is None or size < 0 else self._position + size
        chunk = self._buffer[self._position:end]
        self._position += len(chunk)
        return chunk.tobytes()


_DATETIME_OIDS = {1082, 1114}  # date, timestamp (without time zone)


class PostgresSession:
    """A warehouse session on PostgreSQL: autocommit, except inside `transaction()`; loads use COPY."""

    dialect = "postgres"
    sql_type = staticmethod(postgres_sql_type)

    def __init__(self, connection):
        self.connection = connection
        self._in_transaction = False

    def _cursor(self, sql: str, params: list | None):
        cursor = self.connection.cursor()
        if params:
            cursor.execute(to_pyformat(sql), [_python_value(value) for value in params])
        else:
            cursor.execute(sql)
        return cursor

    def execute(self, sql: str, params: list | None = None) -> None:
        self._cursor(sql, params).close()

    def query_df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        cursor = self._cursor(sql, params)
        try:
            description = list(cursor.description or [])
            rows = cursor.fetchall() if description else []
        finally:
            cursor.close()
        frame = pd.DataFrame.from_records(rows, columns=[column.name for column in description])
        # Dates and timestamps as datetime64 columns, as DuckDB's DataFrames have them.
        for position, column in enumerate(description):
            if column.type_code in _DATETIME_OIDS and len(frame):
                frame.isetitem(position, pd.to_datetime(frame.iloc[:, position]))
        return frame

    def query_arrow(self, sql: str, params: list | None = None) -> pa.Table:
        return pa.Table.from_pandas(self.query_df(sql, params), preserve_index=False)

    def ensure_schema(self, schema: str) -> None:
        self.execute(f"create schema if not exists {quote_ident(schema)}")

    def table_exists(self, schema: str, table: str) -> bool:
        found = self.query_df(
            "select count(*) as n from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, postgres_identifier(table)],
        )
        return bool(found["n"].iloc[0])

    def columns(self, schema: str, table: str) -> list[str]:
        rows = self.query_df(
            "select column_name from information_schema.columns"
            " where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, postgres_identifier(table)],
        )
        return rows["column_name"].tolist()

    def create_table(self, schema: str, table: str, arrow_schema: pa.Schema) -> None:
        self.ensure_schema(schema)
        column_sql = ", ".join(f"{quote_ident(f.name)} {postgres_sql_type(f.type)}" for f in arrow_schema)
        self.execute(f"create table if not exists {qualified(schema, table)} ({column_sql})")

    def append(self, schema: str, table: str, data: pa.Table) -> None:
        if not self.table_exists(schema, table):
            self.create_table(schema, table, data.schema)
        # As in DuckDB, a column name matches an existing column whatever its case (and, as PostgreSQL
        # stores them, names past 63 bytes match on their first 63).
        existing = {postgres_identifier(name).lower(): name for name in self.columns(schema, table)}
        targets = []
        for field in data.schema:
            key = postgres_identifier(field.name).lower()
            if key not in existing:
                self.execute(
                    f"alter table {qualified(schema, table)} add column {quote_ident(field.name)}"
                    f" {postgres_sql_type(field.type)}"
                )
                existing[key] = postgres_identifier(field.name)
            targets.append(existing[key])
        if data.num_rows:
            self._copy(schema, table, targets, data)

    def _copy(self, schema: str, table: str, columns: list[str], data: pa.Table) -> None:
        names = ", ".join(quote_ident(name) for name in columns)
        with self.connection.cursor() as cursor:
            cursor.copy_expert(
                f"copy {qualified(schema, table)} ({names}) from stdin with (format csv)",
                _CsvStream(_csv_ready(data)),
                size=_COPY_READ_BYTES,
            )

    def replace(self, schema: str, table: str, data: pa.Table) -> None:
        """Drop, create and fill the table in one transaction: readers see the old rows or the new ones."""
        if self._in_transaction:
            self._replace(schema, table, data)
        else:
            with self.transaction():
                self._replace(schema, table, data)

    def _replace(self, schema: str, table: str, data: pa.Table) -> None:
        self.ensure_schema(schema)
        self.execute(f"drop table if exists {qualified(schema, table)}")
        self.create_table(schema, table, data.schema)
        if data.num_rows:
            self._copy(schema, table, [postgres_identifier(name) for name in data.column_names], data)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        # Like DuckDB: one level only (a nested BEGIN would let the inner COMMIT end the outer one).
        if self._in_transaction:
            raise RuntimeError("a warehouse transaction is already open in this session")
        self.execute("begin")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._in_transaction = False
            self.execute("rollback")
            raise
        self._in_transaction = False
        self.execute("commit")


class PostgresWarehouse:
    """A PostgreSQL database, reached with the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD,
    PGDATABASE) or a connection string; one connection per session. The password is never logged."""

    def __init__(self, dsn: str = "", **connect_kwargs):
        self.dsn = dsn
        self.connect_kwargs = connect_kwargs

    def __repr__(self) -> str:
        import os

        target = {key: os.environ.get(key, "") for key in ("PGHOST", "PGPORT", "PGDATABASE", "PGUSER")}
        return "PostgresWarehouse(" + ", ".join(f"{k}={v!r}" for k, v in target.items()) + ")"

    @contextmanager
    def session(self) -> Iterator[PostgresSession]:
        import psycopg2
        import psycopg2.extensions

        connection = psycopg2.connect(
            self.dsn, application_name="lead_warehouse", options="-c TimeZone=UTC", **self.connect_kwargs
        )
        try:
            connection.autocommit = True
            connection.set_client_encoding("UTF8")
            # numeric arrives as float, as DuckDB's DataFrames give DECIMAL.
            as_float = psycopg2.extensions.new_type(
                psycopg2.extensions.DECIMAL.values, "LEADS_NUMERIC_AS_FLOAT",
                lambda value, _cursor: float(value) if value is not None else None,
            )
            psycopg2.extensions.register_type(as_float, connection)
            yield PostgresSession(connection)
        finally:
            connection.close()


def warehouse_for_target(
    dbt_target: str, duckdb_path: str | Path, duckdb_memory_limit: str = DUCKDB_MEMORY_LIMIT
) -> Warehouse:
    """The warehouse of a dbt target: PostgreSQL for `postgres` (from the PG* variables), else the DuckDB file."""
    return PostgresWarehouse() if dbt_target == "postgres" else DuckDBWarehouse(duckdb_path, duckdb_memory_limit)
