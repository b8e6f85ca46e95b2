"""The HTML report of a run: funnel, tiers, conversion by source, SLA breaches, velocity, calibration.

`load_report_data` reads the marts through a warehouse session, `render_report` turns them into one
self-contained HTML page (inline CSS and SVG, a few lines of inline JavaScript, nothing fetched), and
`write_report` replaces the file atomically so a browser refresh never sees half a page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import charts

TEMPLATE_DIR = Path(__file__).resolve().parent
STAGES = [("Leads", "leads"), ("MQLs", "mqls"), ("SQLs", "sqls"), ("Opportunities", "opportunities"),
          ("Customers", "customers")]
SLA_SEGMENTS = [("met", "Met", "#27ae60"), ("breached_touched", "Touched late", "#f2994a"),
                ("open_breached", "Open, past SLA", "#eb5757"), ("open_within_sla", "Open, within SLA", "#bdbdbd")]
TOP_SOURCES = 12


def report_path(warehouse_path: Path, backfilled_day: date | None = None) -> Path:
    """Where the report of a warehouse goes: beside it, `<warehouse stem>_report.html`; the report of
    a backfilled earlier day goes beside that one, `<warehouse stem>_report_<day>.html`."""
    suffix = f"_report_{backfilled_day.isoformat()}.html" if backfilled_day else "_report.html"
    return warehouse_path.with_name(warehouse_path.stem + suffix)


@dataclass
class ReportData:
    as_of: date
    funnel: pd.DataFrame
    tiers: pd.DataFrame
    sources: pd.DataFrame
    sla_by_owner: pd.DataFrame
    open_breaches: pd.DataFrame
    velocity: pd.DataFrame
    calibration: pd.DataFrame
    ingest: pd.DataFrame
    sync_tables: pd.DataFrame
    extra: dict = field(default_factory=dict)


def load_report_data(session, as_of: date) -> ReportData:
    """Everything the report shows, read from the marts, sync and ops schemas."""
    query = session.query_df
    return ReportData(
        as_of=as_of,
        funnel=query(
            "select cast(sum(leads) as bigint) as leads, cast(sum(mqls) as bigint) as mqls,"
            " cast(sum(sqls) as bigint) as sqls, cast(sum(opportunities) as bigint) as opportunities,"
            " cast(sum(customers) as bigint) as customers from marts.funnel_by_source_month"
        ),
        tiers=query(
            "select coalesce(tier, '(none)') as tier, count(*) as leads,"
            " count(case when lifecycle_stage in ('mql', 'sql', 'opportunity', 'customer') then 1 end) as qualified"
            " from marts.dim_leads group by 1"
            " order by case coalesce(tier, '(none)') when 'cold' then 1 when 'warm' then 2 when 'hot' then 3 else 4 end"
        ),
        sources=query(
            "select lead_source, cast(sum(leads) as bigint) as leads, cast(sum(mqls) as bigint) as mqls,"
            " cast(sum(sqls) as bigint) as sqls, cast(sum(customers) as bigint) as customers,"
            " cast(sum(mqls) as double precision) / nullif(sum(leads), 0) as lead_to_mql_rate,"
            " cast(sum(sqls) as double precision) / nullif(sum(leads), 0) as lead_to_sql_rate,"
            " cast(sum(customers) as double precision) / nullif(sum(leads), 0) as lead_to_customer_rate"
            " from marts.funnel_by_source_month group by lead_source order by leads desc, lead_source"
        ),
        sla_by_owner=query(
            "select owner, cast(sum(mqls) as bigint) as mqls, cast(sum(met) as bigint) as met,"
            " cast(sum(breached_touched) as bigint) as breached_touched,"
            " cast(sum(open_breached) as bigint) as open_breached,"
            " cast(sum(open_within_sla) as bigint) as open_within_sla,"
            " cast(sum(met) as double precision) / nullif(sum(met) + sum(breached), 0) as compliance_rate"
            " from marts.sla_compliance_by_owner_month group by owner order by mqls desc, owner"
        ),
        open_breaches=query(
            "select lead_id, owner, tier, mql_at, sla_target_hours, open_age_hours from marts.lead_sla"
            " where sla_status = 'open_breached' order by open_age_hours desc, lead_id limit 15"
        ),
        velocity=query("select * from marts.lead_velocity_monthly order by month"),
        calibration=query("select * from marts.score_calibration order by dimension, bucket_order"),
        ingest=query(
            "select coalesce(source, '(not loaded)') as source, count(*) as files,"
            " cast(sum(rows_read) as bigint) as rows_read, cast(sum(rows_loaded) as bigint) as rows_loaded,"
            " cast(sum(rows_rejected) as bigint) as rows_rejected from ops.ingest_log group by 1 order by 1"
        ),
        sync_tables=query(
            "select 'sync.hubspot_contacts' as sync_table, count(*) as rows,"
            " count(case when synced_fields_changed_at = ? then 1 end) as changed_on_as_of_day,"
            " count(case when is_opted_out then 1 end) as opted_out from sync.hubspot_contacts"
            " union all select 'sync.salesforce_leads', count(*),"
            " count(case when synced_fields_changed_at = ? then 1 end),"
            " count(case when has_opted_out_of_email then 1 end) from sync.salesforce_leads",
            [as_of_end(as_of).to_pydatetime(), as_of_end(as_of).to_pydatetime()],
        ),
    )


def as_of_end(as_of: date) -> pd.Timestamp:
    """The end of the as-of day, the time the models stamp a change with (as_of_timestamp())."""
    return pd.Timestamp(as_of) + pd.Timedelta(days=1)


def _value(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def build_charts(data: ReportData) -> dict[str, object]:
    """The report's SVG charts, by name."""
    totals = data.funnel.iloc[0] if not data.funnel.empty else None
    # A day with no stage entries (a backfill before the log's first day) sums to null.
    stages = [(label, int(_value(totals[column]) or 0)) for label, column in STAGES] if totals is not None else []
    sources = data.sources.head(TOP_SOURCES)
    deciles = data.calibration[data.calibration["dimension"] == "score_decile"]
    base_rate = _value(deciles["base_rate"].iloc[0]) if not deciles.empty else None
    return {
        "funnel": charts.funnel_chart(stages),
        "tiers": charts.bar_chart(
            [(str(row.tier), float(row.leads), charts.TIER_COLOURS.get(str(row.tier), charts.MUTED))
             for row in data.tiers.itertuples()],
            name="tiers", title="Leads per tier",
        ),
        "sources": charts.grouped_bar_chart(
            [(f"{row.lead_source} ({row.leads})", [_value(row.lead_to_mql_rate), _value(row.lead_to_sql_rate),
                                                   _value(row.lead_to_customer_rate)])
             for row in sources.itertuples()],
            series=[("Lead to MQL", "#2f80ed"), ("Lead to SQL", "#27ae60"), ("Lead to customer", "#9b51e0")],
            name="sources", title="Conversion by lead source", maximum=1.0,
        ),
        "sla": charts.stacked_bar_chart(
            [(str(row["owner"]), [charts.Segment(label, colour, float(row[column] or 0))
                                  for column, label, colour in SLA_SEGMENTS])
             for _, row in data.sla_by_owner.iterrows()],
            name="sla", title="MQL follow-up SLA per owner",
        ),
        "velocity": charts.column_chart(
            [(pd.Timestamp(row.month).strftime("%b %Y") + (" *" if row.is_partial_month else ""),
              [float(row.mqls), float(row.sqls)]) for row in data.velocity.itertuples()],
            series=[("MQLs", "#2f80ed"), ("SQLs", "#27ae60")], name="velocity", title="Qualified leads per month",
        ),
        "calibration": charts.bar_chart(
            [(f"decile {row.bucket} ({_score_range(row)})", float(row.lift or 0), "#2f80ed")
             for row in deciles.itertuples()],
            name="calibration", title="Lift over the base rate per score decile",
            value_format=lambda value: f"{value:.2f}x", reference=(1.0, "base rate") if base_rate else None,
        ),
    }


def _score_range(row) -> str:
    low, high = _value(row.min_lead_score), _value(row.max_lead_score)
    return "" if low is None else f"{low:.0f}-{high:.0f}"


def render_report(data: ReportData) -> str:
    """The report as one self-contained HTML page."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True, lstrip_blocks=True,
    )
    environment.filters["percent"] = charts.percent
    environment.filters["hours"] = lambda value: "" if _value(value) is None else f"{float(value):,.1f} h"
    environment.filters["number"] = lambda value: "" if _value(value) is None else f"{float(value):,.0f}"
    return environment.get_template("report.html.j2").render(data=data, charts=build_charts(data))


def write_report(html: str, path: Path) -> Path:
    """Write the page beside the warehouse, replacing the previous one atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, path)
    return path
