"""Reading exports: encodings, delimiters, quirks and every way a file or a row can be bad."""

import codecs
import gzip

import pytest

from dagster_project.ingest.readers import UnreadableFile, dedupe_header, detect_encoding, sniff


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def records(path):
    return list(sniff(path).records())


def test_windows_1252_is_detected_and_decoded(tmp_path):
    text = 'Lead ID,City,Note\r\n00Q1,Bogotá,O’Brien “quoted”\r\n00Q2,Saarbrücken,"1,098"\r\n'
    path = write(tmp_path, "report.csv", text.encode("cp1252"))
    export = sniff(path)
    assert export.encoding == "cp1252"
    rows = records(path)
    assert [r.values["City"] for r in rows] == ["Bogotá", "Saarbrücken"]
    assert rows[0].values["Note"] == "O’Brien “quoted”"
    assert rows[1].values["Note"] == "1,098"


def test_utf8_bom_is_stripped_from_the_first_header(tmp_path):
    path = write(tmp_path, "hubspot.csv", codecs.BOM_UTF8 + b"Record ID,Email\r\n1,a@b.com\r\n")
    export = sniff(path)
    assert export.encoding == "utf-8-sig"
    assert export.header == ["Record ID", "Email"]


def test_semicolon_delimiter_and_quoted_semicolons(tmp_path):
    path = write(tmp_path, "form.csv", b'email;company\na@b.com;"Smith; Sons"\n')
    export = sniff(path)
    assert export.delimiter == ";"
    assert records(path)[0].values == {"email": "a@b.com", "company": "Smith; Sons"}


def test_quoted_line_breaks_stay_in_one_record_with_its_raw_text(tmp_path):
    path = write(tmp_path, "opps.csv", b'id,notes\r\n1,"line one\r\nline two"\r\n2,plain\r\n')
    rows = records(path)
    assert [r.row_number for r in rows] == [1, 2]
    assert rows[0].values["notes"] == "line one\r\nline two"
    assert rows[0].raw_text == '1,"line one\r\nline two"'


def test_rows_with_wrong_field_counts_are_rejected_with_reason_and_numbered(tmp_path):
    path = write(tmp_path, "x.csv", b"a,b\n1,2\n3,4,5\n6\n\n7,8\n")
    rows = records(path)
    assert [(r.row_number, r.reject_reason is None) for r in rows] == [(1, True), (2, False), (3, False), (4, True)]
    assert rows[1].reject_reason == "expected 2 fields, found 3"
    assert rows[1].raw_text == "3,4,5"


def test_a_truncated_file_rejects_its_last_record_and_keeps_the_rest(tmp_path):
    path = write(tmp_path, "t.csv", b'a,b\n1,2\n3,"never closed\n4,5\n')
    rows = records(path)
    assert rows[0].values == {"a": "1", "b": "2"}
    assert rows[-1].reject_reason is not None and "truncated" in rows[-1].reject_reason
    assert "never closed" in rows[-1].raw_text


