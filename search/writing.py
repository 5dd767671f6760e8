"""Writing to the index outside a rebuild: live updates, deletes and purges.

All of them go through whoosh's own per-document SegmentWriter (search.bulk builds whole
indexes its own way). `LiveSegmentWriter` also writes flat posting files (search.flat)
beside every segment it writes, as the bulk builder does, and leaves the segment
uncompounded so they can sit beside it: without them the evaluator reads each query term
of a live-update segment through whoosh (~70 µs a term and segment), which made the
first few small segments after a rebuild cost a natural-language question as much as the
50,000-document bulk segment. whoosh's merges of small segments go through the same
writer, so merged segments have flat files too. The writer writes each term's posting list and
term-table row at once (search.term_blocks), the bytes whoosh's own per-posting loop would
write. (Pooling postings by term instead of whoosh's sorted tuples was measured slower: a few
lists per term cost more in allocation and garbage collection than the sort.)
"""
from __future__ import annotations

import numpy as np
from whoosh import formats
from whoosh.index import LockError
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from corpus.errors import IndexLocked
from corpus.locks import acquire_with_backoff
from search import whoosh_adapter
from search.flat import FlatWriter, segment_postings
from search.schema import FastCodec, IndexRecord, index_fields
from search.term_blocks import write_postings

LOCK_WAIT_SECONDS = 60.0
MERGE_AT_SEGMENTS = 10   # a plain commit leaves smaller counts of segments unmerged
FLAT_MERGE_POSTINGS = 1 << 20   # a merged segment with more postings is read through whoosh (memory)
_SATURATED = 65535              # flat files cap frequencies here: a term that reaches it is read through whoosh


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
    """whoosh's SegmentWriter, writing flat posting files beside the segment it writes, and its
    postings a whole term at a time (search.term_blocks: the bytes whoosh's own loop writes)."""

    def __init__(self, ix, limitmb: int):
        super().__init__(ix, codec=FastCodec(), limitmb=limitmb, compound=False)

    def _merge_segments(self, mergetype, optimize, merge):
        # A plain commit merges (whoosh's MERGE_SMALL) only once MERGE_AT_SEGMENTS segments are
        # there. whoosh's policy merges as soon as five segments hold fewer than 34 documents:
        # a bulk ingest committing every second (a few documents each) re-wrote the same
        # postings again and again, a third of its index time. Queries pay per segment, so
        # the count stays bounded; optimize (a purge) and an explicit policy are whoosh's.
        if mergetype is None and self.mergetype is None and not optimize and not self.optimize and \
                merge is not False and len(self.segments) < MERGE_AT_SEGMENTS:
            merge = False
        return super()._merge_segments(mergetype, optimize, merge)

    def add_postings_to_pool(self, reader, startdoc, docmap):
        # A merged segment's postings read from its flat files (search.flat): whoosh's reader
        # reads them one posting at a time through a matcher per term, which was most of a
        # merge's time. The same tuples reach the pool, whichever way they were read.
        items = merged_postings(reader, self.schema, whoosh_adapter.storage_folder(self.storage), startdoc, docmap)
        if items is None:
            return super().add_postings_to_pool(reader, startdoc, docmap)
        whoosh_adapter.add_to_pool(self.pool, items)

    def _flush_segment(self):
        folder = whoosh_adapter.storage_folder(self.storage)
        self.perdocwriter.close()
        # an in-memory index: whoosh's files only
        flat = FlatWriter(folder, self.newsegment.segment_id(), self.docnum) if folder is not None else None
        write_postings(self.fieldwriter, self.schema, self.pool.iter_postings(), flat)
        self.fieldwriter.close()
        if flat is not None:
            flat.close()


def merged_postings(reader, schema, folder: str | None, startdoc: int, docmap: dict | None) -> list[tuple] | None:
    """The (fieldname, btext, docnum, weight, value) postings whoosh's merge takes from a
    segment (`SegmentWriter.add_postings_to_pool`: deleted documents left out, numbers moved
    to `startdoc` on or through `docmap`), read from the segment's flat files; None when they
    cannot say it exactly (no flat files, a large segment, a saturated frequency, a field
    format other than whoosh's Frequency or Existence, or a boosted one)."""
    flat = segment_postings(folder, whoosh_adapter.segment_name(reader), FLAT_MERGE_POSTINGS)
    if flat is None:
        return None
    terms, counts, docs, freqs = flat
    if len(freqs) and int(freqs.max()) >= _SATURATED:
        return None
    # per field: None (not in the schema: whoosh drops its postings) or whether values are stored
    fields: dict[str, bool | None] = {}
    for fieldname in {fieldname for fieldname, _ in terms}:
        if fieldname not in schema:
            fields[fieldname] = None
            continue
        fmt = schema[fieldname].format
        if type(fmt) not in (formats.Frequency, formats.Existence) or fmt.field_boost != 1.0:
            return None
        fields[fieldname] = type(fmt) is formats.Frequency   # Existence postings have no value
    if docmap is not None:
        new_number = np.full(reader.doc_count_all(), -1, dtype=np.int64)
        if docmap:
            old, new = zip(*docmap.items())
            new_number[list(old)] = new
        numbers = new_number[docs]
    else:
        numbers = docs + startdoc
    term_of = np.repeat(np.arange(len(counts)), counts)
    keep = numbers >= 0   # a deleted document is in no docmap
    if reader.has_deletions():   # whoosh's reader leaves their postings out, docmap or not
        keep[np.isin(docs, np.fromiter(reader.deleted_docs_set, dtype=np.int64))] = False
    for fieldname, wanted in fields.items():
        if wanted is None:
            keep &= np.array([f != fieldname for f, _ in terms], dtype=bool)[term_of]
    if not keep.all():
        term_of, numbers, freqs = term_of[keep], numbers[keep], freqs[keep]
    values = {q: pack_uint(q) for q in set(freqs.tolist())}
    by_term = [(fieldname, btext, values if fields[fieldname] else None) for fieldname, btext in terms]
    items = []
    append = items.append
    for t, number, q in zip(term_of.tolist(), numbers.tolist(), freqs.tolist()):
        fieldname, btext, packed = by_term[t]
        append((fieldname, btext, number, float(q), packed[q] if packed is not None else None))
    return items


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
