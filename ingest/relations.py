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
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import func, select

from corpus.documents import add_relation, load_document
from corpus.store import Store
from corpus.tables import DocumentRow, DocumentSignatureRow, FieldRow, RelationRow
from ingest.metadata.names import normalize_name
from ingest import signature as text_signatures
from ingest.metadata.terms import all_dates
from ingest.signature import text_signature

NUM_PERM = 128
LSH_THRESHOLD = 0.6          # candidates; confirmed below with the estimated Jaccard
NEAR_DUPLICATE_JACCARD = 0.75
UNNAMED_NEAR_DUPLICATE_JACCARD = 0.85
SHINGLE_WORDS = 3
_WORD = re.compile(r"[a-z0-9]{2,}")
_AMENDMENT = re.compile(r"\b(?:amendment|addendum|modification|renewal|extension)\b", re.IGNORECASE)
_PARTY_FIELDS = ("party", "agency")
_TEMPLATE = MinHash(num_perm=NUM_PERM)
# stored signatures are read back with the scheme and dtype of this datasketch version
_SCHEME = {"scheme": _TEMPLATE.scheme} if hasattr(_TEMPLATE, "scheme") else {}
_DTYPE = _TEMPLATE.hashvalues.dtype.newbyteorder("<")
# ingest.signature reproduces this datasketch's default MinHash; if a later version changes it,
# signatures are computed here with datasketch instead
_SAME_SCHEME = (_SCHEME.get("scheme") == text_signatures.SCHEME and _TEMPLATE.hashvalues.dtype == np.uint32
                and NUM_PERM == text_signatures.NUM_PERM and SHINGLE_WORDS == text_signatures.SHINGLE_WORDS)


def _minhash(text: str, precomputed=None) -> MinHash:
    """`precomputed`: the hash values a worker computed with ingest.signature (same values)."""
    if _SAME_SCHEME:
        values = precomputed if precomputed is not None else text_signature(text)
        return MinHash(num_perm=NUM_PERM, hashvalues=values, **_SCHEME)
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
            # the usual case (only this process stores): nothing new, and one count tells so
            # without reading every id back for every document
            if session.scalar(select(func.count()).select_from(DocumentSignatureRow)) == len(self.signatures):
                return
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


def link_document(store: Store, document_id: int, doc=None) -> list[tuple[str, int]]:
    """`doc`: the stored document as the caller holds it (text, title, fields), which saves
    reading it back; it is loaded from the store when not given."""
    if doc is None:
        doc = load_document(store, document_id)
    links: list[tuple[str, int]] = []
    near = _near_duplicate(store, document_id, doc.text, _party_keys(doc.fields),
                           doc.minhash_signature)
    if near is not None:
        related, score = near
        add_relation(store, document_id, related, "near_duplicate_of", score)
        links.append(("near_duplicate_of", related))
    for kind, related in _amendment_links(store, document_id, doc):
        links.append((kind, related))
    return links


def _party_keys(fields) -> set[str]:
    return {f.normalized for f in fields if f.name in _PARTY_FIELDS and f.normalized}


def _near_duplicate(store: Store, document_id: int, text: str, parties: set[str],
                    precomputed=None) -> tuple[int, float] | None:
    if len(_WORD.findall(text)) < 20:
        return None
    signature = _minhash(text, precomputed)
    index = _index_for(store)
    best = None
    scores = {}
    for key in index.lsh.query(signature):
        other = int(key)
        if other < document_id:      # point at the earlier copy only
            scores[other] = signature.jaccard(index.signatures[other])
    # the parties of every close candidate in one query, not one query per candidate
    party_keys = _stored_party_keys(store, [o for o, s in scores.items() if s >= NEAR_DUPLICATE_JACCARD])
    for other, score in scores.items():
        other_parties = party_keys.get(other, set())
        # without parties to compare (forms, memoranda) only a closer match counts: a form filled in
        # twice shares most of its words
        if score < (NEAR_DUPLICATE_JACCARD if parties and other_parties else UNNAMED_NEAR_DUPLICATE_JACCARD):
            continue
        # same template, different partner (e.g. two 287(g) MOAs) is not a duplicate
        if _different_partners(parties, other_parties):
            continue
        # several copies: point at the earliest (the original), not at another copy
        if best is None or other < best[0]:
            best = (other, round(score, 3))
    with store.session() as session:
        if session.get(DocumentSignatureRow, document_id) is None:
            session.add(DocumentSignatureRow(document_id=document_id, num_perm=NUM_PERM,
                                             signature=signature.hashvalues.astype(_DTYPE).tobytes()))
    with _lock:
        if document_id not in index.signatures:
            index._insert(document_id, signature.hashvalues)
    return best


