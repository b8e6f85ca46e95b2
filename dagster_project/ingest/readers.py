"""Stream the records of an export file, whatever its encoding, delimiter or layout.

A reader yields `Record`s in file order. Each carries its 1-based row number, its raw text, and
either its values or the reason it was rejected: nothing is dropped on the way. A gzipped export
(`leads.csv.gz`, `leads.json.gz`) is read as it is: every read goes through `open_bytes`.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SNIFF_BYTES = 1 << 20


class UnreadableFile(Exception):
    """The file as a whole cannot be read (empty, binary, truncated header, corrupt compression ...)."""


# --- compressed exports ---------------------------------------------------------------------------
# Exports are often landed gzipped. Such a file is decompressed wherever its bytes are read, so every
# layout below reads it unchanged; its sha256 and size stay those of the stored (compressed) file.

_DECOMPRESSION_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


def is_compressed(path: Path) -> bool:
    """A gzipped export: its name ends in `.gz`."""
    return path.name.lower().endswith(".gz")


def corrupt_compressed_file(error: Exception) -> UnreadableFile:
    return UnreadableFile(f"compressed file is corrupt or truncated: {error}")


class _GzipStream(io.RawIOBase):
    """A gzip file's decompressed bytes. Damage (a cut-off end, a failed CRC check) shows only when
    the read reaches it, possibly after many records: it is raised there as UnreadableFile."""

    def __init__(self, path: Path):
        self._gzip = gzip.open(path, "rb")  # noqa: SIM115 - closed by close()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            return self._gzip.readinto(buffer)
        except _DECOMPRESSION_ERRORS as error:
            raise corrupt_compressed_file(error) from error

    def close(self) -> None:
        self._gzip.close()
        super().close()


def open_bytes(path: Path) -> io.BufferedIOBase:
    """The export's bytes as its source wrote them: decompressed when the file is gzipped."""
    if is_compressed(path):
        return io.BufferedReader(_GzipStream(path), buffer_size=1 << 20)
    return open(path, "rb")


@dataclass
class Record:
    row_number: int
    raw_text: str
    values: dict[str, str] | None = None
    reject_reason: str | None = None


@dataclass
class ExportFile:
    """A sniffed file: its layout, header and a way to stream its records."""

    path: Path
    layout: str
    encoding: str
    delimiter: str | None
    header: list[str]

    def records(self) -> Iterator[Record]:
        if self.layout == "sfdx_tree_json":
            return _sfdx_records(self)
        if self.layout == "zoom_attendee_report":
            return _zoom_records(self)
        return _csv_records(self)


# --- encoding -------------------------------------------------------------------------------------


