"""Shared fixtures. A sample warehouse is built once per test session (per worker under `make test`,
which runs pytest-xdist) and shared by the tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from dagster_project.settings import environment as Environment

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = PROJECT_ROOT / "seeds" / "exports"
BAD_SAMPLES_DIR = PROJECT_ROOT / "seeds" / "exports_bad"
EXTERNAL_DIR = PROJECT_ROOT.parent / "shared" / "data" / "external"
AS_OF = "2026-11-20"

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home"))


def external_file(name: str) -> Path:
    """A real third-party export, read in place (never copied into the project)."""
    path = EXTERNAL_DIR / name
    if not path.exists():
        pytest.skip(f"real test data {path} is absent: ../shared/data/external is not beside this checkout")
    return path


def run_dbt(warehouse: Path, *args: str) -> subprocess.CompletedProcess:
    """dbt itself (`dbt <args>`) in dbt_leads/, against the given warehouse file, as of AS_OF."""
    env = {**os.environ, "LEADS_WAREHOUSE": str(warehouse), "LEADS_AS_OF": AS_OF, "DO_NOT_TRACK": "1"}
    dbt = Path(sys.executable).with_name("dbt")
    return subprocess.run(
        [str(dbt), *args, "--profiles-dir", "."],
        check=False, cwd=PROJECT_ROOT / "dbt_leads", env=env, capture_output=True, text=True,
    )


def run_daily_job(
    warehouse: Path, landing_dir: Path, as_of: str = AS_OF, full_refresh: bool = False, unit_tests: bool = False
):
    """The real daily job (every asset and check) for the day `as_of`, in process, against the given
    warehouse file; `full_refresh` rebuilds dbt's incremental models from raw, `unit_tests` runs dbt's
    unit tests in the same builds."""
    import dagster as dg

    from dagster_project.definitions import defs

    with Environment(LEADS_WAREHOUSE=str(warehouse), LEADS_LANDING_DIR=str(landing_dir), LEADS_AS_OF=as_of):
        result = defs.resolve_job_def("daily_leads").execute_in_process(
            instance=dg.DagsterInstance.ephemeral(),
            partition_key=as_of,
            run_config={
                "ops": {
                    step: {"config": {"full_refresh": full_refresh, "unit_tests": unit_tests}}
                    for step in ("dbt_staging", "dbt_models")
                }
            },
            raise_on_error=False,
        )
    return result


class SampleRun(NamedTuple):
    warehouse: Path
    result: object  # dagster's ExecuteInProcessResult
    dbt_statuses: dict[str, str]  # dbt node unique_id -> status, from its run_results.json


def dbt_node_statuses(run_id: str) -> dict[str, str]:
    """The status of every dbt node a Dagster run built, read from its dbt target folders (read at
    once: the job keeps only the newest few folders of each step)."""
    statuses = {}
    for run_results in (PROJECT_ROOT / "dbt_leads" / "target").glob(f"dbt_*-{run_id[:7]}-*/run_results.json"):
        for node in json.loads(run_results.read_text())["results"]:
            statuses[node["unique_id"]] = node["status"]
    return statuses


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> SampleRun:
    """The bundled samples run through the whole daily job once. This run also runs dbt's unit
    tests, which a daily run leaves out; a failing one fails it."""
    warehouse = tmp_path_factory.mktemp("sample") / "leads.duckdb"
    result = run_daily_job(warehouse, SAMPLES_DIR, unit_tests=True)
    assert result.success, _failure_text(result)
    return SampleRun(warehouse, result, dbt_node_statuses(result.run_id))


@pytest.fixture(scope="session")
def sample_warehouse(sample_run) -> Path:
    """The sample warehouse; tests read (never write) it."""
    return sample_run.warehouse


@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory) -> Path:
    """The real third-party exports of ../shared/data/external run through the whole daily job."""
    external_file("x_education_leads.csv")
    warehouse = tmp_path_factory.mktemp("real") / "leads.duckdb"
    result = run_daily_job(warehouse, EXTERNAL_DIR)
    assert result.success, _failure_text(result)
    return warehouse


def _failure_text(result) -> str:
    failures = [event for event in result.all_events if event.is_failure]
    return "\n".join(str(event.event_specific_data)[:2000] for event in failures) or "run failed"


def read_only(warehouse: Path):
    import duckdb

    return duckdb.connect(str(warehouse), read_only=True)
