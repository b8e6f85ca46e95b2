"""The enrich assets in Dagster, against the sample warehouse and a real local company API."""

import json
import shutil

import dagster as dg
import duckdb
import pandas as pd
import pytest
from werkzeug import Response

from dagster_project.assets import enrich
from dagster_project.assets.enrich import firmographics, lead_record_attributes
from dagster_project.resources import WarehouseResource
from tests.conftest import AS_OF, SAMPLES_DIR, Environment, read_only

API_KEY = "sk_test_enrich-asset-SECRET"


def test_enriched_tables_are_filled_from_the_samples(sample_warehouse):
    with read_only(sample_warehouse) as connection:
        records, with_domain, seniorities = connection.execute(
            "select count(*), count(company_domain), count(distinct seniority) from enriched.lead_records"
        ).fetchone()
        matched = connection.execute(
            "select count(*) from enriched.firmographics where provider = 'reference' and status = 'matched'"
        ).fetchone()[0]
        surging = connection.execute(
            "select count(*) from enriched.company_intent where surging_topics is not null"
        ).fetchone()[0]
        unified = connection.execute(
            "select count(*) from intermediate.int_leads__unified where company_industry is not null and seniority <> 'unknown'"
        ).fetchone()[0]
    assert records > 0 and with_domain > 0 and seniorities >= 4
    assert matched >= 30 and surging > 0 and unified > 0


def test_lead_records_enriched_in_parallel_batches_equal_one_batch(sample_warehouse, tmp_path, monkeypatch):
    warehouse = tmp_path / "copy.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    answers = "select * exclude (enriched_at) from enriched.lead_records order by record_key"
    with read_only(warehouse) as connection:
        one_batch = connection.execute(answers).df()  # the session's run enriched the samples in one batch
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("drop table enriched.lead_records")
    monkeypatch.setattr(enrich, "BATCH_ROWS", 25)
    monkeypatch.setattr(enrich, "default_workers", lambda: 2)
    assert len(one_batch) > 3 * enrich.BATCH_ROWS

    with Environment(LEADS_AS_OF=AS_OF, LEADS_LANDING_DIR=str(SAMPLES_DIR)):
        result = dg.materialize(
            [lead_record_attributes], resources={"warehouse": WarehouseResource(path=str(warehouse))}
        )

    with read_only(warehouse) as connection:
        batched = connection.execute(answers).df()
    pd.testing.assert_frame_equal(batched, one_batch)
    metadata = result.get_asset_materialization_events()[0].materialization.metadata
    assert metadata["records_enriched_this_run"].value == len(one_batch)
    assert metadata["processes_this_run"].value == 2


def test_an_enrichment_stopped_half_way_is_completed_by_the_next_run(sample_warehouse, tmp_path, monkeypatch):
    warehouse = tmp_path / "copy.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    answers = "select * exclude (enriched_at) from enriched.lead_records order by record_key"
    with read_only(warehouse) as connection:
        complete = connection.execute(answers).df()
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("drop table enriched.lead_records")
    monkeypatch.setattr(enrich, "BATCH_ROWS", 25)
    original = enrich.enrich_batches

    def stops_after_two_batches(*args, **kwargs):
        for number, batch in enumerate(original(*args, **kwargs)):
            if number == 2:
                raise RuntimeError("the machine went away")
            yield batch

    def materialize():
        with Environment(LEADS_AS_OF=AS_OF, LEADS_LANDING_DIR=str(SAMPLES_DIR)):
            return dg.materialize([lead_record_attributes], raise_on_error=False,
                                  resources={"warehouse": WarehouseResource(path=str(warehouse))})

    monkeypatch.setattr(enrich, "enrich_batches", stops_after_two_batches)
    assert not materialize().success
    with read_only(warehouse) as connection:
        assert connection.execute("select count(*) from enriched.lead_records").fetchone()[0] == 50
    monkeypatch.setattr(enrich, "enrich_batches", original)
    second = materialize()
    assert second.success
    with read_only(warehouse) as connection:
        pd.testing.assert_frame_equal(connection.execute(answers).df(), complete)
    metadata = second.get_asset_materialization_events()[0].materialization.metadata
    assert metadata["records_enriched_this_run"].value == len(complete) - 50


