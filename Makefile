# The two set-up commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: run test install manifest dev lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# dbt's manifest, which the Dagster code location reads. Parsed for the warehouse path the job will
# pass (absolute), so that each run's dbt re-uses this parse instead of parsing the project again.
manifest: install
	cd dbt_leads && LEADS_WAREHOUSE=$(abspath $(or $(LEADS_WAREHOUSE),warehouse/leads.duckdb)) ../$(BIN)/dbt parse --quiet --profiles-dir .

# The day partition to run: LEADS_AS_OF when set, else today (UTC).
AS_OF = $(or $(LEADS_AS_OF),$(shell date -u +%F))

# Set up, then materialise every asset on the bundled exports into warehouse/leads.duckdb.
run: manifest
	$(BIN)/dagster job execute -m dagster_project.definitions -j daily_leads --tags '{"dagster/partition": "$(AS_OF)"}'
	$(BIN)/python -m dagster_project.summary

# One worker per core (pytest-xdist): most tests wait on a dbt, Spark or PostgreSQL process, so two
# workers take the suite from 18 to 11 minutes here. Whole files go to one worker, so a file's
# module-scoped warehouses are built once; each worker builds its own session-scoped ones.
test: manifest
	$(BIN)/pytest -q -n auto --dist loadfile

dev: manifest
	$(BIN)/dagster dev -w workspace.yaml

lint: install
	$(BIN)/ruff check dagster_project enrichers tests bench

clean:
	rm -rf warehouse dbt_leads/target dbt_leads/logs
