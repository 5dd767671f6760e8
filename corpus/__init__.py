"""The repository's core: domain model, store, configuration and errors.

Everything else (ingest, search, classifier, web) depends on this package; it
depends on none of them.
"""
