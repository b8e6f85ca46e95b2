"""Land every file of the landing folder in `raw`, and account for every row in `ops`.

Per file: raw rows, rejected rows and one `ops.ingest_log` row whose counts reconcile
(rows_read = rows_loaded + rows_rejected), visible together. A file that cannot be read is logged
with its reason and the other files still load; one found unreadable part-way (a gzipped export cut
short) leaves nothing behind. A file whose sha256 already loaded is skipped.

Most files land in one transaction. A large one DuckDB's reader lands takes two: its rows first,
unnumbered and dated PENDING_LANDED_ON (after any as-of date, so no reader sees them), then their
numbers, their real landing day and the log row. `_drop_unfinished_loads` deletes the rows of a
first transaction the second never followed.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from ..warehouse import DuckDBSession, WarehouseSession, qualified, quote_ident, quote_literal
from .readers import ExportFile, UnreadableFile, corrupt_compressed_file, is_compressed, open_bytes, sniff
from .sources import SourceSpec, load_sources, match_source, sources_fingerprint

BATCH_ROWS = 50_000
# Clean UTF-8 CSVs above this size are parsed by DuckDB's reader (many times faster than Python's).
# The size on disk: for a gzipped export the compressed size, so a smaller file qualifies, which is fine.
FAST_PATH_MIN_BYTES = 4 << 20
LINEAGE_COLUMNS = ("_source", "_file", "_file_sha256", "_row_number", "_loaded_at", "_landed_on")
STATUS_LOADED = "loaded"
STATUS_LOADED_WITH_REJECTS = "loaded_with_rejects"
STATUS_FAILED = "failed"
STATUS_UNKNOWN = "unknown_format"
# The landing day of rows DuckDB's reader committed but that are not numbered and logged yet: later
# than any run's as-of date, so every reader's as-of filter (landed_by_as_of) skips them.
PENDING_LANDED_ON = date(9999, 12, 31)

INGEST_LOG = pa.schema(
    [
        ("attempt_id", pa.string()),
        ("source", pa.string()),
        ("file", pa.string()),
        ("file_path", pa.string()),
        ("file_sha256", pa.string()),
        ("file_bytes", pa.int64()),
        ("file_modified_at", pa.timestamp("us")),
        ("layout", pa.string()),
        ("encoding", pa.string()),
        ("delimiter", pa.string()),
        ("rows_read", pa.int64()),
        ("rows_loaded", pa.int64()),
        ("rows_rejected", pa.int64()),
        ("status", pa.string()),
        ("reason", pa.string()),
        ("sources_fingerprint", pa.string()),
        ("started_at", pa.timestamp("us")),
        ("finished_at", pa.timestamp("us")),
        # The day the file counts from (its dated sub-folder, else the run's as-of date): models read
        # only rows landed on or before their as-of date, so re-running an old day reproduces it.
        ("landed_on", pa.date32()),
    ]
)
REJECTED_ROWS = pa.schema(
    [
        ("attempt_id", pa.string()),
        ("source", pa.string()),
        ("file", pa.string()),
        ("file_sha256", pa.string()),
        ("row_number", pa.int64()),
        ("raw_text", pa.string()),
        ("reason", pa.string()),
        ("rejected_at", pa.timestamp("us")),
    ]
)


@dataclass
class FileOutcome:
    file: str
    source: str | None
    status: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    reason: str | None = None


@dataclass
class IngestSummary:
    files: list[FileOutcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    not_yet_due: list[str] = field(default_factory=list)

    def by_source(self) -> dict[str, dict[str, int]]:
        totals: dict[str, dict[str, int]] = {}
        for outcome in self.files:
            key = outcome.source or "(unrecognised)"
            entry = totals.setdefault(key, {"files": 0, "rows_read": 0, "rows_loaded": 0, "rows_rejected": 0})
            entry["files"] += 1
            entry["rows_read"] += outcome.rows_read
            entry["rows_loaded"] += outcome.rows_loaded
            entry["rows_rejected"] += outcome.rows_rejected
        return totals


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def landing_files(landing_dir: Path) -> list[Path]:
    """Export files in the landing folder (recursively), in a stable order; hidden files ignored."""
    if not landing_dir.is_dir():
        raise FileNotFoundError(f"landing folder {landing_dir} does not exist (LEADS_LANDING_DIR)")
    return sorted(
        path
        for path in landing_dir.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(landing_dir).parts)
    )


def prepare_warehouse(session: WarehouseSession, sources: list[SourceSpec]) -> None:
    """Create `ops` tables and one raw table per source, so staging always has its columns."""
    for schema in ("raw", "ops"):
        session.ensure_schema(schema)
    session.append("ops", "ingest_log", INGEST_LOG.empty_table())
    session.append("ops", "rejected_rows", REJECTED_ROWS.empty_table())
    for spec in sources:
        columns = [pa.field(name, pa.string()) for name in spec.known_columns]
        session.append("raw", spec.raw_table, pa.schema(columns + _lineage_fields()).empty_table())


def _lineage_fields() -> list[pa.Field]:
    return [
        pa.field("_source", pa.string()),
        pa.field("_file", pa.string()),
        pa.field("_file_sha256", pa.string()),
        pa.field("_row_number", pa.int64()),
        pa.field("_loaded_at", pa.timestamp("us")),
        pa.field("_landed_on", pa.date32()),
    ]


def _already_attempted(session: WarehouseSession, sha256: str, fingerprint: str) -> bool:
    found = session.query_df(
        "select count(*) as n from ops.ingest_log where file_sha256 = ?"
        " and (status in (?, ?) or sources_fingerprint = ?)",
        [sha256, STATUS_LOADED, STATUS_LOADED_WITH_REJECTS, fingerprint],
    )
    return int(found["n"].iloc[0]) > 0


def _modified_at(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime_ns // 1000 / 1e6, UTC).replace(tzinfo=None)


def _unchanged_since_attempted(session: WarehouseSession, path: Path, fingerprint: str) -> bool:
    """The log already has this file at the same place, size and modification time: skip it without
    hashing it again (a daily run would otherwise re-read every old export in the folder)."""
    found = session.query_df(
        "select count(*) as n from ops.ingest_log where file_path = ? and file_bytes = ? and file_modified_at = ?"
        " and (status in (?, ?) or sources_fingerprint = ?)",
        [str(path.resolve()), path.stat().st_size, _modified_at(path), STATUS_LOADED, STATUS_LOADED_WITH_REJECTS,
         fingerprint],
    )
    return int(found["n"].iloc[0]) > 0


def dated_folder_day(relative_path: Path) -> date | None:
    """The day of a file in a dated landing sub-folder (`2026-11-20/leads.csv`), else None."""
    if len(relative_path.parts) < 2:
        return None
    try:
        return date.fromisoformat(relative_path.parts[0])
    except ValueError:
        return None


def ingest_folder(
    session: WarehouseSession,
    landing_dir: Path,
    sources: list[SourceSpec] | None = None,
    as_of: date | None = None,
) -> IngestSummary:
    """Land every new file of the folder. With `as_of`, files in sub-folders dated after it wait
    for their own day's run, and undated files count as landed on `as_of`."""
    sources = load_sources() if sources is None else sources
    as_of = as_of or _now().date()
    fingerprint = sources_fingerprint(sources)
    prepare_warehouse(session, sources)
    _drop_unfinished_loads(session)
    summary = IngestSummary()
    for path in landing_files(landing_dir):
        relative = path.relative_to(landing_dir)
        landed_on = dated_folder_day(relative) or as_of
        if landed_on > as_of:
            summary.not_yet_due.append(relative.as_posix())
            continue
        if _unchanged_since_attempted(session, path, fingerprint):
            summary.skipped.append(relative.as_posix())
            continue
        sha256 = sha256_of(path)
        if _already_attempted(session, sha256, fingerprint):
            summary.skipped.append(relative.as_posix())
            continue
        summary.files.append(
            ingest_file(session, path, relative.as_posix(), sha256, sources, fingerprint, landed_on)
        )
    return summary


