"""Notes: a thread of comments per document.

A note is seen by exactly the people who may see its document (corpus.visibility: a hidden
document's notes answer as a missing document's), and its words are indexed with the document
(corpus.indexable), so a note finds its document for them only. Every change is audited here
(action "note"), so the page, the API and any later path leave the same event; the audit
event keeps each text, and a deleted note keeps its row (shown as deleted) for the trail.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus import audit
from corpus.access import Principal
from corpus.errors import NotFound, PermissionDenied, UsageError
from corpus.store import Store
from corpus.tables import DocumentRow, NoteRow, utcnow
from corpus.visibility import is_visible

MAX_NOTE_CHARS = 5000


@dataclass(frozen=True)
class Note:
    id: int
    document_id: int
    author: str
    text: str                      # "" once deleted (the text stays in the row and the audit log)
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None
    deleted_by: str

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    def to_dict(self) -> dict:
        def iso(at):
            return at.isoformat() if at else None
        return {"id": self.id, "document_id": self.document_id, "author": self.author, "text": self.text,
                "created_at": iso(self.created_at), "edited_at": iso(self.edited_at),
                "deleted_at": iso(self.deleted_at), "deleted_by": self.deleted_by or None}


def _note(row: NoteRow) -> Note:
    return Note(row.id, row.document_id, row.author, "" if row.deleted_at else row.text, row.created_at,
                row.edited_at, row.deleted_at, row.deleted_by)


def may_write_notes(who: Principal) -> bool:
    """Anyone who may read may write notes, except the roles that change nothing (auditors)."""
    return who.may("read") and not who.may("audit")


def may_delete(who: Principal, note: Note) -> bool:
    """The author, or an administrator (moderation)."""
    return note.author == who.name or who.may("manage_users")


def _check_text(text: str) -> str:
    text = "".join(ch for ch in (text or "") if ch.isprintable() or ch in "\n\t").strip()
    if not text:
        raise UsageError("a note needs some text", hint="Write the note, then save it.")
    if len(text) > MAX_NOTE_CHARS:
        raise UsageError(f"a note is at most {MAX_NOTE_CHARS} characters ({len(text)} given)",
                         hint="Split it into several notes.")
    return text


def _visible_document(session: Session, document_id: int, who: Principal) -> None:
    row = session.get(DocumentRow, document_id)
    if row is None or not is_visible(session, who, document_id):
        raise NotFound(f"document {document_id} not found")


def _own_row(session: Session, document_id: int, note_id: int, who: Principal) -> NoteRow:
    _visible_document(session, document_id, who)
    row = session.get(NoteRow, note_id)
    if row is None or row.document_id != document_id or row.deleted_at is not None:
        raise NotFound(f"note {note_id} of document {document_id} not found")
    return row


def _stamp(session: Session, document_id: int) -> None:
    # reindex's catch-up (corpus.documents.changed_since) sees a note change like any other change
    session.get(DocumentRow, document_id).updated_at = utcnow()


def notes_of(store: Store, document_id: int, who: Principal) -> list[Note]:
    """The document's thread, oldest first (deleted notes included, without their text)."""
    with store.session() as session:
        _visible_document(session, document_id, who)
        rows = session.scalars(select(NoteRow).where(NoteRow.document_id == document_id).order_by(NoteRow.id)).all()
        return [_note(r) for r in rows]


def add_note(store: Store, document_id: int, text: str, *, who: Principal, ip: str = "") -> Note:
    if not may_write_notes(who):
        raise PermissionDenied(f"role {who.role!r} of {who.name!r} may not write notes")
    text = _check_text(text)
    with store.session() as session:
        _visible_document(session, document_id, who)
        row = NoteRow(document_id=document_id, author=who.name, text=text, created_at=utcnow())
        session.add(row)
        _stamp(session, document_id)
        session.flush()
        note = _note(row)
    audit.record(store, who.name, "note", str(document_id), ip=ip,
                 details={"change": "add", "note": note.id, "text": text, "role": who.role})
    return note


def edit_note(store: Store, document_id: int, note_id: int, text: str, *, who: Principal, ip: str = "") -> Note:
    text = _check_text(text)
    with store.session() as session:
        row = _own_row(session, document_id, note_id, who)
        if row.author != who.name:
            raise PermissionDenied(f"{who.name!r} may not edit a note by {row.author!r}",
                                   hint="Only a note's author edits it; add a note of your own instead.")
        before, row.text, row.edited_at = row.text, text, utcnow()
        _stamp(session, document_id)
        note = _note(row)
    audit.record(store, who.name, "note", str(document_id), ip=ip,
                 details={"change": "edit", "note": note_id, "text": text, "before": before, "role": who.role})
    return note


def delete_note(store: Store, document_id: int, note_id: int, *, who: Principal, ip: str = "") -> Note:
    with store.session() as session:
        row = _own_row(session, document_id, note_id, who)
        if not may_delete(who, _note(row)):
            raise PermissionDenied(f"{who.name!r} may not delete a note by {row.author!r}",
                                   hint="Only a note's author or an administrator deletes it.")
        row.deleted_at, row.deleted_by = utcnow(), who.name
        _stamp(session, document_id)
        note = _note(row)
    audit.record(store, who.name, "note", str(document_id), ip=ip,
                 details={"change": "delete", "note": note_id, "role": who.role})
    return note


def note_texts_in(session: Session, document_ids: Iterable[int]) -> dict[int, list[str]]:
    """The texts of the live (not deleted) notes of each document, for its index record."""
    ids = sorted({int(i) for i in document_ids})
    out: dict[int, list[str]] = {}
    for start in range(0, len(ids), 5000):
        for doc_id, text in session.execute(
                select(NoteRow.document_id, NoteRow.text)
                .where(NoteRow.document_id.in_(ids[start:start + 5000]), NoteRow.deleted_at.is_(None))
                .order_by(NoteRow.id)):
            out.setdefault(doc_id, []).append(text)
    return out
