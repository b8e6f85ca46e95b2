import dagster as dg

from .jobs import daily_leads

# 06:00 UTC, for today's partition (the partitions end a day ahead, so "latest" is today).
daily_leads_schedule = dg.build_schedule_from_partitioned_job(
    daily_leads,
    name="daily_leads_0600_utc",
    hour_of_day=6,
    minute_of_hour=0,
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