def ingest_file(
    session: WarehouseSession,
    path: Path,
    display_name: str,
    sha256: str,
    sources: list[SourceSpec],
    fingerprint: str,
    landed_on: date | None = None,
) -> FileOutcome:
    started_at = _now()
    log = {
        "landed_on": landed_on or started_at.date(),
        "attempt_id": str(uuid.uuid4()),
        "file": display_name,
        "file_path": str(path.resolve()),
        "file_sha256": sha256,
        "file_bytes": path.stat().st_size,
        "file_modified_at": _modified_at(path),
        "sources_fingerprint": fingerprint,
        "started_at": started_at,
    }
    try:
        export = sniff(path)
    except UnreadableFile as error:
        return _log_without_rows(session, log, STATUS_FAILED, str(error))
    log.update(layout=export.layout, encoding=export.encoding, delimiter=export.delimiter)
    spec = match_source(export.header, sources)
    if spec is None:
        reason = "header matches no configured source; add a source config (see README)"
        return _log_without_rows(session, log, STATUS_UNKNOWN, reason)
    log["source"] = spec.name
    try:
        # Rows this lands and the next transaction fails to log stay pending, unseen, until the next
        # ingest_folder drops them.
        landed = _land_with_duckdb_reader(session, export, spec, log)
        with session.transaction():
            if landed is not None:
                _number_landed_rows(session, spec, log)
            counts = landed if landed is not None else _load_records(session, export, spec, log)
            status = STATUS_LOADED_WITH_REJECTS if counts["rows_rejected"] else STATUS_LOADED
            _write_log(session, log | counts | {"status": status})
    except UnreadableFile as error:
        # Found part-way through the load (a gzipped file cut short past its sniffed head): the
        # transaction rolled back, so no row of the file stays; it is logged like any unreadable file.
        return _log_without_rows(session, log, STATUS_FAILED, str(error))
    return FileOutcome(display_name, spec.name, status, **counts)


