"""Full-refresh benchmark: the whole daily job against the floor, side by side on the same files.

    .venv/bin/python -m bench.full_refresh --leads N --events M [--keep DIR] [--seed 1]
    .venv/bin/python -m bench.full_refresh --tiny          # fixed overhead, on the bundled samples

1. Generates the exports once (bench.generate_exports) into a temporary folder, or into --keep DIR,
   where they stay and are reused by the next run with the same arguments. --tiny uses seeds/exports.
2. (a) the floor: ONE DuckDB SQL script (floor.sql, written beside the results) that loads the same
   files with read_csv and computes a simple lead score, tiers and funnel counts in plain SQL.
   (b) the pipeline: `dagster job execute -m dagster_project.definitions -j daily_leads` with
   LEADS_LANDING_DIR, a fresh LEADS_WAREHOUSE and LEADS_AS_OF=2026-11-20, DAGSTER_HOME=.dagster_home.
   Each runs as a subprocess: wall time; peak RSS of its whole process tree (sum over the processes
   alive at once, polled every 0.2 s with psutil) and of its largest single process (wait4's ru_maxrss).
   (c) with --daily: the next day's drop (generate_exports --day-offset 1: about 1% new leads and
   events) lands in a dated sub-folder beside the same files, and the job runs the next day's partition
   on the warehouse (b) left: an incremental daily run. Its wall time is compared with (b).
   (d) with --backfill as well: the first day again, on the warehouse (c) left: a backfill of an
   earlier day, which must reproduce (b)'s scores (a fingerprint of marts.dim_leads is compared).
3. Prints a table (step, wall s, peak RSS MB, ratio pipeline/floor) and a profile of the pipeline:
   per Dagster step (duration from its log, peak tree RSS while it ran), the slowest dbt nodes (from
   run_results.json) and the ingest time per file (ops.ingest_log). --json FILE writes it all.

The dbt manifest the code location reads is prepared first (`make manifest`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
DAGSTER = str(VENV_BIN / "dagster") if (VENV_BIN / "dagster").exists() else "dagster"
SAMPLES = PROJECT_ROOT / "seeds" / "exports"
DBT_TARGET_DIR = PROJECT_ROOT / "dbt_leads" / "target"
AS_OF = "2026-11-20"
POLL_SECONDS = 0.2

try:
    import psutil
except ImportError:  # the tree's peak is then unknown; the largest process still comes from wait4
    psutil = None

FLOOR_SQL = """\
-- The floor: what the daily job does at its simplest, in one DuckDB script over the same files.
-- No lineage, no reject accounting, no enrichment, no tests, no sync tables.
-- The globs take plain and gzipped exports (`*.csv`, `*.csv.gz`); read_csv decompresses by extension.
create or replace table hubspot as
    select * from read_csv({landing} || '/**/hubspot_contacts*.csv*', all_varchar = true, union_by_name = true);
create or replace table salesforce as
    select * from read_csv({landing} || '/**/salesforce_api_leads*.csv*', all_varchar = true, union_by_name = true);
create or replace table webform as
    select * from read_csv({landing} || '/**/webform_leads*.csv*', all_varchar = true, delim = ';',
                           union_by_name = true, ignore_errors = true);
create or replace table x_education as
    select * from read_csv({landing} || '/**/x_education_leads*.csv*', all_varchar = true, union_by_name = true);
create or replace table events as
    select * from read_csv({landing} || '/**/activity_events*.csv*', all_varchar = true, union_by_name = true);
create or replace table intent as
    select * from read_csv({landing} || '/**/intent_surge*.csv*', all_varchar = true, union_by_name = true);

create or replace table lead_records as
select 'hubspot' as source, nullif(lower(trim("Email")), '') as email, "Record ID" as record_id,
       case lower(trim("Lifecycle Stage")) when 'subscriber' then 1 when 'lead' then 2
            when 'marketing qualified lead' then 3 when 'sales qualified lead' then 4
            when 'opportunity' then 5 when 'customer' then 6 end as crm_stage_rank,
       "Job Title" as job_title
from hubspot
union all
select 'salesforce', nullif(lower(trim("Email")), ''), "Id",
       case "Status" when 'Closed - Converted' then 5 when 'Closed - Not Converted' then 0 else 2 end, "Title"
from salesforce
union all
select 'webform', nullif(lower(trim(email)), ''), null, 2, job_title from webform
union all
select 'x_education', null, "Prospect ID", case when "Converted" = '1' then 6 else 2 end, null from x_education;

