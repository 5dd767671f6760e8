"""Labels (tags) on documents: suggestions by a model or rule, and reviewers' decisions.

Rows of the `labels` table are never updated: a suggestion or a decision appends a row,
so the history of every tag is kept. The current tag of a kind is its newest row (for
flags, the newest row per flag code). A reviewer *confirms* a tag by accepting or
correcting it; confirmed types are what the classifier retrains on.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from corpus.errors import UsageError
from corpus.store import Store
from corpus.tables import DocumentRow, LabelRow, utcnow

KINDS = ("type", "scope", "flag")
SOURCES = ("model", "rule", "reviewer")
# What a reviewer may do to a tag, and the status the new row gets.
ACTIONS = {"accept": "accepted", "correct": "corrected", "unsure": "unsure", "reject": "rejected"}
CONFIRMED = ("accepted", "corrected")


@dataclass(frozen=True)
class Label:
    id: int
    document_id: int
    kind: str
    value: str
    source: str
    status: str
    confidence: float | None
    margin: float | None
    model_version: str | None
    rule: str | None
    evidence: list
    created_by: str
    created_at: datetime | None

    @property
    def confirmed(self) -> bool:
        return self.status in CONFIRMED

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "document_id": self.document_id, "kind": self.kind, "value": self.value,
                "source": self.source, "status": self.status, "confidence": self.confidence,
                "margin": self.margin, "model_version": self.model_version, "rule": self.rule,
                "evidence": self.evidence, "who": self.created_by,
                "when": self.created_at.isoformat() if self.created_at else None}


def _label(row: LabelRow) -> Label:
    return Label(row.id, row.document_id, row.kind, row.value, row.source, row.status, row.confidence,
                 row.margin, row.model_version, row.rule, list(row.evidence or []), row.created_by,
                 row.created_at)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise UsageError(f"unknown label kind {kind!r}", hint=f"Use one of: {', '.join(KINDS)}.")


def _stamp_document(session: Session, document_id: int) -> None:
    """Labels live in their own table; the document's updated_at still records the change, so
    `corpus.documents.changed_since` (reindex's catch-up) sees relabelling like any other change."""
    session.execute(update(DocumentRow).where(DocumentRow.id == document_id).values(updated_at=utcnow()))


def add_suggestion(store: Store, document_id: int, kind: str, value: str, *, source: str = "model",
                   confidence: float | None = None, margin: float | None = None,
                   model_version: str | None = None, rule: str | None = None,
                   evidence: Iterable[dict] = (), created_by: str = "") -> int:
    """Append a suggested tag (status "suggested"); returns the row id."""
    _check_kind(kind)
    if source not in ("model", "rule"):
        raise UsageError(f"a suggestion comes from a model or a rule, not {source!r}")
    with store.session() as session:
        row = LabelRow(document_id=document_id, kind=kind, value=value, source=source, status="suggested",
                       confidence=confidence, margin=margin, model_version=model_version, rule=rule,
                       evidence=list(evidence), created_by=created_by or source)
        session.add(row)
        _stamp_document(session, document_id)
        session.flush()
        return row.id


def record_decision(store: Store, document_id: int, kind: str, value: str, reviewer: str, action: str,
                    *, rule: str | None = None, evidence: Iterable[dict] = ()) -> int:
    """Append a reviewer's decision on a tag, with who and when; returns the row id."""
    _check_kind(kind)
    if action not in ACTIONS:
        raise UsageError(f"unknown review action {action!r}", hint=f"Use one of: {', '.join(ACTIONS)}.")
    if not reviewer:
        raise UsageError("a decision needs the reviewer's name")
    with store.session() as session:
        row = LabelRow(document_id=document_id, kind=kind, value=value, source="reviewer",
                       status=ACTIONS[action], rule=rule, evidence=list(evidence), created_by=reviewer)
        session.add(row)
        _stamp_document(session, document_id)
        session.flush()
        return row.id


def history(store: Store, document_id: int) -> list[Label]:
    """Every label row of a document, oldest first."""
    with store.session() as session:
        rows = session.scalars(select(LabelRow).where(LabelRow.document_id == document_id)
                               .order_by(LabelRow.id)).all()
        return [_label(r) for r in rows]


def _current_of(rows: Iterable[Label]) -> dict[str, Any]:
    """THE definition of a document's current tags, from its label rows in id order: the newest
    row of each kind wins (for flags, the newest row per flag code), and a flag whose newest row
    is a reviewer's rejection is not current (its code is listed under "rejected")."""
    current: dict[str, Any] = {"type": None, "scope": None, "flags": {}, "rejected": set()}
    for label in rows:
        if label.kind == "flag":
            current["flags"][label.value] = label
        else:
            current[label.kind] = label
    current["rejected"] = {code for code, lab in current["flags"].items() if lab.status == "rejected"}
    current["flags"] = {code: lab for code, lab in current["flags"].items() if lab.status != "rejected"}
    return current


def current_labels_in(session: Session, document_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """`current_labels` of many documents in one query (search indexing, exports)."""
    ids = sorted({int(i) for i in document_ids})
    by_doc: dict[int, list[Label]] = {i: [] for i in ids}
    for start in range(0, len(ids), 5000):
        for row in session.scalars(select(LabelRow).where(LabelRow.document_id.in_(ids[start:start + 5000]))
                                   .order_by(LabelRow.id)):
            by_doc[row.document_id].append(_label(row))
    return {i: _current_of(rows) for i, rows in by_doc.items()}


def current_labels_many(store: Store, document_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    with store.session() as session:
        return current_labels_in(session, document_ids)


def current_labels(store: Store, document_id: int) -> dict[str, Any]:
    """{"type": Label|None, "scope": Label|None, "flags": {code: Label}, "rejected": {code}} — newest
    row wins. A flag whose newest row is a rejection is left out of "flags"."""
    return current_labels_many(store, [document_id])[document_id]


def current_flag_codes(current: dict[str, Any], extracted: Iterable[str] = ()) -> list[str]:
    """The flags a document carries now: its current flag tags, plus flags found by metadata
    extraction (`restricted_flag` fields) that no reviewer rejected. Used by the index (facets,
    filters) and by every read-out, so a rejected flag disappears everywhere at once."""
    codes = dict.fromkeys(current["flags"])
    for code in extracted:
        code = (code or "").strip()
        if code and code not in current["rejected"]:
            codes.setdefault(code, None)
    return list(codes)


def current_label(store: Store, document_id: int, kind: str) -> Label | None:
    _check_kind(kind)
    with store.session() as session:
        row = session.scalars(select(LabelRow).where(LabelRow.document_id == document_id, LabelRow.kind == kind)
                              .order_by(LabelRow.id.desc()).limit(1)).first()
        return _label(row) if row else None


def _newest_ids(kind: str):
    return (select(func.max(LabelRow.id)).where(LabelRow.kind == kind).group_by(LabelRow.document_id))


def current_labels_select(kind: str, *columns):
    """A select of the newest label row of `kind` per live document (of `columns`, by default
    the whole row); shared by the queries here and the dashboard's figures."""
    return (select(*(columns or (LabelRow,))).join(DocumentRow, DocumentRow.id == LabelRow.document_id)
            .where(LabelRow.id.in_(_newest_ids(kind)), DocumentRow.deleted_at.is_(None)))


def confirmed_labels(store: Store, kind: str = "type") -> list[tuple[int, str]]:
    """(document_id, value) for live documents whose newest tag of `kind` a reviewer confirmed."""
    _check_kind(kind)
    with store.session() as session:
        rows = session.execute(
            current_labels_select(kind, LabelRow.document_id, LabelRow.value, LabelRow.status)
            .order_by(LabelRow.document_id)).all()
    return [(doc_id, value) for doc_id, value, status in rows if status in CONFIRMED]


def current_suggestions(store: Store, kind: str = "type", *, unconfirmed_only: bool = True) -> list[Label]:
    """The newest tag of `kind` per live document, leaving out reviewer-confirmed ones when asked."""
    _check_kind(kind)
    with store.session() as session:
        rows = session.scalars(current_labels_select(kind).order_by(LabelRow.document_id)).all()
        labels = [_label(r) for r in rows]
    return [lab for lab in labels if not (unconfirmed_only and lab.confirmed)]


# What the review queue lists and the dashboard's "awaiting review" counts: one definition.
REVIEW_KINDS = ("type", "scope", "flag")
REVIEWED = (*CONFIRMED, "rejected")


def _newest_flag_ids():
    return (select(func.max(LabelRow.id)).where(LabelRow.kind == "flag")
            .group_by(LabelRow.document_id, LabelRow.value))


def pending_review(store: Store) -> list[Label]:
    """Every tag a reviewer has yet to confirm, of live documents: the newest type and scope tag
    of each document and the newest row of each of its flag codes, unless accepted, corrected or
    (for flags) rejected. Ordered by document, then kind."""
    newest = select(LabelRow).join(DocumentRow, DocumentRow.id == LabelRow.document_id).where(
        DocumentRow.deleted_at.is_(None), LabelRow.status.not_in(REVIEWED),
        LabelRow.id.in_(_newest_ids("type")) | LabelRow.id.in_(_newest_ids("scope"))
        | LabelRow.id.in_(_newest_flag_ids()))
    with store.session() as session:
        rows = session.scalars(newest.order_by(LabelRow.document_id, LabelRow.id)).all()
        return [_label(r) for r in rows]


def reviewer_label_count(store: Store, *, after_id: int = 0) -> int:
    """How many reviewer decisions were recorded after label row `after_id`."""
    with store.session() as session:
        return session.scalar(select(func.count(LabelRow.id))
                              .where(LabelRow.source == "reviewer", LabelRow.id > after_id)) or 0


def last_label_id(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.max(LabelRow.id))) or 0


def new_labels_since(store: Store, model_label_id: int) -> int:
    """Reviewer labels recorded since a model version was trained (its `last_label_id` is the
    newest label id it had seen)."""
    return reviewer_label_count(store, after_id=model_label_id)
