"""Transform: the dbt project as Dagster assets, in two steps around the Python enrichers.

dbt builds staging and the unioned lead records first (tag `pre_enrich`); the enrichers read those
and write `enriched.*`; then dbt builds everything else, which reads `enriched.*` as sources.
"""

import shutil
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from ..partitions import daily_partitions, one_day_per_run, run_settings
from ..resources import WAREHOUSE_POOL, dbt_project
from ..settings import environment

PRE_ENRICH = "tag:pre_enrich"
# dagster-dbt gives every invocation a target folder of its own (compiled SQL, logs, run results:
# about 15 MB), so a daily job would fill the disk. The newest few of each step stay, to look into.
KEPT_DBT_TARGETS = 10
PRUNE_MIN_AGE_S = 24 * 3600


class LeadWarehouseTranslator(DagsterDbtTranslator):
    """dbt sources line up with the Python assets' keys: raw/<source>, enriched/<table>."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        schema = dbt_resource_props.get("config", {}).get("schema") or dbt_resource_props["schema"]
        return dg.AssetKey([schema, dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        schema = dbt_resource_props.get("config", {}).get("schema")
        return "sync" if schema == "sync" else "transform"


class DbtBuildConfig(dg.Config):
    """Run config of both dbt steps.

    `full_refresh` rebuilds incremental models (events) from raw; the stage log and the sync state
    keep their history either way (`full_refresh: false` in their config). `unit_tests` also runs
    dbt's unit tests, which check the models' logic on fixed inputs: `make test` runs them, and a
    daily run does not need to (dbt's advice too).
    """

    full_refresh: bool = False
    unit_tests: bool = False


def dbt_build_args(config: DbtBuildConfig | None = None) -> list[str]:
    config = config or DbtBuildConfig()
    return [
        "build",
        *(["--full-refresh"] if config.full_refresh else []),
        *([] if config.unit_tests else ["--exclude-resource-type", "unit_test"]),
    ]


def dbt_environment(context: dg.AssetExecutionContext):
    """The environment the dbt subprocess starts with: this run's as-of date (its day partition)
    as LEADS_AS_OF, which macros/as_of.sql reads, and the warehouse path Python resolved, since dbt
    runs inside dbt_leads/ where a relative LEADS_WAREHOUSE would point elsewhere, and DuckDB's
    memory limit. Restored after."""
    settings = run_settings(context)
    return environment(LEADS_AS_OF=settings.as_of.isoformat(), LEADS_WAREHOUSE=str(settings.warehouse_path),
                       LEADS_DUCKDB_MEMORY_LIMIT=settings.duckdb_memory_limit)


def prune_dbt_targets(target_dir: Path, step: str, keep: int = KEPT_DBT_TARGETS,
                      min_age_s: float = PRUNE_MIN_AGE_S) -> None:
    """Delete the target folders of a step (dagster-dbt names them `<step>-<run id>-<random>`)
    beyond the newest `keep`, when untouched for `min_age_s`: another instance's run (a test, a
    bench) may still be writing a recent one."""
    folders = sorted((path for path in target_dir.glob(f"{step}-*") if path.is_dir()),
                     key=lambda path: path.stat().st_mtime, reverse=True)
    for folder in folders[keep:]:
        if time.time() - folder.stat().st_mtime >= min_age_s:
            shutil.rmtree(folder, ignore_errors=True)


def run_dbt_build(context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig):
    project = dbt_project()
    step = context.op_execution_context.op.name
    prune_dbt_targets(project.project_dir / project.target_path, step, keep=KEPT_DBT_TARGETS - 1)
    with dbt_environment(context):
        invocation = dbt.cli(dbt_build_args(config), context=context)  # starts the subprocess
    yield from invocation.stream()


TRANSLATOR = LeadWarehouseTranslator()


@dbt_assets(
    manifest=dbt_project().manifest_path,
    project=dbt_project(),
    select=PRE_ENRICH,
    name="dbt_staging",
    dagster_dbt_translator=TRANSLATOR,
    pool=WAREHOUSE_POOL,
    partitions_def=daily_partitions,
    backfill_policy=one_day_per_run,
)
def dbt_staging(context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig):
    """Staging models (typed, per source) and the unioned lead records the enrichers read."""
    yield from run_dbt_build(context, dbt, config)


@dbt_assets(
    manifest=dbt_project().manifest_path,
    project=dbt_project(),
    exclude=PRE_ENRICH,
    name="dbt_models",
    dagster_dbt_translator=TRANSLATOR,
    pool=WAREHOUSE_POOL,
    partitions_def=daily_partitions,
    backfill_policy=one_day_per_run,
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig):
    """Intermediate people and signals, scores, stages, funnel marts and sync tables."""
    yield from run_dbt_build(context, dbt, config)