def _log_without_rows(session: WarehouseSession, log: dict, status: str, reason: str) -> FileOutcome:
    _write_log(session, log | {"status": status, "reason": reason, "rows_read": 0, "rows_loaded": 0, "rows_rejected": 0})
    return FileOutcome(log["file"], log.get("source"), status, reason=reason)


def _write_log(session: WarehouseSession, entry: dict) -> None:
    entry = {"finished_at": _now(), **entry}
    session.append("ops", "ingest_log", pa.Table.from_pylist([entry], schema=INGEST_LOG))


def _load_records(session: WarehouseSession, export: ExportFile, spec: SourceSpec, log: dict) -> dict[str, int]:
    # DuckDB names are case-insensitive: a known column the file spells differently is the same column.
    in_file = {name.lower() for name in export.header}
    columns = [*export.header, *(name for name in spec.known_columns if name.lower() not in in_file)]
    counts = {"rows_read": 0, "rows_loaded": 0, "rows_rejected": 0}
    key_columns = [name for name in spec.key_columns if name in export.header]
    for loaded, rejected in _batches(export, key_columns):
        counts["rows_read"] += len(loaded) + len(rejected)
        counts["rows_loaded"] += len(loaded)
        counts["rows_rejected"] += len(rejected)
        if loaded:
            session.append("raw", spec.raw_table, _raw_batch(loaded, columns, spec.name, log))
        if rejected:
            session.append("ops", "rejected_rows", _rejected_batch(rejected, spec.name, log))
    return counts


class _NeedsRowPath(Exception):
    """DuckDB's reader rejected a row, or a row has no identifier: the row path lands the file."""


