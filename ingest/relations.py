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
from corpus import relations as stored
from corpus.documents import add_relation, load_document
from corpus.store import Store
from ingest.metadata.names import same_party
from ingest.metadata.terms import all_dates
from ingest.signature import NUM_PERM, WORD as _WORD, BandIndex, jaccard, text_signature

LSH_THRESHOLD = 0.6          # candidates; confirmed below with the estimated Jaccard
# the bands datasketch's MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM) chooses (it
# minimises false positives + negatives by numerical integration, with SciPy: seconds to import);
# tests/test_ingest_relations_speed.py checks them
LSH_BANDS, LSH_ROWS = 18, 7
NEAR_DUPLICATE_JACCARD = 0.75
UNNAMED_NEAR_DUPLICATE_JACCARD = 0.85
_AMENDMENT = re.compile(r"\b(?:amendment|addendum|modification|renewal|extension)\b", re.IGNORECASE)
_PARTY_FIELDS = ("party", "agency")
_DTYPE = np.dtype("<u4")   # how signatures are stored


def _minhash(text: str, precomputed=None) -> np.ndarray:
    """`precomputed`: the hash values a worker computed with ingest.signature (same values)."""
    return precomputed if precomputed is not None else text_signature(text)


class _LshIndex:
    """One process's LSH over every stored signature of one database."""

    def __init__(self) -> None:
        self.lsh = BandIndex(LSH_BANDS, LSH_ROWS)
        self.signatures: dict[int, np.ndarray] = {}

    def refresh(self, store: Store) -> None:
        """Add signatures stored (by this or another process) since the last look."""
        # the usual case (only this process stores): nothing new, and one count tells so
        # without reading every id back for every document
        if stored.signature_count(store) == len(self.signatures):
            return
        missing = sorted(stored.signature_ids(store) - self.signatures.keys())
        for document_id, signature in stored.signatures(store, missing):
            self._insert(document_id, np.frombuffer(signature, dtype=_DTYPE).astype(np.uint32))

    def _insert(self, document_id: int, hashvalues: np.ndarray) -> None:
        self.signatures[document_id] = hashvalues
        self.lsh.insert(str(document_id), hashvalues)


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
            scores[other] = jaccard(signature, index.signatures[other])
    # the parties of every close candidate in one query, not one query per candidate
    party_keys = stored.party_keys(store, [o for o, s in scores.items() if s >= NEAR_DUPLICATE_JACCARD],
                                   _PARTY_FIELDS)
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
    stored.save_signature(store, document_id, NUM_PERM, signature.astype(_DTYPE).tobytes())
    with _lock:
        if document_id not in index.signatures:
            index._insert(document_id, signature)
    return best


def _different_partners(a: set[str], b: set[str]) -> bool:
    """Each side names a party the other lacks (allowing for OCR slips): two agreements on one
    template, not two copies of one agreement. One side merely missing a party is not enough."""
    def unmatched(x: set[str], y: set[str]) -> bool:
        return any(not any(same_party(p, q) for q in y) for p in x)
    return bool(a and b) and unmatched(a, b) and unmatched(b, a)


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
    rows = stored.sharing_parties(store, document_id, parties, _PARTY_FIELDS)
    # the other side must be of the other kind: an original for an amendment, and vice versa
    rows = [r for r in rows if bool(_AMENDMENT.search(r[2] or "")) != this_is_amendment]
    if not rows:
        return []
    best = max(r[1] for r in rows)
    candidates = sorted((r[0] for r in rows if r[1] == best), reverse=True)[:MAX_AMENDMENT_CANDIDATES]
    links = []
    scored = []
    # the new document's squashed text and dates, once rather than once per candidate
    own = (_squash(doc.text), _mentioned_dates(doc)) if this_is_amendment else (None, None)
    for other_id in candidates:
        other = load_document(store, other_id)
        score = _cites(doc, other, *own) if this_is_amendment else _cites(other, doc)
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
        elif not stored.has_relation(store, other_id, "amends"):
            add_relation(store, other_id, document_id, "amends", float(score))
            links.append(("amended_by", other_id))
    return links


def _squash(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _mentioned_dates(doc) -> set[str]:
    return {pd.mention.value.isoformat() for pd in all_dates(doc.pages)}


def _cites(amendment, original, amendment_text: str | None = None,
           amendment_dates: set[str] | None = None) -> int:
    """How plainly the amendment points at the original: +1 for naming its title, +1 for one of
    its effective/signature dates (0: not at all). `amendment_text`, `amendment_dates`: the
    amendment's _squash(text) and _mentioned_dates, when the caller already has them."""
    text = amendment_text if amendment_text is not None else _squash(amendment.text)
    title = _squash(re.sub(r"^\W*", "", original.title or ""))
    score = int(len(title) > 15 and title in text)
    own_dates = {f.normalized for f in amendment.fields if f.name in ("effective_date", "signature_date")}
    dates = {f.normalized for f in original.fields if f.name in ("effective_date", "signature_date") and f.normalized}
    if dates:
        mentioned = amendment_dates if amendment_dates is not None else _mentioned_dates(amendment)
        cited = mentioned - (own_dates - dates)
        score += bool(cited & dates)
    return score
