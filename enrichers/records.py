"""Lead records -> their derived attributes, in batches, on every core.

Enriching a record is pure Python per distinct value (email-validator, phonenumbers, the title rules),
so a million records take about a minute on one core. `enrich_batches` streams batches through a
process pool instead: memory stays at a few batches whatever the number of records, and the work
spreads over the machine's cores.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

import pandas as pd
import pyarrow as pa

from enrichers.company import domain_from_url, normalize_company_name
from enrichers.person import derive_person_attributes, derived_provenance, map_distinct

# Records per batch, and so per worker at a time: 50k takes as long as 100k, with a worker's peak at
# about 390 MB instead of 470 MB.
BATCH_ROWS = 50_000


def company_domains(records: pd.DataFrame, person: pd.DataFrame) -> pd.Series:
    """The company's domain: from its website when known, else from a business email's domain."""
    from_website = pd.Series(map_distinct(records["company_website"], domain_from_url), index=records.index)
    business_email = person["email_domain"].where(
        person["email_is_valid"].fillna(False).astype(bool)
        & ~person["email_is_free"].fillna(False).astype(bool)
        & ~person["email_is_disposable"].fillna(False).astype(bool)
    )
    return from_website.fillna(business_email).astype("string")


def enrich_records(records: pd.DataFrame, default_region: str | None, enriched_at: datetime) -> pd.DataFrame:
    """Person and company attributes of `records` (columns record_key, lead_id, email, job_title, phone,
    country, company_website, company_name, input_hash), one row per record, with their provenance."""
    inputs = records[["email", "job_title", "phone", "country"]]
    person = derive_person_attributes(inputs, default_region=default_region)
    provenance = derived_provenance(inputs, person, enriched_at)
    return pd.DataFrame(
        {
            "record_key": records["record_key"],
            "lead_id": records["lead_id"],
            **{column: person[column] for column in person.columns},
            "company_domain": company_domains(records, person),
            "company_name_normalized": pd.Series(
                map_distinct(records["company_name"], normalize_company_name), index=records.index, dtype="string"
            ),
            # Provenance of the derived attributes: provider, when, and a status per input field.
            "provider": provenance["provider"],
            "enriched_at": pd.Series(pd.Timestamp(enriched_at), index=records.index),
            **{column: provenance[column] for column in provenance.columns if column.endswith("_status")},
            "input_hash": records["input_hash"],
        }
    )


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def enrich_arrow(records: pa.Table, default_region: str | None, enriched_at: datetime) -> pa.Table:
    """enrich_records from and to Arrow: what crosses between processes is column buffers, not objects."""
    return pa.Table.from_pandas(enrich_records(records.to_pandas(), default_region, enriched_at), preserve_index=False)


def enrich_batches(
    batches: Iterable[pa.Table], default_region: str | None, enriched_at: datetime, workers: int = 1
) -> Iterator[pa.Table]:
    """enrich_arrow of each batch, in order. With workers > 1, batches run in that many processes,
    at most `workers + 1` in flight, so the caller can write one answer while the next are computed."""
    if workers <= 1:
        for batch in batches:
            yield enrich_arrow(batch, default_region, enriched_at)
        return
    # spawn, not fork: the caller holds a warehouse connection and its threads.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.submit(enrich_arrow, batch, default_region, enriched_at))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
