"""CLI command modules; each exposes register(cli). Listed explicitly so the order of
`accord --help` is stable and a broken module fails loudly."""
COMMAND_MODULES = ("demo", "ingest", "documents", "metadata", "pages", "fields", "search", "classifier", "users",
                   "audit", "records", "server", "worker")
