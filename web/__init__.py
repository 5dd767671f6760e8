"""The Flask application, the `accord` CLI, and the wiring between ingest, search and classifier."""
