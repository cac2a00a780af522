"""Benchmarks: `make bench` (extraction) and, later, load against the web service."""
