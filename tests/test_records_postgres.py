"""Disposition on PostgreSQL: after the purge, the destroyed document's text is in no table
(a SQL scan of every table of the schema), not in the planner's statistics (pg_stats keeps
sample values of columns), and, when this process may read the server's data directory, not in
the database's relation files either (VACUUM (FULL) rewrote them). What PostgreSQL may still
hold (WAL segments, backups, replicas) is in the README's note."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from corpus.access import Principal
from corpus.documents import document_header
from corpus.records import disposition, filing
from records_corpus import OFFICER, UNIQUE_PHRASE, build, files_containing

pytestmark = pytest.mark.postgres
STAFF = Principal("rita", "records")


@pytest.fixture
def pg_config(any_config):
    if not any_config["ACCORD_DATABASE_URL"]:
        pytest.skip("PostgreSQL only (SQLite: tests/test_records.py greps accord.db itself)")
    return any_config


def rows_containing(connection, needle: str) -> list[str]:
    """Tables of the public schema with a row whose text form contains `needle`."""
    tables = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
    return sorted(t for t in tables if connection.execute(
        text(f'SELECT count(*) FROM "{t}" AS r WHERE r::text LIKE :pattern'), {"pattern": f"%{needle}%"}).scalar())


def statistics_containing(connection, needle: str) -> list[str]:
    return sorted(connection.execute(text(
        "SELECT tablename || '.' || attname FROM pg_stats WHERE schemaname = 'public' AND "
        "(coalesce(most_common_vals::text, '') || coalesce(histogram_bounds::text, '')) LIKE :pattern"),
        {"pattern": f"%{needle}%"}).scalars())


def relation_files_containing(connection, needle: bytes) -> list[str] | None:
    """The files of this database under the server's data directory holding `needle`, or None
    when they cannot be read (the server runs as another user)."""
    data_dir = Path(connection.execute(text("SHOW data_directory")).scalar())
    oid = connection.execute(text("SELECT oid FROM pg_database WHERE datname = current_database()")).scalar()
    folder = data_dir / "base" / str(oid)
    try:
        files = [p for p in folder.iterdir() if p.is_file()]
        return sorted(p.name for p in files if needle in p.read_bytes())
    except PermissionError:
        return None


@pytest.mark.parametrize("which", ["one", "all"])     # all: the purged tables end empty
def test_a_destroyed_documents_text_is_gone_from_every_table_and_the_statistics(pg_config, which):
    services, corpus, app, tokens = build(pg_config)
    try:
        doc = corpus.ids["moa-ohio.pdf"]
        ids = [doc] if which == "one" else sorted(corpus.ids.values())
        sha256 = document_header(services.store, doc).sha256
        with services.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))           # as autovacuum does: pg_stats samples the texts
            assert "pages" in rows_containing(connection, UNIQUE_PHRASE)
            assert any(s.startswith("pages.") for s in statistics_containing(connection, UNIQUE_PHRASE))
            connection.execute(text("CHECKPOINT"))        # the pages are written to the relation files
            before = relation_files_containing(connection, UNIQUE_PHRASE.encode())
            assert before is None or before, "the phrase should be in the relation files before the purge"
            print("relation files holding the phrase before the purge:", before)

        officer = Principal(OFFICER, "records_officer")
        for i in ids:
            filing.file_document(services.store, services.config, i, "transitory", who=STAFF)
        batch = disposition.propose(services.store, services.config, who=officer, ids=ids)
        disposition.approve(services.store, batch, who=Principal("ada", "admin"))
        assert services.run_disposition(batch, actor="cli:test")["status"] == "done"

        with services.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            assert rows_containing(connection, UNIQUE_PHRASE) == []
            assert statistics_containing(connection, UNIQUE_PHRASE) == []
            assert rows_containing(connection, sha256) == ["documents"]          # the stub only
            connection.execute(text("CHECKPOINT"))
            after = relation_files_containing(connection, UNIQUE_PHRASE.encode())
            assert after is None or after == [], after
        assert files_containing(pg_config.home, UNIQUE_PHRASE.encode()) == []
        assert files_containing(pg_config.home, sha256.encode()) == [f"dispositions/batch-{batch}/certificate-{doc}.json"]
    finally:
        services.close()
