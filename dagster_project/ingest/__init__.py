"""Landing-folder ingestion: recognise each export, land it losslessly in `raw`, account for every row.

Plain Python (no Dagster import): `assets/ingest.py` calls `ingest_folder`.
"""
