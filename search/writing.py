"""Writing to the index outside a rebuild: live updates, deletes and purges.

All of them go through whoosh's own per-document SegmentWriter (search.bulk builds whole
indexes its own way). `LiveSegmentWriter` also writes flat posting files (search.flat)
beside every segment it writes, as the bulk builder does, and leaves the segment
uncompounded so they can sit beside it: without them the evaluator reads each query term
of a live-update segment through whoosh (~70 µs a term and segment), which made the
first few small segments after a rebuild cost a natural-language question as much as the
50,000-document bulk segment. whoosh's merges of small segments go through the same
writer, so merged segments have flat files too.
"""
from __future__ import annotations

import numpy as np
from whoosh.index import LockError
from whoosh.writing import SegmentWriter

from corpus.errors import IndexLocked
from corpus.locks import acquire_with_backoff
from search import whoosh_adapter
from search.flat import FlatWriter
from search.schema import FastCodec, IndexRecord, index_fields

LOCK_WAIT_SECONDS = 60.0
FLAT_BATCH_POSTINGS = 1 << 20   # postings held for the flat writer at once (a merge of a whole index)


class IndexWriter:
    """What a caller may do inside `with index.writer() as w:` (whoosh stays hidden)."""

    def __init__(self, writer):
        self._writer = writer

    def add(self, record: IndexRecord) -> None:
        self._writer.add_document(**index_fields(record))

    def update(self, record: IndexRecord) -> None:
        self._writer.update_document(**index_fields(record))

    def delete(self, document_id: int) -> None:
        self._writer.delete_by_term("id", str(document_id))


class LiveSegmentWriter(SegmentWriter):
    """whoosh's SegmentWriter, writing flat posting files beside the segment it writes."""

    def __init__(self, ix, limitmb: int):
        super().__init__(ix, codec=FastCodec(), limitmb=limitmb, compound=False)

    def _flush_segment(self):
        folder = whoosh_adapter.storage_folder(self.storage)
        if folder is None:   # an in-memory index: whoosh's files only
            return super()._flush_segment()
        self.perdocwriter.close()
        flat = FlatWriter(folder, self.newsegment.segment_id(), self.docnum)
        self.fieldwriter.add_postings(self.schema, None, _tee(self.pool.iter_postings(), flat))
        self.fieldwriter.close()
        flat.close()


def _tee(postings, flat: FlatWriter):
    """whoosh's postings (sorted by field, term, document), passed on unchanged, and handed to
    the flat writer in batches of whole terms (FlatWriter.add_many: numpy does the work per
    posting, so a commit's thousands of small terms cost little beside whoosh's own writing)."""
    keys, starts, docs, weights = [], [], [], []
    term = None
    for posting in postings:
        fieldname, btext, docnum, weight, _ = posting
        if (fieldname, btext) != term:
            if len(docs) >= FLAT_BATCH_POSTINGS:
                _add_many(flat, keys, starts, docs, weights)
                keys, starts, docs, weights = [], [], [], []
            term = (fieldname, btext)
            keys.append(term)
            starts.append(len(docs))
        docs.append(docnum)
        weights.append(weight)
        yield posting
    _add_many(flat, keys, starts, docs, weights)


def _add_many(flat: FlatWriter, keys: list, starts: list[int], docs: list[int], weights: list[float]) -> None:
    # A posting's weight is its term's number of occurrences (at least 1, as in bulk segments).
    freqs = np.maximum(np.rint(np.asarray(weights, dtype=np.float64)), 1).astype(np.uint32)
    flat.add_many(keys, np.asarray(starts + [len(docs)], dtype=np.int64), np.asarray(docs, dtype=np.int64), freqs)


def open_writer(ix, limitmb: int) -> LiveSegmentWriter:
    """A writer on the index, waiting out another process's write lock with backoff."""
    def try_open() -> LiveSegmentWriter | None:
        try:
            return LiveSegmentWriter(ix, limitmb)
        except LockError:
            return None

    return acquire_with_backoff(
        try_open, wait_seconds=LOCK_WAIT_SECONDS, first_delay=0.01, max_delay=0.5,
        timed_out=lambda: IndexLocked(f"the search index stayed locked by another writer for {LOCK_WAIT_SECONDS:.0f} s"))
