import dagster as dg

from .partitions import daily_partitions

# The whole daily job: ingest -> staging -> enrich -> models -> sync, with every asset check.
# One run per day partition; the partition key is the run's LEADS_AS_OF.
daily_leads = dg.define_asset_job(
    "daily_leads",
    selection=dg.AssetSelection.all(),
    partitions_def=daily_partitions,
    description="Ingest the landing folder, enrich, score, stage and publish the lead warehouse for one day.",
    # Steps write one DuckDB file in turn anyway; one process saves a Python start-up per step.
    # Concurrent runs (sensor, schedule, backfill) are still kept apart by the `warehouse` pool.
    executor_def=dg.in_process_executor,
)
