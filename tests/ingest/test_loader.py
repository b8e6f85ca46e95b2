"""Landing a folder: lossless raw tables, reconciled counts, bad files logged, re-runs change nothing."""

import gzip
import hashlib
import shutil

import duckdb
import pytest

from dagster_project.ingest.loader import ingest_folder
from dagster_project.warehouse import DuckDBWarehouse
from tests.conftest import BAD_SAMPLES_DIR, EXTERNAL_DIR, external_file


def ingest(warehouse_path, landing_dir):
    with DuckDBWarehouse(warehouse_path).session() as session:
        return ingest_folder(session, landing_dir)


def query(warehouse_path, sql):
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def landing(tmp_path):
    folder = tmp_path / "landing"
    folder.mkdir()
    return folder


def test_counts_reconcile_and_rejected_rows_keep_text_and_reason(tmp_path, landing):
    (landing / "events.csv").write_text(
        "event_id,occurred_at,email,crm_id,event_type,actor,url,campaign\n"
        "e1,2026-11-01T10:00:00Z,a@acme.com,,page_view,automation,/pricing,\n"
        "e2,2026-11-01T10:00:00Z,,,page_view,automation,/pricing,\n"
        "e3,too,many,fields,in,this,row,here,!\n"
    )
    summary = ingest(tmp_path / "w.duckdb", landing)
    (outcome,) = summary.files
    assert (outcome.source, outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) == ("activity_events", 3, 1, 2)
    rejected = query(tmp_path / "w.duckdb", "select row_number, raw_text, reason from ops.rejected_rows order by row_number")
    assert rejected[0][0] == 2 and "no identifier" in rejected[0][2]
    assert rejected[1] == (3, "e3,too,many,fields,in,this,row,here,!", "expected 8 fields, found 9")
    log = query(tmp_path / "w.duckdb", "select rows_read, rows_loaded, rows_rejected, status from ops.ingest_log")
    assert log == [(3, 1, 2, "loaded_with_rejects")]
    raw = query(tmp_path / "w.duckdb", 'select event_id, _source, _file, _row_number, length(_file_sha256) from raw.activity_events')
    assert raw == [("e1", "activity_events", "events.csv", 1, 64)]


def test_loading_the_same_folder_twice_changes_nothing(tmp_path, landing):
    (landing / "a.csv").write_text("submitted_at;email;form_name\n2026-11-01 10:00:00;a@acme.com;demo\n")
    shutil.copy(landing / "a.csv", landing / "same_content_other_name.csv")
    first = ingest(tmp_path / "w.duckdb", landing)
    assert [f.rows_loaded for f in first.files] == [1] and first.skipped == ["same_content_other_name.csv"]
    before = query(tmp_path / "w.duckdb", "select count(*) from raw.webform_leads union all select count(*) from ops.ingest_log")
    second = ingest(tmp_path / "w.duckdb", landing)
    assert second.files == [] and len(second.skipped) == 2
    after = query(tmp_path / "w.duckdb", "select count(*) from raw.webform_leads union all select count(*) from ops.ingest_log")
    assert before == after


def test_unreadable_and_unknown_files_are_logged_and_do_not_stop_the_others(tmp_path):
    if not BAD_SAMPLES_DIR.exists():
        pytest.skip("seeds/exports_bad missing")
    summary = ingest(tmp_path / "w.duckdb", BAD_SAMPLES_DIR)
    statuses = {f.file: (f.status, f.reason) for f in summary.files}
    assert statuses["empty.csv"] == ("failed", "empty file")
    assert statuses["binary.csv"][0] == "failed" and "binary" in statuses["binary.csv"][1]
    assert statuses["unknown_format.csv"][0] == "unknown_format"
    truncated = statuses["truncated_hubspot.csv"]
    assert truncated[0] == "loaded_with_rejects"
    rows = query(tmp_path / "w.duckdb", "select rows_loaded, rows_rejected from ops.ingest_log where file = 'truncated_hubspot.csv'")
    assert rows == [(5, 1)]


def test_hostile_headers_and_file_names_stay_quoted(tmp_path, landing):
    name = "x'; drop table ops.ingest_log; --.csv"
    (landing / name).write_text(
        'event_id,occurred_at,event_type,email,"a""b); drop table raw.activity_events; --"\n'
        "e1,2026-11-01T10:00:00Z,page_view,a@acme.com,1\n"
    )
    summary = ingest(tmp_path / "w.duckdb", landing)
    assert summary.files[0].rows_loaded == 1
    columns = [row[0] for row in query(tmp_path / "w.duckdb", "select column_name from information_schema.columns where table_name = 'activity_events'")]
    assert 'a"b); drop table raw.activity_events; --' in columns
    assert query(tmp_path / "w.duckdb", "select file from ops.ingest_log") == [(name,)]


