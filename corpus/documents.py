"""Reading and writing documents, pages, fields, relations and visibility."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable, Iterator

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from corpus.access import PUBLIC, RESTRICTED, Principal
from corpus.blobs import original_key
from corpus.document import FILE_PROPERTY, Document, Evidence, ExtractedField, Page
from corpus.errors import NotFound, UsageError
from corpus.labels import current_labels_in
from corpus.page_words import add_page_words
from corpus.field_corrections import (FieldChange, add_corrections, apply_corrections, corrected_title,
                                      corrections_of)
from corpus.store import Store
from corpus.tables import AclRow, DocumentRow, FieldRow, PageRow, RelationRow, SourceRow, utcnow
from corpus.visibility import acls, is_visible, visible_clause, visible_ids_in


def find_by_sha256(store: Store, sha256: str) -> int | None:
    with store.session() as session:
        return session.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256))


def save_document(store: Store, doc: Document, *, job_id: int | None = None) -> tuple[int, bool]:
    """Store a document with its pages and fields in one transaction.

    Returns (id, created). Bytes already in the store (same sha256) are recorded as
    another source of the first copy and not stored again.
    """
    with store.session() as session:
        existing = session.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == doc.sha256))
        if existing is not None:
            session.add(SourceRow(document_id=existing, source_path=doc.source_path, job_id=job_id))
            doc.id = existing
            return existing, False
        row = DocumentRow(sha256=doc.sha256, filename=doc.filename, source_path=doc.source_path,
                          mime=doc.mime, size=doc.size, page_count=len(doc.pages),
                          ocr_page_count=doc.ocr_pages, title=doc.title, parent_id=doc.parent_id,
                          owner=doc.owner, visibility=PUBLIC)
        row.pages = [_page_row(p) for p in doc.pages]
        session.add(row)
        session.flush()
        session.add(SourceRow(document_id=row.id, source_path=doc.source_path, job_id=job_id))
        _add_fields(session, row.id, doc.fields)
        add_page_words(session, row.id, doc.pages)
        doc.id = row.id
        return row.id, True


def source_recorded(store: Store, document_id: int, source_path: str, job_id: int) -> bool:
    """True when this job already recorded `source_path` as a source of the document."""
    with store.session() as session:
        return session.scalar(select(SourceRow.id).where(
            SourceRow.document_id == document_id, SourceRow.source_path == source_path,
            SourceRow.job_id == job_id)) is not None


def stored_page_counts(store: Store, document_id: int) -> tuple[int, int]:
    """(pages, pages read by OCR) of a stored document, as its ingest recorded them."""
    with store.session() as session:
        row = _get_row(session, document_id)
        return row.page_count, row.ocr_page_count


def _page_row(page: Page) -> PageRow:
    return PageRow(number=page.number, text=page.text, source=page.source, ocr_confidence=page.ocr_confidence,
                   width=page.width, height=page.height, rotation=page.rotation,
                   redaction_boxes=page.redaction_boxes, quality_note=page.quality_note)


def _add_fields(session: Session, document_id: int, fields: Iterable[ExtractedField]) -> None:
    # One executemany for the document's fields (about 20 of an agreement), in their order (read
    # back by id): as ORM objects each was an INSERT statement of its own, the most of the
    # statements an ingest stores a document with.
    rows = [{"document_id": document_id, "name": f.name, "value": f.value, "normalized": f.normalized,
             "page": ev.page if ev else None, "start": ev.start if ev else None, "end": ev.end if ev else None,
             "confidence": f.confidence, "extractor": f.extractor, "attributes": f.attributes,
             "confirmed_by": f.confirmed_by or None, "confirmed_at": f.confirmed_at}
            for f in fields for ev in (f.evidence,)]
    if rows:
        session.execute(insert(FieldRow), rows)


def replace_fields(store: Store, document_id: int, fields: Iterable[ExtractedField], *,
                   title: str | None = None, extraction_version: int | None = None) -> None:
    """Swap a document's extracted fields for a new set (used by `accord reextract`). Reviewers'
    corrections are applied over the new set: a confirmed value wins, a removed one stays removed."""
    with store.session() as session:
        row = _get_row(session, document_id, lock=True)   # one rewrite of a document's fields at a time
        corrections = corrections_of(session, document_id)
        current = apply_corrections(fields, corrections)
        _store_fields(session, row, current)
        corrected = corrected_title(current, corrections)
        title = corrected if corrected is not None else title
        if title is not None:
            row.title = title
        if extraction_version is not None:
            row.extraction_version = extraction_version


def correct_fields(store: Store, document_id: int, changes: list[FieldChange],
                   principal: Principal) -> list[ExtractedField]:
    """Record a reviewer's changes (corpus/field_corrections.py) and apply them to the document's
    current values, in one transaction; returns the new current values. The caller checks the
    permission to correct; a document the principal may not see is NotFound, like a missing one."""
    with store.session() as session:
        row = _get_row(session, document_id, lock=True)   # not interleaved with a reextract of the document
        _check_visible(session, row, principal)
        corrections = add_corrections(session, document_id, changes, principal.name)
        current = apply_corrections([_field(f) for f in session.scalars(
            select(FieldRow).where(FieldRow.document_id == document_id).order_by(FieldRow.id))], corrections)
        _store_fields(session, row, current)
        title = corrected_title(current, corrections)
        if title is not None:
            row.title = title
        return current


def _store_fields(session: Session, row: DocumentRow, fields: list[ExtractedField]) -> None:
    session.execute(delete(FieldRow).where(FieldRow.document_id == row.id))
    _add_fields(session, row.id, fields)
    row.updated_at = utcnow()     # the search index catches up on changed documents by this stamp


def _get_row(session: Session, document_id: int, *, lock: bool = False) -> DocumentRow:
    row = session.get(DocumentRow, document_id, with_for_update=lock)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"document {document_id} not found")
    return row


def load_document(store: Store, document_id: int, principal: Principal | None = None) -> Document:
    """The stored document with pages and fields. A caller who may not see it gets NotFound,
    exactly as for a document that does not exist."""
    with store.session() as session:
        row = _get_row(session, document_id)
        _check_visible(session, row, principal)
        doc = Document(source_path=row.source_path, filename=row.filename, sha256=row.sha256, size=row.size,
                       mime=row.mime, title=row.title, id=row.id, parent_id=row.parent_id, owner=row.owner,
                       original_path=store.blobs.where(original_key(row.sha256)))
        doc.pages = [Page(number=p.number, text=p.text, source=p.source, ocr_confidence=p.ocr_confidence,
                          width=p.width, height=p.height, rotation=p.rotation,
                          redaction_boxes=p.redaction_boxes, quality_note=p.quality_note) for p in row.pages]
        doc.fields = [_field(f) for f in session.scalars(
            select(FieldRow).where(FieldRow.document_id == document_id).order_by(FieldRow.id))]
        return doc


@dataclass(frozen=True)
class DocumentHeader:
    """What a view needs to serve a document's file: no pages, no fields."""
    id: int
    filename: str
    title: str
    sha256: str
    mime: str
    owner: str


