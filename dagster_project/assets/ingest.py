"""Ingest: land the exports of LEADS_LANDING_DIR in `raw`, with `ops` accounting for every row."""


import dagster as dg

from ..ingest.loader import ingest_folder
from ..ingest.sources import load_sources
from ..partitions import daily_partitions, one_day_per_run, run_settings
from ..resources import WAREHOUSE_POOL, WarehouseResource

SOURCES = load_sources()
OPS_TABLES = ("ingest_log", "rejected_rows")


def raw_asset_key(source_name: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", source_name])


@dg.multi_asset(
    name="landing_exports",
    group_name="ingest",
    partitions_def=daily_partitions,
    backfill_policy=one_day_per_run,
    pool=WAREHOUSE_POOL,
    specs=[
        dg.AssetSpec(raw_asset_key(spec.name), description=spec.description, kinds={"duckdb"})
        for spec in SOURCES
    ]
    + [dg.AssetSpec(dg.AssetKey(["ops", table]), kinds={"duckdb"}) for table in OPS_TABLES],
)
def landing_exports(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Every file of the landing folder, recognised by its header, landed losslessly in `raw`."""
    settings = run_settings(context)
    with warehouse.session() as session:
        summary = ingest_folder(session, settings.landing_dir, SOURCES, as_of=settings.as_of)
        totals = session.query_df(
            "select source, sum(rows_read) as rows_read, sum(rows_loaded) as rows_loaded,"
            " sum(rows_rejected) as rows_rejected from ops.ingest_log group by source"
        )
    for outcome in summary.files:
        # Counts and reasons only: rows may hold personal data and never go to the logs.
        context.log.info(
            f"{outcome.file}: {outcome.status} as {outcome.source or '-'}; read {outcome.rows_read},"
            f" loaded {outcome.rows_loaded}, rejected {outcome.rows_rejected}"
            + (f"; {outcome.reason}" if outcome.reason else "")
        )
    if summary.skipped:
        context.log.info(f"{len(summary.skipped)} file(s) skipped: already loaded (same sha256)")
    by_source = summary.by_source()
    all_time = {row.source: row for row in totals.itertuples() if row.source}
    for spec in SOURCES:
        this_run = by_source.get(spec.name, {})
        total = all_time.get(spec.name)
        yield dg.MaterializeResult(
            asset_key=raw_asset_key(spec.name),
            metadata={
                "files_this_run": this_run.get("files", 0),
                "rows_loaded_this_run": this_run.get("rows_loaded", 0),
                "rows_rejected_this_run": this_run.get("rows_rejected", 0),
                "rows_loaded_total": int(total.rows_loaded) if total is not None else 0,
            },
        )
    failed = [f for f in summary.files if f.status in ("failed", "unknown_format")]
    yield dg.MaterializeResult(
        asset_key=dg.AssetKey(["ops", "ingest_log"]),
        metadata={
            "files_attempted": len(summary.files),
            "files_skipped": len(summary.skipped),
            "files_unreadable_or_unknown": dg.MetadataValue.md(
                "\n".join(f"- `{f.file}`: {f.reason}" for f in failed) or "none"
            ),
        },
    )
    yield dg.MaterializeResult(
        asset_key=dg.AssetKey(["ops", "rejected_rows"]),
        metadata={"rows_rejected_this_run": sum(f.rows_rejected for f in summary.files)},
    )


@dg.asset_check(asset=dg.AssetKey(["ops", "ingest_log"]), description="rows_read = rows_loaded + rows_rejected")
def ingest_log_reconciles(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.session() as session:
        broken = session.query_df(
            "select file, rows_read, rows_loaded, rows_rejected from ops.ingest_log"
            " where rows_read <> rows_loaded + rows_rejected"
        )
        rejected = session.query_df(
            "select l.attempt_id from ops.ingest_log l left join ops.rejected_rows r using (attempt_id)"
            " group by l.attempt_id, l.rows_rejected having count(r.attempt_id) <> l.rows_rejected"
        )
    return dg.AssetCheckResult(
        passed=broken.empty and rejected.empty,
        metadata={"unreconciled_files": len(broken), "attempts_missing_rejected_rows": len(rejected)},
    )