REAL_FILES = {
    "sfdc_report_leads_pardot_sample.csv": ("salesforce_report_leads", 2000),
    "sfdc_report_opportunities_sample.csv": ("salesforce_report_opportunities", 2000),
    "sfdc_report_accounts_sample.csv": ("salesforce_report_accounts", 2000),
    "salesforce_demo_leads_sfdx_tree.json": ("salesforce_api_leads", 22),
    "x_education_leads.csv": ("x_education_leads", 9240),
}


@pytest.fixture(scope="module")
def real_ingest(tmp_path_factory):
    external_file("x_education_leads.csv")
    warehouse = tmp_path_factory.mktemp("real") / "w.duckdb"
    return warehouse, ingest(warehouse, EXTERNAL_DIR)


@pytest.mark.parametrize("file_name", sorted(REAL_FILES))
def test_real_exports_land_losslessly(real_ingest, file_name):
    _, summary = real_ingest
    source, rows = REAL_FILES[file_name]
    (outcome,) = [f for f in summary.files if f.file == file_name]
    assert (outcome.source, outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) == (source, rows, rows, 0)


def test_real_report_keeps_accents_and_multiline_fields(real_ingest):
    warehouse, _ = real_ingest
    cities = {row[0] for row in query(warehouse, 'select "City" from raw.salesforce_report_leads')}
    assert {"Copenhagen Ø", "Biberach an der Riß"} <= cities
    # ’ and “ ” exist in Windows-1252 but not in Latin-1: proof the right code page was used.
    names = " ".join(row[0] or "" for row in query(warehouse, 'select "Account Name" from raw.salesforce_report_accounts'))
    assert "’" in names or "“" in names
    multiline = query(warehouse, "select count(*) from raw.salesforce_report_opportunities where \"COVID Notes\" like '%' || chr(10) || '%'"
                      " or \"Other Closed Lost Details\" like '%' || chr(10) || '%'")
    assert multiline[0][0] >= 1


def test_real_folder_logs_files_of_no_known_format(real_ingest):
    _, summary = real_ingest
    unknown = {f.file for f in summary.files if f.status == "unknown_format"}
    assert {"fortune1000_2021_firmographics.csv", "online_shoppers_intention_sample.csv"} <= unknown


def raw_rows(warehouse_path, table):
    return query(warehouse_path, f'select * exclude (_loaded_at) from raw."{table}" order by _file, _row_number')


def test_duckdb_reader_and_row_path_land_identical_rows(tmp_path, monkeypatch):
    from dagster_project.ingest import loader
    from tests.conftest import SAMPLES_DIR

    landing = tmp_path / "landing"
    shutil.copytree(SAMPLES_DIR, landing)
    (landing / "tricky_events.csv").write_bytes(
        b"\xef\xbb\xbfevent_id,occurred_at,email,crm_id,event_type,actor,url,campaign\r\n"
        b'e1,2026-11-01T10:00:00Z,a@acme.com,,page_view,automation,"/p?a=1,b=2",\r\n'
        b'e2,2026-11-01T10:00:00Z,b@acme.com,,page_view,automation,"multi\r\nline",""\r\n'
    )
    monkeypatch.setattr(loader, "FAST_PATH_MIN_BYTES", 1 << 60)
    row_path = ingest(tmp_path / "rows.duckdb", landing)
    monkeypatch.setattr(loader, "FAST_PATH_MIN_BYTES", 0)
    fast_path = ingest(tmp_path / "fast.duckdb", landing)
    assert [(f.file, f.rows_read, f.rows_loaded, f.rows_rejected) for f in row_path.files] == [
        (f.file, f.rows_read, f.rows_loaded, f.rows_rejected) for f in fast_path.files
    ]
    for table in ("activity_events", "hubspot_contacts", "webform_leads", "intent_surge", "salesforce_api_leads"):
        assert raw_rows(tmp_path / "rows.duckdb", table) == raw_rows(tmp_path / "fast.duckdb", table), table


