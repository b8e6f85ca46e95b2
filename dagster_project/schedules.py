import dagster as dg

from .jobs import daily_leads

daily_leads_schedule = dg.ScheduleDefinition(
    name="daily_leads_0600_utc",
    job=daily_leads,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
