"""Ingestion: articles read, extracted, built into triples and written to a store (loader) or to N-Quads shards."""
