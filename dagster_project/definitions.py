"""The code location: it only assembles (workspace.yaml loads this module)."""

import gc

import dagster as dg

# Loading dbt's manifest into asset specs allocates a large heap that lives as long as the process.
# The garbage collector would walk it again and again while it loads, and once more at exit; it is
# never garbage, so it is kept out of collection (docs/benchmarks.md, session 8).
gc.disable()
try:
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
finally:  # collection stays on for everything allocated later, even if loading failed
    gc.freeze()
    gc.enable()
