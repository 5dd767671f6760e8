"""What the store holds, as `accord check` and ingest resume compare it with the originals
folder and the search index: live documents with what their original must be, the
documents of one ingest job, and the files in the originals folder."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from corpus.blobs import ORIGINALS_PREFIX
from corpus.store import Store
from corpus.records.purge import PURGED_STATES
from corpus.tables import DocumentRow, RecordFilingRow, SourceRow


@dataclass(frozen=True)
class StoredDocument:
    id: int
    sha256: str
    size: int
    source_path: str
    deleted: bool


def stored_documents(store: Store, *, batch: int = 5000) -> dict[int, StoredDocument]:
    """Every document row (soft-deleted ones too: their originals are kept), by id; not the
    stubs of destroyed or purged records, whose original is gone by design."""
    found: dict[int, StoredDocument] = {}
    last = 0
    while True:
        with store.session() as session:
            rows = session.execute(
                select(DocumentRow.id, DocumentRow.sha256, DocumentRow.size, DocumentRow.source_path,
                       DocumentRow.deleted_at)
                .outerjoin(RecordFilingRow, RecordFilingRow.document_id == DocumentRow.id)
                .where(DocumentRow.id > last,
                       or_(RecordFilingRow.state.is_(None), RecordFilingRow.state.not_in(PURGED_STATES)))
                .order_by(DocumentRow.id).limit(batch)).all()
        if not rows:
            return found
        for id_, sha256, size, source_path, deleted_at in rows:
            found[id_] = StoredDocument(id_, sha256, size, source_path, deleted_at is not None)
        last = rows[-1][0]


def job_document_ids(store: Store, job_id: int) -> list[int]:
    """The live documents an ingest job stored or saw (its sources), in id order."""
    with store.session() as session:
        return list(session.scalars(
            select(SourceRow.document_id).join(DocumentRow, DocumentRow.id == SourceRow.document_id)
            .where(SourceRow.job_id == job_id, DocumentRow.deleted_at.is_(None))
            .distinct().order_by(SourceRow.document_id)))


@dataclass(frozen=True)
class OriginalFile:
    key: str          # in the blob store (corpus/blobs.py)
    where: str        # for messages: a path or a URL
    size: int
    mtime: float


def original_files(store: Store) -> dict[str, OriginalFile]:
    """The originals in the blob store, by the sha256 they are named after. Temporary files
    of a write in progress (not named by a sha256) are left out."""
    found: dict[str, OriginalFile] = {}
    for info in store.blobs.list(ORIGINALS_PREFIX):
        name = info.key.rsplit("/", 1)[-1]
        if len(name) != 64 or not all(c in "0123456789abcdef" for c in name):
            continue
        found[name] = OriginalFile(info.key, store.blobs.where(info.key), info.size, info.mtime)
    return found
