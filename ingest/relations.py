"""Relations found at ingest time (amendment -> parent, near-duplicates).

Contract used by the ingest orchestrator after a document is stored:
    link_document(store: Store, document_id: int) -> list[tuple[str, int]]

Near-duplicates use MinHash over word shingles and an LSH index, so each new document is compared
only with its LSH candidates (never an n-squared pass). Signatures are kept in the
`document_signatures` table, and each process rebuilds its LSH index from them on first use.
"""
from __future__ import annotations

import re
import threading

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import select

from corpus.documents import add_relation, load_document
from corpus.store import Store
from corpus.tables import DocumentRow, DocumentSignatureRow, FieldRow

NUM_PERM = 128
LSH_THRESHOLD = 0.6          # candidates; confirmed below with the estimated Jaccard
NEAR_DUPLICATE_JACCARD = 0.75
SHINGLE_WORDS = 3
_WORD = re.compile(r"[a-z0-9]{2,}")
_AMENDMENT = re.compile(r"\b(?:amendment|addendum|modification|renewal|extension)\b", re.IGNORECASE)
_PARTY_FIELDS = ("party", "agency")
_TEMPLATE = MinHash(num_perm=NUM_PERM)
# stored signatures are read back with the scheme and dtype of this datasketch version
_SCHEME = {"scheme": _TEMPLATE.scheme} if hasattr(_TEMPLATE, "scheme") else {}
_DTYPE = _TEMPLATE.hashvalues.dtype.newbyteorder("<")


def _minhash(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    m = MinHash(num_perm=NUM_PERM)
    m.update_batch([s.encode() for s in shingles])
    return m


class _LshIndex:
    """One process's LSH over every stored signature of one database."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[int, MinHash] = {}

    def refresh(self, store: Store) -> None:
        """Add signatures stored (by this or another process) since the last look."""
        with store.session() as session:
            ids = set(session.scalars(select(DocumentSignatureRow.document_id)).all())
            missing = sorted(ids - self.signatures.keys())
            for row in session.scalars(select(DocumentSignatureRow).where(
                    DocumentSignatureRow.document_id.in_(missing))) if missing else []:
                self._insert(row.document_id, np.frombuffer(row.signature, dtype=_DTYPE).astype(_TEMPLATE.hashvalues.dtype))

    def _insert(self, document_id: int, hashvalues) -> None:
        m = MinHash(num_perm=NUM_PERM, hashvalues=hashvalues, **_SCHEME)
        self.signatures[document_id] = m
        self.lsh.insert(str(document_id), m)


_indexes: dict[str, _LshIndex] = {}
_lock = threading.Lock()


def _index_for(store: Store) -> _LshIndex:
    with _lock:
        index = _indexes.get(store.url)
        if index is None:
            index = _indexes[store.url] = _LshIndex()
        index.refresh(store)
        return index


def link_document(store: Store, document_id: int) -> list[tuple[str, int]]:
    doc = load_document(store, document_id)
    links: list[tuple[str, int]] = []
    near = _near_duplicate(store, document_id, doc.text, _party_keys(doc.fields))
    if near is not None:
        related, score = near
        add_relation(store, document_id, related, "near_duplicate_of", score)
        links.append(("near_duplicate_of", related))
    for kind, related in _amendment_links(store, document_id, doc):
        links.append((kind, related))
    return links


def _party_keys(fields) -> set[str]:
    return {f.normalized for f in fields if f.name in _PARTY_FIELDS and f.normalized}


def _near_duplicate(store: Store, document_id: int, text: str, parties: set[str]) -> tuple[int, float] | None:
    if len(_WORD.findall(text)) < 20:
        return None
    signature = _minhash(text)
    index = _index_for(store)
    best = None
    for key in index.lsh.query(signature):
        other = int(key)
        if other >= document_id:      # point at the earlier copy only
            continue
        score = signature.jaccard(index.signatures[other])
        if score < NEAR_DUPLICATE_JACCARD:
            continue
        # same template, different partner (e.g. two 287(g) MOAs) is not a duplicate
        other_parties = _stored_party_keys(store, other)
        if parties and other_parties and not parties & other_parties:
            continue
        if best is None or score > best[1]:
            best = (other, round(score, 3))
    with store.session() as session:
        if session.get(DocumentSignatureRow, document_id) is None:
            session.add(DocumentSignatureRow(document_id=document_id, num_perm=NUM_PERM,
                                             signature=signature.hashvalues.astype(_DTYPE).tobytes()))
    with _lock:
        if document_id not in index.signatures:
            index._insert(document_id, signature.hashvalues)
    return best


def _stored_party_keys(store: Store, document_id: int) -> set[str]:
    with store.session() as session:
        return set(session.scalars(select(FieldRow.normalized).where(
            FieldRow.document_id == document_id, FieldRow.name.in_(_PARTY_FIELDS))).all()) - {None}


def _amendment_links(store: Store, document_id: int, doc) -> list[tuple[str, int]]:
    """An amendment -> its parent: a stored document sharing a party whose title or date the
    amendment cites. Works both ways, so a parent ingested after its amendment is still linked."""
    parties = _party_keys(doc.fields)
    if not parties:
        return []
    with store.session() as session:
        others = set(session.scalars(select(FieldRow.document_id).where(
            FieldRow.name.in_(_PARTY_FIELDS), FieldRow.normalized.in_(parties),
            FieldRow.document_id != document_id)).all())
        live = set(session.scalars(select(DocumentRow.id).where(
            DocumentRow.id.in_(others), DocumentRow.deleted_at.is_(None)))) if others else set()
    links = []
    this_is_amendment = bool(_AMENDMENT.search(doc.title or ""))
    for other_id in sorted(live):
        other = load_document(store, other_id)
        other_is_amendment = bool(_AMENDMENT.search(other.title or ""))
        if this_is_amendment and not other_is_amendment and _cites(doc, other):
            add_relation(store, document_id, other_id, "amends")
            links.append(("amends", other_id))
        elif other_is_amendment and not this_is_amendment and _cites(other, doc):
            add_relation(store, other_id, document_id, "amends")
            links.append(("amended_by", other_id))
    return links


def _squash(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _cites(amendment, original) -> bool:
    """The amendment names the original's title, or one of its effective/signature dates."""
    text = _squash(amendment.text)
    title = _squash(re.sub(r"^\W*", "", original.title or ""))
    if len(title) > 15 and title in text:
        return True
    own_dates = {f.normalized for f in amendment.fields if f.name in ("effective_date", "signature_date")}
    dates = {f.normalized for f in original.fields if f.name in ("effective_date", "signature_date") and f.normalized}
    if not dates:
        return False
    from ingest.metadata.terms import all_dates
    cited = {pd.mention.value.isoformat() for pd in all_dates(amendment.pages)} - (own_dates - dates)
    return bool(cited & dates)