def document_header(store: Store, document_id: int, principal: Principal | None = None) -> DocumentHeader:
    """The document's file facts, without reading its pages or fields. NotFound for a missing
    document and for one the principal may not see, exactly as load_document."""
    with store.session() as session:
        row = _get_row(session, document_id)
        _check_visible(session, row, principal)
        return DocumentHeader(id=row.id, filename=row.filename, title=row.title, sha256=row.sha256, mime=row.mime,
                              owner=row.owner)


def document_headers(store: Store, document_ids: Iterable[int], principal: Principal) -> dict[int, DocumentHeader]:
    """document_header of many documents in one query per chunk: the live ones among
    `document_ids` that `principal` may see (the others are left out, missing or hidden alike)."""
    ids = sorted({int(i) for i in document_ids})
    out: dict[int, DocumentHeader] = {}
    with store.session() as session:
        for start in range(0, len(ids), 5000):
            for row in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids[start:start + 5000]),
                                                                 visible_clause(principal))):
                out[row.id] = DocumentHeader(id=row.id, filename=row.filename, title=row.title, sha256=row.sha256,
                                             mime=row.mime, owner=row.owner)
    return out


def _field(f: FieldRow) -> ExtractedField:
    evidence = Evidence(f.page, f.start, f.end) if f.page is not None else None
    return ExtractedField(name=f.name, value=f.value, normalized=f.normalized, evidence=evidence,
                          confidence=f.confidence, extractor=f.extractor, attributes=f.attributes or {},
                          confirmed_by=f.confirmed_by or "", confirmed_at=f.confirmed_at)