create or replace table leads as
select coalesce(email, source || ':' || record_id) as lead_key, any_value(email) as email,
       max(crm_stage_rank) as crm_stage_rank, max(job_title) as job_title, count(*) as records
from lead_records
group by 1;

create or replace table lead_events as
with crm_ids as (
    select record_id, min(email) as email from lead_records
    where record_id is not null and email is not null group by record_id
)
select coalesce(nullif(lower(trim(e.email)), ''), crm_ids.email) as email, lower(trim(e.event_type)) as event_type,
       try_strptime(e.occurred_at, '%Y-%m-%dT%H:%M:%SZ') as occurred_at
from events as e
left join crm_ids on e.crm_id = crm_ids.record_id;

create or replace table lead_scores as
with per_type as (
    select email, event_type, count(*) as n,
           sum(power(0.5, date_diff('day', occurred_at, {as_of}::timestamp) / 30.0)) as decayed
    from lead_events
    where email is not null and occurred_at is not null and occurred_at < {as_of}::timestamp + interval 1 day
    group by all
),
engagement as (
    select email, sum(n) as events, bool_or(event_type = 'demo_request') as demo_requested,
           least(60, sum(case event_type
               when 'demo_request' then least(40, 40 * decayed) when 'pricing_page_view' then least(15, 5 * decayed)
               when 'webinar_attended' then least(20, 10 * decayed) when 'form_submit' then least(20, 10 * decayed)
               when 'content_download' then least(10, 5 * decayed) when 'email_click' then least(10, 2 * decayed)
               when 'page_view' then least(10, decayed) else 0 end)) as points
    from per_type
    group by email
),
surge as (
    select lower(trim("Domain")) as domain, max(try_cast("Composite Score" as double)) as surge
    from intent group by 1
),
scored as (
    select leads.*, coalesce(engagement.events, 0) as events,
           coalesce(engagement.demo_requested, false) as demo_requested,
           case when regexp_matches(lower(leads.job_title), 'chief|\\bvp\\b|head of|director|ceo') then 20
                when leads.job_title ilike '%manager%' then 10 else 0 end
           + case when leads.email like '%_@_%._%'
                   and split_part(leads.email, '@', 2) not in ('gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com',
                                                               'gmx.de', 'web.de', 'mailinator.com') then 10 else 0 end
           + case when surge.surge >= 60 then 10 else 0 end as fit_score,
           coalesce(engagement.points, 0) as engagement_score
    from leads
    left join engagement on engagement.email = leads.email
    left join surge on surge.domain = split_part(leads.email, '@', 2)
)
select *, least(100, fit_score + engagement_score) as lead_score,
       case when least(100, fit_score + engagement_score) >= 60 or demo_requested then 'hot'
            when least(100, fit_score + engagement_score) >= 30 then 'warm' else 'cold' end as tier,
       case when crm_stage_rank >= 6 then 'customer' when crm_stage_rank = 5 then 'opportunity'
            when crm_stage_rank = 4 then 'sql' when crm_stage_rank = 0 then 'disqualified'
            when crm_stage_rank = 3 or least(100, fit_score + engagement_score) >= 50 then 'mql'
            else 'lead' end as lifecycle_stage
from scored;

create or replace table funnel as
select lifecycle_stage, tier, count(*) as leads from lead_scores group by all order by all;
"""

FLOOR_RUNNER = """\
import sys, duckdb
sql_path, landing, database, as_of = sys.argv[1:5]
quote = lambda text: "'" + text.replace("'", "''") + "'"
sql = open(sql_path, encoding="utf-8").read().replace("{landing}", quote(landing)).replace("{as_of}", quote(as_of))
con = duckdb.connect(database)
con.execute(sql)
leads, events = con.execute("select count(*), sum(events) from lead_scores").fetchone()
print(f"floor: {leads} leads, {events} matched events")
for row in con.execute("select * from funnel").fetchall():
    print("funnel", *row)
con.close()
"""


@dataclass
class Measurement:
    step: str
    wall_s: float
    peak_tree_mb: float | None
    peak_process_mb: float
    cpu_s: float
    returncode: int
    timed_out: bool = False
    log: str = ""
    # (unix time, tree RSS MB, largest process, RSS MB of the root process: Dagster itself, without dbt)
    samples: list = field(default_factory=list, repr=False)


def _tree_rss(root) -> tuple[float, str, float]:
    """RSS MB of the whole tree, the largest process's name, RSS MB of the root alone."""
    total, largest, name, own = 0, 0, "", 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0, "", 0.0
    for process in processes:
        try:
            rss = process.memory_info().rss
            if rss > largest:
                largest, name = rss, process.name()
        except psutil.Error:
            continue
        total += rss
        own = rss if process is root else own
    return total / 1e6, name, own / 1e6


