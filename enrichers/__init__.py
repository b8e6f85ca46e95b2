"""Enrichers: plain functions and provider classes over pandas data; no Dagster import.

Person attributes come from a lead's own fields (enrichers.person), company attributes from a URL or a
name (enrichers.company), firmographics from providers behind one interface (enrichers.providers),
intent from a surge export (enrichers.intent). enrichers.cache decides what to fetch and when a run
has failed; enrichers.config loads enrichers/enrichment.yml. See enrichers/README.md.
"""
