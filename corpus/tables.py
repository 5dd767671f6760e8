"""Relational schema of the store (SQLAlchemy 2 declarative).

Alembic migrations in corpus/migrations create exactly these tables; a test
compares the two so they cannot drift apart.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from corpus.sorting import DEFAULT_SORT


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(512))
    source_path: Mapped[str] = mapped_column(Text)
    mime: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    ocr_page_count: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    owner: Mapped[str] = mapped_column(String(128), default="")
    # "public": everyone with a reading role; "restricted": owner, listed principals, admins, auditors.
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    retention: Mapped[str] = mapped_column(String(16), default="unscheduled")
    extraction_version: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    pages: Mapped[list["PageRow"]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                  order_by="PageRow.number")


class PageRow(Base):
    __tablename__ = "pages"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(8))
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    width: Mapped[float | None] = mapped_column(Float)
    height: Mapped[float | None] = mapped_column(Float)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    redaction_boxes: Mapped[int] = mapped_column(Integer, default=0)
    quality_note: Mapped[str] = mapped_column(Text, default="")

    document: Mapped[DocumentRow] = relationship(back_populates="pages")


class PageWordsRow(Base):
    """The words of one page with their boxes (corpus/page_words.py): what marks search hits on
    the page image. Kept apart from `pages` so reading page texts never loads them."""

    __tablename__ = "page_words"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    words: Mapped[bytes] = mapped_column(LargeBinary)   # zlib-compressed JSON, see corpus/page_words.py


class SourceRow(Base):
    """Every place a document's bytes were seen; exact duplicates land here, not in documents."""

    __tablename__ = "document_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    source_path: Mapped[str] = mapped_column(Text)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_jobs.id", ondelete="SET NULL"))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FieldRow(Base):
    __tablename__ = "fields"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    extractor: Mapped[str] = mapped_column(String(64), default="")
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    # Set on a value a reviewer entered or confirmed (corpus/field_corrections.py); None on the extractor's.
    confirmed_by: Mapped[str | None] = mapped_column(String(128))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_fields_name_normalized", "name", "normalized"),)


class FieldCorrectionRow(Base):
    """A reviewer's change to one metadata value: set (add, change, confirm) or remove.

    Rows are never updated: `accord reextract` replays them, oldest first, over the
    extractor's new fields, so a confirmed value always wins and a removed one stays removed.
    """

    __tablename__ = "field_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(8))                 # set | remove
    value: Mapped[str | None] = mapped_column(Text)               # the new value (set) or the one removed
    normalized: Mapped[str | None] = mapped_column(Text)
    previous: Mapped[str | None] = mapped_column(Text)            # normalized value this one replaces
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)  # e.g. a date's role
    created_by: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RelationRow(Base):
    """Typed link between documents: attachment_of, amends, near_duplicate_of, ..."""

    __tablename__ = "relations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    related_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("document_id", "related_id", "kind"),)


class DocumentSignatureRow(Base):
    """A document's MinHash signature, kept so the near-duplicate LSH index can be rebuilt in
    any process without re-reading every page (ingest/relations.py)."""

    __tablename__ = "document_signatures"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    num_perm: Mapped[int] = mapped_column(Integer)
    signature: Mapped[bytes] = mapped_column(LargeBinary)     # uint64 hash values, little-endian
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LabelRow(Base):
    """A tag on a document: suggested by a model or rule, or decided by a reviewer.

    Rows are never updated in place; a decision appends a new row, so the history
    of every tag is kept. The current tag of a kind is the newest row.
    """

    __tablename__ = "labels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))          # type | scope | flag
    value: Mapped[str] = mapped_column(String(128))
    source: Mapped[str] = mapped_column(String(16))        # model | rule | reviewer
    status: Mapped[str] = mapped_column(String(16))        # suggested | accepted | corrected | unsure
    confidence: Mapped[float | None] = mapped_column(Float)
    margin: Mapped[float | None] = mapped_column(Float)
    model_version: Mapped[str | None] = mapped_column(String(64))
    rule: Mapped[str | None] = mapped_column(String(128))
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_labels_doc_kind", "document_id", "kind", "id"),)


class ModelVersionRow(Base):
    """One trained classifier: its file (HMAC-signed), held-out metrics, and whether it is in use.

    Exactly one row per kind has promoted=True at a time; rollback moves the flag.
    """

    __tablename__ = "model_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="type")
    path: Mapped[str] = mapped_column(Text)                  # models/<path> in the blob store (corpus/blobs.py model_key)
    sha256: Mapped[str] = mapped_column(String(64))
    hmac: Mapped[str] = mapped_column(String(64))
    sklearn_version: Mapped[str] = mapped_column(String(32))
    trained_on: Mapped[str] = mapped_column(String(32))      # demo | labels | csv
    train_count: Mapped[int] = mapped_column(Integer, default=0)
    last_label_id: Mapped[int] = mapped_column(Integer, default=0)   # newest label row seen when trained
    metrics: Mapped[dict] = mapped_column(JSON, default=dict)
    promoted: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # the queue task that trained it (web/queue_jobs.py): a redelivered retrain finds it, not a second
    task_key: Mapped[str | None] = mapped_column(String(128), unique=True, nullable=True)