def _different_partners(a: set[str], b: set[str]) -> bool:
    """Each side names a party the other lacks (allowing for OCR slips): two agreements on one
    template, not two copies of one agreement. One side merely missing a party is not enough."""
    def unmatched(x: set[str], y: set[str]) -> bool:
        return any(not any(_same_party(p, q) for q in y) for p in x)
    return bool(a and b) and unmatched(a, b) and unmatched(b, a)


@lru_cache(maxsize=65536)
def _same_party(a: str, b: str) -> bool:
    """ingest.metadata.names.same_party, with its difflib word comparisons cached: the same names
    and words (ICE, Sheriff, County...) meet again and again across a batch."""
    ta, tb = _name_words(a), _name_words(b)
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return all(any(_similar_words(w, v) for v in long_) for w in short)


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in normalize_name(name).split() if len(w) > 1)


@lru_cache(maxsize=262144)
def _similar_words(a: str, b: str) -> bool:
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.6


def _stored_party_keys(store: Store, document_ids: list[int]) -> dict[int, set[str]]:
    if not document_ids:
        return {}
    keys: dict[int, set[str]] = {}
    with store.session() as session:
        for doc_id, normalized in session.execute(select(FieldRow.document_id, FieldRow.normalized).where(
                FieldRow.document_id.in_(document_ids), FieldRow.name.in_(_PARTY_FIELDS))):
            if normalized is not None:
                keys.setdefault(doc_id, set()).add(normalized)
    return keys


MAX_AMENDMENT_CANDIDATES = 50


def _amendment_links(store: Store, document_id: int, doc) -> list[tuple[str, int]]:
    """An amendment -> its parent: a stored document sharing the most parties whose title or date
    the amendment cites. Works both ways, so a parent ingested after its amendment is still linked.
    Candidates come from one indexed query on the parties, and only the other side's kind
    (amendment vs original) is loaded, so a repository where every document names ICE stays fast."""
    parties = _party_keys(doc.fields)
    if not parties:
        return []
    this_is_amendment = bool(_AMENDMENT.search(doc.title or ""))
    with store.session() as session:
        rows = session.execute(
            select(FieldRow.document_id, func.count(func.distinct(FieldRow.normalized)), DocumentRow.title)
            .join(DocumentRow, DocumentRow.id == FieldRow.document_id)
            .where(FieldRow.name.in_(_PARTY_FIELDS), FieldRow.normalized.in_(parties),
                   FieldRow.document_id != document_id, DocumentRow.deleted_at.is_(None))
            .group_by(FieldRow.document_id, DocumentRow.title)).all()
    # the other side must be of the other kind: an original for an amendment, and vice versa
    rows = [r for r in rows if bool(_AMENDMENT.search(r[2] or "")) != this_is_amendment]
    if not rows:
        return []
    best = max(r[1] for r in rows)
    candidates = sorted((r[0] for r in rows if r[1] == best), reverse=True)[:MAX_AMENDMENT_CANDIDATES]
    links = []
    scored = []
    for other_id in candidates:
        other = load_document(store, other_id)
        score = _cites(doc, other) if this_is_amendment else _cites(other, doc)
        if score:
            scored.append((score, other_id))
    if not scored:
        return []
    top = max(score for score, _ in scored)
    if this_is_amendment:     # one parent: the earliest of equally cited documents (copies come later)
        scored = [min((item for item in scored if item[0] == top), key=lambda item: item[1])]
    for score, other_id in scored:
        if score < top:
            continue
        if this_is_amendment:
            add_relation(store, document_id, other_id, "amends", float(score))
            links.append(("amends", other_id))
        elif not _has_parent(store, other_id):
            add_relation(store, other_id, document_id, "amends", float(score))
            links.append(("amended_by", other_id))
    return links


def _has_parent(store: Store, document_id: int) -> bool:
    with store.session() as session:
        return session.scalar(select(RelationRow.id).where(RelationRow.document_id == document_id,
                                                           RelationRow.kind == "amends")) is not None


def _squash(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _cites(amendment, original) -> int:
    """How plainly the amendment points at the original: +1 for naming its title, +1 for one of
    its effective/signature dates (0: not at all)."""
    text = _squash(amendment.text)
    title = _squash(re.sub(r"^\W*", "", original.title or ""))
    score = int(len(title) > 15 and title in text)
    own_dates = {f.normalized for f in amendment.fields if f.name in ("effective_date", "signature_date")}
    dates = {f.normalized for f in original.fields if f.name in ("effective_date", "signature_date") and f.normalized}
    if dates:
        cited = {pd.mention.value.isoformat() for pd in all_dates(amendment.pages)} - (own_dates - dates)
        score += bool(cited & dates)
    return score
