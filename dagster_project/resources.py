"""Dagster resources: the warehouse door and the dbt CLI, both configured from the environment."""


import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache, cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from packaging.version import Version

from .settings import DBT_PROJECT_DIR, load_settings
from .warehouse import Warehouse, WarehouseSession, warehouse_for_target

# Every asset that writes the warehouse runs in this pool; the instance limits each pool to one op
# at a time (.dagster_home/dagster.yaml), because DuckDB allows one writing process per file.
WAREHOUSE_POOL = "warehouse"


@cache
def dbt_project() -> DbtProject:
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    project.prepare_if_dev()
    return project


class WarehouseResource(dg.ConfigurableResource):
    """The one way Python reaches the warehouse: PostgreSQL when DBT_TARGET=postgres (connected from
    the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, as dbt's `postgres` target),
    else the DuckDB file (LEADS_WAREHOUSE when `path` is not set)."""

    path: str | None = None

    def warehouse(self) -> Warehouse:
        return open_warehouse(self.path)

    @contextmanager
    def session(self) -> Iterator[WarehouseSession]:
        with self.warehouse().session() as session:
            yield session


def open_warehouse(path: str | None = None) -> Warehouse:
    """The warehouse of the environment: `DBT_TARGET` picks the engine, as it does for dbt."""
    settings = load_settings()
    return warehouse_for_target(settings.dbt_target, path or settings.warehouse_path, settings.duckdb_memory_limit)


def dbt_executable() -> str:
    """The dbt installed beside this Python (the project's venv), even when the venv is not on PATH."""
    beside_python = Path(sys.executable).parent / "dbt"
    return str(beside_python) if beside_python.exists() else (shutil.which("dbt") or "dbt")


class LeadWarehouseDbt(DbtCliResource):
    """dbt as a subprocess, as dagster-dbt runs it, minus two things it does in the Dagster process
    before each invocation that this project never uses: `dbt --version` in a subprocess, and an
    in-process dbt adapter opened only to fetch row counts and column metadata. Together they cost
    about 7 s of a run's fixed overhead (docs/benchmarks.md)."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def default_resources() -> dict:
    return {
        "warehouse": WarehouseResource(),
        "dbt": LeadWarehouseDbt(
            project_dir=dbt_project(), profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()
        ),
    }
