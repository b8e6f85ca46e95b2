"""Dagster resources: the warehouse door and the dbt CLI, both configured from the environment."""


import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject

from .settings import DBT_PROJECT_DIR, load_settings
from .warehouse import DuckDBWarehouse, WarehouseSession

# Every asset that writes the warehouse runs in this pool; the instance limits each pool to one op
# at a time (.dagster_home/dagster.yaml), because DuckDB allows one writing process per file.
WAREHOUSE_POOL = "warehouse"


@cache
def dbt_project() -> DbtProject:
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    project.prepare_if_dev()
    return project


class WarehouseResource(dg.ConfigurableResource):
    """The one way Python reaches the warehouse (LEADS_WAREHOUSE when `path` is not set)."""

    path: str | None = None

    def warehouse(self) -> DuckDBWarehouse:
        return DuckDBWarehouse(self.path or load_settings().warehouse_path)

    @contextmanager
    def session(self) -> Iterator[WarehouseSession]:
        with self.warehouse().session() as session:
            yield session


def dbt_executable() -> str:
    """The dbt installed beside this Python (the project's venv), even when the venv is not on PATH."""
    beside_python = Path(sys.executable).parent / "dbt"
    return str(beside_python) if beside_python.exists() else (shutil.which("dbt") or "dbt")


def default_resources() -> dict:
    return {
        "warehouse": WarehouseResource(),
        "dbt": DbtCliResource(
            project_dir=dbt_project(), profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()
        ),
    }
