"""PostgresSession, the PostgreSQL side of the warehouse interface, against a throw-away server.

Each test gets its own empty database (`postgres_database`), so tests never see each other's tables.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pyarrow as pa
import pytest

from dagster_project.warehouse import (
    DuckDBWarehouse,
    PostgresWarehouse,
    chunked,
    placeholders,
    postgres_sql_type,
    to_pyformat,
)
from tests.conftest import Environment

pytest.importorskip("psycopg2")

AWKWARD_TEXT = [
    'a "quoted" value, with a comma',
    "two\nlines\r\nand a CRLF",
    "",
    None,
    "ünïcødé – 中文 – 🙂",
    "back\\slash and \\N and NULL",
    "  leading and trailing  ",
    "tab\there;semicolon|pipe",
]


@pytest.fixture
def warehouse(postgres_database):
    with Environment(**postgres_database.environ()):
        yield PostgresWarehouse()


@pytest.fixture
def session(warehouse):
    with warehouse.session() as session:
        yield session


def test_pyformat_translation_leaves_literals_and_comments_alone():
    assert to_pyformat("select ? where a = '?' and b like 'x%' -- what?\n and c = ?") == (
        "select %s where a = '?' and b like 'x%%' -- what?\n and c = %s"
    )
    assert to_pyformat('select "odd?""name", 100 % 7, ? /* ? */') == 'select "odd?""name", 100 %% 7, %s /* ? */'
    assert placeholders(3) == "?, ?, ?" and placeholders(0) == "null"
    assert [len(c) for c in chunked(list(range(2500)))] == [1000, 1000, 500]


def test_sql_types():
    assert postgres_sql_type(pa.float64()) == "double precision"
    assert postgres_sql_type(pa.string()) == "text"
    assert postgres_sql_type(pa.int64()) == "bigint"
    assert postgres_sql_type(pa.timestamp("us")) == "timestamp"
    assert postgres_sql_type(pa.timestamp("ns", tz="UTC")) == "timestamp with time zone"
    assert postgres_sql_type(pa.bool_()) == "boolean"
    assert postgres_sql_type(pa.date32()) == "date"


def test_copy_round_trips_quotes_newlines_nulls_and_unicode(session):
    data = pa.table({
        "text": pa.array(AWKWARD_TEXT, pa.string()),
        "number": pa.array([1, None, 3, 4, 5, 6, 7, 8], pa.int64()),
        "ratio": pa.array([0.5, None, 1e20, -2.25, 0.0, 1 / 3, None, 7.0], pa.float64()),
        "flag": pa.array([True, False, None, True, False, None, True, False]),
        "at": pa.array([datetime(2026, 11, 20, 8, 30, 15, 123456)] + [None] * 7, pa.timestamp("us")),
        "day": pa.array([date(2026, 11, 20)] + [None] * 7, pa.date32()),
        "row": pa.array(range(8), pa.int64()),
    })
    session.append("raw", "awkward", data)
    back = session.query_df("select * from raw.awkward order by row")
    texts = [None if pd.isna(value) else value for value in back["text"]]
    assert texts == AWKWARD_TEXT  # '' stays '', NULL stays NULL
    assert back["number"].iloc[0] == 1 and pd.isna(back["number"].iloc[1])
    assert back["ratio"].iloc[5] == 1 / 3 and back["ratio"].iloc[2] == 1e20
    assert back["flag"].tolist()[:2] == [True, False] and pd.isna(back["flag"].iloc[2])
    assert pd.Timestamp(back["at"].iloc[0]) == pd.Timestamp("2026-11-20 08:30:15.123456")
    assert back["day"].iloc[0] == pd.Timestamp(date(2026, 11, 20))  # datetime64, as DuckDB gives dates
    types = session.query_df(
        "select column_name, data_type from information_schema.columns"
        " where table_schema = 'raw' and table_name = 'awkward'"
    ).set_index("column_name")["data_type"].to_dict()
    assert types == {"text": "text", "number": "bigint", "ratio": "double precision", "flag": "boolean",
                     "at": "timestamp without time zone", "day": "date", "row": "bigint"}


def test_copy_streams_many_batches(session):
    rows = 25_003
    data = pa.table({"id": pa.array(range(rows), pa.int64()), "value": pa.array([f"v{i}\n\"" for i in range(rows)])})
    session.append("raw", "big", data)
    found = session.query_df("select count(*) as n, count(distinct value) as d, max(id) as m from raw.big")
    assert found.iloc[0].tolist() == [rows, rows, rows - 1]


def test_append_adds_missing_columns_and_matches_names_whatever_their_case(session):
    session.append("raw", "t", pa.table({"Email": ["a@x.com"], "Lead Id": ["1"]}))
    session.append("raw", "t", pa.table({"email": ["b@x.com"], "Company": ["Acme"]}))
    assert session.columns("raw", "t") == ["Email", "Lead Id", "Company"]
    back = session.query_df('select "Email", "Lead Id", "Company" from raw.t order by "Email"')
    assert back.astype(object).where(back.notna(), None).to_dict("records") == [
        {"Email": "a@x.com", "Lead Id": "1", "Company": None},
        {"Email": "b@x.com", "Lead Id": None, "Company": "Acme"},
    ]
    # An empty table creates the table (and columns) without rows.
    session.append("ops", "empty", pa.schema([("a", pa.string()), ("b", pa.int64())]).empty_table())
    assert session.table_exists("ops", "empty") and session.columns("ops", "empty") == ["a", "b"]
    assert not session.table_exists("ops", "absent")


def test_a_column_name_past_63_bytes_lands_under_the_name_postgres_keeps(session):
    long_name = "What matters most to you in choosing a course, and how did you hear about us?"
    session.append("raw", "long", pa.table({long_name: ["x"]}))
    session.append("raw", "long", pa.table({long_name: ["y"]}))
    (stored,) = session.columns("raw", "long")
    assert long_name.startswith(stored) and len(stored.encode()) == 63
    assert session.query_df("select count(*) as n from raw.long")["n"].iloc[0] == 2


def test_transaction_rolls_back_everything_on_error(session):
    session.append("ops", "log", pa.table({"n": [1]}))
    with pytest.raises(ZeroDivisionError), session.transaction():
        session.append("ops", "log", pa.table({"n": [2], "extra": ["new column"]}))
        session.execute("insert into ops.log (n) values (?)", [3])
        session.append("ops", "other", pa.table({"n": [4]}))
        raise ZeroDivisionError("stop")
    assert session.query_df("select n from ops.log")["n"].tolist() == [1]
    assert session.columns("ops", "log") == ["n"]
    assert not session.table_exists("ops", "other")
    with session.transaction():
        session.execute("insert into ops.log (n) values (?)", [5])
    assert sorted(session.query_df("select n from ops.log")["n"].tolist()) == [1, 5]
    with pytest.raises(RuntimeError, match="already open"), session.transaction(), session.transaction():
        pass
    # A failed statement inside rolls back too, and the session stays usable.
    with pytest.raises(Exception, match="does_not_exist"), session.transaction():
        session.execute("insert into ops.log (n) values (6)")
        session.execute("select * from ops.does_not_exist")
    assert sorted(session.query_df("select n from ops.log")["n"].tolist()) == [1, 5]


def test_transaction_is_invisible_to_other_sessions_until_commit(warehouse, session):
    session.append("ops", "seen", pa.table({"n": [1]}))
    with session.transaction():
        session.append("ops", "seen", pa.table({"n": [2]}))
        with warehouse.session() as other:
            assert other.query_df("select count(*) as n from ops.seen")["n"].iloc[0] == 1
    with warehouse.session() as other:
        assert other.query_df("select count(*) as n from ops.seen")["n"].iloc[0] == 2


def test_replace_swaps_the_table_shape_and_rows(session):
    session.replace("enriched", "r", pa.table({"a": [1, 2, 3], "b": ["x", "y", "z"]}))
    session.replace("enriched", "r", pa.table({"c": [0.5], "a": ["text now"]}))
    assert session.columns("enriched", "r") == ["c", "a"]
    assert session.query_df("select * from enriched.r").to_dict("records") == [{"c": 0.5, "a": "text now"}]
    # Inside a transaction replace joins it, and rolls back with it.
    with pytest.raises(ValueError), session.transaction():
        session.replace("enriched", "r", pa.table({"d": [1]}))
        raise ValueError("stop")
    assert session.columns("enriched", "r") == ["c", "a"]
    session.replace("enriched", "empty", pa.Table.from_pandas(pd.DataFrame({"x": pd.Series([], dtype="object")})))
    assert session.columns("enriched", "empty") == ["x"]


def test_parameters_lists_and_numpy_scalars(session):
    session.append("enriched", "f", pa.table({"provider": ["p", "p", "q"], "domain": ["a.com", "b.com", "a.com"]}))
    domains = ["a.com", "zz.com"]
    session.execute(
        f"delete from enriched.f where provider = ? and domain in ({placeholders(len(domains))})", ["p", *domains]
    )
    left = session.query_df("select provider, domain from enriched.f order by 1, 2")
    assert left.values.tolist() == [["p", "b.com"], ["q", "a.com"]]
    n = pd.Series([2]).iloc[0]  # numpy.int64
    found = session.query_df("select ? + 1 as n, ? as t, '50%' as pct", [n, pd.Timestamp("2026-11-20 10:00")])
    assert found.iloc[0].tolist() == [3, pd.Timestamp("2026-11-20 10:00"), "50%"]
    assert session.query_df("select 1 as one where 'a' in (" + placeholders(0) + ")").empty


def test_same_portable_sql_on_both_engines(session, tmp_path):
    """The helpers assets use behave alike on DuckDB and PostgreSQL."""
    frame = pa.table({"k": ["a", "b", "c"], "v": [1, 2, 3]})
    with DuckDBWarehouse(tmp_path / "w.duckdb").session() as duck:
        answers = []
        for s in (duck, session):
            s.append("t", "x", frame)
            answers.append(s.query_df(
                "select count(*) as n, cast(sum(v) as double precision) / count(*) as mean,"
                f" count(case when k in ({placeholders(2)}) then 1 end) as picked from t.x",
                ["a", "c"],
            ).iloc[0].tolist())
        assert answers[0] == answers[1] == [3, 2.0, 2]
        assert duck.dialect == "duckdb" and session.dialect == "postgres"
