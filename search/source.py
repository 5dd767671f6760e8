"""Where the index reads documents from: the store (the truth).

A source gives IndexRecords (streamed, for rebuilds; one by one, for live updates)
and page texts of a few documents (for snippets and "similar agreements"). The
benchmark supplies its own source with the same three methods.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator, Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.exc import SQLAlchemyError

from corpus.access import visibility_tokens
from corpus.document import FILE_PROPERTY
from corpus.documents import document_ids
from corpus.errors import StoreError
from corpus.store import Store
from corpus.taxonomy import is_foia_code
from corpus.tables import AclRow, DocumentRow, FieldRow, LabelRow, PageRow
from search.schema import IndexRecord

PARTY_FIELDS = ("party", "agency")
# Built once with an expanding parameter: SQLAlchemy then caches its compiled form, instead of
# coercing 20 literal ids into a new statement for every result page.
_PAGES_OF = (select(PageRow.document_id, PageRow.number, PageRow.text)
             .where(PageRow.document_id.in_(bindparam("ids", expanding=True)))
             .order_by(PageRow.document_id, PageRow.number))


class Source(Protocol):
    def records(self) -> Iterator[IndexRecord]: ...
    def record(self, document_id: int) -> IndexRecord | None: ...
    def pages(self, document_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]: ...


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v and v.strip():
            seen.setdefault(v.strip(), None)
    return list(seen)


def _by_document(rows) -> dict[int, list]:
    """Rows grouped by their document_id, each group in the rows' order."""
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.document_id].append(row)
    return grouped


class StoreSource:
    def __init__(self, store: Store, *, batch: int = 200):
        self.store = store
        self.batch = batch

    def records(self) -> Iterator[IndexRecord]:
        """Every live document, fetched in batches so memory stays bounded."""
        batch: list[int] = []
        for doc_id in document_ids(self.store):
            batch.append(doc_id)
            if len(batch) >= self.batch:
                yield from self._records(batch)
                batch = []
        if batch:
            yield from self._records(batch)

    def record(self, document_id: int) -> IndexRecord | None:
        found = list(self._records([document_id]))
        return found[0] if found else None

    def pages(self, document_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
        ids = list(document_ids)
        out: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
        if not ids:
            return out
        # A plain connection, not an ORM session: this runs for every result page shown
        # (snippets), and the session's set-up and commit cost more than the query itself.
        try:
            with self.store.engine.connect() as conn:
                rows = conn.execute(_PAGES_OF, {"ids": ids}).all()
        except SQLAlchemyError as exc:
            raise StoreError(f"store operation failed: {exc}") from exc
        for doc_id, number, text in rows:
            out[doc_id].append((number, text or ""))
        return out

    def _records(self, ids: list[int]) -> Iterator[IndexRecord]:
        with self.store.session() as session:
            docs = session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids),
                                                             DocumentRow.deleted_at.is_(None))).all()
            labels = session.scalars(select(LabelRow).where(LabelRow.document_id.in_(ids))
                                     .order_by(LabelRow.id)).all()
            fields = session.scalars(select(FieldRow).where(FieldRow.document_id.in_(ids))
                                     .order_by(FieldRow.id)).all()
            acl = session.scalars(select(AclRow).where(AclRow.document_id.in_(ids))).all()
        pages = self.pages([d.id for d in docs])
        # Grouped once per batch (row order kept), not rescanned for every document.
        labels_of, fields_of, acl_of = _by_document(labels), _by_document(fields), _by_document(acl)
        for doc in sorted(docs, key=lambda d: d.id):
            current: dict[str, str] = {}
            flags: list[str] = []
            for label in labels_of.get(doc.id, ()):
                if label.kind == "flag":
                    flags.append(label.value)
                else:
                    current[label.kind] = label.value   # rows are in id order: the newest wins
            by_name: dict[str, list[str]] = {}
            for f in fields_of.get(doc.id, ()):
                by_name.setdefault(f.name, []).append(f.normalized or f.value)
            mine_acl = acl_of.get(doc.id, ())
            users = [a.principal for a in mine_acl if a.principal_kind == "user"]
            groups = [a.principal for a in mine_acl if a.principal_kind == "group"]
            yield IndexRecord(
                id=doc.id, filename=doc.filename, title=doc.title or "",
                text="\n".join(text for _, text in pages.get(doc.id, [])),
                type=current.get("type", ""), scope=current.get("scope", ""),
                parties=_unique(v for name in PARTY_FIELDS for v in by_name.get(name, [])),
                # FOIA codes and restricted categories are two facets that never share a value
                foia_codes=_unique(by_name.get("foia_code", []) + [f for f in flags if is_foia_code(f)]),
                flags=_unique([f for f in flags if not is_foia_code(f)] + by_name.get("restricted_flag", [])),
                effective_date=(by_name.get("effective_date") or [None])[0],
                expiry_date=(by_name.get("expiry_date") or [None])[0],
                ingested=doc.ingested_at.date().isoformat() if doc.ingested_at else None,
                owner=doc.owner or "",
                visibility_tokens=visibility_tokens(doc.visibility, doc.owner or "", users, groups),
                properties=by_name.get(FILE_PROPERTY, []),
            )
