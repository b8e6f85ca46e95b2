"""Enrich: person, firmographic and intent attributes from the `enrichers` library into `enriched.*`.

The library does the work on DataFrames; these assets only read inputs from the warehouse, call it,
and write its answers back. Firmographic answers are cached in `enriched.firmographics`, so a
provider is called once per unique domain it has never answered (or whose answer went stale).
"""


import math
from collections import Counter
from datetime import UTC, datetime

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from enrichers.cache import check_error_ratio, domains_to_fetch, results_to_frame
from enrichers.config import load_config
from enrichers.intent import summarize_surge
from enrichers.providers import build_providers
from enrichers.records import BATCH_ROWS, default_workers, enrich_batches

from ..partitions import daily_partitions, one_day_per_run
from ..resources import WAREHOUSE_POOL, WarehouseResource
from ..settings import load_settings
from ..warehouse import chunked, limit_memory, placeholders

UNIONED_RECORDS = dg.AssetKey(["intermediate", "int_lead_records__unioned"])
SURGE_STAGING = dg.AssetKey(["staging", "stg_intent__surge"])

ENRICH_SESSION_MEMORY_LIMIT = "256MB"  # at 1M records: 2.2 GB -> 1.6 GB for the whole enrichment, 1.7 s slower

FIRMOGRAPHICS_COLUMNS = [
    "provider", "domain", "status", "fetched_at", "company_name", "industry", "employee_count",
    "annual_revenue_usd", "country_code", "city", "raw_json", "error",
]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dg.asset(
    key=["enriched", "lead_records"],
    group_name="enrich",
    deps=[UNIONED_RECORDS],
    pool=WAREHOUSE_POOL,
    partitions_def=daily_partitions,
    backfill_policy=one_day_per_run,
    kinds={"python", "duckdb"},
)
def lead_record_attributes(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Per lead record: email quality, company domain, seniority, department, E.164 phone, country.

    Incremental: only records that are new, or whose inputs changed since they were enriched (by
    `input_hash`), are enriched again; records gone from the sources are dropped.
    """
    config = load_config(load_settings().enrichment_config)
    seniority: Counter = Counter()
    enriched_this_run = 0
    with warehouse.session() as session:
        incremental = session.table_exists("enriched", "lead_records") and "input_hash" in session.columns(
            "enriched", "lead_records"
        )
        # This session only pages records out and writes answers back: the memory goes to the workers.
        limit_memory(session, ENRICH_SESSION_MEMORY_LIMIT)
        # Computed once: the selection below and the clean-up of changed records both read it.
        session.execute(f"create temporary table latest_record_inputs as {LATEST_RECORD_INPUTS}")
        # Numbered into batches once, so reading a batch is a filter, whatever the number of records.
        # In email order: a person's records (and so their address and phone) share a batch, where
        # each distinct value is worked out once.
        session.execute(
            "create temporary table records_to_enrich as select latest.*,"
            " cast(floor((row_number() over (order by latest.email, latest.record_key) - 1)"
            f" / {int(BATCH_ROWS)}) as integer) as batch"
            " from latest_record_inputs latest"
            + (
                " left join enriched.lead_records done"
                " on done.record_key = latest.record_key and done.input_hash = latest.input_hash"
                " where done.record_key is null"
                if incremental
                else ""
            )
        )
        if incremental:
            # Changed and vanished records go; the changed ones come back below with new answers.
            session.execute(
                "delete from enriched.lead_records where not exists (select 1 from latest_record_inputs latest"
                " where latest.record_key = lead_records.record_key and latest.input_hash = lead_records.input_hash)"
            )
        session.execute("drop table latest_record_inputs")
        to_enrich = int(session.query_df("select count(*) as n from records_to_enrich")["n"].iloc[0])
        workers = default_workers() if to_enrich > BATCH_ROWS else 1
        context.log.info(f"enriching {to_enrich} lead records in batches of {BATCH_ROWS} on {workers} process(es)")
        batches = (
            session.query_arrow("select * from records_to_enrich where batch = ?", [number])
            for number in range(max(1, math.ceil(to_enrich / BATCH_ROWS)))
        )
        # Each batch commits on its own: one transaction over millions of rows held them all in memory.
        # A run that stops half-way loses nothing: the next run enriches the records still missing.
        answers = enrich_batches(batches, config.default_phone_region, _now(), workers)
        for number, enriched in enumerate(answers):
            if number == 0 and not incremental:
                session.replace("enriched", "lead_records", enriched)
            else:
                session.append("enriched", "lead_records", enriched)
            enriched_this_run += enriched.num_rows
            seniority.update({str(c["values"]): c["counts"] for c in pc.value_counts(enriched["seniority"]).to_pylist()})
        totals = session.query_df(
            "select count(*) as records, count(case when email_is_valid then 1 end) as valid_emails,"
            " count(company_domain) as with_company_domain from enriched.lead_records"
        ).iloc[0]
    return dg.MaterializeResult(
        metadata={
            "records": int(totals["records"]),
            "records_enriched_this_run": enriched_this_run,
            "processes_this_run": workers,
            "valid_emails": int(totals["valid_emails"]),
            "with_company_domain": int(totals["with_company_domain"]),
            "seniority_this_run": dg.MetadataValue.json(dict(seniority)),
        }
    )


# The latest version of each lead record's enrichment inputs (the same CRM record may be exported on
# several days), with a fingerprint of those inputs.
_INPUTS = ("lead_id", "email", "job_title", "phone", "country", "company_website", "company_name")
_FINGERPRINT = " || '|' || ".join(f"coalesce({column}, '')" for column in _INPUTS)
LATEST_RECORD_INPUTS = (
    f"select record_key, {', '.join(_INPUTS)}, md5({_FINGERPRINT}) as input_hash"
    " from (select *, row_number() over (partition by record_key"
    " order by _landed_on desc nulls last, _file desc, _row_number desc) as version_rank"
    " from intermediate.int_lead_records__unioned) records where version_rank = 1"
)


@dg.asset(
    key=["enriched", "firmographics"],
    group_name="enrich",
    deps=[dg.AssetKey(["enriched", "lead_records"])],
    pool=WAREHOUSE_POOL,
    partitions_def=daily_partitions,
    backfill_policy=one_day_per_run,
    kinds={"python", "duckdb"},
)
def firmographics(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Company attributes per domain from each configured provider, cached with a TTL."""
    config = load_config(load_settings().enrichment_config)
    now = _now()
    metadata: dict = {"providers": [provider.name for provider in config.enabled_providers]}
    with warehouse.session() as session:
        session.ensure_schema("enriched")
        if not session.table_exists("enriched", "firmographics"):
            session.append("enriched", "firmographics", pa.Table.from_pandas(_empty_firmographics(), preserve_index=False))
        wanted = session.query_df(
            "select distinct company_domain from enriched.lead_records where company_domain is not null"
        )["company_domain"].tolist()
        cached = session.query_df("select * from enriched.firmographics")
        for provider in build_providers(config):
            cache = config.cache_for(provider.name)
            to_fetch = domains_to_fetch(wanted, cached, provider.name, now, cache.ttl, cache.no_match_ttl)
            results = provider.lookup(to_fetch) if to_fetch else []
            fresh = results_to_frame(results)
            # The warehouse keeps naive UTC timestamps everywhere.
            fresh["fetched_at"] = fresh["fetched_at"].dt.tz_convert("UTC").dt.tz_localize(None)
            if not fresh.empty:
                with session.transaction():
                    for domains in chunked(fresh["domain"].tolist()):
                        session.execute(
                            "delete from enriched.firmographics where provider = ?"
                            f" and domain in ({placeholders(len(domains))})",
                            [provider.name, *domains],
                        )
                    session.append("enriched", "firmographics", pa.Table.from_pandas(fresh[FIRMOGRAPHICS_COLUMNS], preserve_index=False))
            statuses = fresh["status"].value_counts().to_dict() if not fresh.empty else {}
            metadata[f"{provider.name}_calls"] = len(to_fetch)
            metadata[f"{provider.name}_statuses"] = dg.MetadataValue.json({k: int(v) for k, v in statuses.items()})
            context.log.info(f"{provider.name}: looked up {len(to_fetch)} of {len(wanted)} domains; {statuses}")
            # The ratio is over every domain this run wants, so one stubborn error retried daily
            # does not fail the run on its own.
            answers = session.query_df(
                "select provider, status, error from enriched.firmographics where provider = ?"
                " and domain in (select company_domain from enriched.lead_records where company_domain is not null)",
                [provider.name],
            )
            check_error_ratio(answers, config.max_error_ratio, provider=provider.name)
        matched = session.query_df(
            "select provider, count(case when status = 'matched' then 1 end) as matched, count(*) as answered"
            " from enriched.firmographics where domain in (select company_domain from enriched.lead_records)"
            " group by provider"
        )
    for row in matched.itertuples():
        metadata[f"{row.provider}_match_rate"] = round(row.matched / len(wanted), 3) if wanted else 0.0
    metadata["domains_wanted"] = len(wanted)
    return dg.MaterializeResult(metadata=metadata)


def _empty_firmographics() -> pd.DataFrame:
    frame = results_to_frame([])
    return frame[FIRMOGRAPHICS_COLUMNS] if set(FIRMOGRAPHICS_COLUMNS) <= set(frame.columns) else frame


@dg.asset(
    key=["enriched", "company_intent"],
    group_name="enrich",
    deps=[SURGE_STAGING],
    pool=WAREHOUSE_POOL,
    partitions_def=daily_partitions,
    backfill_policy=one_day_per_run,
    kinds={"python", "duckdb"},
)
def company_intent(warehouse: WarehouseResource):
    """Third-party intent per company domain: surging topics, max surge score, latest week seen."""
    config = load_config(load_settings().enrichment_config)
    with warehouse.session() as session:
        surge = session.query_df(
            'select week_start as "Week", company_domain as "Domain", company_name as "Company Name",'
            ' topic as "Topic", topic_cluster as "Topic Cluster", surge_score as "Composite Score",'
            ' bucket_code as "Bucket Code" from staging.stg_intent__surge where company_domain is not null'
        )
        summary = summarize_surge(surge, topics=config.intent.topics or None, threshold=config.intent.threshold)
        summary = summary.rename(columns={"domain": "company_domain"})
        summary["computed_at"] = _now()
        session.replace("enriched", "company_intent", pa.Table.from_pandas(summary, preserve_index=False))
    return dg.MaterializeResult(
        metadata={"domains_with_intent": len(summary), "surging_domains": int(summary["surging_topics"].fillna("").ne("").sum())}
    )