def detect_encoding(head: bytes, whole_file: bool = True) -> str:
    """UTF-8 with BOM, UTF-8, else Windows-1252 (Excel and Salesforce on Windows), else Latin-1.

    `whole_file=False` when `head` is only the start of the file: a multi-byte character cut at its
    end is then not an error.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=whole_file)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    # surrogateescape keeps a stray invalid byte instead of failing the file; the row holding it
    # is rejected with its bytes shown, see `_has_invalid_bytes`.
    return io.TextIOWrapper(open_bytes(path), encoding=encoding, errors="surrogateescape", newline="")


def _has_invalid_bytes(text: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in text)


def _printable(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace").replace("\x00", "\\x00")


# --- sniffing -------------------------------------------------------------------------------------


def _pick_delimiter(header_line: str) -> str:
    counts = {d: _count_outside_quotes(header_line, d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def dedupe_header(header: list[str]) -> list[str]:
    """Column names as stored: blanks named by position, repeats numbered (case-insensitively)."""
    seen: set[str] = set()
    names = []
    for position, raw in enumerate(header, start=1):
        name = raw.strip() or f"column_{position}"
        candidate, suffix = name, 2
        while candidate.lower() in seen or candidate.startswith("_"):
            candidate = f"{name}_{suffix}" if not candidate.startswith("_") else f"col{candidate}"
            suffix += 1
        seen.add(candidate.lower())
        names.append(candidate)
    return names


def sniff(path: Path) -> ExportFile:
    """Work out layout, encoding, delimiter and header, or raise UnreadableFile with the reason."""
    with open_bytes(path) as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise UnreadableFile("empty file")
    if b"\x00" in head[:8192] and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile("binary file (contains NUL bytes), not a text export")
    encoding = detect_encoding(head, whole_file=len(head) < SNIFF_BYTES)
    text = head.decode(encoding, errors="replace")
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        return ExportFile(path, "sfdx_tree_json", "utf-8", None, _sfdx_header(path))
    first_line = stripped.splitlines()[0] if stripped else ""
    if first_line.strip().strip('"').strip(",") == "Attendee Report":
        return ExportFile(path, "zoom_attendee_report", encoding, ",", _zoom_header(path, encoding))
    delimiter = _pick_delimiter(first_line)
    with _open_text(path, encoding) as handle:
        try:
            header = next(csv.reader(handle, delimiter=delimiter), [])
        except csv.Error as error:
            raise UnreadableFile(f"header row cannot be parsed: {error}") from error
    if not any(name.strip() for name in header):
        raise UnreadableFile("no header row")
    return ExportFile(path, "csv", encoding, delimiter, dedupe_header(header))


# --- CSV ------------------------------------------------------------------------------------------


class _LineTap:
    """Feeds lines to csv.reader and remembers them, so each record keeps its raw text."""

    def __init__(self, lines):
        self._lines = lines
        self._taken: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._taken.append(line)
        return line

    def take(self) -> str:
        text = "".join(self._taken)
        self._taken.clear()
        return text


def _csv_records(export: ExportFile) -> Iterator[Record]:
    with _open_text(export.path, export.encoding) as handle:
        tap = _LineTap(iter(handle))
        reader = csv.reader(tap, delimiter=export.delimiter or ",", strict=True)
        next(reader, None)  # header
        tap.take()
        yield from _typed_records(reader, tap, export.header, first_row=1)


def _typed_records(reader, tap: _LineTap, header: list[str], first_row: int) -> Iterator[Record]:
    row_number = first_row - 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # Bad quoting, or the file ends inside a quoted field (truncated): reject what was read.
            row_number += 1
            raw_text = _printable(tap.take().rstrip("\r\n"))
            reason = "file ends inside a quoted field (truncated?)" if "end of data" in str(error) else str(error)
            yield Record(row_number, raw_text, reject_reason=f"unreadable record: {reason}")
            continue
        raw_text = tap.take()
        if not fields:  # a blank line carries no record
            continue
        row_number += 1
        yield _record_from_fields(row_number, raw_text, fields, header)


def _record_from_fields(row_number: int, raw_text: str, fields: list[str], header: list[str]) -> Record:
    printable = _printable(raw_text.rstrip("\r\n"))
    if _has_invalid_bytes(raw_text):
        return Record(row_number, printable, reject_reason="invalid bytes for the file's encoding")
    if len(fields) != len(header):
        return Record(
            row_number, printable, reject_reason=f"expected {len(header)} fields, found {len(fields)}"
        )
    if "\x00" in raw_text:
        # PostgreSQL text cannot hold NUL; every engine rejects the row the same way.
        return Record(row_number, printable, reject_reason="NUL character in a value")
    return Record(row_number, printable, values=dict(zip(header, fields)))


# --- Salesforce sfdx tree JSON --------------------------------------------------------------------


def _load_sfdx(path: Path) -> list:
    with open_bytes(path) as handle:
        data = handle.read()
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableFile(f"not valid JSON: {error}") from error
    records = document.get("records") if isinstance(document, dict) else document
    if not isinstance(records, list):
        raise UnreadableFile("JSON without a `records` list (expected sfdx data tree format)")
    return records


def _flatten(record: dict) -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in record.items():
        if key == "attributes" and isinstance(value, dict):
            for sub_key, sub_value in value.items():
                flat[f"attributes.{sub_key}"] = _as_text(sub_value)
        else:
            flat[key] = _as_text(value)
    return flat


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)  # true -> "true", 130 -> "130", objects as JSON


def _sfdx_header(path: Path) -> list[str]:
    header: dict[str, None] = {}
    for record in _load_sfdx(path):
        if isinstance(record, dict):
            header.update(dict.fromkeys(_flatten(record)))
    return list(header)


def _sfdx_records(export: ExportFile) -> Iterator[Record]:
    for row_number, record in enumerate(_load_sfdx(export.path), start=1):
        raw_text = json.dumps(record, ensure_ascii=False)
        if not isinstance(record, dict):
            yield Record(row_number, raw_text, reject_reason="record is not a JSON object")
            continue
        flat = _flatten(record)
        yield Record(row_number, raw_text, values={name: flat.get(name, "") for name in export.header})


# --- Zoom webinar attendee report -----------------------------------------------------------------
# Zoom writes a preamble (report title, a topic table, host and panelist sections) before the
# attendee table. Every person row of every section is kept, tagged with its section, and each row
# carries the webinar's topic columns so a row stands on its own.

ZOOM_SECTIONS = ("Host Details", "Panelist Details", "Attendee Details")


def _zoom_lines(path: Path, encoding: str) -> list[list[str]]:
    with _open_text(path, encoding) as handle:
        try:
            return list(csv.reader(handle))
        except csv.Error as error:
            raise UnreadableFile(f"Zoom report cannot be parsed: {error}") from error


def _zoom_layout(rows: list[list[str]]) -> tuple[list[str], list[str], dict[str, list[str]]]:
    topic_header: list[str] = []
    topic_values: list[str] = []
    section_headers: dict[str, list[str]] = {}
    for index, row in enumerate(rows):
        cells = [cell.strip() for cell in row]
        if cells and cells[0] == "Topic" and not topic_header and index + 1 < len(rows):
            topic_header, topic_values = cells, rows[index + 1]
        if cells and cells[0] in ZOOM_SECTIONS and index + 1 < len(rows):
            section_headers[cells[0]] = [cell.strip() for cell in rows[index + 1]]
    if "Attendee Details" not in section_headers:
        raise UnreadableFile("Zoom report without an `Attendee Details` section (truncated?)")
    return topic_header, topic_values, section_headers


def _zoom_header(path: Path, encoding: str) -> list[str]:
    topic_header, _, section_headers = _zoom_layout(_zoom_lines(path, encoding))
    columns = dict.fromkeys(["Section"])
    for section in ZOOM_SECTIONS:
        columns.update(dict.fromkeys(section_headers.get(section, [])))
    columns.update(dict.fromkeys(f"Webinar {name}" if not name.startswith("Webinar") else name for name in topic_header))
    return dedupe_header(list(columns))


def _zoom_records(export: ExportFile) -> Iterator[Record]:
    rows = _zoom_lines(export.path, export.encoding)
    topic_header, topic_values, section_headers = _zoom_layout(rows)
    webinar = {
        (f"Webinar {name}" if not name.startswith("Webinar") else name): value
        for name, value in zip(topic_header, topic_values)
    }
    section, header, row_number = None, None, 0
    for row in rows:
        first = row[0].strip() if row else ""
        if first in ZOOM_SECTIONS:
            section, header = first, None
            continue
        if section is None or not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = section_headers[section]
            continue
        row_number += 1
        raw_text = ",".join(row)
        if len(row) != len(header):
            yield Record(row_number, raw_text, reject_reason=f"expected {len(header)} fields in {section}, found {len(row)}")
            continue
        values = dict.fromkeys(export.header, "")
        values.update(webinar)
        values.update(zip(header, row))
        values["Section"] = section
        yield Record(row_number, raw_text, values={name: values.get(name, "") for name in export.header})