def test_invalid_utf8_byte_rejects_only_that_row(tmp_path):
    body = b"a,b\n" + b"x,y\n" * 10 + b"bad,\xff\xfe\n" + b"z,w\n"
    path = write(tmp_path, "u.csv", body)
    # The sniffed head holds the bad byte, so this is read as Windows-1252 instead; force UTF-8 to
    # check the row-level guard that protects large files whose bad byte lies past the sniffed head.
    export = sniff(path)
    export.encoding = "utf-8"
    rows = list(export.records())
    rejected = [r for r in rows if r.reject_reason]
    assert len(rows) == 12 and len(rejected) == 1
    assert "\\xff" in rejected[0].raw_text


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"  \r\n", "empty"), (b"\x00\x01\x02binary\x00" * 50, "binary")],
)
def test_unreadable_files_say_why(tmp_path, data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        sniff(write(tmp_path, "bad.csv", data))


def test_encoding_detection():
    assert detect_encoding("é".encode()) == "utf-8"
    assert detect_encoding("é".encode("cp1252")) == "cp1252"
    assert detect_encoding(codecs.BOM_UTF8 + b"a") == "utf-8-sig"


def test_header_names_are_made_unique_and_never_blank():
    assert dedupe_header(["Email", "email", "", " Name ", "_source"]) == ["Email", "email_2", "column_3", "Name", "col_source"]


def test_sfdx_tree_json_records_are_flattened_to_text(tmp_path):
    data = b'{"records": [{"attributes": {"type": "Lead", "referenceId": "LeadRef1"}, "LastName": "Akin",' \
           b' "IsConverted": false, "NumberofLocations__c": 130}, "oops"]}'
    path = write(tmp_path, "leads.json", data)
    export = sniff(path)
    assert export.layout == "sfdx_tree_json"
    rows = list(export.records())
    assert rows[0].values["attributes.referenceId"] == "LeadRef1"
    assert rows[0].values["IsConverted"] == "false"
    assert rows[0].values["NumberofLocations__c"] == "130"
    assert rows[1].reject_reason == "record is not a JSON object"


ZOOM = (
    "Attendee Report\r\n"
    'Report Generated:,"Nov 2, 2026 10:15 AM"\r\n'
    "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered\r\n"
    'Lead scoring 101,812 3456 7890,"Nov 1, 2026 04:00 PM",62,3\r\n'
    "\r\n"
    "Host Details\r\n"
    "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name\r\n"
    'Yes,Host Person,host@vendor.com,"Nov 1, 2026 03:55 PM","Nov 1, 2026 05:02 PM",67,No,United States\r\n'
    "\r\n"
    "Attendee Details\r\n"
    "Attended,User Name (Original Name),First Name,Last Name,Email,Registration Time,Approval Status,"
    "Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name,Job Title,Organization\r\n"
    'Yes,Ana Ruiz,Ana,Ruiz,ana@acme.com,"Oct 20, 2026 09:00 AM",approved,"Nov 1, 2026 04:05 PM",'
    '"Nov 1, 2026 04:50 PM",45,Yes,Spain,CMO,Acme\r\n'
    'No,Bo Li,Bo,Li,bo@beta.io,"Oct 21, 2026 10:00 AM",approved,--,--,--,Yes,--,--,--\r\n'
)


def test_zoom_report_keeps_every_section_row_with_the_webinar_columns(tmp_path):
    path = write(tmp_path, "zoom.csv", codecs.BOM_UTF8 + ZOOM.encode())
    export = sniff(path)
    assert export.layout == "zoom_attendee_report"
    rows = list(export.records())
    assert [r.values["Section"] for r in rows] == ["Host Details", "Attendee Details", "Attendee Details"]
    ana = rows[1].values
    assert ana["Email"] == "ana@acme.com" and ana["Job Title"] == "CMO"
    assert ana["Webinar Topic"] == "Lead scoring 101" and ana["Webinar ID"] == "812 3456 7890"
    assert rows[0].values["First Name"] == ""  # host section has no such column


# --- gzipped exports ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sample",
    ["salesforce_report_leads.csv", "webform_leads.csv", "zoom_webinar_attendees.csv", "salesforce_api_leads.json"],
)
def test_a_gzipped_export_reads_exactly_as_the_plain_one(tmp_path, sample):
    from tests.conftest import SAMPLES_DIR

    data = (SAMPLES_DIR / sample).read_bytes()
    plain, compressed = write(tmp_path, sample, data), write(tmp_path, f"{sample}.gz", gzip.compress(data))
    plain_export, compressed_export = sniff(plain), sniff(compressed)
    assert [(e.layout, e.encoding, e.delimiter, e.header) for e in (plain_export, compressed_export)] == [
        (plain_export.layout, plain_export.encoding, plain_export.delimiter, plain_export.header)
    ] * 2
    assert [vars(r) for r in compressed_export.records()] == [vars(r) for r in plain_export.records()]


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda whole: whole[: len(whole) // 2], "ended before the end-of-stream marker"),
        (lambda whole: whole[:-8] + bytes(8), "CRC check failed"),
        (lambda whole: b"not gzip at all", "Not a gzipped file"),
    ],
    ids=["truncated", "corrupt", "not_gzip"],
)
def test_a_damaged_gzipped_file_is_unreadable_and_says_why(tmp_path, damage, reason):
    whole = gzip.compress(b"email,company\n" + b"a@acme.com,Acme\n" * 1000)
    path = write(tmp_path, "leads.csv.gz", damage(whole))
    with pytest.raises(UnreadableFile, match=f"^compressed file is corrupt or truncated: .*{reason}"):
        list(sniff(path).records())
