"""The reads and writes ingest's relation finder (ingest/relations.py) needs: near-duplicate
signatures, the parties of documents, and the documents sharing parties with one."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import func, select

from corpus.store import Store
from corpus.tables import DocumentRow, DocumentSignatureRow, FieldRow, RelationRow


def signature_count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(DocumentSignatureRow)) or 0


def signature_ids(store: Store) -> set[int]:
    with store.session() as session:
        return set(session.scalars(select(DocumentSignatureRow.document_id)))


def signatures(store: Store, document_ids: Iterable[int]) -> list[tuple[int, bytes]]:
    """(document id, signature bytes) of the given documents that have one."""
    ids = list(document_ids)
    if not ids:
        return []
    with store.session() as session:
        return [(row.document_id, row.signature) for row in session.scalars(
            select(DocumentSignatureRow).where(DocumentSignatureRow.document_id.in_(ids)))]


def save_signature(store: Store, document_id: int, num_perm: int, signature: bytes) -> None:
    """Kept once per document: a signature already stored is left as it is."""
    with store.session() as session:
        if session.get(DocumentSignatureRow, document_id) is None:
            session.add(DocumentSignatureRow(document_id=document_id, num_perm=num_perm, signature=signature))


def party_keys(store: Store, document_ids: list[int], field_names: Iterable[str]) -> dict[int, set[str]]:
    """The normalized values of the named party fields, per document."""
    if not document_ids:
        return {}
    keys: dict[int, set[str]] = {}
    with store.session() as session:
        for doc_id, normalized in session.execute(select(FieldRow.document_id, FieldRow.normalized).where(
                FieldRow.document_id.in_(document_ids), FieldRow.name.in_(list(field_names)))):
            if normalized is not None:
                keys.setdefault(doc_id, set()).add(normalized)
    return keys


def sharing_parties(store: Store, document_id: int, parties: set[str],
                    field_names: Iterable[str]) -> list[tuple[int, int, str]]:
    """(id, how many of `parties` it names, title) of every other live document naming any of
    them, from one indexed query."""
    with store.session() as session:
        rows = session.execute(
            select(FieldRow.document_id, func.count(func.distinct(FieldRow.normalized)), DocumentRow.title)
            .join(DocumentRow, DocumentRow.id == FieldRow.document_id)
            .where(FieldRow.name.in_(list(field_names)), FieldRow.normalized.in_(parties),
                   FieldRow.document_id != document_id, DocumentRow.deleted_at.is_(None))
            .group_by(FieldRow.document_id, DocumentRow.title)).all()
    return [(doc_id, count, title) for doc_id, count, title in rows]


def has_relation(store: Store, document_id: int, kind: str) -> bool:
    with store.session() as session:
        return session.scalar(select(RelationRow.id).where(RelationRow.document_id == document_id,
                                                           RelationRow.kind == kind)) is not None
