"""Reviewers' corrections of extracted metadata: add, change, confirm or remove a party, a date
with its role, the title, the term or the expiry.

Every correction is appended to `field_corrections` (never updated, so each value's history is
kept). The `fields` table keeps holding a document's *current* values, which every reader
(search index, dashboard, relations, the document page) already uses: the extractor's values
with the corrections applied by `apply_corrections`. corpus/documents.py runs that function when a
reviewer corrects (over the current values) and when `accord reextract` stores the extractor's new
values (over those, replaying every correction oldest first), so a confirmed value always wins over the
extractor's and a removed value stays removed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus.document import ExtractedField
from corpus.errors import UsageError
from corpus.store import Store
from corpus.tables import DocumentRow, FieldCorrectionRow, utcnow

# Names a reviewer may correct. A single-valued name has one current value (a correction replaces
# the extractor's); a multi-valued one has a list, corrected value by value.
SINGLE_VALUED = ("title", "effective_date", "expiry_date", "term", "jurisdiction", "agency", "state",
                 "program_model")
MULTI_VALUED = ("party", "signature_date", "signatory", "date")
CORRECTABLE = SINGLE_VALUED + MULTI_VALUED
DATE_NAMES = ("effective_date", "expiry_date", "signature_date", "date")

# The role of a date. Three roles have their own field name (what search, the dashboard and the
# facets read); a date of any other role is a "date" field with attributes["role"].
# The one list of date roles: the extractor (ingest/metadata/date_roles.py) uses it too; "stamp" is a
# receipt or filing stamp.
DATE_ROLES = ("effective", "signature", "expiry", "renewal", "cited", "superseded", "stamp", "draft",
              "form_expiration", "performance_start", "performance_end", "other")
DATE_NAME_OF_ROLE = {"effective": "effective_date", "signature": "signature_date", "expiry": "expiry_date"}
ROLE_OF_DATE_NAME = {name: role for role, name in DATE_NAME_OF_ROLE.items()}

SET, REMOVE = "set", "remove"
MAX_VALUE_LENGTH = 2000
REVIEWER_EXTRACTOR = "reviewer"


@dataclass(frozen=True)
class FieldChange:
    """One correction, its value already normalized the way the extractor normalizes it.

    set:    value (and normalized) become a confirmed value; for a multi-valued name, `previous`
            (a normalized value) names the value it replaces, otherwise it is added (or, when
            equal to an existing value, confirms it).
    remove: a single-valued name loses its value; a multi-valued name loses `normalized`.
    """

    name: str
    action: str = SET
    value: str | None = None
    normalized: str | None = None
    previous: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> "FieldChange":
        """Checked once, when a reviewer makes the change (stored ones replay as they are)."""
        if self.name not in CORRECTABLE:
            raise UsageError(f"{self.name!r} cannot be corrected",
                             hint=f"Correctable fields: {', '.join(CORRECTABLE)}.")
        if self.action not in (SET, REMOVE):
            raise UsageError(f"unknown field action {self.action!r}", hint="Use 'set' or 'remove'.")
        if len(self.value or "") > MAX_VALUE_LENGTH or len(self.previous or "") > MAX_VALUE_LENGTH:
            raise UsageError(f"a {self.name} value is longer than {MAX_VALUE_LENGTH} characters")
        if self.action == SET and not (self.value or "").strip():
            raise UsageError(f"a value is needed to set {self.name}",
                             hint="To take a value away, remove it instead.")
        if self.action == REMOVE and self.name in MULTI_VALUED and not (self.value or "").strip():
            raise UsageError(f"say which {self.name} to remove", hint=f"Give the {self.name}'s value.")
        role = self.attributes.get("role")
        if self.name == "date" and role not in DATE_ROLES:
            raise UsageError(f"a date needs a role, not {role!r}", hint=f"Roles: {', '.join(DATE_ROLES)}.")
        return self


@dataclass(frozen=True)
class Correction:
    """A stored FieldChange with who made it and when."""

    change: FieldChange
    created_by: str
    created_at: datetime | None


def value_key(name: str, value: str | None, attributes: dict | None = None) -> tuple[str, str, str]:
    """What makes two values of a name the same value: the normalized text, case and spacing
    ignored (and, for a plain date, its role)."""
    role = (attributes or {}).get("role", "") if name == "date" else ""
    return name, " ".join((value or "").split()).casefold(), role


def _keys(f: ExtractedField) -> set[tuple[str, str, str]]:
    """A value is named by its normalized form or by its text as shown."""
    return {value_key(f.name, f.normalized or f.value, f.attributes), value_key(f.name, f.value, f.attributes)}


def apply_corrections(fields: Iterable[ExtractedField], corrections: Iterable[Correction]) -> list[ExtractedField]:
    """The current values: `fields` with each correction applied in order (pure)."""
    current = list(fields)
    for correction in corrections:
        c = correction.change
        key = value_key(c.name, c.normalized or c.value, c.attributes)
        same = [f for f in current if key in _keys(f)]
        if c.name in SINGLE_VALUED:
            current = [f for f in current if f.name != c.name]
        else:
            gone = {key} if c.action == REMOVE else {key} | (
                {value_key(c.name, c.previous, c.attributes)} if c.previous else set())
            current = [f for f in current if not _keys(f) & gone]
        if c.action == SET:
            # A confirmed value keeps the evidence of the extractor's equal value, if there was one.
            evidence = next((f.evidence for f in same if f.evidence), None)
            current.append(ExtractedField(c.name, c.value or "", c.normalized, evidence, 1.0, REVIEWER_EXTRACTOR,
                                          dict(c.attributes), confirmed_by=correction.created_by,
                                          confirmed_at=correction.created_at))
    return current


def _correction(row: FieldCorrectionRow) -> Correction:
    change = FieldChange(row.name, row.action, row.value, row.normalized, row.previous, dict(row.attributes or {}))
    return Correction(change, row.created_by, row.created_at)


def corrections_of(session: Session, document_id: int) -> list[Correction]:
    """The document's corrections, oldest first."""
    return [_correction(r) for r in session.scalars(
        select(FieldCorrectionRow).where(FieldCorrectionRow.document_id == document_id)
        .order_by(FieldCorrectionRow.id))]


