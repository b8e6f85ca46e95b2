"""Engines benchmark: the whole daily job on DuckDB and on PostgreSQL, on the same generated exports.

    .venv/bin/python -m bench.engines [--leads 20000 --events 200000] [--keep DIR] [--seed 1] [--json FILE]

1. Generates the exports once (bench.generate_exports), or reuses --keep DIR (as bench.full_refresh).
2. Runs `dagster job execute -m dagster_project.definitions -j daily_leads` twice, each as a
   subprocess measured like bench.full_refresh (wall time, CPU, peak RSS of the process tree):
   (a) DuckDB: a fresh LEADS_WAREHOUSE file (the default engine);
   (b) PostgreSQL: DBT_TARGET=postgres and the PG* variables of a throw-away server started for the
       bench (tests/engines/pgserver.py, the same server the engine tests use), fresh database.
   The PostgreSQL server's own processes are not in the measured tree (it runs before and after);
   its memory is bounded by shared_buffers=64MB plus per-connection work memory.
3. Prints wall time of each, the ratio PostgreSQL / DuckDB, Dagster's per-step durations side by side,
   and leads per tier on each engine (they must agree).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from bench.full_refresh import (
    AS_OF,
    DAGSTER,
    PYTHON,
    dagster_steps,
    ensure_manifest,
    fmt,
    landing_size,
    measure,
    pipeline_env,
    prepare_landing,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

TIERS_SQL = (
    "select coalesce(tier, '(none)') as tier, count(*) as leads from marts.dim_leads group by 1 order by 1"
)
COUNTS_CODE = """\
import json, os, sys
from dagster_project.warehouse import warehouse_for_target
with warehouse_for_target(os.environ.get("DBT_TARGET", "duckdb"), sys.argv[1]).session() as session:
    tiers = session.query_df(sys.argv[2])
    log = session.query_df("select cast(sum(rows_loaded) as bigint) as loaded, cast(sum(rows_rejected) as bigint)"
                           " as rejected from ops.ingest_log")
print(json.dumps({"tiers": {r.tier: int(r.leads) for r in tiers.itertuples()},
                  "rows_loaded": int(log["loaded"].iloc[0] or 0), "rows_rejected": int(log["rejected"].iloc[0] or 0)}))