class AclRow(Base):
    """Principals allowed to see a restricted document."""

    __tablename__ = "document_acl"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    principal_kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # user | group
    principal: Mapped[str] = mapped_column(String(128), primary_key=True)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(16))           # searcher | records | reviewer | admin | auditor
    groups: Mapped[list] = mapped_column(JSON, default=list)
    password_hash: Mapped[str] = mapped_column(String(256), default="")
    token_hash: Mapped[str | None] = mapped_column(String(128), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Part of every session cookie; bumped on logout, password, role or group change and
    # deactivation, which ends all of the user's sessions at once on every server process.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class IngestJobRow(Base):
    """The journal of one `accord ingest` command; the same inputs resume the same job."""

    __tablename__ = "ingest_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)   # sha256 of the resolved input paths
    inputs: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="running")   # running | done | failed
    created_by: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    runs: Mapped[int] = mapped_column(Integer, default=1)


class IngestItemRow(Base):
    __tablename__ = "ingest_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("ingest_jobs.id", ondelete="CASCADE"), index=True)
    source_path: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")   # pending | stored | duplicate | failed
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    sha256: Mapped[str | None] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    ocr_pages: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    quarantine_path: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(128))   # host:pid of the queue worker, or "in-process"
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("job_id", "source_path"),)


class AuditRow(Base):
    """Append-only, hash-chained: each row's hash covers its content and the previous hash."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32), index=True)   # search | view | download | ingest | label | ...
    target: Mapped[str] = mapped_column(String(256), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # Unique: two writers that read the same chain head cannot both append; the loser retries.
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))
    # How `hash` was computed: 1 = plain sha256 (events written before the keyed chain),
    # 2 = HMAC-SHA256 with the audit key kept outside the database.
    chain_version: Mapped[int] = mapped_column(Integer, default=2, server_default="1")


# --- records lifecycle (corpus/records/) ----------------------------------------------

class RecordFilingRow(Base):
    """What records staff decided about one document. No row: filed to its default category
    (by type, or its parent's), not essential, active."""

    __tablename__ = "record_filings"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    category: Mapped[str | None] = mapped_column(String(64))     # None: the default category
    filed_by: Mapped[str] = mapped_column(String(128), default="")
    filed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    essential: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    event_on: Mapped[str | None] = mapped_column(String(10))     # ISO date records staff recorded for the event (closed, terminated, superseded)
    state: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    # active | trashed | destroyed | transferred
    state_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    state_by: Mapped[str] = mapped_column(String(128), default="", server_default="")


class LegalHoldRow(Base):
    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(String(128))
    placed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    query: Mapped[str | None] = mapped_column(Text)    # documents ingested later that match it join the hold
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    released_by: Mapped[str] = mapped_column(String(128), default="", server_default="")


class LegalHoldDocumentRow(Base):
    __tablename__ = "legal_hold_documents"

    hold_id: Mapped[int] = mapped_column(ForeignKey("legal_holds.id", ondelete="CASCADE"), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True,
                                             index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    added_by: Mapped[str] = mapped_column(String(128), default="")


class DispositionBatchRow(Base):
    """A disposition batch: proposed by records staff, approved by a records officer, then run
    (a journaled job: each item's status says how far it got)."""

    __tablename__ = "disposition_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="proposed")   # proposed | approved | done
    proposed_by: Mapped[str] = mapped_column(String(128))
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    approved_by: Mapped[str | None] = mapped_column(String(128))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    runs: Mapped[int] = mapped_column(Integer, default=0)
    # the run in progress, whichever machine runs it (corpus/records/run_claim.py): its process, and
    # when it last renewed its claim
    run_holder: Mapped[str | None] = mapped_column(String(160))
    run_renewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DispositionItemRow(Base):
    __tablename__ = "disposition_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("disposition_batches.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))          # destroy | transfer
    category: Mapped[str] = mapped_column(String(64))
    authority: Mapped[str] = mapped_column(Text)
    cutoff_date: Mapped[str | None] = mapped_column(String(10))
    eligible_date: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    # pending | purging | done | skipped (held or no longer eligible when run) | transferred | accepted
    status: Mapped[str] = mapped_column(String(16), default="pending")
    note: Mapped[str] = mapped_column(Text, default="")
    certificate: Mapped[str | None] = mapped_column(Text)    # relative to ACCORD_HOME/dispositions
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("batch_id", "document_id"),)


class NoteRow(Base):
    """A note in a document's thread. Edits overwrite the text (the audit log keeps each version);
    a delete only stamps deleted_at, so the thread shows "deleted" and the audit trail stays whole."""

    __tablename__ = "document_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by: Mapped[str] = mapped_column(String(128), default="", server_default="")


class SavedViewRow(Base):
    """A named search (query, facet filters, sort) of one owner."""

    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(128), index=True)
    name: Mapped[str] = mapped_column(String(128))
    query: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    sort: Mapped[str] = mapped_column(String(32), default=DEFAULT_SORT)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("owner", "name"),)


class SavedViewShareRow(Base):
    """A user or group a saved view is shared with."""

    __tablename__ = "saved_view_shares"

    view_id: Mapped[int] = mapped_column(ForeignKey("saved_views.id", ondelete="CASCADE"), primary_key=True)
    principal_kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # user | group
    principal: Mapped[str] = mapped_column(String(128), primary_key=True)


class SavedViewVisitRow(Base):
    """A user's last visit of a view: the newest document id the user could see then (documents
    are numbered in ingest order, so "new since the last visit" is "id above it")."""

    __tablename__ = "saved_view_visits"

    view_id: Mapped[int] = mapped_column(ForeignKey("saved_views.id", ondelete="CASCADE"), primary_key=True)
    user: Mapped[str] = mapped_column(String(128), primary_key=True)
    visited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_document_id: Mapped[int] = mapped_column(Integer, default=0)
