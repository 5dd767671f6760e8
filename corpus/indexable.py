"""What the search index reads from the store, in batches: each live document's facts, its
fields by name, its CURRENT labels (corpus.labels' one definition: rejected flags are not
current), its ACL (corpus.visibility) and its notes' texts (corpus.notes), and the page texts of a few documents.

search/source.py turns these into index records; it issues no SQL of its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import bindparam, select
from sqlalchemy.exc import SQLAlchemyError

from corpus.errors import StoreError
from corpus.labels import current_labels_in
from corpus.notes import note_texts_in
from corpus.store import Store
from corpus.tables import DocumentRow, FieldRow, PageRow
from corpus.visibility import acls

# Built once with an expanding parameter: SQLAlchemy then caches its compiled form, instead of
# coercing 20 literal ids into a new statement for every result page.
_PAGES_OF = (select(PageRow.document_id, PageRow.number, PageRow.text)
             .where(PageRow.document_id.in_(bindparam("ids", expanding=True)))
             .order_by(PageRow.document_id, PageRow.number))


@dataclass
class IndexableDocument:
    id: int
    filename: str
    title: str
    owner: str
    visibility: str
    ingested_at: datetime | None
    fields: dict[str, list[str]] = field(default_factory=dict)   # name -> normalized (or raw) values, in order
    labels: dict[str, Any] = field(default_factory=dict)         # corpus.labels.current_labels of the document
    users: list[str] = field(default_factory=list)               # ACL
    groups: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)               # texts of its live notes (corpus.notes)


def indexable_documents(store: Store, document_ids: Iterable[int]) -> list[IndexableDocument]:
    """The live documents among `document_ids`, ascending by id, each read in one query per table."""
    ids = sorted({int(i) for i in document_ids})
    if not ids:
        return []
    with store.session() as session:
        docs = session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids), DocumentRow.deleted_at.is_(None))
                               .order_by(DocumentRow.id)).all()
        live = [d.id for d in docs]
        fields = session.execute(select(FieldRow.document_id, FieldRow.name, FieldRow.value, FieldRow.normalized)
                                 .where(FieldRow.document_id.in_(live)).order_by(FieldRow.id)).all()
        labels = current_labels_in(session, live)
        acl = acls(session, live)
        notes = note_texts_in(session, live)
        out = {d.id: IndexableDocument(id=d.id, filename=d.filename, title=d.title or "", owner=d.owner or "",
                                       visibility=d.visibility, ingested_at=d.ingested_at, labels=labels[d.id],
                                       users=acl[d.id][0], groups=acl[d.id][1], notes=notes.get(d.id, []))
               for d in docs}
    for doc_id, name, value, normalized in fields:
        out[doc_id].fields.setdefault(name, []).append(normalized or value)
    return [out[i] for i in live]


def page_texts(store: Store, document_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """(page number, text) of each document, in page order; documents without pages map to []."""
    ids = list(document_ids)
    out: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
    if not ids:
        return out
    # A plain connection, not an ORM session: this runs for every result page shown
    # (snippets), and the session's set-up and commit cost more than the query itself.
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(_PAGES_OF, {"ids": ids}).all()
    except SQLAlchemyError as exc:
        raise StoreError(f"store operation failed: {exc}") from exc
    for doc_id, number, text in rows:
        out[doc_id].append((number, text or ""))
    return out