def add_corrections(session: Session, document_id: int, changes: list[FieldChange], who: str) -> list[Correction]:
    if not changes:
        raise UsageError("no change given", hint='Send at least one {"name": ..., "value": ...}.')
    changes = [c.validate() for c in changes]
    now = utcnow()
    for c in changes:
        session.add(FieldCorrectionRow(document_id=document_id, name=c.name, action=c.action, value=c.value,
                                       normalized=c.normalized, previous=c.previous, attributes=c.attributes,
                                       created_by=who, created_at=now))
    return [Correction(c, who, now) for c in changes]


def corrected_title(fields: list[ExtractedField], corrections: list[Correction]) -> str | None:
    """The document's title after corrections: the confirmed title, "" when a reviewer removed it,
    None when no correction touched it (the extractor's title stands)."""
    if not any(c.change.name == "title" for c in corrections):
        return None
    return next((f.value for f in fields if f.name == "title"), "")


def corrected_documents(store: Store) -> list[int]:
    """Ids of live documents with at least one correction (the evaluation gold)."""
    with store.session() as session:
        return list(session.scalars(
            select(FieldCorrectionRow.document_id).join(DocumentRow, DocumentRow.id == FieldCorrectionRow.document_id)
            .where(DocumentRow.deleted_at.is_(None)).distinct().order_by(FieldCorrectionRow.document_id)))


def document_corrections(store: Store, document_id: int) -> list[Correction]:
    with store.session() as session:
        return corrections_of(session, document_id)