def _check_visible(session: Session, row: DocumentRow, principal: Principal | None) -> None:
    if principal is None:
        return
    if not is_visible(session, principal, row.id):
        raise NotFound(f"document {row.id} not found")


def set_visibility(store: Store, document_id: int, *, public: bool, users: Iterable[str] = (),
                   groups: Iterable[str] = ()) -> None:
    with store.session() as session:
        row = _get_row(session, document_id)
        session.execute(delete(AclRow).where(AclRow.document_id == document_id))
        if public:
            row.visibility = PUBLIC
        else:
            row.visibility = RESTRICTED
            for user in sorted(set(users)):
                session.add(AclRow(document_id=document_id, principal_kind="user", principal=user))
            for group in sorted(set(groups)):
                session.add(AclRow(document_id=document_id, principal_kind="group", principal=group))
        row.updated_at = utcnow()


def add_relation(store: Store, document_id: int, related_id: int, kind: str, score: float | None = None) -> None:
    with store.session() as session:
        exists = session.scalar(select(RelationRow.id).where(
            RelationRow.document_id == document_id, RelationRow.related_id == related_id, RelationRow.kind == kind))
        if exists is None:
            session.add(RelationRow(document_id=document_id, related_id=related_id, kind=kind, score=score))


def document_ids(store: Store, *, batch: int = 1000) -> Iterator[int]:
    """All live document ids in ascending order, fetched in batches (bounded memory)."""
    last = 0
    while True:
        with store.session() as session:
            ids = session.scalars(select(DocumentRow.id).where(DocumentRow.id > last, DocumentRow.deleted_at.is_(None))
                                  .order_by(DocumentRow.id).limit(batch)).all()
        if not ids:
            return
        yield from ids
        last = ids[-1]


def changed_since(store: Store, when) -> list[int]:
    """Ids of documents added, changed or deleted at or after `when` (deleted ones included:
    the search index must drop them). Every write that changes a document stamps its
    updated_at: its row, fields, visibility and ACL here, its labels in corpus.labels."""
    with store.session() as session:
        return list(session.scalars(select(DocumentRow.id).where(DocumentRow.updated_at >= when)
                                    .order_by(DocumentRow.id)))


def delete_document(store: Store, document_id: int) -> None:
    """Soft delete: the row stays for the audit trail; the original is kept."""
    with store.session() as session:
        _get_row(session, document_id).deleted_at = utcnow()


def _evidence_dict(f: ExtractedField) -> dict[str, Any] | None:
    return asdict(f.evidence) if f.evidence else None


def _confirmation(f: ExtractedField) -> dict[str, Any]:
    """Who confirmed a value and when, for a reviewer's value; nothing for the extractor's."""
    if not f.confirmed_by:
        return {}
    return {"confirmed_by": f.confirmed_by, "confirmed_at": f.confirmed_at.isoformat() if f.confirmed_at else None}


def field_record(f: ExtractedField) -> dict[str, Any]:
    """One field as the record, the API and the CLI show it."""
    return {"name": f.name, "value": f.value, "normalized": f.normalized, "confidence": f.confidence,
            "evidence": _evidence_dict(f), **({"attributes": f.attributes} if f.attributes else {}),
            **_confirmation(f)}


