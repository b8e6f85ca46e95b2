"""Benchmarks and the scale data generator (see docs/benchmarks.md)."""
