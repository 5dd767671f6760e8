"""Where the index reads documents from: the store (the truth).

A source gives IndexRecords (streamed, for rebuilds; one by one, for live updates)
and page texts of a few documents (for snippets and "similar agreements"). The
benchmark supplies its own source with the same three methods.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Protocol

from corpus.access import visibility_tokens
from corpus.document import FILE_PROPERTY
from corpus.documents import document_ids
from corpus.indexable import indexable_documents, page_texts
from corpus.labels import current_flag_codes
from corpus.store import Store
from corpus.taxonomy import is_foia_code
from search.schema import IndexRecord

PARTY_FIELDS = ("party", "agency")


class Source(Protocol):
    """A source may also have `records_of(ids) -> {id: IndexRecord}` (the live ones of those
    documents, read together); SearchIndex reads them one by one through `record` otherwise."""
    def records(self) -> Iterator[IndexRecord]: ...
    def record(self, document_id: int) -> IndexRecord | None: ...
    def pages(self, document_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]: ...


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v and v.strip():
            seen.setdefault(v.strip(), None)
    return list(seen)


def last_date(values: Iterable[str]) -> str | None:
    """The latest of ISO dates (a document signed by each party on its own day was in force
    once the last one signed)."""
    dates = [v[:10] for v in values if v and len(v) >= 10 and v[4:5] == "-"]
    return max(dates) if dates else None


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

    def records_of(self, document_ids: Iterable[int]) -> dict[int, IndexRecord]:
        """The live ones of these documents, read in batches (one query per table and batch)."""
        ids = list(dict.fromkeys(int(i) for i in document_ids))
        return {record.id: record for start in range(0, len(ids), self.batch)
                for record in self._records(ids[start:start + self.batch])}

    def pages(self, document_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
        return page_texts(self.store, document_ids)

    def _records(self, ids: list[int]) -> Iterator[IndexRecord]:
        docs = indexable_documents(self.store, ids)
        pages = self.pages([d.id for d in docs])
        for doc in docs:
            by_name, current = doc.fields, doc.labels
            flags = current_flag_codes(current, by_name.get("restricted_flag", []))
            yield IndexRecord(
                id=doc.id, filename=doc.filename, title=doc.title,
                text="\n".join(text for _, text in pages.get(doc.id, [])),
                type=current["type"].value if current["type"] else "",
                scope=current["scope"].value if current["scope"] else "",
                parties=_unique(v for name in PARTY_FIELDS for v in by_name.get(name, [])),
                # FOIA codes and restricted categories are two facets that never share a value
                foia_codes=_unique(by_name.get("foia_code", []) + [f for f in flags if is_foia_code(f)]),
                flags=_unique(f for f in flags if not is_foia_code(f)),
                effective_date=(by_name.get("effective_date") or [None])[0],
                expiry_date=(by_name.get("expiry_date") or [None])[0],
                signature_date=last_date(by_name.get("signature_date", [])),
                ingested=doc.ingested_at.date().isoformat() if doc.ingested_at else None,
                owner=doc.owner,
                visibility_tokens=visibility_tokens(doc.visibility, doc.owner, doc.users, doc.groups),
                properties=by_name.get(FILE_PROPERTY, []),
                notes=list(doc.notes),
            )