def test_duckdb_reader_numbers_rows_in_file_order_when_it_reads_in_parallel(tmp_path, landing):
    # Files of many reader buffers, so DuckDB reads each on several threads; the second file lands
    # after the first in the same table, so its numbers must restart at 1.
    header = "event_id,occurred_at,email,crm_id,event_type,actor,url,campaign\n"
    for prefix, rows in (("a", 1_000_000), ("b", 300_000)):
        with open(landing / f"{prefix}_events.csv", "w", encoding="utf-8") as handle:
            handle.write(header)
            handle.writelines(
                f"{prefix}{i},2026-11-01T10:00:00Z,p{i}@acme.com,,page_view,automation,/p/{i},\n" for i in range(1, rows + 1)
            )
    summary = ingest(tmp_path / "w.duckdb", landing)
    assert [(f.rows_loaded, f.rows_rejected) for f in summary.files] == [(1_000_000, 0), (300_000, 0)]
    out_of_order = query(tmp_path / "w.duckdb", "select _file, count(*) from raw.activity_events"
                         " where event_id <> left(_file, 1) || _row_number group by 1")
    assert out_of_order == []


CRASH_BEFORE_NUMBERING = """
import os, sys
from pathlib import Path
from dagster_project.ingest import loader
from dagster_project.warehouse import DuckDBWarehouse

loader.FAST_PATH_MIN_BYTES = 0
loader._number_landed_rows = lambda *args: os._exit(3)  # the process dies between the two commits
with DuckDBWarehouse(sys.argv[1]).session() as session:
    loader.ingest_folder(session, Path(sys.argv[2]))
"""


def test_rows_of_a_load_that_died_before_it_was_logged_stay_unseen_go_and_load_again(tmp_path, landing, monkeypatch):
    import subprocess
    import sys

    from dagster_project.ingest import loader

    monkeypatch.setattr(loader, "FAST_PATH_MIN_BYTES", 0)
    (landing / "a_events.csv").write_bytes(events_csv(500))
    ingest(tmp_path / "w.duckdb", landing)  # landed and logged before the crash: it stays
    (landing / "b_events.csv").write_bytes(events_csv(1_000).replace(b"\ne", b"\nb"))
    died = subprocess.run([sys.executable, "-c", CRASH_BEFORE_NUMBERING, str(tmp_path / "w.duckdb"), str(landing)],
                          check=False)
    assert died.returncode == 3
    # Committed but pending: dated after any as-of day, so no model reads them meanwhile.
    assert query(tmp_path / "w.duckdb", "select _file, count(*), count(_row_number), cast(max(_landed_on) as varchar)"
                 " from raw.activity_events group by 1 order by 1") == [
        ("a_events.csv", 500, 500, str(loader._now().date())), ("b_events.csv", 1_000, 0, "9999-12-31")
    ]
    assert query(tmp_path / "w.duckdb", "select file from ops.ingest_log") == [("a_events.csv",)]

    (again,) = ingest(tmp_path / "w.duckdb", landing).files
    assert (again.file, again.status, again.rows_loaded) == ("b_events.csv", "loaded", 1_000)
    numbered = query(tmp_path / "w.duckdb", "select _file, count(*), count(distinct _row_number), min(_row_number),"
                     " max(_row_number), count(*) filter (where substr(event_id, 2) <> cast(_row_number as varchar)),"
                     " max(_landed_on) < date '9999-01-01' from raw.activity_events group by 1 order by 1")
    assert numbered == [("a_events.csv", 500, 500, 1, 500, 0, True), ("b_events.csv", 1_000, 1_000, 1, 1_000, 0, True)]


def test_a_file_unchanged_since_it_loaded_is_not_read_again(tmp_path, landing, monkeypatch):
    from dagster_project.ingest import loader

    shutil.copy(BAD_SAMPLES_DIR / "truncated_hubspot.csv", landing / "a.csv")
    assert len(ingest(tmp_path / "w.duckdb", landing).files) == 1

    def must_not_hash(path):
        raise AssertionError(f"{path} was hashed again")

    monkeypatch.setattr(loader, "sha256_of", must_not_hash)
    again = ingest(tmp_path / "w.duckdb", landing)
    assert again.files == [] and again.skipped == ["a.csv"]
    # touched (same bytes, new mtime): hashed again, and still skipped by its sha256
    monkeypatch.undo()
    (landing / "a.csv").write_bytes((landing / "a.csv").read_bytes())
    assert ingest(tmp_path / "w.duckdb", landing).skipped == ["a.csv"]