def document_record(store: Store, document_id: int, *, with_text: bool = False,
                    principal: Principal | None = None) -> dict[str, Any]:
    """The read-out used by `accord show --json` and `accord export --jsonl`."""
    doc = load_document(store, document_id, principal)
    with store.session() as session:
        row = session.get(DocumentRow, document_id)
        sources = session.scalars(select(SourceRow.source_path).where(SourceRow.document_id == document_id)
                                  .order_by(SourceRow.id)).all()
        relations = session.scalars(select(RelationRow).where(
            (RelationRow.document_id == document_id) | (RelationRow.related_id == document_id))
            .order_by(RelationRow.id)).all()
        current = current_labels_in(session, [document_id])[document_id]
        users, groups = acls(session, [document_id])[document_id]
        # A related or parent document the caller may not see is left out, as if it did not exist.
        others = {r.related_id if r.document_id == document_id else r.document_id for r in relations}
        if row.parent_id is not None:
            others.add(row.parent_id)
        shown = visible_ids_in(session, principal, others)
    relations = [r for r in relations if (r.related_id if r.document_id == document_id else r.document_id) in shown]
    confidences = [p.ocr_confidence for p in doc.pages if p.ocr_confidence is not None]
    near_duplicate = next((r.related_id for r in relations
                           if r.document_id == document_id and r.kind == "near_duplicate_of"), None)
    current_labels = {kind: {"value": label.value, "status": label.status, "source": label.source,
                             "confidence": label.confidence}
                      for kind in ("type", "scope") if (label := current[kind]) is not None}
    record: dict[str, Any] = {
        "id": doc.id,
        "sha256": doc.sha256,
        "filename": doc.filename,
        "source_paths": list(sources),
        "mime": doc.mime,
        "size": doc.size,
        "pages": len(doc.pages),
        "title": doc.title,
        "page_sources": [p.source for p in doc.pages],
        "ocr_confidence": round(sum(confidences) / len(confidences), 2) if confidences else None,
        "page_ocr_confidence": [p.ocr_confidence for p in doc.pages],
        "redaction_boxes": sum(p.redaction_boxes for p in doc.pages),
        "duplicate_of": near_duplicate,
        "parent_id": doc.parent_id if doc.parent_id in shown else None,
        "owner": doc.owner,
        "visibility": row.visibility,
        "allowed_users": users,
        "allowed_groups": groups,
        "retention": row.retention,
        "ingested_at": row.ingested_at.isoformat() if row.ingested_at else None,
        "labels": current_labels,
        "flags": sorted(current["flags"]),   # current flag tags (a rejected flag is not current)
        "fields": [field_record(f) for f in doc.fields],
        "related": [{"type": r.kind if r.document_id == document_id else f"inverse:{r.kind}",
                     "id": r.related_id if r.document_id == document_id else r.document_id, "score": r.score}
                    for r in relations],
    }
    record.update(metadata_summary(doc.fields))
    if with_text:
        record["text"] = [{"page": p.number, "text": p.text} for p in doc.pages]
    return record


def metadata_summary(fields: list[ExtractedField]) -> dict[str, Any]:
    """The extracted metadata by field (names from corpus/taxonomy.py), each value with its evidence."""
    def item(f: ExtractedField, **extra: Any) -> dict[str, Any]:
        return {"value": f.normalized or f.value, "evidence": _evidence_dict(f), **_confirmation(f), **extra}

    def one(name: str) -> dict[str, Any] | None:
        found = [f for f in fields if f.name == name]
        return item(max(found, key=lambda f: f.confidence)) if found else None

    by = lambda name: [f for f in fields if f.name == name]  # noqa: E731
    return {
        "parties": [item(f, name=f.value) for f in by("party")],
        "effective_date": one("effective_date"),
        "expiry_date": one("expiry_date"),
        "term": ({**item(by("term")[0]), "text": by("term")[0].value, **by("term")[0].attributes}
                 if by("term") else None),
        "signature_dates": [item(f) for f in by("signature_date")],
        "signatories": [item(f, name=f.value, title=f.attributes.get("title", "")) for f in by("signatory")],
        "authorities": [item(f) for f in by("authority")],
        "jurisdiction": one("jurisdiction"),
        "agency": one("agency"), "state": one("state"), "program_model": one("program_model"),
        "kind_hint": one("kind_hint"), "data_direction": one("data_direction"),
        "foia_codes": {f.normalized or f.value: {"count": f.attributes.get("count", 1), "evidence": _evidence_dict(f)}
                       for f in by("foia_code")},
        "restricted_flags": [item(f, count=f.attributes.get("count", 1)) for f in by("restricted_flag")],
        "pii_counts": {f.normalized: {"count": int(f.attributes.get("count", f.value)), "evidence": _evidence_dict(f)}
                       for f in by("pii_count") if f.normalized},
        "properties": {f.attributes.get("key", ""): f.value for f in by(FILE_PROPERTY)},
    }


