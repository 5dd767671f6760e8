"""Vectorised evaluation of parsed queries over whoosh's on-disk postings.

whoosh's own matchers walk postings one Python call at a time, which costs ~0.5 s for
a term in most of 50,000 documents. Here a posting list is read block by block into
numpy arrays (cached), and a query is evaluated as dense arrays over all document
numbers of the current searcher: a bool "matches" vector and a float32 BM25 score
vector. Exact totals, facets and the permission filter are then plain vector
operations, and top-k is an argpartition.

A `View` is the state for one whoosh searcher generation; per-segment arrays are
cached by segment id, so a live update only reads the new small segment.
"""
from __future__ import annotations

import copy
import math
import threading
from array import array
from collections import OrderedDict

import numpy as np
from search import whoosh_adapter
from search.analysis import PAIR_PREFIX
from search.columns import SegmentColumns, merge_multi, merge_single
from search.flat import hashed_key

K1, B = 1.2, 0.75
_POSTINGS_CACHE_BYTES = 256 * 1024 * 1024
DENSE_SHARE = 8   # a posting list longer than 1/8 of the documents is scored as whole vectors
_NO_POSTINGS = (np.zeros(0, np.int32), np.zeros(0, np.float32))


class PostingsCache:
    """LRU of (segment id, field, term) -> (local docnums, term frequencies), bounded in bytes."""

    def __init__(self, limit: int = _POSTINGS_CACHE_BYTES):
        self.limit, self.size = limit, 0
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key, value):
        nbytes = value[0].nbytes + value[1].nbytes + 100
        with self._lock:
            self._items[key] = value
            self.size += nbytes
            while self.size > self.limit and self._items:
                _, (ids, tfs) = self._items.popitem(last=False)
                self.size -= ids.nbytes + tfs.nbytes + 100


def read_postings(reader, fieldname: str, term: str):
    """All postings of a term in one segment as (docnums int32, tf float32), deleted ones included."""
    matcher = whoosh_adapter.term_matcher(reader, fieldname, term.encode("utf-8"))
    return None if matcher is None else postings_of(matcher)


def _numbers(values, dtype) -> np.ndarray:
    """A block's ids or weights as numpy: arrays (bulk-built blocks) without a Python loop."""
    if isinstance(values, array) and len(values):
        return np.frombuffer(values, dtype=values.typecode).astype(dtype)
    return np.asarray(values, dtype=dtype)


def postings_of(matcher):
    """Every posting of a fresh term matcher as (docnums int32, tf float32)."""
    blocks = whoosh_adapter.leaf_blocks(matcher)
    if blocks is not None:
        id_parts, tf_parts = [], []
        for ids, weights, deltas in blocks:
            n = len(ids)
            id_parts.append(np.cumsum(_numbers(ids, np.int64)) if deltas else _numbers(ids, np.int64))
            if weights is None:
                tf_parts.append(np.ones(n, dtype=np.float32))
            elif isinstance(weights, float):
                tf_parts.append(np.full(n, weights, dtype=np.float32))
            else:
                tf_parts.append(_numbers(weights, np.float32))
        return np.concatenate(id_parts).astype(np.int32), np.concatenate(tf_parts)
    ids, tfs = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        tfs.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int32), np.asarray(tfs, dtype=np.float32)


def _concatenate(parts: list) -> tuple[np.ndarray, np.ndarray]:
    """View._segment_postings' parts as one list of global docnums and one of frequencies."""
    ids, tfs = [], []
    for base, docs, freqs in parts:
        # intp: numpy indexes with it several times faster than with uint16/int32
        docs = np.flatnonzero(docs) if docs.dtype == bool else docs.astype(np.intp, copy=False)
        ids.append(docs + base if base else docs)
        tfs.append(freqs.astype(np.float32, copy=False))
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    if len(ids) == 1:
        return ids[0], tfs[0]
    return np.concatenate(ids), np.concatenate(tfs)


