"""The code location: it only assembles (workspace.yaml loads this module)."""

import dagster as dg

from .assets import dbt, enrich, ingest, sync
from .jobs import daily_leads
from .resources import default_resources
from .schedules import daily_leads_schedule
from .sensors import landing_folder_sensor

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([ingest, enrich, dbt, sync]),
    asset_checks=dg.load_asset_checks_from_modules([ingest]),
    jobs=[daily_leads],
    schedules=[daily_leads_schedule],
    sensors=[landing_folder_sensor],
    resources=default_resources(),
)
