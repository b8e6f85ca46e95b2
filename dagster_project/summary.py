"""Print what the last run left in the warehouse: `python -m dagster_project.summary`."""

from __future__ import annotations

from .settings import load_settings
from .warehouse import warehouse_for_target


def _table(frame) -> str:
    return frame.to_string(index=False) if not frame.empty else "(none)"


def summary_text() -> str:
    settings = load_settings()
    warehouse = warehouse_for_target(settings.dbt_target, settings.warehouse_path)
    where = settings.warehouse_path if settings.dbt_target != "postgres" else repr(warehouse)
    lines = [f"Warehouse: {where}", f"Landing folder: {settings.landing_dir}", f"As of: {settings.as_of}"]
    with warehouse.session() as session:
        lines += ["", "Files and rows per source (all runs):"]
        lines.append(_table(session.query_df(
            "select coalesce(source, '(not loaded)') as source, count(*) as files,"
            " cast(sum(rows_read) as bigint) as rows_read, cast(sum(rows_loaded) as bigint) as rows_loaded,"
            " cast(sum(rows_rejected) as bigint) as rows_rejected"
            " from ops.ingest_log group by 1 order by 1"
        )))
        unreadable = session.query_df(
            "select file, status, reason from ops.ingest_log where status in ('failed', 'unknown_format') order by file"
        )
        if not unreadable.empty:
            lines += ["", "Files not loaded:", _table(unreadable)]
        if session.table_exists("marts", "dim_leads"):
            lines += ["", "Leads per tier and stage:"]
            lines.append(_table(session.query_df(
                "select lifecycle_stage, count(case when tier = 'cold' then 1 end) as cold,"
                " count(case when tier = 'warm' then 1 end) as warm, count(case when tier = 'hot' then 1 end) as hot"
                " from marts.dim_leads group by lifecycle_stage order by lifecycle_stage"
            )))
    if settings.dbt_target == "postgres":
        lines += ["", "Analysts and reverse-ETL read the marts and sync schemas of that database."]
    elif settings.published_path.exists():
        lines += ["", f"Analysts and reverse-ETL read: {settings.published_path}"]
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary_text())
