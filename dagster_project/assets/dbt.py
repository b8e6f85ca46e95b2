"""Transform: the dbt project as Dagster assets, in two steps around the Python enrichers.

dbt builds staging and the unioned lead records first (tag `pre_enrich`); the enrichers read those
and write `enriched.*`; then dbt builds everything else, which reads `enriched.*` as sources.
"""

import json
import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from ..partitions import daily_partitions, one_day_per_run, run_settings
from ..resources import WAREHOUSE_POOL, dbt_project

PRE_ENRICH = "tag:pre_enrich"


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


def dbt_build_args(as_of: str, extra: list[str] | None = None) -> list[str]:
    """`dbt build` with the run date as a var, so every "now" in the models is LEADS_AS_OF."""
    return ["build", "--vars", json.dumps({"as_of": as_of}), *(extra or [])]


class DbtBuildConfig(dg.Config):
    """Run config: `full_refresh` rebuilds incremental models (events) from raw. The stage log and
    the sync state keep their history either way (`full_refresh: false` in their config)."""

    full_refresh: bool = False


def dbt_invocation_args(context: dg.AssetExecutionContext, config: DbtBuildConfig | None = None) -> list[str]:
    """Arguments for this run (as-of date from its day partition), after pinning the warehouse path.

    dbt runs inside dbt_leads/, so a relative LEADS_WAREHOUSE would point elsewhere there: the
    subprocess (which inherits this environment) gets the path Python resolved.
    """
    settings = run_settings(context)
    os.environ["LEADS_WAREHOUSE"] = str(settings.warehouse_path)
    return dbt_build_args(settings.as_of.isoformat(), ["--full-refresh"] if config and config.full_refresh else [])


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
    yield from dbt.cli(dbt_invocation_args(context, config), context=context).stream()


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
    yield from dbt.cli(dbt_invocation_args(context, config), context=context).stream()