def test_files_of_a_later_day_wait_for_their_own_run(tmp_path, landing):
    import datetime as dt

    for day in ("2026-11-20", "2026-11-21"):
        (landing / day).mkdir()
        shutil.copy(BAD_SAMPLES_DIR / "truncated_hubspot.csv", landing / day / f"contacts_{day}.csv")
    with DuckDBWarehouse(tmp_path / "w.duckdb").session() as session:
        first = ingest_folder(session, landing, as_of=dt.date(2026, 11, 20))
    assert [f.file for f in first.files] == ["2026-11-20/contacts_2026-11-20.csv"]
    assert first.not_yet_due == ["2026-11-21/contacts_2026-11-21.csv"]
    assert query(tmp_path / "w.duckdb", "select distinct cast(_landed_on as varchar) from raw.hubspot_contacts") == [
        ("2026-11-20",)
    ]


@pytest.mark.parametrize("fast_path_bytes", [1 << 60, 0], ids=["row_reader", "duckdb_reader"])
def test_a_nul_character_past_the_sniffed_head_rejects_only_its_row(tmp_path, landing, monkeypatch, fast_path_bytes):
    from dagster_project.ingest import loader

    monkeypatch.setattr(loader, "FAST_PATH_MIN_BYTES", fast_path_bytes)
    header = b"event_id,occurred_at,email,crm_id,event_type,actor,url,campaign\n"
    rows = b"".join(b"e%d,2026-11-01T10:00:00Z,a@acme.com,,page_view,automation,/p,\n" % i for i in range(300))
    (landing / "events.csv").write_bytes(header + rows + b"bad,2026-11-01T10:00:00Z,b@acme.com,,page_\x00view,,,\n")
    summary = ingest(tmp_path / "w.duckdb", landing)
    assert [(f.rows_loaded, f.rows_rejected) for f in summary.files] == [(300, 1)]
    assert query(tmp_path / "w.duckdb", "select reason, raw_text from ops.rejected_rows") == [
        ("NUL character in a value", "bad,2026-11-01T10:00:00Z,b@acme.com,,page_\\x00view,,,")
    ]


# --- gzipped exports ------------------------------------------------------------------------------


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=1)


def rows_by_content(warehouse_path, table):
    # The gzipped copy has its own file name and sha256; every other column must be the same.
    return query(warehouse_path, f'select * exclude (_loaded_at, _file, _file_sha256) from raw."{table}"'
                                 " order by replace(_file, '.gz', ''), _row_number")


@pytest.mark.parametrize("fast_path_bytes", [1 << 60, 0], ids=["row_reader", "duckdb_reader"])
def test_gzipped_exports_land_the_same_rows_as_plain_ones(tmp_path, monkeypatch, fast_path_bytes):
    from dagster_project.ingest import loader
    from tests.conftest import SAMPLES_DIR

    monkeypatch.setattr(loader, "FAST_PATH_MIN_BYTES", fast_path_bytes)
    plain, compressed = tmp_path / "plain", tmp_path / "compressed"
    shutil.copytree(SAMPLES_DIR, plain)
    compressed.mkdir()
    for path in plain.iterdir():  # CSVs of every layout, the Zoom report and the sfdx JSON
        (compressed / f"{path.name}.gz").write_bytes(gzipped(path.read_bytes()))
    plain_run = ingest(tmp_path / "plain.duckdb", plain)
    compressed_run = ingest(tmp_path / "compressed.duckdb", compressed)
    assert [(f.file + ".gz", f.source, f.status, f.rows_read, f.rows_loaded, f.rows_rejected) for f in plain_run.files] == [
        (f.file, f.source, f.status, f.rows_read, f.rows_loaded, f.rows_rejected) for f in compressed_run.files
    ]
    (sfdx,) = [f for f in compressed_run.files if f.file == "salesforce_api_leads.json.gz"]
    assert (sfdx.source, sfdx.status) == ("salesforce_api_leads", "loaded") and sfdx.rows_loaded > 0
    tables = {f.source for f in plain_run.files if f.source}
    assert len(tables) >= 8
    for table in sorted(tables):
        assert rows_by_content(tmp_path / "plain.duckdb", table) == rows_by_content(tmp_path / "compressed.duckdb", table), table
    # The log identifies the file as stored: sha256 and size of the compressed bytes.
    stored = compressed / "hubspot_contacts.csv.gz"
    assert query(tmp_path / "compressed.duckdb", "select file_sha256, file_bytes from ops.ingest_log"
                 " where file = 'hubspot_contacts.csv.gz'") == [(loader.sha256_of(stored), stored.stat().st_size)]
    assert loader.sha256_of(stored) == hashlib.sha256(stored.read_bytes()).hexdigest()