def _land_with_duckdb_reader(
    session: WarehouseSession, export: ExportFile, spec: SourceSpec, log: dict
) -> dict[str, int] | None:
    """Land a large clean UTF-8 CSV with DuckDB's own reader, or return None to take the row path.

    The reader streams straight into the raw table (no staged copy, so memory stays within DuckDB's
    limit at any file size), in parallel and in file order (DuckDB preserves insertion order), so
    the rows' row ids number the records afterwards: numbering them while reading (`with ordinality`
    or `row_number() over ()`) made the read single-threaded, up to twice as slow. Any row the reader
    rejects, or that has no identifier, rolls the insert back and sends the whole file down the
    row-by-row path, which keeps raw text and reasons; both paths land identical rows (tests compare
    them).

    The rows commit here unnumbered and pending (`_row_number` null, `_landed_on` PENDING_LANDED_ON),
    and `_number_landed_rows` numbers and dates them in the transaction that logs the file: numbering
    rows in the transaction that inserted them made DuckDB rewrite them all at commit, 9-10 s of a
    30 s load of 20M events.
    """
    if not (
        isinstance(session, DuckDBSession)
        and export.layout == "csv"
        and export.encoding in ("utf-8", "utf-8-sig")
        and log["file_bytes"] >= FAST_PATH_MIN_BYTES
        and not _contains_nul(export.path)  # DuckDB would keep a NUL the row path rejects
    ):
        return None
    connection = session.connection
    in_file = {name.lower() for name in export.header}
    missing = [name for name in spec.known_columns if name.lower() not in in_file]
    session.append("raw", spec.raw_table, pa.schema(
        [pa.field(name, pa.string()) for name in [*export.header, *missing]] + _lineage_fields()
    ).empty_table())
    raw_table = qualified("raw", spec.raw_table)
    # Set, not left to DuckDB's guess from the name, so both paths read the same bytes.
    compression = "gzip" if is_compressed(export.path) else "none"
    column_types = "{" + ", ".join(f"{quote_literal(name)}: 'VARCHAR'" for name in export.header) + "}"
    # Empty fields are '' as on the row path, not null.
    values = [f"coalesce({quote_ident(name)}, '')" for name in export.header]
    names = [quote_ident(name) for name in [*export.header, *LINEAGE_COLUMNS]]
    key_columns = [name for name in spec.key_columns if name in export.header]
    try:
        with session.transaction():
            (rows,) = connection.execute(
                f"insert into {raw_table} ({', '.join(names)})"
                f" select {', '.join(values)}, ?, ?, ?, null, ?, ? from read_csv("
                f"{quote_literal(str(export.path))}, header = true, auto_detect = false, columns = {column_types},"
                f" delim = {quote_literal(export.delimiter or ',')}, quote = '\"', escape = '\"', strict_mode = true,"
                f" compression = '{compression}',"
                " store_rejects = true, rejects_table = '_staged_rejects', rejects_scan = '_staged_scans')",
                [spec.name, log["file"], log["file_sha256"], log["started_at"], PENDING_LANDED_ON],
            ).fetchone()
            (rejects,) = connection.execute("select count(*) from _staged_rejects").fetchone()
            if rejects:
                raise _NeedsRowPath
            if key_columns:
                (keyless,) = connection.execute(
                    f"select count(*) from {raw_table} where _file_sha256 = ? and _row_number is null"
                    f" and {_blank(key_columns)}",
                    [log["file_sha256"]],
                ).fetchone()
                if keyless:
                    raise _NeedsRowPath
    except _NeedsRowPath:
        return None
    except duckdb.IOException as error:
        if is_compressed(export.path):
            raise corrupt_compressed_file(error) from error
        raise
    finally:
        # After the commit or the rollback: in a transaction an error aborted, this would fail too.
        connection.execute("drop table if exists _staged_rejects")
        connection.execute("drop table if exists _staged_scans")
    return {"rows_read": rows, "rows_loaded": rows, "rows_rejected": 0}


