"""Per-segment document columns: what the evaluator, facets, filters and sorts read about
each document (its id, lengths, dates, type, scope, parties, FOIA codes, flags and ACL
tokens), built once per segment from the small stored `meta` and cached by segment id,
so a new view re-reads only segments it has not seen."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from search import whoosh_adapter
from search.flat import FlatPostings

MISSING_DAY = 0   # day number of a missing date (real dates are proleptic ordinals > 700,000)
DATE_COLUMNS = ("effective", "expiry", "signed", "ingested")   # the fields a DateRange may name
SMALL_SEGMENT_DOCS = 1000   # segments this small keep their term keys in memory (see SegmentColumns)


@dataclass


class Multi:
    """A multi-valued column in CSR form: values of doc i are codes[indptr[i]:indptr[i+1]]."""
    indptr: np.ndarray
    codes: np.ndarray
    vocab: list[str]

    def rows(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.indptr) - 1), np.diff(self.indptr))


class SegmentColumns:
    """Per-segment arrays built once from the small stored `meta` of each document."""

    SINGLE = ("type", "scope")
    MULTI = ("parties", "foia", "flags", "acl")

    def __init__(self, reader):
        n = reader.doc_count_all()
        segment = reader.segment() if hasattr(reader, "segment") else None
        # Segments written by search.bulk and search.writing have flat posting files
        # (search.flat), read without decoding.
        self.flat = (FlatPostings.open(whoosh_adapter.segment_folder(reader), segment.segment_id())
                     if segment is not None and not segment.is_compound() else None)
        # Live-update segments of an index written before search.writing lack them (whoosh
        # packs a small segment into one compound file); knowing their few terms avoids a whoosh
        # term lookup per query term and field for the many terms they do not have.
        self.keys = (whoosh_adapter.term_keys(reader)
                     if self.flat is None and n <= SMALL_SEGMENT_DOCS and whoosh_adapter.has_term_keys(reader)
                     else None)
        metas = [reader.stored_fields(i).get("meta") or {} for i in range(n)]
        self.n = n
        self.metas = metas
        self.doc_id = np.array([m.get("id", -1) for m in metas], dtype=np.int64)
        self.length = np.array([m.get("len", 1) for m in metas], dtype=np.float32)
        self.tlength = np.array([m.get("tlen", 1) for m in metas], dtype=np.float32)
        for name in DATE_COLUMNS:
            setattr(self, name, np.array([m.get(name) or MISSING_DAY for m in metas], dtype=np.int64))
        self.single = {}
        for name in self.SINGLE:
            vocab: dict[str, int] = {}
            codes = np.array([vocab.setdefault(m.get(name) or "", len(vocab)) for m in metas], dtype=np.int32)
            self.single[name] = (codes, list(vocab))
        self.multi = {}
        for name in self.MULTI:
            vocab = {}
            lists = [m.get(name) or [] for m in metas]
            indptr = np.zeros(n + 1, dtype=np.int64)
            indptr[1:] = np.cumsum([len(v) for v in lists])
            codes = np.array([vocab.setdefault(v, len(vocab)) for vs in lists for v in vs], dtype=np.int32)
            self.multi[name] = Multi(indptr, codes, list(vocab))


def merge_single(parts: list[tuple[np.ndarray, list[str]]]) -> tuple[np.ndarray, list[str]]:
    vocab: dict[str, int] = {}
    out = []
    for codes, local in parts:
        lut = np.array([vocab.setdefault(v, len(vocab)) for v in local] or [0], dtype=np.int32)
        out.append(lut[codes] if len(codes) else codes)
    return (np.concatenate(out) if out else np.zeros(0, np.int32)), list(vocab)


def merge_multi(parts: list[Multi]) -> Multi:
    vocab: dict[str, int] = {}
    indptrs, codes = [np.zeros(1, np.int64)], []
    offset = 0
    for part in parts:
        lut = np.array([vocab.setdefault(v, len(vocab)) for v in part.vocab] or [0], dtype=np.int32)
        codes.append(lut[part.codes] if len(part.codes) else part.codes)
        indptrs.append(part.indptr[1:] + offset)
        offset += part.indptr[-1]
    return Multi(np.concatenate(indptrs), np.concatenate(codes) if codes else np.zeros(0, np.int32), list(vocab))
