"""Daily partitions: one partition per run date, and the partition key is the run's LEADS_AS_OF.

A backfill of a range of days (UI, or `dagster job backfill -j daily_leads --from D1 --to D2`) runs
the job once per day with that day as its as-of date. Files in a dated landing sub-folder
(`<LEADS_LANDING_DIR>/2026-11-20/...`) land on that day, and every model reads only rows landed on
or before its as-of date, so a re-run of an old day reproduces that day's scores.
"""

import warnings
from dataclasses import replace
from datetime import date

import dagster as dg

from .settings import Settings, load_settings

# The earliest day a backfill can reach; `end_offset=1` makes today a partition, so the 06:00 UTC
# schedule scores today's date, as LEADS_AS_OF's default does.
FIRST_DAY = "2024-01-01"

daily_partitions = dg.DailyPartitionsDefinition(start_date=FIRST_DAY, timezone="UTC", end_offset=1)
# Each day is its own run with its own as-of date, also in a backfill of a range. The parameter is
# marked beta; its warning would print once per asset at every start of the code location.
one_day_per_run = dg.BackfillPolicy.multi_run(max_partitions_per_run=1)
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


def run_settings(context: dg.OpExecutionContext | dg.AssetExecutionContext) -> Settings:
    """Settings for this run: LEADS_AS_OF is replaced by the run's day partition when it has one."""
    settings = load_settings()
    if context.has_partition_key:
        return replace(settings, as_of=date.fromisoformat(context.partition_key))
    return settings


def default_partition_key() -> str:
    """The partition a run started without one uses: LEADS_AS_OF, else today (UTC)."""
    return load_settings().as_of.isoformat()