def measure(step: str, command: list[str], env: dict, log_path: Path, timeout: float) -> Measurement:
    """Run `command` in its own session; wall time, peak tree RSS (psutil) and peak process RSS (wait4)."""
    print(f"[{step}] {' '.join(command)}", file=sys.stderr, flush=True)
    samples = []
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        watched = psutil.Process(process.pid) if psutil else None
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if watched is not None:
                samples.append((time.time(), *_tree_rss(watched)))
            if time.perf_counter() - started > timeout and not timed_out:
                timed_out = True
                print(f"[{step}] past {timeout:.0f}s: stopping it", file=sys.stderr, flush=True)
                os.killpg(process.pid, signal.SIGTERM)  # our own child's process group only
                time.sleep(10)
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    peak_tree = max((s[1] for s in samples), default=None) if psutil else None
    result = Measurement(step, round(wall, 2), round(peak_tree, 1) if peak_tree is not None else None,
                         round(usage.ru_maxrss / 1024, 1), round(usage.ru_utime + usage.ru_stime, 1),
                         process.returncode, timed_out, str(log_path), samples)
    print(f"[{step}] {result.wall_s:.1f}s, exit {result.returncode}", file=sys.stderr, flush=True)
    return result


# --- the pipeline's own account of where time went --------------------------------------------------------
_EVENT = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) [+-]\d{4} - dagster - \w+ - \S+ - \S+ - \d+ - (\S+) - "
                    r"(STEP_START|STEP_SUCCESS|STEP_FAILURE|ENGINE_EVENT - Step blocked by limit for pool)\b(.*)$")


def _seconds(text: str) -> float | None:
    match = re.search(r"in (?:(\d+)h ?)?(?:(\d+)m ?)?([\d.]+)(ms|s)\.", text)
    if match:
        hours, minutes, value, unit = match.groups()
        value = float(value) / (1000 if unit == "ms" else 1)
        return value + 60 * int(minutes or 0) + 3600 * int(hours or 0)
    match = re.search(r"in (?:(\d+)h )?(\d+)m\.", text)
    if match:
        return 60 * int(match.group(2)) + 3600 * int(match.group(1) or 0)
    return None


def dagster_steps(log_path: Path, samples: list) -> list[dict]:
    """Per step: status, duration (Dagster's own figure), peak RSS of the tree and of Dagster's own process
    while it ran (from our samples)."""
    steps: dict[str, dict] = {}
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _EVENT.match(line)
        if not match:
            continue
        stamp, step, event, rest = match.groups()
        at = dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC).timestamp()
        entry = steps.setdefault(step, {"step": step, "status": "waiting", "seconds": None, "start": at, "end": None,
                                        "blocked_s": 0.0, "blocked_at": None})
        if event.startswith("ENGINE_EVENT"):  # waiting for the `warehouse` pool, held by another run or step
            entry["blocked_at"] = entry["blocked_at"] or at
        elif event == "STEP_START":
            entry["start"], entry["status"] = at, "started"
            if entry["blocked_at"] is not None:
                entry["blocked_s"] = at - entry["blocked_at"]
        else:
            entry["status"] = "ok" if event == "STEP_SUCCESS" else "failed"
            entry["end"] = at
            entry["seconds"] = _seconds(rest)
    for entry in steps.values():
        end = entry["end"] or (samples[-1][0] if samples else entry["start"])
        window = [s for s in samples if entry["start"] - 1 <= s[0] <= end + 1]
        entry["peak_tree_mb"] = round(max(s[1] for s in window), 1) if window else None
        entry["peak_dagster_mb"] = round(max(s[3] for s in window), 1) if window else None
        entry.pop("blocked_at", None)
    return sorted(steps.values(), key=lambda e: e["start"])


def run_bounds(log_path: Path) -> tuple[float | None, float | None]:
    """Unix times of the run's RUN_START and of its last event (1-second resolution, Dagster's log)."""
    first = last = None
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = re.match(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) [+-]\d{4} - dagster - ", line)
        if not match:
            continue
        at = dt.datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC).timestamp()
        if first is None and " - RUN_START - " in line:
            first = at
        last = at
    return first, last