@pytest.fixture
def company_api(httpserver):
    calls = []

    def answer(request):
        domain = request.args["domain"]
        calls.append(domain)
        assert request.headers.get("X-Api-Key") == API_KEY
        if domain.endswith(".no"):
            return Response("", status=404)
        if domain.startswith("g"):
            return Response("upstream broke", status=500)
        body = {"company": {"name": domain.split(".")[0].title(), "employees": 250, "sector": "Software"}}
        return Response(json.dumps(body), status=200, content_type="application/json")

    httpserver.expect_request("/v1/companies").respond_with_handler(answer)
    return httpserver, calls


def write_config(tmp_path, base_url, max_error_ratio):
    config = tmp_path / "enrichment.yml"
    config.write_text(
        f"""
failure: {{max_error_ratio: {max_error_ratio}}}
providers:
  - name: test_api
    type: http
    enabled: true
    base_url: {base_url}
    path_template: /v1/companies?domain={{domain}}
    api_key_env: LEADS_TEST_API_KEY
    auth_header: X-Api-Key
    record_path: company
    fields: {{company_name: name, employee_count: employees, industry: sector}}
    timeout_seconds: 2
    max_retries: 1
    backoff_seconds: 0.01
    rate_limit_per_minute: 6000
    max_workers: 4
"""
    )
    return config


def materialize_firmographics(warehouse, config):
    with Environment(LEADS_ENRICHMENT_CONFIG=str(config), LEADS_TEST_API_KEY=API_KEY, LEADS_AS_OF=AS_OF,
                     LEADS_LANDING_DIR=str(SAMPLES_DIR)):
        return dg.materialize(
            [firmographics], resources={"warehouse": WarehouseResource(path=str(warehouse))}, raise_on_error=False
        )


def test_provider_is_called_once_per_unique_domain_and_never_again_when_cached(sample_warehouse, tmp_path, company_api):
    server, calls = company_api
    warehouse = tmp_path / "copy.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    with read_only(warehouse) as connection:
        domains = connection.execute(
            "select count(distinct company_domain) from enriched.lead_records where company_domain is not null"
        ).fetchone()[0]
    config = write_config(tmp_path, server.url_for("/").rstrip("/"), max_error_ratio=0.9)

    first = materialize_firmographics(warehouse, config)
    assert first.success
    failing = {d for d in calls if d.startswith("g")}
    assert failing, "the sample data should hold a domain the fake API fails on"
    assert len(set(calls)) == domains and len(calls) == domains + len(failing)  # max_retries: 1 per 500
    with read_only(warehouse) as connection:
        statuses = dict(connection.execute(
            "select status, count(*) from enriched.firmographics where provider = 'test_api' group by status"
        ).fetchall())
    assert sum(statuses.values()) == domains  # every domain has an answer: nothing lost
    assert statuses.get("error", 0) == len(failing) and statuses.get("no_match", 0) >= 1

    calls.clear()
    second = materialize_firmographics(warehouse, config)
    assert second.success
    assert set(calls) == failing  # only errors are asked again

    metadata = json.dumps({k: str(v) for e in second.get_asset_materialization_events()
                           for k, v in e.materialization.metadata.items()})
    assert API_KEY not in metadata


def test_run_fails_clearly_when_too_many_domains_fail(sample_warehouse, tmp_path, company_api):
    server, _ = company_api
    warehouse = tmp_path / "copy.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    result = materialize_firmographics(warehouse, write_config(tmp_path, server.url_for("/").rstrip("/"), 0.0))
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    message = str(failure.event_specific_data.error)
    assert "test_api" in message and API_KEY not in message