def _number_landed_rows(session: WarehouseSession, spec: SourceSpec, log: dict) -> None:
    """Number and date the rows `_land_with_duckdb_reader` committed: one append, so consecutive row
    ids in file order (the only pending rows: ingest_folder dropped any others before it started)."""
    raw_table = qualified("raw", spec.raw_table)
    session.execute(
        f"update {raw_table} set _landed_on = ?, _row_number = rowid - (select min(rowid) from {raw_table}"
        " where _file_sha256 = ? and _row_number is null) + 1 where _file_sha256 = ? and _row_number is null",
        [log["landed_on"], log["file_sha256"], log["file_sha256"]],
    )


def _drop_unfinished_loads(session: WarehouseSession) -> None:
    """Delete raw rows without a row number, in every raw table: rows DuckDB's reader committed whose
    file was never logged, because the process died or the second transaction failed. Their file is
    not in the log, so this ingest loads it again."""
    if not isinstance(session, DuckDBSession):  # the only engine with that reader
        return
    raw_tables = session.query_df(
        "select table_name from information_schema.columns"
        " where table_catalog = current_database() and table_schema = 'raw' and column_name = '_row_number'"
    )["table_name"].tolist()
    for table in raw_tables:
        session.execute(f"delete from {qualified('raw', table)} where _row_number is null")


def _contains_nul(path: Path) -> bool:
    # For a gzipped file this read also checks its CRC, which DuckDB's reader does not: a damaged
    # file raises UnreadableFile here instead of landing garbled rows.
    with open_bytes(path) as handle:
        return any(b"\x00" in chunk for chunk in iter(lambda: handle.read(1 << 20), b""))


def _blank(key_columns: list[str]) -> str:
    """SQL: every key column is blank (the row path rejects such a row: it has no identifier)."""
    return " and ".join(f"trim({quote_ident(k)}) = ''" for k in key_columns)


def _batches(export: ExportFile, key_columns: list[str]) -> Iterator[tuple[list, list]]:
    loaded, rejected = [], []
    for record in export.records():
        if record.values is not None and key_columns and not any(record.values[k].strip() for k in key_columns):
            record.reject_reason = f"no identifier: all of {', '.join(key_columns)} are blank"
            record.values = None
        (loaded if record.values is not None else rejected).append(record)
        if len(loaded) + len(rejected) >= BATCH_ROWS:
            yield loaded, rejected
            loaded, rejected = [], []
    if loaded or rejected:
        yield loaded, rejected


def _raw_batch(records: list, columns: list[str], source: str, log: dict) -> pa.Table:
    data = {name: [record.values.get(name) for record in records] for name in columns}
    data["_source"] = [source] * len(records)
    data["_file"] = [log["file"]] * len(records)
    data["_file_sha256"] = [log["file_sha256"]] * len(records)
    data["_row_number"] = [record.row_number for record in records]
    data["_loaded_at"] = [log["started_at"]] * len(records)
    data["_landed_on"] = [log["landed_on"]] * len(records)
    schema = pa.schema([pa.field(name, pa.string()) for name in columns] + _lineage_fields())
    return pa.table(data, schema=schema)


def _rejected_batch(records: list, source: str, log: dict) -> pa.Table:
    rows = [
        {
            "attempt_id": log["attempt_id"],
            "source": source,
            "file": log["file"],
            "file_sha256": log["file_sha256"],
            "row_number": record.row_number,
            "raw_text": record.raw_text,
            "reason": record.reject_reason,
            "rejected_at": log["started_at"],
        }
        for record in records
    ]
    return pa.Table.from_pylist(rows, schema=REJECTED_ROWS)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


__all__ = ["LINEAGE_COLUMNS", "FileOutcome", "IngestSummary", "ingest_folder", "qualified"]