def run_id_of(log_path: Path) -> str | None:
    match = re.search(r" - daily_leads - ([0-9a-f-]{36}) - \d+ - RUN_START", log_path.read_text(errors="replace"))
    return match.group(1) if match else None


def _run_results(run_id: str | None) -> list[tuple[Path, dict]]:
    """run_results.json of this run's dbt invocations (dagster-dbt names their target folders
    `<op>-<run id[:7]>-<hash>`; other people's runs of the same project write beside them)."""
    if not run_id:
        return []
    found = []
    for path in sorted(DBT_TARGET_DIR.glob(f"*-{run_id[:7]}-*/run_results.json")):
        try:
            found.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, json.JSONDecodeError):
            continue
    return found


def full_parse_reason(invocation_dir: Path) -> str | None:
    """Why dbt parsed the whole project in this invocation instead of reusing the prepared manifest
    (its UnableToPartialParse event, such as "profile has changed" when the manifest was prepared for
    another warehouse path), or None when it parsed partially. A full parse adds 3-4 s per invocation."""
    try:
        with (invocation_dir / "dbt.log").open(encoding="utf-8") as lines:
            for line in lines:
                if '"UnableToPartialParse"' in line:
                    return json.loads(line).get("data", {}).get("reason") or "no reason given"
    except (OSError, ValueError):
        return None
    return None


def dbt_invocations(run_id: str | None) -> list[dict]:
    """Per dbt invocation: wall time, time spent running nodes, and the rest (start-up, parse, compile)."""
    out = []
    for path, document in _run_results(run_id):
        meta = document.get("metadata", {})
        try:
            began = dt.datetime.fromisoformat(meta["invocation_started_at"])
            ended = dt.datetime.fromisoformat(meta["generated_at"])
        except (KeyError, ValueError):
            continue
        wall = (ended - began).total_seconds()
        kinds: dict[str, float] = {}
        for result in document.get("results", []):
            kind = result["unique_id"].split(".")[0]
            kinds[kind] = round(kinds.get(kind, 0) + (result.get("execution_time") or 0), 1)
        out.append({"invocation": path.parent.name, "wall_s": round(wall, 1),
                    "nodes_elapsed_s": round(document.get("elapsed_time") or 0, 1),
                    "startup_parse_s": round(wall - (document.get("elapsed_time") or 0), 1),
                    "nodes": len(document.get("results", [])), "node_seconds_by_kind": kinds,
                    "full_parse_reason": full_parse_reason(path.parent)})
    return out


def dbt_nodes(run_id: str | None, limit: int = 12) -> list[dict]:
    """The slowest dbt nodes of this run's dbt invocations."""
    nodes = []
    for path, document in _run_results(run_id):
        for result in document.get("results", []):
            nodes.append({"node": result["unique_id"].split(".", 2)[-1], "kind": result["unique_id"].split(".")[0],
                          "status": result.get("status"), "seconds": round(result.get("execution_time") or 0, 2),
                          "invocation": path.parent.name})
    return sorted(nodes, key=lambda n: -n["seconds"])[:limit] if limit else nodes


def query_warehouse(database: Path, code: str):
    """Run `code`, Python that sets `result` from `con` (a read-only connection to `database`), in the
    project's interpreter, and return `result` (through JSON). The answer comes back in a file, not on
    stdout: DuckDB draws its progress bar on stdout for a query longer than 2 s, terminal or not (the
    10M warehouse's fingerprint, session 18)."""
    with tempfile.TemporaryDirectory() as folder:
        answer = Path(folder) / "answer.json"
        program = ("import duckdb, json, sys\n"
                   "con = duckdb.connect(sys.argv[1], read_only=True)\n"
                   f"{code}"
                   "\nopen(sys.argv[2], 'w').write(json.dumps(result, default=str))\n")
        done = subprocess.run([PYTHON, "-c", program, str(database), str(answer)], capture_output=True, text=True,
                              cwd=PROJECT_ROOT, check=False)
        if done.returncode != 0:
            raise RuntimeError((done.stderr.strip().splitlines() or ["unknown error"])[-1])
        return json.loads(answer.read_text(encoding="utf-8"))