"""


def warehouse_counts(env: dict, warehouse: Path) -> dict:
    """Leads per tier and rows landed, read through the same warehouse interface the assets use."""
    done = subprocess.run([PYTHON, "-c", COUNTS_CODE, str(warehouse), TIERS_SQL], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, env=env, timeout=600, check=False)
    if done.returncode != 0:
        errors = [line.strip() for line in done.stderr.splitlines() if "Error" in line or "error" in line]
        return {"error": (errors or ["unknown"])[-1][:300]}
    return json.loads(done.stdout)


def run_pipeline(step: str, env: dict, work: Path, as_of: str, timeout: float):
    command = [DAGSTER, "job", "execute", "-m", "dagster_project.definitions", "-j", "daily_leads",
               "--tags", json.dumps({"dagster/partition": as_of})]
    log = work / f"dagster_{step}.log"
    result = measure(step, command, env, log, timeout)
    return result, dagster_steps(log, result.samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engines", description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=20_000, help="lead rows to generate (default 20,000)")
    parser.add_argument("--events", type=int, default=200_000, help="event rows to generate (default 200,000)")
    parser.add_argument("--keep", help="generate into (and keep, and reuse) this folder instead of a temporary one")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--timeout", type=float, default=1800, help="stop a run that takes longer (seconds)")
    parser.add_argument("--skip-manifest", action="store_true", help="do not run `make manifest` first")
    parser.add_argument("--dagster-home", help="DAGSTER_HOME for the runs (default: a private one with the"
                        " project's dagster.yaml, so other runs of .dagster_home never hold the `warehouse` pool)")
    parser.add_argument("--json", help="write the measurements to this file")
    parser.add_argument("--postgres-option", action="append", default=[], metavar="NAME=VALUE",
                        help="a server setting for the throw-away PostgreSQL (repeatable), e.g. work_mem=64MB")
    args = parser.parse_args(argv)
    args.tiny = False

    from tests.engines.pgserver import PostgresUnavailable, running_postgres

    work = Path(tempfile.mkdtemp(prefix="lead_bench_engines_"))
    try:
        landing, _generated = prepare_landing(args, work)
        if not args.skip_manifest:
            ensure_manifest(work / "leads.duckdb")
        n_files, n_bytes = landing_size(landing)
        if args.dagster_home is None:
            args.dagster_home = str(work / "dagster_home")
            Path(args.dagster_home).mkdir()
            shutil.copy(PROJECT_ROOT / ".dagster_home" / "dagster.yaml", Path(args.dagster_home) / "dagster.yaml")

        duck_env = pipeline_env(landing, work / "leads.duckdb", args.as_of, Path(args.dagster_home))
        duck_env["DBT_TARGET"] = "duckdb"
        duckdb_run, duckdb_steps = run_pipeline("duckdb", duck_env, work, args.as_of, args.timeout)
        duckdb_counts = warehouse_counts(duck_env, work / "leads.duckdb")

        try:
            options = " ".join(f"-c {option}" for option in args.postgres_option)
            with running_postgres(extra_options=options) as server:
                database = server.create_database("bench_leads")
                pg_env = pipeline_env(landing, work / "pg" / "leads.duckdb", args.as_of, Path(args.dagster_home))
                pg_env.update(database.environ(), DBT_TARGET="postgres")
                postgres_run, postgres_steps = run_pipeline("postgres", pg_env, work, args.as_of, args.timeout)
                postgres_counts = warehouse_counts(pg_env, work / "pg" / "leads.duckdb")
        except PostgresUnavailable as error:
            raise SystemExit(f"{error}: apt-get install postgresql") from error

        ratio = postgres_run.wall_s / duckdb_run.wall_s if duckdb_run.wall_s else None
        print(f"\n== daily_leads on two engines: {args.leads:,} leads / {args.events:,} events,"
              f" {n_files} files, {n_bytes / 1e6:,.1f} MB, as of {args.as_of}, {os.cpu_count()} CPUs")
        print(f"{'engine':<12} {'wall s':>9} {'CPU s':>9} {'peak RSS MB (tree)':>19} {'exit':>5}")
        for name, run in (("DuckDB", duckdb_run), ("PostgreSQL", postgres_run)):
            print(f"{name:<12} {run.wall_s:>9.1f} {run.cpu_s:>9.1f} {fmt(run.peak_tree_mb):>19} {run.returncode:>5}")
        print(f"ratio PostgreSQL / DuckDB (wall): {fmt(ratio, 2)}")
        print("\n== steps (Dagster's durations, s)")
        pg_by_step = {s["step"]: s for s in postgres_steps}
        for s in duckdb_steps:
            other = pg_by_step.get(s["step"], {})
            print(f"  {s['step']:<48} duckdb {fmt(s['seconds']):>8}   postgres {fmt(other.get('seconds')):>8}"
                  f" {other.get('status', '')}")
        blocked = sum(s["blocked_s"] for s in duckdb_steps + postgres_steps)
        if blocked:
            print(f"NOTE: steps waited {blocked:.0f}s in all for the `warehouse` pool held by other runs")
        print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f}")
        print("\n== leads per tier and rows landed")
        print(f"  DuckDB:     {duckdb_counts}")
        print(f"  PostgreSQL: {postgres_counts}")
        agree = "tiers" in duckdb_counts and duckdb_counts == postgres_counts
        print("  the engines agree" if agree else "  THE ENGINES DIFFER (or a run failed)")
        for name, run in (("DuckDB", duckdb_run), ("PostgreSQL", postgres_run)):
            if run.returncode != 0:
                lines = Path(run.log).read_text(encoding="utf-8", errors="replace").splitlines()
                errors = [line for line in lines if "STEP_FAILURE" in line or "Error" in line][:8]
                print(f"\n== {name} run failed (log {run.log}):\n  " + "\n  ".join(e[:300] for e in errors))
        if args.json:
            payload = {
                "leads": args.leads, "events": args.events, "files": n_files, "bytes": n_bytes, "as_of": args.as_of,
                "nproc": os.cpu_count(),
                "runs": {name: {k: v for k, v in asdict(run).items() if k != "samples"}
                         for name, run in (("duckdb", duckdb_run), ("postgres", postgres_run))},
                "ratio_wall": round(ratio, 2) if ratio else None,
                "steps": {"duckdb": duckdb_steps, "postgres": postgres_steps},
                "counts": {"duckdb": duckdb_counts, "postgres": postgres_counts},
            }
            Path(args.json).write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
        return 0 if duckdb_run.returncode == 0 and postgres_run.returncode == 0 and agree else 1
    finally:
        for database in work.glob("**/*.duckdb*"):
            database.unlink(missing_ok=True)
        shutil.rmtree(work / "landing", ignore_errors=True)
        print(f"logs kept in {work}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