class View:
    """Everything needed to evaluate queries against one searcher generation."""

    def __init__(self, searcher, segment_cache: dict, postings: PostingsCache):
        self.searcher = searcher
        self.postings_cache = postings
        reader = searcher.reader()
        self.leaves = []       # (reader, docbase, segment id, SegmentColumns)
        cols = []
        for leaf, base in reader.leaf_readers():
            seg_id = leaf.segment().segment_id() if hasattr(leaf, "segment") and leaf.segment() else id(leaf)
            col = segment_cache.get(seg_id)
            if col is None:
                col = segment_cache[seg_id] = SegmentColumns(leaf)
            self.leaves.append((leaf, base, seg_id, col))
            cols.append(col)
        self.n = sum(c.n for c in cols)
        self.live = np.ones(self.n, dtype=bool)
        for leaf, base, _, _ in self.leaves:
            if leaf.has_deletions():
                deleted = np.fromiter(leaf.deleted_docs_set, dtype=np.int64)
                self.live[deleted + base] = False
        cat = (lambda name: np.concatenate([getattr(c, name) for c in cols])
               if cols else np.zeros(0, np.int64))
        self.doc_id = cat("doc_id")
        self.length = cat("length").astype(np.float32)
        self.tlength = cat("tlength").astype(np.float32)
        self.effective, self.expiry, self.ingested = cat("effective"), cat("expiry"), cat("ingested")
        self.signed = cat("signed")
        self.single = {name: merge_single([c.single[name] for c in cols]) for name in SegmentColumns.SINGLE}
        self.multi = {name: merge_multi([c.multi[name] for c in cols]) for name in SegmentColumns.MULTI}
        self.doc_count = int(self.live.sum())
        live_len = self.length[self.live]
        self.avg_length = float(live_len.mean()) if len(live_len) else 1.0
        live_tlen = self.tlength[self.live]
        self.avg_tlength = float(live_tlen.mean()) if len(live_tlen) else 1.0
        self.dead = np.flatnonzero(~self.live)   # deleted documents, ascending
        # BM25's length normalisation per document, once per view instead of per term.
        self.norms = {"text": K1 * (1 - B + B * self.length / self.avg_length),
                      "title": K1 * (1 - B + B * self.tlength / self.avg_tlength)}
        self._masks: dict = {}
        self._scoped: dict = {}
        self._multi_rows: dict[str, np.ndarray] = {}
        self._row_of_docid = None
        self._vocab = None
        self._lock = threading.Lock()
        self._io_lock = threading.Lock()

    # --- documents -------------------------------------------------------------
    def meta(self, docnum: int) -> dict:
        for leaf, base, _, col in reversed(self.leaves):
            if docnum >= base:
                return col.metas[docnum - base]
        raise IndexError(docnum)

    def docnum_of(self, document_id: int) -> int | None:
        if self._row_of_docid is None:
            live = np.flatnonzero(self.live)
            self._row_of_docid = dict(zip(self.doc_id[live].tolist(), live.tolist()))
        return self._row_of_docid.get(int(document_id))

    # --- postings --------------------------------------------------------------
    def _segment_postings(self, fieldname: str, term: str, *, bitmaps: bool) -> list:
        """(docbase, local docnums, frequencies) of each segment holding the term; `bitmaps`:
        a term coded as a bitmap in a bulk segment gives a bool mask over that segment instead
        of docnums (a common term: add_term fills a dense vector from it without the docnums)."""
        parts = []
        btext = term.encode("utf-8")
        hashed = None
        for leaf, base, seg_id, col in self.leaves:
            if col.flat is not None:
                hashed = hashed or hashed_key(fieldname, btext)
                found = col.flat.get(fieldname, btext, bitmap=bitmaps, hashed=hashed)
                if found is not None and len(found[1]):
                    parts.append((base, found[0], found[1]))
                continue
            if col.keys is not None and whoosh_adapter.term_key(leaf, fieldname, btext) not in col.keys:
                continue
            key = (seg_id, fieldname, term)
            hit = self.postings_cache.get(key)
            if hit is None:
                with self._io_lock:   # whoosh's posting files keep a seek position: one reader at a time
                    hit = read_postings(leaf, fieldname, term)
                if hit is None:
                    hit = _NO_POSTINGS
                self.postings_cache.put(key, hit)
            if len(hit[0]):
                parts.append((base, hit[0], hit[1]))
        return parts

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Global docnums and term frequencies of a term (deleted documents included)."""
        return _concatenate(self._segment_postings(fieldname, term, bitmaps=False))

    def term_vector(self, fieldname: str, term: str, *, length: str | None) -> tuple[np.ndarray, np.ndarray]:
        """(match, BM25 score) dense vectors for one term."""
        match = np.zeros(self.n, dtype=bool)
        score = np.zeros(self.n, dtype=np.float32)
        self.add_term(match, score, fieldname, term, length=length, fresh=True)
        return match, score

    def add_term(self, match: np.ndarray, score: np.ndarray, fieldname: str, term: str, *,
                 length: str | None, weight: float = 1.0, fresh: bool = False) -> None:
        """OR one term into dense (match, score) vectors, in place: match |= has term,
        score += weight * its BM25 (`fresh`: score is still all zeros, so assign).

        Deleted documents are marked too: every caller intersects with a mask of live
        documents (the permission mask is one) before using the matches, so filtering
        each posting list first would only repeat that work."""
        parts = self._segment_postings(fieldname, term, bitmaps=True)
        count = sum(len(tfs) for _, _, tfs in parts)
        if not count:
            return
        if count * DENSE_SHARE > self.n:
            tf = np.zeros(self.n, dtype=np.float32)
            for base, docs, tfs in parts:
                if docs.dtype == bool:
                    tf[base:base + len(docs)][docs] = tfs
                else:
                    tf[docs.astype(np.intp, copy=False) + base] = tfs
            self._add_dense(match, score, tf, length=length, weight=weight)
            return
        ids, tfs = _concatenate(parts)
        self._accumulate(match, score, ids, tfs, length=length, weight=weight, fresh=fresh)

    def add_term_outside(self, match: np.ndarray, score: np.ndarray, fieldname: str, term: str,
                         containing: tuple[str, ...], *, length: str | None, weight: float = 1.0,
                         fresh: bool = False) -> None:
        """add_term, counting only the occurrences of `term` that are not part of one of the
        pair terms `containing` ("mexico" outside "new mexico"): a document's frequency of the
        word minus its frequencies of those pairs; documents left with none do not match."""
        ids, tfs = self.postings(fieldname, term)
        if not len(ids):
            return
        tfs = tfs.astype(np.float32, copy=True)
        for pair in containing:
            pair_ids, pair_tfs = self.postings(fieldname, pair)
            if not len(pair_ids):
                continue
            at = np.searchsorted(ids, pair_ids)   # both ascending; a pair's documents have the word
            inside = at < len(ids)
            inside[inside] &= ids[at[inside]] == pair_ids[inside]
            tfs[at[inside]] -= pair_tfs[inside]
        keep = tfs > 0
        ids, tfs = ids[keep], tfs[keep]
        if not len(ids):
            return
        self._accumulate(match, score, ids, tfs, length=length, weight=weight, fresh=fresh)

    def _accumulate(self, match: np.ndarray, score: np.ndarray, ids: np.ndarray, tfs: np.ndarray, *,
                    length: str | None, weight: float, fresh: bool) -> None:
        """Mark `ids` matched and add (or, `fresh`, assign) their weighted BM25 for frequencies `tfs`."""
        if len(ids) * DENSE_SHARE > self.n:
            tf = np.zeros(self.n, dtype=np.float32)
            tf[ids] = tfs
            self._add_dense(match, score, tf, length=length, weight=weight)
            return
        s = self.bm25(ids, tfs, length=length)
        if weight != 1.0:
            s *= np.float32(weight)
        match[ids] = True
        if fresh:
            score[ids] = s
        else:
            np.add.at(score, ids, s)   # ids are distinct: one addition each, several times faster than +=

    def _add_dense(self, match: np.ndarray, score: np.ndarray, tf: np.ndarray, *, length: str | None,
                   weight: float) -> None:
        """_accumulate for a term in a large share of the documents, from its frequency in every
        document (`tf`, 0 where absent): the same float32 operations as bm25() per document, on
        whole vectors instead of gathered and scattered ones (a document without the term gets
        0 / norm = 0), so the scores are the same bit for bit."""
        has = tf > 0   # a posting's frequency is a count of occurrences, at least 1
        df = int(np.count_nonzero(has & self.live))
        if df == 0:
            return
        out = self._idf(df) * tf
        out *= K1 + 1
        norm = self.norms[length] + tf if length in self.norms else tf + K1
        out /= norm
        if weight != 1.0:
            out *= np.float32(weight)
        np.logical_or(match, has, out=match)
        np.add(score, out, out=score)

    def _live_count(self, ids: np.ndarray) -> int:
        """How many of the (ascending) docnums `ids` are live."""
        dead = self.dead
        if not len(dead) or not len(ids):
            return len(ids)
        if len(dead) > 64:
            return int(np.count_nonzero(self.live[ids]))
        at = np.searchsorted(ids, dead)
        inside = at < len(ids)
        return len(ids) - int(np.count_nonzero(ids[at[inside]] == dead[inside]))

    def _idf(self, df: int) -> float:
        return math.log(1.0 + (self.doc_count - df + 0.5) / (df + 0.5))

    def bm25(self, ids: np.ndarray, tfs: np.ndarray, *, length: str | None) -> np.ndarray:
        """BM25 of one term for the documents `ids`, given its full posting list's df (live ones)."""
        df = self._live_count(ids)
        if df == 0:
            return np.zeros(len(ids), dtype=np.float32)
        out = self._idf(df) * tfs
        out *= K1 + 1
        if length in self.norms:
            norm = self.norms[length][ids]
            norm += tfs
        else:
            norm = tfs + K1
        out /= norm
        return out.astype(np.float32, copy=False)

    def all_of(self, fieldname: str, terms: list[str], *, length: str | None):
        """(match, summed BM25) dense vectors of the live documents containing every term, or
        None. Counting hits per document avoids sorting posting lists to intersect them."""
        lists = [self.postings(fieldname, t) for t in dict.fromkeys(terms)]
        if not lists or any(len(ids) == 0 for ids, _ in lists):
            return None
        lists.sort(key=lambda pair: len(pair[0]))
        score = np.zeros(self.n, dtype=np.float32)
        if len(lists) == 1:
            match = np.zeros(self.n, dtype=bool)
            match[lists[0][0]] = True
        else:
            hits = np.zeros(self.n, dtype=np.uint16)
            for ids, _ in lists:
                hits[ids] += 1
            match = hits == len(lists)
        match &= self.live
        if not match[lists[0][0]].any():
            return None
        for ids, tfs in lists:
            np.add.at(score, ids, self.bm25(ids, tfs, length=length))
        score[~match] = 0
        return match, score

    def doc_frequency(self, fieldname: str, term: str, mask: np.ndarray | None = None) -> int:
        ids, _ = self.postings(fieldname, term)
        if not len(ids):
            return 0
        ok = self.live[ids] if mask is None else mask[ids]
        return int(np.count_nonzero(ok))

    # --- vocabulary (unigrams only: pairs start with PAIR_PREFIX and sort last) ----
    def vocabulary(self, fieldname: str = "text") -> dict[str, list[str]]:
        """Unigram terms of the field grouped by first character (for fuzzy and did-you-mean)."""
        with self._lock:
            if self._vocab is None:
                grouped: dict[str, set] = {}
                with self._io_lock:
                    for leaf, _, _, _ in self.leaves:
                        for btext in leaf.lexicon(fieldname):
                            term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                            if term.startswith(PAIR_PREFIX):
                                break
                            grouped.setdefault(term[0], set()).add(term)
                self._vocab = {k: sorted(v) for k, v in grouped.items()}
            return self._vocab

    def lexicon(self, fieldname: str) -> list[str]:
        """Every term of a (small, keyword) field."""
        seen = set()
        with self._io_lock:
            for leaf, _, _, _ in self.leaves:
                for btext in leaf.lexicon(fieldname):
                    seen.add(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
        return sorted(seen)

    # --- visibility ------------------------------------------------------------
    def visible(self, tokens: tuple[str, ...] | None) -> np.ndarray:
        """Live documents carrying any of the caller's tokens (None: everything live)."""
        key = tokens
        mask = self._masks.get(key)
        if mask is None:
            if tokens is None:
                mask = self.live
            else:
                acl = self.multi["acl"]
                wanted = [i for i, v in enumerate(acl.vocab) if v in set(tokens)]
                mask = np.zeros(self.n, dtype=bool)
                if wanted:
                    hit_entries = np.isin(acl.codes, np.array(wanted, dtype=np.int32))
                    mask[self.multi_rows("acl")[hit_entries]] = True
                mask &= self.live
            self._masks[key] = mask
        return mask

    def seen_by(self, tokens: tuple[str, ...] | None) -> "View":
        """This view as a caller with `tokens` sees it: the documents hidden from the caller are
        treated as deleted, so BM25's document count, document frequencies and average lengths,
        "similar" weights and NOT are computed over the visible documents only. Otherwise a
        hidden document would still move the scores and order of the caller's results (a side
        channel the differential leak test, tests/test_leaks.py, would catch). None: everything."""
        if tokens is None:
            return self
        scoped = self._scoped.get(tokens)
        if scoped is None:
            mask = self.visible(tokens)
            scoped = copy.copy(self)       # shares the columns, caches and locks of this generation
            scoped.live = mask
            scoped.doc_count = int(mask.sum())
            scoped.avg_length = float(self.length[mask].mean()) if scoped.doc_count else 1.0
            scoped.avg_tlength = float(self.tlength[mask].mean()) if scoped.doc_count else 1.0
            scoped.dead = np.flatnonzero(~mask)
            scoped.norms = {"text": K1 * (1 - B + B * self.length / scoped.avg_length),
                            "title": K1 * (1 - B + B * self.tlength / scoped.avg_tlength)}
            scoped._masks = {tokens: mask}
            scoped._row_of_docid = None
            scoped._scoped = {}
            scoped.vocabulary = self.vocabulary    # the lexicon does not depend on who asks: read once
            if len(self._scoped) >= 256:    # one entry per distinct set of tokens; bounded
                self._scoped.clear()
            self._scoped[tokens] = scoped
        return scoped

    # --- facets ----------------------------------------------------------------
    @staticmethod
    def _top(counts: np.ndarray, vocab: list[str], limit: int) -> list[tuple[str, int]]:
        nonzero = np.flatnonzero(counts)
        if len(nonzero) > limit:
            # Values tied at the cut are chosen by name, not by code (codes follow document
            # order, which a parallel build does not fix), so the same data gives the same facets.
            c = counts[nonzero]
            cut = -np.partition(-c, limit - 1)[limit - 1]
            above = nonzero[c > cut]
            tied = sorted(nonzero[c == cut].tolist(), key=vocab.__getitem__)[:limit - len(above)]
            nonzero = np.concatenate([above, np.array(tied, dtype=above.dtype)])
        return sorted(((vocab[i], int(counts[i])) for i in nonzero if vocab[i]), key=lambda kv: (-kv[1], kv[0]))

    def single_counts(self, name: str, mask: np.ndarray, limit: int = 20) -> list[tuple[str, int]]:
        codes, vocab = self.single[name]
        return self._top(np.bincount(codes[mask], minlength=len(vocab)), vocab, limit)

    def multi_rows(self, name: str) -> np.ndarray:
        """Row of each entry of a multi-valued column, built once per view: gathering the mask
        through it is several times faster than np.repeat(mask, lengths) on every query."""
        rows = self._multi_rows.get(name)
        if rows is None:
            rows = self._multi_rows[name] = self.multi[name].rows()
        return rows

    def multi_counts(self, name: str, mask: np.ndarray, limit: int = 20) -> list[tuple[str, int]]:
        col = self.multi[name]
        if not len(col.codes):
            return []
        entries = mask[self.multi_rows(name)]
        return self._top(np.bincount(col.codes[entries], minlength=len(col.vocab)), col.vocab, limit)

    def single_mask(self, name: str, values: list[str]) -> np.ndarray:
        codes, vocab = self.single[name]
        wanted = {v.lower() for v in values}
        chosen = np.zeros(len(vocab) + 1, dtype=bool)   # a lookup table: one gather, not np.isin
        chosen[[i for i, v in enumerate(vocab) if v.lower() in wanted]] = True
        return chosen[codes]

    def multi_mask(self, name: str, values: list[str]) -> np.ndarray:
        col = self.multi[name]
        wanted = {v.lower() for v in values}
        ids = [i for i, v in enumerate(col.vocab) if v.lower() in wanted]
        mask = np.zeros(self.n, dtype=bool)
        if ids:
            chosen = np.zeros(len(col.vocab), dtype=bool)
            chosen[ids] = True
            mask[self.multi_rows(name)[chosen[col.codes]]] = True
        return mask