def warehouse_facts(database: Path) -> dict:
    """Per-file ingest time and the size of the results, read from the pipeline's warehouse."""
    facts: dict = {"warehouse_mb": round(database.stat().st_size / 1e6, 1) if database.exists() else None}
    if not database.exists():
        return facts
    code = (
        "files = con.execute(\"select file, source, status, rows_read, rows_rejected,"
        " round(epoch(finished_at) - epoch(started_at), 2) from ops.ingest_log order by started_at\").fetchall()\n"
        "tables = con.execute(\"select schema_name || '.' || table_name, estimated_size from duckdb_tables()"
        " order by estimated_size desc limit 12\").fetchall()\n"
        "result = {'files': files, 'largest_tables': tables}\n"
    )
    try:
        found = query_warehouse(database, code)
    except RuntimeError as error:
        facts["error"] = [str(error)]
        return facts
    facts["ingest"] = [dict(zip(["file", "source", "status", "rows_read", "rows_rejected", "seconds"], row))
                       for row in found["files"]]
    facts["largest_tables"] = found["largest_tables"]
    return facts


# --- the run -------------------------------------------------------------------------------------------------
def prepare_landing(args, work: Path) -> tuple[Path, Measurement | None]:
    if args.tiny:
        return SAMPLES, None
    landing = Path(args.keep) if args.keep else work / "landing"
    marker = landing / ".bench_params.json"
    params = {"leads": args.leads, "events": args.events, "seed": args.seed, "as_of": args.as_of}
    if args.gzip:  # only then: folders kept before --gzip existed are still reused
        params["gzip"] = True
    if marker.exists() and json.loads(marker.read_text()) == params:
        print(f"reusing the exports in {landing}", file=sys.stderr)
        return landing, None
    if landing.exists():
        shutil.rmtree(landing)
    command = [PYTHON, "-m", "bench.generate_exports", "--leads", str(args.leads), "--events", str(args.events),
               "--out", str(landing), "--seed", str(args.seed), "--as-of", args.as_of,
               *(["--gzip"] if args.gzip else [])]
    generated = measure("generate exports", command, dict(os.environ), work / "generate.log", args.timeout)
    if generated.returncode != 0:
        raise SystemExit(f"generating the exports failed, see {generated.log}")
    marker.write_text(json.dumps(params))  # a hidden file: the loader ignores it
    return landing, generated