EVENTS_HEADER = b"event_id,occurred_at,email,crm_id,event_type,actor,url,campaign\n"


def events_csv(rows: int) -> bytes:
    return EVENTS_HEADER + b"".join(
        b"e%d,2026-11-01T10:00:00Z,p%d@acme.com,,page_view,automation,/pricing/%d,\n" % (i, i, i) for i in range(1, rows + 1)
    )


def assert_failed_alone_and_others_loaded(warehouse_path, summary, failed_file, reason_part):
    outcomes = {f.file: f for f in summary.files}
    failed = outcomes.pop(failed_file)
    assert (failed.source, failed.status, failed.rows_read, failed.rows_loaded) == ("activity_events", "failed", 0, 0)
    assert failed.reason.startswith("compressed file is corrupt or truncated: ") and reason_part in failed.reason
    assert query(warehouse_path, f"select status, reason, rows_read from ops.ingest_log where file = '{failed_file}'") == [
        ("failed", failed.reason, 0)
    ]
    # Nothing of it half-landed: no raw row, no rejected row.
    assert query(warehouse_path, f"select count(*) from raw.activity_events where _file = '{failed_file}'") == [(0,)]
    assert query(warehouse_path, f"select count(*) from ops.rejected_rows where file = '{failed_file}'") == [(0,)]
    assert len(outcomes) == 3 and all(f.status.startswith("loaded") and f.rows_loaded for f in outcomes.values())
    loaded = query(warehouse_path, "select _file, count(*) from raw.activity_events group by 1 order by 1")
    assert loaded == [("events_gzipped.csv.gz", 50), ("events_plain.csv", 50)]


@pytest.mark.parametrize("fast_path_bytes", [1 << 60, 0], ids=["row_reader", "duckdb_reader"])
def test_a_truncated_gzipped_export_is_logged_failed_and_the_others_still_load(
    tmp_path, landing, monkeypatch, fast_path_bytes
):
    from dagster_project.ingest import loader
    from tests.conftest import SAMPLES_DIR

    monkeypatch.setattr(loader, "FAST_PATH_MIN_BYTES", fast_path_bytes)
    # Small batches: the row reader has landed some before it reaches the cut, which must be undone.
    monkeypatch.setattr(loader, "BATCH_ROWS", 1_000)
    whole = gzipped(events_csv(60_000))  # half of it still decompresses past the sniffed head
    (landing / "events_cut.csv.gz").write_bytes(whole[: len(whole) // 2])
    (landing / "events_gzipped.csv.gz").write_bytes(gzipped(events_csv(50)))
    (landing / "events_plain.csv").write_bytes(events_csv(50))
    shutil.copy(SAMPLES_DIR / "webform_leads.csv", landing / "webform_leads.csv")
    summary = ingest(tmp_path / "w.duckdb", landing)
    assert_failed_alone_and_others_loaded(tmp_path / "w.duckdb", summary, "events_cut.csv.gz", "ended before")


def test_a_gzipped_export_duckdbs_reader_cannot_decompress_is_logged_failed(tmp_path, landing, monkeypatch):
    # Zero padding after the gzip stream (as tape and some copy tools leave it): Python's gzip skips
    # it, DuckDB's reader stops with an error that aborts the transaction. The run goes on.
    from dagster_project.ingest import loader
    from tests.conftest import SAMPLES_DIR

    monkeypatch.setattr(loader, "FAST_PATH_MIN_BYTES", 0)
    (landing / "events_padded.csv.gz").write_bytes(gzipped(events_csv(500)) + bytes(512))
    (landing / "events_gzipped.csv.gz").write_bytes(gzipped(events_csv(50)))
    (landing / "events_plain.csv").write_bytes(events_csv(50))
    shutil.copy(SAMPLES_DIR / "webform_leads.csv", landing / "webform_leads.csv")
    summary = ingest(tmp_path / "w.duckdb", landing)
    assert_failed_alone_and_others_loaded(tmp_path / "w.duckdb", summary, "events_padded.csv.gz", "GZIP")
