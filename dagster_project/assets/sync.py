"""Sync: publish the read-only copy analysts and reverse-ETL tools read, and the run's HTML report.

DuckDB lets one process write a file, so nobody but the job opens the warehouse. After the dbt models
succeed, `published_warehouse` copies the `marts` and `sync` schemas into a new DuckDB file beside
the warehouse and renames it over `<warehouse>_published.duckdb`: an analyst's open connection
keeps reading the file it opened (on Linux the old inode lives on until closed) and never blocks
the job; the next connection sees the new copy. A failed run publishes nothing, so the copy is
always the last good run. A backfill of an earlier day than the warehouse has run keeps the copy
(and the report) of that latest day: analysts go on reading what the CRMs were sent, as `sync.*`
never goes back in time either (macros/marts_and_sync.sql).

On PostgreSQL (`DBT_TARGET=postgres`) there is no file to copy: many sessions read while one writes,
so readers query the `marts` and `sync` schemas of the database directly and `published_warehouse`
only counts their rows (`publish_in_place`).
"""


import os
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from uuid import uuid4

import dagster as dg
import pandas as pd

from ..partitions import daily_partitions, one_day_per_run, run_settings
from ..report import as_of_end, load_report_data, render_report, report_path, write_report
from ..resources import WAREHOUSE_POOL, WarehouseResource
from ..warehouse import limit_memory, placeholders, quote_ident, quote_literal
from .dbt import dbt_models

PUBLISHED_SCHEMAS = ("marts", "sync")
PUBLISH_SESSION_MEMORY_LIMIT = "512MB"
# Tables copied at once: one copy leaves a core idle while it compresses (1M leads: 9.3 s -> 6.3 s).
PUBLISH_WORKERS = 2


def published_model_keys() -> list[dg.AssetKey]:
    """Every dbt model in the published schemas, so the copy waits for all of them."""
    return sorted((key for key in dbt_models.keys if key.path[0] in PUBLISHED_SCHEMAS), key=lambda k: k.path)