def ensure_manifest(warehouse: Path) -> None:
    """`make manifest` for the bench's warehouse, as a deployment prepares it for its own: dbt then
    re-uses that parse on each run (a different warehouse path in the profile means a full parse)."""
    started = time.perf_counter()
    done = subprocess.run(["make", "manifest"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False,
                          env={**os.environ, "LEADS_WAREHOUSE": str(warehouse)})
    if done.returncode != 0:
        raise SystemExit(f"make manifest failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    print(f"make manifest: {time.perf_counter() - started:.1f}s", file=sys.stderr)


def pipeline_env(landing: Path, warehouse: Path, as_of: str, dagster_home: Path) -> dict:
    # A DAGSTER_HOME of its own starts with the project's instance settings (pool limit, telemetry off).
    if not (dagster_home / "dagster.yaml").exists():
        dagster_home.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT_ROOT / ".dagster_home" / "dagster.yaml", dagster_home / "dagster.yaml")
    env = dict(os.environ)
    env.update(LEADS_LANDING_DIR=str(landing), LEADS_WAREHOUSE=str(warehouse), LEADS_AS_OF=as_of,
               DAGSTER_HOME=str(dagster_home), DO_NOT_TRACK="1",
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    return env


def landing_size(landing: Path) -> tuple[int, int]:
    files = [p for p in landing.rglob("*") if p.is_file() and not p.name.startswith(".")]
    return len(files), sum(p.stat().st_size for p in files)


def fmt(value, digits=1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def report_table(floor: Measurement | None, pipeline: Measurement, generated: Measurement | None) -> str:
    rows = []
    if generated:
        rows.append(("generate exports (not compared)", generated))
    if floor:
        rows.append(("(a) floor: one DuckDB SQL script", floor))
    rows.append(("(b) pipeline: dagster job daily_leads", pipeline))
    lines = [f"{'step':<40} {'wall s':>9} {'CPU s':>9} {'peak RSS MB (tree)':>19} {'largest process MB':>19} {'exit':>5}"]
    for label, m in rows:
        lines.append(f"{label:<40} {m.wall_s:>9.1f} {m.cpu_s:>9.1f} {fmt(m.peak_tree_mb):>19} {m.peak_process_mb:>19,.1f}"
                     f" {m.returncode:>5}{'  TIMED OUT' if m.timed_out else ''}")
    if not floor:
        return "\n".join(lines)
    ratio_wall = pipeline.wall_s / floor.wall_s if floor.wall_s else None
    ratio_rss = (pipeline.peak_tree_mb / floor.peak_tree_mb) if floor.peak_tree_mb and pipeline.peak_tree_mb else None
    ratio_cpu = pipeline.cpu_s / floor.cpu_s if floor.cpu_s else None
    lines.append(f"{'ratio (b)/(a)':<40} {fmt(ratio_wall, 2):>9} {fmt(ratio_cpu, 2):>9} {fmt(ratio_rss, 2):>19}")
    return "\n".join(lines)


def run_next_day(args, landing: Path, work: Path, warehouse: Path) -> Measurement:
    """(c): the day after `--as-of` as an incremental run on the warehouse the full run left.

    Its landing folder links the full run's files (same sha256: skipped) and holds the next day's
    drop in a dated sub-folder, as a real landing folder would.
    """
    next_day = (dt.date.fromisoformat(args.as_of) + dt.timedelta(days=1)).isoformat()
    daily_landing = work / "landing_daily"
    shutil.rmtree(daily_landing, ignore_errors=True)
    daily_landing.mkdir()
    for path in landing.iterdir():
        if path.is_file() and not path.name.startswith("."):
            (daily_landing / path.name).symlink_to(path.resolve())
    command = [PYTHON, "-m", "bench.generate_exports", "--leads", str(args.leads), "--events", str(args.events),
               "--out", str(daily_landing / next_day), "--seed", str(args.seed), "--as-of", args.as_of,
               "--day-offset", "1", *(["--gzip"] if args.gzip else [])]
    if measure("generate next day", command, dict(os.environ), work / "generate_daily.log", args.timeout).returncode:
        raise SystemExit(f"generating the next day's drop failed, see {work / 'generate_daily.log'}")
    return run_job(args, "daily", daily_landing, warehouse, next_day, work / "dagster_daily.log")


def run_job(args, step: str, landing: Path, warehouse: Path, day: str, log: Path) -> Measurement:
    """The daily job's partition `day` on `landing` into `warehouse`, measured as `step`."""
    return measure(step, [DAGSTER, "job", "execute", "-m", "dagster_project.definitions", "-j", "daily_leads",
                          "--tags", json.dumps({"dagster/partition": day})],
                   pipeline_env(landing, warehouse, day, Path(args.dagster_home)), log, args.timeout)


def scores_fingerprint(database: Path) -> list | None:
    """Leads, tiers and the sum of their scores in marts.dim_leads: what a backfill must reproduce."""
    try:
        return query_warehouse(database, (
            "result = con.execute(\"select count(*), count(distinct lead_id), round(sum(lead_score), 3),"
            " count(*) filter (where tier = 'hot'), max(scored_as_of) from marts.dim_leads\").fetchone()"))
    except RuntimeError:
        return None


def print_steps(steps: list[dict]) -> None:
    for s in steps:
        print(f"  {s['step']:<48} {s['status']:<7} {fmt(s['seconds']):>9} s  blocked {s['blocked_s']:>5.0f} s"
              f" {fmt(s['peak_tree_mb']):>10} MB {fmt(s['peak_dagster_mb']):>10} MB")


def print_nodes(nodes: list[dict]) -> None:
    for n in nodes:
        print(f"  {n['node']:<70} {n['status'] or '':<8} {n['seconds']:>8.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.full_refresh", description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--tiny", action="store_true", help="the bundled samples (seeds/exports): fixed overhead")
    size.add_argument("--leads", type=int, help="lead rows to generate")
    parser.add_argument("--events", type=int, help="event rows to generate (with --leads)")
    parser.add_argument("--keep", help="generate into (and keep, and reuse) this folder instead of a temporary one")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--gzip", action="store_true", help="generate the exports gzipped (<name>.csv.gz)")
    parser.add_argument("--timeout", type=float, default=1200, help="stop a step that runs longer (seconds)")
    parser.add_argument("--skip-manifest", action="store_true", help="do not run `make manifest` first")
    parser.add_argument("--json", help="write the measurements and the profile to this file")
    parser.add_argument("--daily", action="store_true",
                        help="then run the next day's partition on the next day's drop: (c) daily/(b) full")
    parser.add_argument("--backfill", action="store_true",
                        help="with --daily, then run the first day's partition again: (d), a backfill of an"
                             " earlier day, which must give the full run's scores")
    parser.add_argument("--dagster-home", default=str(PROJECT_ROOT / ".dagster_home"),
                        help="DAGSTER_HOME for the run (default the project's; its `warehouse` pool is shared with"
                             " every other run of that instance, see the pool-wait note in the output)")
    parser.add_argument("--skip-floor", action="store_true",
                        help="measure the pipeline only (the floor at this size was measured before)")
    parser.add_argument("--keep-warehouse", action="store_true",
                        help="keep the warehouses in the logs folder (the full run's as full.duckdb when --daily):"
                             " to profile or resume a model on them")
    args = parser.parse_args(argv)
    if args.leads is not None and args.events is None:
        parser.error("--leads needs --events")
    if args.backfill and not args.daily:
        parser.error("--backfill needs --daily")
    if psutil is None:
        print("psutil is missing: peak RSS of process trees unknown (pip install psutil)", file=sys.stderr)

    work = Path(tempfile.mkdtemp(prefix="lead_bench_"))
    try:
        landing, generated = prepare_landing(args, work)
        warehouse = work / "leads.duckdb"
        if not args.skip_manifest:
            ensure_manifest(warehouse)
        n_files, n_bytes = landing_size(landing)
        (work / "floor.sql").write_text(FLOOR_SQL, encoding="utf-8")
        (work / "floor_runner.py").write_text(FLOOR_RUNNER, encoding="utf-8")
        floor = None if args.skip_floor else measure(
            "floor", [PYTHON, str(work / "floor_runner.py"), str(work / "floor.sql"), str(landing),
                      str(work / "floor.duckdb"), args.as_of], dict(os.environ), work / "floor.log", args.timeout)
        # The floor's database is not read again; at 5M leads it is 6.5 GB of disk the pipeline needs.
        (work / "floor.duckdb").unlink(missing_ok=True)
        load_before = os.getloadavg()[0]
        started = time.time()
        pipeline = run_job(args, "pipeline", landing, warehouse, args.as_of, work / "dagster.log")
        steps = dagster_steps(work / "dagster.log", pipeline.samples)
        run_id = run_id_of(work / "dagster.log")
        nodes, invocations = dbt_nodes(run_id), dbt_invocations(run_id)
        blocked = sum(s["blocked_s"] for s in steps)
        run_start, run_end = run_bounds(work / "dagster.log")
        startup = round(run_start - started, 1) if run_start else None
        shutdown = round(started + pipeline.wall_s - run_end, 1) if run_end else None
        facts = warehouse_facts(warehouse)
        full_scores = scores_fingerprint(warehouse) if args.backfill else None
        if args.keep_warehouse and args.daily:
            shutil.copyfile(warehouse, work / "full.duckdb")
        daily = run_next_day(args, landing, work, warehouse) if args.daily and not args.tiny else None
        # The daily run's own steps and dbt nodes: where the incremental run still spends its time.
        daily_steps = dagster_steps(work / "dagster_daily.log", daily.samples) if daily else []
        daily_nodes = dbt_nodes(run_id_of(work / "dagster_daily.log")) if daily else []
        # (d): the first day again, on the warehouse the next day's run left, with both days' files landed.
        backfill = (run_job(args, "backfill", work / "landing_daily", warehouse, args.as_of, work / "dagster_backfill.log")
                    if daily and args.backfill else None)
        backfill_steps = dagster_steps(work / "dagster_backfill.log", backfill.samples) if backfill else []
        backfill_nodes = dbt_nodes(run_id_of(work / "dagster_backfill.log")) if backfill else []
        backfill_scores = scores_fingerprint(warehouse) if backfill else None

        label = "tiny (seeds/exports)" if args.tiny else f"{args.leads:,} leads / {args.events:,} events"
        print(f"\n== full refresh, {label}: {n_files} files, {n_bytes / 1e6:,.1f} MB, as of {args.as_of}")
        print(report_table(floor, pipeline, generated))
        if daily:
            print(f"{'(c) daily: next day, incremental':<40} {daily.wall_s:>9.1f} {daily.cpu_s:>9.1f}"
                  f" {fmt(daily.peak_tree_mb):>19} {daily.peak_process_mb:>19,.1f} {daily.returncode:>5}")
            print(f"{'ratio (c)/(b)':<40} {daily.wall_s / pipeline.wall_s:>9.2f}")
        if backfill:
            print(f"{'(d) backfill: the first day again':<40} {backfill.wall_s:>9.1f} {backfill.cpu_s:>9.1f}"
                  f" {fmt(backfill.peak_tree_mb):>19} {backfill.peak_process_mb:>19,.1f} {backfill.returncode:>5}")
            same = "the same" if backfill_scores == full_scores else "DIFFERENT"
            print(f"marts.dim_leads (leads, distinct, score sum, hot, as of): (b) {full_scores}, (d) {backfill_scores}:"
                  f" {same}")
        print(f"load average (1 min) before/after: {load_before:.2f} / {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        if blocked:
            print(f"NOTE: steps waited {blocked:.0f}s in all for the `warehouse` pool, held by other runs of this"
                  f" DAGSTER_HOME: wall time without the wait {pipeline.wall_s - blocked:.1f}s")
        print(f"dagster CLI: {fmt(startup)} s from process start to RUN_START (imports, loading the code location),"
              f" {fmt(shutdown)} s after the last event")
        print("\n== pipeline steps (Dagster's durations; time blocked by the pool; peak RSS meanwhile of the tree"
              " and of Dagster's own process)")
        print_steps(steps)
        print("\n== dbt invocations (wall = start-up and parse + running nodes)")
        for i in invocations:
            print(f"  {i['invocation']:<36} wall {i['wall_s']:>7.1f} s  start-up/parse {i['startup_parse_s']:>6.1f} s"
                  f"  nodes {i['nodes_elapsed_s']:>7.1f} s ({i['nodes']} nodes; node seconds {i['node_seconds_by_kind']})")
            if i["full_parse_reason"]:
                print(f"    dbt parsed the whole project ({i['full_parse_reason']}): run without --skip-manifest"
                      " to measure what a deployment with its own manifest spends")
        print("== slowest dbt nodes")
        print_nodes(nodes)
        if daily:
            print("\n== (c) daily run steps")
            print_steps(daily_steps)
            print("== slowest dbt nodes of the daily run")
            print_nodes(daily_nodes)
        if backfill:
            print("\n== (d) backfill steps")
            print_steps(backfill_steps)
            print("== slowest dbt nodes of the backfill")
            print_nodes(backfill_nodes)
        if facts.get("ingest"):
            print("\n== ingest per file (ops.ingest_log)")
            for f in facts["ingest"]:
                print(f"  {f['file']:<44} {f['source'] or '-':<26} {f['status']:<20} {f['rows_read'] or 0:>12,}"
                      f" rows {f['seconds']:>8} s")
        print(f"\nwarehouse {facts.get('warehouse_mb')} MB; floor log {floor.log if floor else '-'};"
              f" dagster log {pipeline.log}")
        if pipeline.returncode != 0:
            tail = Path(pipeline.log).read_text(encoding="utf-8", errors="replace").splitlines()
            errors = [line for line in tail if "STEP_FAILURE" in line or "Error" in line][:8]
            print("\n== the pipeline failed:\n  " + "\n  ".join(e[:300] for e in errors))
        if args.json:
            payload = {
                "label": label, "files": n_files, "bytes": n_bytes, "as_of": args.as_of,
                "machine": {"nproc": os.cpu_count()},
                "measurements": [{k: v for k, v in asdict(m).items() if k != "samples"}
                                 for m in (generated, floor, pipeline, daily, backfill) if m],
                "ratio_wall": round(pipeline.wall_s / floor.wall_s, 2) if floor and floor.wall_s else None,
                "pool_blocked_s": round(blocked, 1), "load_before": load_before, "dagster_startup_s": startup,
                "dagster_shutdown_s": shutdown,
                "steps": steps, "dbt_slowest": nodes, "dbt_invocations": invocations, "warehouse": facts,
                "daily_steps": daily_steps, "daily_dbt_slowest": daily_nodes,
                "backfill_steps": backfill_steps, "backfill_dbt_slowest": backfill_nodes,
                "scores_full": full_scores, "scores_backfill": backfill_scores,
                "memory_timeline": [(round(t - started, 1), mb, name, round(own, 1))
                                    for t, mb, name, own in pipeline.samples[::5]],
            }
            Path(args.json).write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
        backfill_ok = backfill is None or (backfill.returncode == 0 and backfill_scores == full_scores)
        return 0 if pipeline.returncode == 0 and (floor is None or floor.returncode == 0) and backfill_ok else 1
    finally:
        # Logs and floor.sql stay for reading; the databases (and DuckDB's spill folders) and temporary
        # exports go.
        for database in [] if args.keep_warehouse else work.glob("*.duckdb*"):
            shutil.rmtree(database) if database.is_dir() else database.unlink(missing_ok=True)
        shutil.rmtree(work / "landing", ignore_errors=True)
        shutil.rmtree(work / "landing_daily", ignore_errors=True)
        print(f"logs kept in {work}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
