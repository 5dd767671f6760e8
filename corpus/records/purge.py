"""Purging a document's content so it cannot be reconstructed from the store or its files,
leaving a metadata stub (the documents row: id, sha256, filename, title, dates) and the
audit trail. Used by disposition (destroy) and by the trash once its delay has passed.

Every step is idempotent, so a journaled run interrupted anywhere simply repeats it.
SQLite keeps deleted rows in free pages and in its WAL: deletes run with secure_delete on
(corpus/store.py turns it on for every connection) and `compact_store` vacuums and
truncates the WAL. PostgreSQL: VACUUM (FULL, ANALYZE) rewrites the purged tables and
their statistics; old row versions may still sit in WAL segments, archives, base backups
and replicas until those are recycled (README, "What remains on PostgreSQL").
The search index and any other derived data outside the store is purged by the caller
(web/services.py), since corpus never imports search.
"""
from __future__ import annotations

import logging

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.orm import Session

from corpus.blobs import original_key, page_images_prefix
from corpus.records.filing_rows import set_filing_state
from corpus.store import Store
from corpus.tables import (AclRow, DocumentRow, DocumentSignatureRow, FieldRow, IngestItemRow, LabelRow, NoteRow,
                           PageRow, PageWordsRow, RelationRow, SourceRow, utcnow)

log = logging.getLogger("accord.records")
PURGED_STATES = ("destroyed", "purged")     # a records_filing state of a stub whose content is gone
PURGED_TABLES = ("pages", "page_words", "fields", "labels", "relations", "document_signatures", "document_sources",
                 "document_acl", "document_notes", "ingest_items", "documents")


def purge_rows(session: Session, document_id: int, *, state: str, by: str) -> str | None:
    """Delete every row holding the document's content; keep its documents row as the stub.
    Returns its sha256 (None when there is no such document)."""
    row = session.get(DocumentRow, document_id)
    if row is None:
        return None
    for table, column in ((PageRow, PageRow.document_id), (PageWordsRow, PageWordsRow.document_id),
                          (FieldRow, FieldRow.document_id),
                          (LabelRow, LabelRow.document_id), (DocumentSignatureRow, DocumentSignatureRow.document_id),
                          (SourceRow, SourceRow.document_id), (AclRow, AclRow.document_id),
                          (NoteRow, NoteRow.document_id)):
        session.execute(delete(table).where(column == document_id))
    session.execute(delete(RelationRow).where(or_(RelationRow.document_id == document_id,
                                                  RelationRow.related_id == document_id)))
    # The ingest journal names where the file came from; keep the job's counts, not the path.
    session.execute(update(IngestItemRow).where(IngestItemRow.document_id == document_id)
                    .values(source_path=f"(destroyed document {document_id})", error=None, quarantine_path=None))
    now = utcnow()
    row.source_path = ""
    row.deleted_at = row.deleted_at or now
    row.updated_at = now
    set_filing_state(session, document_id, state, at=now, by=by)
    return row.sha256


def purge_files(store: Store, sha256: str) -> None:
    """The original and every file derived from it in the blob store (page images, thumbnails);
    a folder's original is overwritten with zeros before it is unlinked."""
    store.blobs.delete(original_key(sha256), scrub=True)
    store.blobs.delete_prefix(page_images_prefix(sha256))


def compact_store(store: Store) -> None:
    """Rewrite the database so purged rows are gone from its free pages and its WAL."""
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA secure_delete=ON")
            connection.exec_driver_sql("VACUUM")
            for _ in range(20):
                busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
                if not busy or not busy[0]:
                    break
            else:
                log.warning("the SQLite WAL could not be truncated (another process is reading); "
                            "it is checkpointed again by the next run")
            connection.commit()
        return
    _compact_postgres(store)


def _compact_postgres(store: Store) -> None:
    """VACUUM cannot run inside a transaction block, hence AUTOCOMMIT. FULL rewrites each table
    (and its indexes and TOAST) into new files, so the dead row versions are not left in free
    space; ANALYZE replaces the planner's statistics, whose sample values (pg_stats) would
    otherwise keep a destroyed page's text. ANALYZE of an empty table keeps the old statistics,
    so those are deleted, which only a superuser may do."""
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        superuser = connection.execute(text("SELECT current_setting('is_superuser')")).scalar() == "on"
        for table in PURGED_TABLES:
            connection.execute(text(f"VACUUM (FULL, ANALYZE) {table}"))
            if connection.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})")).scalar():
                continue
            if superuser:
                connection.execute(text(f"DELETE FROM pg_statistic WHERE starelid = '{table}'::regclass"))
            else:
                log.warning("table %s is empty after the purge, and PostgreSQL keeps its old statistics "
                            "(sample values) until it is analysed with rows in it; a superuser can remove them: "
                            "DELETE FROM pg_statistic WHERE starelid = '%s'::regclass", table, table)
        if superuser:     # the replaced statistics' old row versions, in the catalog's own file
            connection.execute(text("VACUUM (FULL) pg_statistic"))


def purged(session: Session, document_id: int) -> bool:
    """True when no content row of the document is left."""
    return session.scalar(select(PageRow.number).where(PageRow.document_id == document_id).limit(1)) is None \
        and session.scalar(select(FieldRow.id).where(FieldRow.document_id == document_id).limit(1)) is None \
        and session.scalar(select(PageWordsRow.number).where(PageWordsRow.document_id == document_id)
                           .limit(1)) is None