def publish_copy(session, published_path: Path, schemas=PUBLISHED_SCHEMAS, workers: int = PUBLISH_WORKERS) -> dict[str, int]:
    """Copy `schemas` (tables and views, as tables, with their comments) from the session's
    database into a new file, then atomically replace `published_path` with it.
    Returns rows per published table (`schema.table`)."""
    published_path.parent.mkdir(parents=True, exist_ok=True)
    partial = published_path.with_name(f".{published_path.stem}.{uuid4().hex}.partial.duckdb")
    alias = quote_ident("publish_" + uuid4().hex[:12])
    try:
        session.execute(f"attach {quote_literal(partial)} as {alias}")
        try:
            # Largest first, so the workers finish together.
            relations = session.query_df(
                "select schema_name, table_name, comment, estimated_size from duckdb_tables()"
                " where database_name = current_database() and schema_name in (select unnest(?))"
                " union all select schema_name, view_name, comment, 0 from duckdb_views()"
                " where database_name = current_database() and schema_name in (select unnest(?))"
                " order by estimated_size desc, 1, 2",
                [list(schemas), list(schemas)],
            )
            columns = session.query_df(
                "select schema_name, table_name, column_name, comment from duckdb_columns()"
                " where database_name = current_database() and schema_name in (select unnest(?))"
                " and comment is not null and comment <> ''",
                [list(schemas)],
            )
            for schema in schemas:
                session.execute(f"create schema if not exists {alias}.{quote_ident(schema)}")

            def copy(relation) -> tuple[str, int]:
                source = f"{quote_ident(relation.schema_name)}.{quote_ident(relation.table_name)}"
                target = f"{alias}.{source}"
                with session.cursor() as cursor:
                    cursor.execute(f"create table {target} as select * from {source}")
                    if isinstance(relation.comment, str) and relation.comment:
                        cursor.execute(f"comment on table {target} is {quote_literal(relation.comment)}")
                    rows = int(cursor.query_df(f"select count(*) as n from {target}")["n"].iloc[0])
                return f"{relation.schema_name}.{relation.table_name}", rows

            with ThreadPoolExecutor(max_workers=workers) as pool:
                copied = dict(pool.map(copy, relations.itertuples()))
            counts = {name: copied[name] for name in sorted(copied)}
            for column in columns.itertuples():
                target = f"{alias}.{quote_ident(column.schema_name)}.{quote_ident(column.table_name)}"
                session.execute(
                    f"comment on column {target}.{quote_ident(column.column_name)} is {quote_literal(column.comment)}"
                )
            session.execute(f"checkpoint {alias}")
        finally:
            session.execute(f"detach {alias}")
        os.chmod(partial, 0o444)  # a copy, not a place to write: a client must open it read-only
        os.replace(partial, published_path)
        _fsync_directory(published_path.parent)
    finally:
        for leftover in (partial, partial.with_name(partial.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return counts


def later_day_run(session, as_of: date) -> date | None:
    """The latest day the warehouse has run (the stage log records every run's as-of day), when it is
    later than `as_of`: the run for `as_of` then backfills the past."""
    day = session.query_df("select max(recorded_as_of) as day from intermediate.int_lead_stages__logged")["day"].iloc[0]
    latest = None if pd.isna(day) else pd.Timestamp(day).date()
    return latest if latest is not None and latest > as_of else None


def publish_in_place(session, schemas=PUBLISHED_SCHEMAS) -> dict[str, int]:
    """PostgreSQL: nothing to copy. Readers query `marts` and `sync` in the warehouse itself (MVCC:
    they never block the job, and dbt swaps each rebuilt table in one transaction). Returns rows per
    table (`schema.table`), as `publish_copy` does."""
    relations = session.query_df(
        "select table_schema, table_name from information_schema.tables"
        f" where table_schema in ({placeholders(len(schemas))}) order by 1, 2",
        list(schemas),
    )
    counts: dict[str, int] = {}
    for relation in relations.itertuples():
        source = f"{quote_ident(relation.table_schema)}.{quote_ident(relation.table_name)}"
        counts[f"{relation.table_schema}.{relation.table_name}"] = int(
            session.query_df(f"select count(*) as n from {source}")["n"].iloc[0]
        )
    return counts


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@dg.asset(
    key=["published_warehouse"],
    group_name="sync",
    deps=published_model_keys(),
    pool=WAREHOUSE_POOL,
    partitions_def=daily_partitions,
    backfill_policy=one_day_per_run,
    kinds={"duckdb"},
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """The read-only copy of `marts` and `sync` analysts and reverse-ETL tools read
    (`<warehouse>_published.duckdb`), replaced atomically after every successful run."""
    settings = run_settings(context)
    changed_at = as_of_end(settings.as_of).to_pydatetime()
    with warehouse.session() as session:
        limit_memory(session, PUBLISH_SESSION_MEMORY_LIMIT)  # copying tables streams: 1.6 GB -> 0.9 GB at 1M leads
        in_place = session.dialect != "duckdb"
        kept_day = None if in_place else later_day_run(session, settings.as_of)
        if in_place:
            counts = publish_in_place(session)
        elif kept_day:
            counts = {}
        else:
            counts = publish_copy(session, settings.published_path)
        tiers = session.query_df("select coalesce(tier, '(none)') as tier, count(*) as leads from marts.dim_leads group by 1")
        # Rows whose synced values last moved on the as-of day (a change is stamped with the as-of
        # time, so a rerun for the same day counts the rows that day's first run changed).
        changed = session.query_df(
            "select (select count(*) from sync.hubspot_contacts where synced_fields_changed_at = ?) as hubspot,"
            " (select count(*) from sync.salesforce_leads where synced_fields_changed_at = ?) as salesforce",
            [changed_at, changed_at],
        ).iloc[0]
        rejected = session.query_df("select coalesce(sum(rows_rejected), 0) as n from ops.ingest_log")["n"].iloc[0]
    if in_place:
        context.log.info(f"{len(counts)} tables of {', '.join(PUBLISHED_SCHEMAS)} are read in place (PostgreSQL)")
    elif kept_day:
        context.log.info(f"kept {settings.published_path}, the copy of {kept_day}: this run backfills"
                         f" {settings.as_of}, an earlier day")
    else:
        context.log.info(f"published {len(counts)} tables to {settings.published_path}")
    tier_distribution = {str(r.tier): int(r.leads) for r in tiers.itertuples()}
    changed_per_table = {"sync.hubspot_contacts": int(changed["hubspot"]),
                         "sync.salesforce_leads": int(changed["salesforce"])}
    # Row counts on each published table's own asset page, where a data engineer looks for them.
    for name, rows in counts.items():
        extra = {"tier_distribution": dg.MetadataValue.json(tier_distribution)} if name == "marts.dim_leads" else {}
        if name in changed_per_table:
            extra = {"rows_changed_on_as_of_day": changed_per_table[name]}
        context.log_event(dg.AssetObservation(
            asset_key=dg.AssetKey(name.split(".")), metadata={"dagster/row_count": rows, **extra},
        ))
    table_lines = "\n".join(f"| `{name}` | {rows:,} |" for name, rows in counts.items())
    return dg.MaterializeResult(
        metadata={
            **({"published": "in place: the marts and sync schemas of the PostgreSQL database"} if in_place
               else {"path": dg.MetadataValue.path(str(settings.published_path))}),
            **({"kept_copy_of_day": kept_day.isoformat()} if kept_day else {}),
            "tables": dg.MetadataValue.md("| table | rows |\n|---|---:|\n" + table_lines),
            "row_counts": dg.MetadataValue.json(counts),
            "tier_distribution": dg.MetadataValue.json(tier_distribution),
            "hubspot_contacts_rows": counts.get("sync.hubspot_contacts", 0),
            "salesforce_leads_rows": counts.get("sync.salesforce_leads", 0),
            "hubspot_contacts_changed_on_as_of_day": changed_per_table["sync.hubspot_contacts"],
            "salesforce_leads_changed_on_as_of_day": changed_per_table["sync.salesforce_leads"],
            "rows_rejected_all_runs": int(rejected),
        }
    )


@dg.asset(
    key=["lead_report"],
    group_name="sync",
    deps=[published_warehouse],
    pool=WAREHOUSE_POOL,
    partitions_def=daily_partitions,
    backfill_policy=one_day_per_run,
    kinds={"html"},
)
def lead_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """The run's HTML report beside the warehouse (`<warehouse>_report.html`; a backfilled earlier
    day's, `<warehouse>_report_<day>.html`): funnel, tier distribution, conversion by source, SLA
    breaches, velocity and score calibration."""
    settings = run_settings(context)
    with warehouse.session() as session:
        data = load_report_data(session, settings.as_of)
        backfilled_day = settings.as_of if later_day_run(session, settings.as_of) else None
    path = write_report(render_report(data), report_path(settings.warehouse_path, backfilled_day))
    context.log.info(f"report written to {path}")
    funnel = data.funnel.iloc[0].to_dict() if not data.funnel.empty else {}
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "url": dg.MetadataValue.url(path.as_uri()),
            "funnel": dg.MetadataValue.json({k: int(v or 0) for k, v in funnel.items()}),
            "tier_distribution": dg.MetadataValue.json(
                {str(r.tier): int(r.leads) for r in data.tiers.itertuples()}
            ),
            "open_mqls_past_sla": int(data.sla_by_owner["open_breached"].sum()) if not data.sla_by_owner.empty else 0,
        }
    )
