"""The scale-benchmark generator (bench/generate_exports.py), at a small scale: seconds, not minutes."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from pathlib import Path

import pytest

from bench.generate_exports import generate, main
from dagster_project.ingest import loader
from dagster_project.ingest.loader import ingest_folder
from dagster_project.warehouse import DuckDBWarehouse

LEADS, EVENTS, SEED = 3_000, 30_000, 7
LEAD_SOURCES = ("hubspot_contacts", "salesforce_api_leads", "webform_leads", "x_education_leads")
EMAIL_COLUMN = {"hubspot_contacts": "Email", "salesforce_api_leads": "Email", "webform_leads": "email",
                "activity_events": "email"}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("base")
    return out, generate(LEADS, EVENTS, out, seed=SEED, verbose=False)


@pytest.fixture(scope="module")
def next_day(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("day1")
    return out, generate(LEADS, EVENTS, out, seed=SEED, day_offset=1, verbose=False)


def read_rows(path: Path) -> list[dict]:
    text = path.read_bytes().decode("utf-8-sig")
    delimiter = ";" if path.name.startswith("webform_leads") else ","
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def file_of(folder: Path, source: str) -> Path:
    (path,) = folder.glob(f"{source}_*.csv")
    return path


def emails(folder: Path, source: str) -> set[str]:
    rows = read_rows(file_of(folder, source))
    return {row[EMAIL_COLUMN[source]].strip().lower() for row in rows if row[EMAIL_COLUMN[source]].strip()}


def test_same_seed_gives_byte_identical_files(base, tmp_path):
    folder, _ = base
    generate(LEADS, EVENTS, tmp_path, seed=SEED, verbose=False)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (folder / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_another_seed_gives_other_data(base, tmp_path):
    folder, _ = base
    generate(LEADS, EVENTS, tmp_path, seed=SEED + 1, verbose=False)
    assert file_of(folder, "hubspot_contacts").read_bytes() != file_of(tmp_path, "hubspot_contacts").read_bytes()


def test_requested_counts_are_honoured(base):
    folder, report = base
    rows = {entry["source"]: entry["rows"] for entry in report}
    assert sum(rows[source] for source in LEAD_SOURCES) == LEADS
    assert rows["activity_events"] == EVENTS
    assert rows["intent_surge"] > 0
    for entry in report:  # the report says what is on disk
        assert len(read_rows(folder / entry["file"])) == entry["rows"]
        assert (folder / entry["file"]).stat().st_size == entry["bytes"]


def test_layouts_match_the_real_exports(base):
    folder, _ = base
    hubspot = file_of(folder, "hubspot_contacts").read_bytes()
    assert hubspot.startswith(b"\xef\xbb\xbfRecord ID,First Name,Last Name,Email,") and b"\r\n" in hubspot
    assert file_of(folder, "webform_leads").read_bytes().startswith(b"submitted_at;email;first_name;")
    assert b"\r\n" not in file_of(folder, "salesforce_api_leads").read_bytes()
    x_education = read_rows(file_of(folder, "x_education_leads"))
    assert "Email" not in x_education[0] and {row["Converted"] for row in x_education} == {"0", "1"}
    events = read_rows(file_of(folder, "activity_events"))
    assert list(events[0]) == ["event_id", "occurred_at", "email", "crm_id", "event_type", "actor", "url", "campaign"]
    assert len({row["event_id"] for row in events}) == len(events)
    assert all(row["email"].strip() or row["crm_id"] for row in events)
    types = {row["event_type"] for row in events}
    assert {"page_view", "pricing_page_view", "demo_request", "call_logged", "meeting_booked"} <= types
    intent = read_rows(file_of(folder, "intent_surge"))
    assert list(intent[0]) == ["Week", "Domain", "Company Name", "Topic", "Topic Cluster", "Composite Score",
                               "Bucket Code"]
    assert {row["Bucket Code"] for row in intent} == {"A", "B", "C"}


@pytest.mark.parametrize("fast_path_bytes", [loader.FAST_PATH_MIN_BYTES, 0], ids=["row_reader", "duckdb_reader"])
def test_every_file_is_recognised_with_no_rejected_rows(base, tmp_path, monkeypatch, fast_path_bytes):
    folder, report = base
    monkeypatch.setattr(loader, "FAST_PATH_MIN_BYTES", fast_path_bytes)
    with DuckDBWarehouse(tmp_path / "w.duckdb").session() as session:
        summary = ingest_folder(session, folder)
        rejected = session.query_df("select count(*) as n from ops.rejected_rows")["n"].iloc[0]
    outcomes = {outcome.file: outcome for outcome in summary.files}
    assert set(outcomes) == {entry["file"] for entry in report}
    for entry in report:
        outcome = outcomes[entry["file"]]
        assert outcome.source == entry["source"], entry["file"]
        assert outcome.status == "loaded", (entry["file"], outcome.reason)
        assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) == (entry["rows"], entry["rows"], 0)
    assert rejected == 0


def test_people_overlap_across_exports_with_variants(base):
    folder, _ = base
    hubspot, salesforce = emails(folder, "hubspot_contacts"), emails(folder, "salesforce_api_leads")
    webform, events = emails(folder, "webform_leads"), emails(folder, "activity_events")
    assert len(hubspot & salesforce) > 50 and len(hubspot & webform) > 50 and len(salesforce & webform) > 20
    assert len(events & (hubspot | salesforce | webform)) > 0.5 * len(events)
    raw = [row["Email"] for row in read_rows(file_of(folder, "hubspot_contacts"))]
    assert any(e != e.strip() for e in raw) and any(e != e.lower() and e.strip() for e in raw)
    assert len(raw) > len({e.strip().lower() for e in raw})  # duplicate contacts
    all_emails = hubspot | salesforce | webform
    assert any(e.endswith("@gmail.com") for e in all_emails)
    assert any(e.startswith(("info@", "sales@", "contact@", "hello@", "office@", "marketing@")) for e in all_emails)
    assert any("@@" in e or "@" not in e for e in all_emails)


def test_skewed_activity_and_a_funnel(base):
    folder, _ = base
    per_person: dict[str, int] = {}
    for row in read_rows(file_of(folder, "activity_events")):
        key = row["email"].strip().lower() or row["crm_id"]
        per_person[key] = per_person.get(key, 0) + 1
    counts = sorted(per_person.values())
    assert counts[len(counts) // 2] <= 6  # the median person has a handful of events
    assert counts[-1] > 20 * counts[len(counts) // 2]  # a few have very many
    stages = {row["Lifecycle Stage"] for row in read_rows(file_of(folder, "hubspot_contacts"))}
    assert {"Subscriber", "Lead", "Marketing Qualified Lead", "Sales Qualified Lead", "Opportunity", "Customer"} <= stages


def test_day_offset_writes_new_files_with_about_one_percent_new_leads(base, next_day, tmp_path):
    base_folder, base_report = base
    day_folder, day_report = next_day
    assert not {e["file"] for e in base_report} & {e["file"] for e in day_report}
    assert all("2026-11-21" in e["file"] for e in day_report)
    rows = {e["source"]: e["rows"] for e in day_report}
    assert sum(rows[s] for s in LEAD_SOURCES) == pytest.approx(LEADS * 0.01, abs=2)
    assert rows["activity_events"] == EVENTS // 100
    assert "intent_surge" not in rows  # weekly: 2026-11-21 is a Saturday
    sources = ("hubspot_contacts", "salesforce_api_leads", "webform_leads")
    before = set().union(*(emails(base_folder, s) for s in sources))
    after = set().union(*(emails(day_folder, s) for s in sources))
    new = after - before
    assert 0.005 * len(before) <= len(new) <= 0.02 * len(before)
    assert after & before  # some records of existing people were updated that day
    day = dt.date(2026, 11, 21).isoformat()
    assert all(row["occurred_at"].startswith(day) for row in read_rows(file_of(day_folder, "activity_events")))
    known = before | emails(base_folder, "activity_events")
    day_events = emails(day_folder, "activity_events")
    assert len(day_events & known) > 0.5 * len(day_events)  # the day's events are mostly existing people's
    # both days in one landing folder: every file still recognised, nothing rejected
    for folder in (base_folder, day_folder):
        for path in folder.iterdir():
            (tmp_path / "landing").mkdir(exist_ok=True)
            (tmp_path / "landing" / path.name).write_bytes(path.read_bytes())
    with DuckDBWarehouse(tmp_path / "w.duckdb").session() as session:
        summary = ingest_folder(session, tmp_path / "landing")
    assert len(summary.files) == len(base_report) + len(day_report)
    assert all(f.status == "loaded" and f.rows_rejected == 0 for f in summary.files)


def test_a_monday_drop_carries_the_week_of_intent(tmp_path):
    report = generate(500, 1_000, tmp_path, seed=SEED, day_offset=3, verbose=False)  # 2026-11-23 is a Monday
    (intent,) = [e for e in report if e["source"] == "intent_surge"]
    assert intent["file"] == "intent_surge_2026-11-23.csv"
    assert {row["Week"] for row in read_rows(tmp_path / intent["file"])} == {"2026-11-23"}


def test_cli_prints_what_it_wrote(tmp_path, capsys):
    assert main(["--leads", "200", "--events", "500", "--out", str(tmp_path), "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "activity_events_2026-11-20.csv" in out and "500" in out and "bytes" in out and "seconds" in out
    assert len(list(tmp_path.glob("*.csv"))) == 6


def test_gzip_writes_each_file_gzipped_and_decompressing_gives_the_plain_bytes(base, tmp_path, capsys):
    folder, report = base
    args = ["--leads", str(LEADS), "--events", str(EVENTS), "--seed", str(SEED), "--gzip"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert "activity_events_2026-11-20.csv.gz" in capsys.readouterr().out
    plain_names = sorted(entry["file"] for entry in report)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [f"{name}.gz" for name in plain_names]
    for name in plain_names:
        compressed = (tmp_path / "a" / f"{name}.gz").read_bytes()
        assert gzip.decompress(compressed) == (folder / name).read_bytes(), name
        assert len(compressed) < (folder / name).stat().st_size / 2, name
    # Same arguments, same bytes, gzipped too.
    main([*args, "--out", str(tmp_path / "b")])
    for name in plain_names:
        assert (tmp_path / "a" / f"{name}.gz").read_bytes() == (tmp_path / "b" / f"{name}.gz").read_bytes(), name
