"""Landing on PostgreSQL (Arrow batches streamed through COPY) equals landing on DuckDB, row for row.

The DuckDB side is taken both by the row path and by DuckDB's own CSV reader (the DuckDB-only fast
path), so all three ways of landing a file are held to the same lossless result.
"""

from __future__ import annotations

import math
import shutil

import pytest

from dagster_project.ingest import loader
from dagster_project.ingest.loader import ingest_folder
from dagster_project.warehouse import DuckDBWarehouse, PostgresWarehouse, qualified
from tests.conftest import BAD_SAMPLES_DIR, SAMPLES_DIR, Environment

pytest.importorskip("psycopg2")

LOG_COLUMNS = "file, source, status, reason, layout, encoding, delimiter, rows_read, rows_loaded, rows_rejected"


@pytest.fixture
def landing(tmp_path):
    folder = tmp_path / "landing"
    shutil.copytree(SAMPLES_DIR, folder)
    shutil.copytree(BAD_SAMPLES_DIR, folder / "bad")
    (folder / "tricky_events.csv").write_bytes(
        b"\xef\xbb\xbfevent_id,occurred_at,email,crm_id,event_type,actor,url,campaign\r\n"
        b'e1,2026-11-01T10:00:00Z,a@acme.com,,page_view,automation,"/p?a=1,b=2",\r\n'
        b'e2,2026-11-01T10:00:00Z,b@acme.com,,page_view,automation,"multi\r\nline",""\r\n'
        b'e3,2026-11-01T10:00:00Z,c@acme.com,,page_view,automation,"say ""hi"" \\N %s ?",\xc3\xbc\r\n'
    )
    (folder / "Mixed_Case_Events.csv").write_text(
        "EVENT_ID,Occurred_At,EMAIL,crm_id,event_type,actor,url,campaign\ne9,2026-11-02,d@acme.com,,x,y,z,\n"
    )
    return folder


def _rows(session, sql: str) -> list[tuple]:
    frame = session.query_df(sql)
    return [
        tuple(None if value is None or (isinstance(value, float) and math.isnan(value)) else value for value in row)
        for row in frame.astype(object).itertuples(index=False, name=None)
    ]


def _snapshot(session) -> dict[str, list[tuple]]:
    tables = session.query_df(
        "select table_schema, table_name from information_schema.tables"
        " where table_schema = 'raw' order by table_name"
    )["table_name"].tolist()
    snapshot = {
        "ops.ingest_log": _rows(session, f"select {LOG_COLUMNS} from ops.ingest_log order by file"),
        "ops.rejected_rows": _rows(
            session, "select file, source, row_number, raw_text, reason from ops.rejected_rows order by file, row_number"
        ),
    }
    for table in tables:
        columns = [name for name in session.columns("raw", table) if name != "_loaded_at"]
        select = ", ".join(f'"{name}"' for name in columns)
        snapshot[f"raw.{table}"] = [tuple(columns)] + _rows(
            session, f"select {select} from {qualified('raw', table)} order by _file, _row_number"
        )
    return snapshot


def test_postgres_landing_equals_duckdb_row_path_and_fast_path(tmp_path, landing, postgres_database, monkeypatch):
    monkeypatch.setattr(loader, "FAST_PATH_MIN_BYTES", 1 << 60)
    with DuckDBWarehouse(tmp_path / "rows.duckdb").session() as session:
        rows_summary = ingest_folder(session, landing)
        rows_snapshot = _snapshot(session)
    monkeypatch.setattr(loader, "FAST_PATH_MIN_BYTES", 0)
    with DuckDBWarehouse(tmp_path / "fast.duckdb").session() as session:
        ingest_folder(session, landing)
        fast_snapshot = _snapshot(session)
    with Environment(**postgres_database.environ()), PostgresWarehouse().session() as session:
        pg_summary = ingest_folder(session, landing)
        pg_snapshot = _snapshot(session)
        # A second run of the same folder changes nothing: every file's sha256 is already logged.
        again = ingest_folder(session, landing)
        assert not again.files and len(again.skipped) == len(pg_summary.files)
        assert _snapshot(session) == pg_snapshot

    outcomes = [(f.file, f.source, f.status, f.rows_read, f.rows_loaded, f.rows_rejected) for f in pg_summary.files]
    assert outcomes == [(f.file, f.source, f.status, f.rows_read, f.rows_loaded, f.rows_rejected) for f in rows_summary.files]
    assert {f.status for f in pg_summary.files} >= {"loaded", "loaded_with_rejects", "failed", "unknown_format"}
    assert pg_snapshot.keys() == rows_snapshot.keys() == fast_snapshot.keys()
    for name in rows_snapshot:
        assert pg_snapshot[name] == rows_snapshot[name], name
        assert fast_snapshot[name] == rows_snapshot[name], name
    tricky = [row for row in pg_snapshot["raw.activity_events"][1:] if row[0] in ("e2", "e3")]
    assert [row[6] for row in tricky] == ["multi\r\nline", 'say "hi" \\N %s ?']
    assert [row[7] for row in tricky] == ["", "ü"]