def require_known_document(store: Store, document_id: Any) -> int:
    try:
        document_id = int(document_id)
    except (TypeError, ValueError):
        raise UsageError(f"not a document id: {document_id!r}", hint="Document ids are whole numbers.") from None
    with store.session() as session:
        _get_row(session, document_id)
    return document_id


# -- what the classifier reads (SQL stays in corpus) ------------------------------------------
@dataclass(frozen=True)
class DocumentPages:
    """A document's page texts in order, with the names a classifier needs for messages and keys."""
    document_id: int
    filename: str
    sha256: str
    pages: tuple[str, ...]


def document_pages(store: Store, document_id: int) -> DocumentPages:
    """Page texts (1-based page i is pages[i-1]) of a document, live or deleted."""
    with store.session() as session:
        row = session.get(DocumentRow, document_id)
        pages = session.scalars(select(PageRow.text).where(PageRow.document_id == document_id)
                                .order_by(PageRow.number)).all()
        return DocumentPages(document_id, row.filename if row else f"document {document_id}",
                             row.sha256 if row else "", tuple(p or "" for p in pages))


def field_dicts(store: Store, document_id: int) -> list[dict[str, Any]]:
    """A document's extracted fields as plain dicts {name, value, normalized, page, start, end},
    in extraction order (what scope rules and release flags read)."""
    with store.session() as session:
        rows = session.scalars(select(FieldRow).where(FieldRow.document_id == document_id)
                               .order_by(FieldRow.id)).all()
        return [_field_dict(f.name, f.value, f.normalized, f.page, f.start, f.end) for f in rows]


def field_dicts_of(fields: Iterable[ExtractedField]) -> list[dict[str, Any]]:
    """`field_dicts` of fields not stored yet (an ingest worker's, as `save_document` will store them)."""
    return [_field_dict(f.name, f.value, f.normalized, f.evidence.page if f.evidence else None,
                        f.evidence.start if f.evidence else None, f.evidence.end if f.evidence else None)
            for f in fields]


def _field_dict(name, value, normalized, page, start, end) -> dict[str, Any]:
    return {"name": name, "value": value, "normalized": normalized, "page": page, "start": start, "end": end}


def document_names(store: Store, document_ids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
    """{id: (filename, title)} of the given documents (ids not in the store are left out)."""
    ids = list(document_ids)
    if not ids:
        return {}
    with store.session() as session:
        rows = session.execute(select(DocumentRow.id, DocumentRow.filename, DocumentRow.title)
                               .where(DocumentRow.id.in_(ids))).all()
    return {doc_id: (filename, title) for doc_id, filename, title in rows}


def stored_fields(session: Session, document_ids: Iterable[int], names: Iterable[str]) -> dict[int, list[ExtractedField]]:
    """The named fields of several documents in one query (for lists computed over many
    documents, e.g. the records lifecycle); feed each list to metadata_summary."""
    ids, names = sorted(set(document_ids)), list(names)
    out: dict[int, list[ExtractedField]] = {i: [] for i in ids}
    if ids:
        for row in session.scalars(select(FieldRow).where(FieldRow.document_id.in_(ids), FieldRow.name.in_(names))
                                   .order_by(FieldRow.id)):
            out[row.document_id].append(_field(row))
    return out
