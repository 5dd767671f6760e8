"""Bulk building of whoosh segments for `rebuild` (live updates: search.writing).

whoosh's SegmentWriter sends every posting through a generic sorting pool and writes
it with one Python call each (~6 µs a posting; 50,000 agreements have ~50 M postings).
Here each worker keeps an in-memory inverted index of up to FLUSH_DOCS documents
(term -> array of docnums and array of frequencies), then writes whole posting
blocks at once through whoosh's own postings writer, producing ordinary whoosh
segments. Workers run in parallel; the parent streams records to them through bounded
queues (so memory stays bounded). The parent then merges the workers' segments into
one (at most `segment_docs` documents each; see MergingSegmentWriter) and writes the TOC.
"""
from __future__ import annotations

import multiprocessing as mp
import queue
import shutil
from array import array
from itertools import repeat
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
from whoosh import index as windex
from whoosh.index import TOC, clean_files
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from search import whoosh_adapter
from search.analysis import text_terms
from search.engine import postings_of
from search.flat import FlatCursor, FlatWriter
from search.schema import FastCodec, FastText, IndexRecord, index_fields

BATCH = 100
FLUSH_DOCS = 5000          # documents a worker inverts in memory before writing them out
SEGMENT_DOCS = 1_000_000   # most documents one rebuilt segment holds (worker segments are merged)


class BulkSegmentWriter(SegmentWriter):
    """A SegmentWriter whose postings pool is a flat (term code, docnum, frequency) list,
    inverted with one numpy sort when the segment is written."""

    def __init__(self, ix):
        super().__init__(ix, _lk=False, codec=FastCodec(), compound=False)
        self.codes: dict[str, dict[str, int]] = {}      # field -> term -> code
        self.columns: dict[str, tuple[array, array, array]] = {}   # field -> (codes, docnums, freqs)

    def add_fields(self, fields: dict) -> None:
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        for fieldname in sorted(fields):
            value = fields[fieldname]
            if value is None:
                continue
            fieldobj = self.schema[fieldname]
            if fieldobj.indexed:
                if isinstance(fieldobj, FastText):
                    counts = text_terms(value)[0]
                else:
                    # A string (the unique "id") is ONE term, as whoosh's writer indexes it; a list
                    # holds one term per item. dict.fromkeys("123") would index "1", "2", "3", and
                    # live updates (delete by id term) would then miss or hit the wrong documents.
                    counts = dict.fromkeys([value] if isinstance(value, str) else value, 1)
                if counts:
                    self._add_postings(fieldname, docnum, counts)
            perdoc.add_field(fieldname, fieldobj, value if fieldobj.stored else None, 0)
        perdoc.finish_doc()
        whoosh_adapter.mark_added(self)
        self.docnum += 1

    def _add_postings(self, fieldname: str, docnum: int, counts: dict) -> None:
        table = self.codes.setdefault(fieldname, {})
        columns = self.columns.get(fieldname)
        if columns is None:
            columns = self.columns[fieldname] = (array("I"), array("I"), array("I"))
        codes = list(map(table.get, counts))   # C-level lookups; new terms get codes below
        if None in codes:
            for i, (code, term) in enumerate(zip(codes, counts)):
                if code is None:
                    codes[i] = table[term] = len(table)
        columns[0].extend(codes)
        columns[1].extend(repeat(docnum, len(codes)))
        columns[2].extend(counts.values())

    def _flat_writer(self) -> FlatWriter:
        return FlatWriter(self.storage.folder, self.newsegment.segment_id(), self.docnum)

    def _flush_segment(self):
        self.perdocwriter.close()
        fw = self.fieldwriter
        flat = self._flat_writer()
        for fieldname in sorted(self.columns):
            codes_a, docs_a, freqs_a = self.columns.pop(fieldname)
            table = self.codes.pop(fieldname)
            codes = np.frombuffer(codes_a, dtype=np.uint32)
            order = np.argsort(codes, kind="stable")          # docnums stay ascending per term
            docs = np.frombuffer(docs_a, dtype=np.uint32)[order]
            freqs = np.frombuffer(freqs_a, dtype=np.uint32)[order]
            bounds = np.concatenate(([0], np.cumsum(np.bincount(codes, minlength=len(table)))))
            fw.start_field(fieldname, self.schema[fieldname])
            for btext, code in sorted((term.encode("utf-8"), code) for term, code in table.items()):
                lo, hi = int(bounds[code]), int(bounds[code + 1])
                _write_term(fw, btext, docs[lo:hi], freqs[lo:hi])
                flat.add(fieldname, btext, docs[lo:hi], freqs[lo:hi])
            fw.finish_field()
        fw.close()
        flat.close()


class PackedArray(array):
    """An array that pickles as its bytes. whoosh pickles each posting block with protocol 2,
    which stores an array as a list of Python numbers (~60 µs to load 1,024 postings, the
    main cost of a first query); this loads as an ordinary array, in one C call, which
    whoosh's own readers index and iterate as before and numpy wraps without copying."""

    def __reduce_ex__(self, protocol):
        return array, (self.typecode, self.tobytes())


def _packed(values: np.ndarray, wide: str) -> PackedArray:
    """Whole numbers as 16-bit items when they fit (half the bytes to store and load)."""
    if int(values.max()) < 65536:
        return PackedArray("H", values.astype(np.uint16).tobytes())
    return PackedArray(wide, values.astype(np.float32 if wide == "f" else np.uint32).tobytes())


def _write_term(fw, btext: bytes, docs: np.ndarray, freqs: np.ndarray) -> None:
    """One term's postings (ascending docnums, integer frequencies) as whole blocks."""
    fw.start_term(btext)
    limit = whoosh_adapter.block_limit(fw)
    docs = docs.astype(np.uint32, copy=False)
    freqs = freqs.astype(np.uint32, copy=False)
    n = len(docs)
    for start in range(0, n, limit):
        stop = min(start + limit, n)
        ids = array("I")
        ids.frombytes(docs[start:stop].tobytes())
        chunk_freqs = freqs[start:stop]
        # whoosh's own minifier would pickle the weights as a tuple of floats; same rules, packed.
        if (chunk_freqs == 1).all():
            weights = None
        elif (chunk_freqs == chunk_freqs[0]).all():
            weights = float(chunk_freqs[0])
        else:
            weights = _packed(chunk_freqs, "f")
        # whoosh delta-encodes ids one by one in Python; hand it numpy's result.
        deltas = _packed(np.diff(docs[start:stop].astype(np.int64), prepend=0), "I")
        whoosh_adapter.put_block(fw, ids, array("f", chunk_freqs.astype(np.float32).tobytes()),
                                 lambda weights=weights: weights, [chunk_freqs.astype(">u4").tobytes()],
                                 float(chunk_freqs.max()), lambda deltas=deltas: deltas, last=stop >= n)
    fw.finish_term()


class MergingSegmentWriter(BulkSegmentWriter):
    """Writes ONE segment holding the documents of several bulk-built segments, in order.

    A query reads each term once per segment (a term lookup plus a block read, ~70 µs
    each in whoosh), so ten segments cost ten times the lookups of one. whoosh's own
    optimize() would re-add every posting one Python call at a time; here each term's
    posting lists are read whole into numpy, shifted by their segment's docbase and
    written as whole blocks, one term at a time (memory stays at one posting list)."""

    def __init__(self, ix, segments: list):
        super().__init__(ix)
        self.sources = [SegmentReader(ix.storage, ix.schema, seg) for seg in segments]

    def copy_stored(self) -> None:
        perdoc = self.perdocwriter
        for reader in self.sources:
            for docnum in range(reader.doc_count_all()):
                perdoc.start_doc(self.docnum)
                for fieldname, value in reader.stored_fields(docnum).items():
                    perdoc.add_field(fieldname, self.schema[fieldname], value, 0)
                perdoc.finish_doc()
                self.docnum += 1
        whoosh_adapter.mark_added(self)

    def _flush_segment(self):
        self.perdocwriter.close()
        fw = self.fieldwriter
        flat = self._flat_writer()
        # The workers' segments have flat postings too: reading those is a slice, not a decode.
        flats = [FlatCursor.open(self.storage.folder, r.segment().segment_id()) for r in self.sources]
        bases = np.cumsum([0] + [r.doc_count_all() for r in self.sources])
        by_field: dict[str, dict[bytes, list]] = {}
        for i, reader in enumerate(self.sources):
            for fieldname, btext, infobytes in whoosh_adapter.term_infos(reader):   # info decoded when used
                by_field.setdefault(fieldname, {}).setdefault(btext, []).append((i, infobytes))
        for fieldname in sorted(by_field):
            terms = by_field.pop(fieldname)
            fieldobj = self.schema[fieldname]
            fw.start_field(fieldname, fieldobj)
            for btext in sorted(terms):
                ids, tfs = [], []
                for i, infobytes in terms.pop(btext):
                    got = flats[i].take(fieldname, btext) if flats[i] is not None else None
                    if got is None:
                        reader = self.sources[i]
                        matcher = whoosh_adapter.postings_from_info(reader, fieldname, btext, infobytes,
                                                                    fieldobj.format)
                        got = postings_of(matcher)
                    ids.append(got[0].astype(np.int64) + int(bases[i]))
                    tfs.append(got[1].astype(np.float64))
                ids, tfs = np.concatenate(ids), np.rint(np.concatenate(tfs))
                _write_term(fw, btext, ids, tfs)
                flat.add(fieldname, btext, ids, tfs)
            fw.finish_field()
        fw.close()
        flat.close()
        for reader in self.sources:
            reader.close()
        for cursor in flats:
            if cursor is not None:
                cursor.close()


def _groups(segments: list, segment_docs: int) -> list[list]:
    """Consecutive runs of segments holding at most segment_docs documents together."""
    groups, size = [], 0
    for segment in segments:
        n = segment.doc_count_all()
        if groups and size + n <= segment_docs:
            groups[-1].append(segment)
            size += n
        else:
            groups.append([segment])
            size = n
    return groups


def _merge(ix, group: list):
    if len(group) == 1:
        return group[0]
    merger = MergingSegmentWriter(ix, group)
    merger.copy_stored()
    return _finish(merger)


def _write_segments(index_dir: str, batches: Iterable[list[IndexRecord]], segment_docs: int) -> list:
    ix = windex.open_dir(index_dir)
    segments = []
    writer = None
    for batch in batches:
        for record in batch:
            if writer is None:
                writer = BulkSegmentWriter(ix)
            writer.add_fields(index_fields(record))
            if writer.docnum >= segment_docs:
                segments.append(_finish(writer))
                writer = None
    if writer is not None and writer.docnum:
        segments.append(_finish(writer))
    elif writer is not None:
        writer.cancel()
    return segments


def _finish(writer: BulkSegmentWriter):
    # Not writer._tempstorage.destroy(): every writer of the index shares that folder
    # (whoosh names it after the index), so one worker would delete another's files.
    segment = whoosh_adapter.finalize_segment(writer)
    writer.is_closed = True
    return segment


def _put(q, item, workers) -> None:
    """Queue a batch; fail (instead of waiting forever) if a worker has died."""
    while True:
        try:
            q.put(item, timeout=1.0)
            return
        except queue.Full:
            dead = [w for w in workers if not w.is_alive()]
            if dead:
                raise RuntimeError(f"index worker {dead[0].pid} stopped (exit code {dead[0].exitcode})") from None


def _worker(index_dir: str, jobs, results, segment_docs: int) -> None:
    try:
        results.put(("ok", _write_segments(index_dir, iter(jobs.get, None), segment_docs)))
    except BaseException as exc:   # report to the parent, which raises
        results.put(("error", repr(exc)))


def _get_result(results, workers):
    while True:
        try:
            return results.get(timeout=1.0)
        except queue.Empty:
            if not any(w.is_alive() for w in workers):
                try:
                    return results.get(timeout=1.0)
                except queue.Empty:
                    raise RuntimeError("index workers stopped without reporting") from None


def build(index_dir: str, records: Iterable[IndexRecord], *, procs: int = 1, segment_docs: int = SEGMENT_DOCS,
          progress: Callable[[int], None] | None = None) -> int:
    """Index `records` into the (fresh, empty) whoosh index in index_dir; returns the count."""
    count = 0

    def batches():
        nonlocal count
        batch = []
        for record in records:
            batch.append(record)
            count += 1
            if progress and count % 1000 == 0:
                progress(count)
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    segment_docs = max(1, segment_docs)
    flush_docs = min(FLUSH_DOCS, segment_docs)
    if procs <= 1:
        segments = _write_segments(index_dir, batches(), flush_docs)
    else:
        ctx = mp.get_context("fork")
        results = ctx.Queue()
        queues = [ctx.Queue(maxsize=4) for _ in range(procs)]
        workers = [ctx.Process(target=_worker, args=(index_dir, q, results, flush_docs), daemon=True)
                   for q in queues]
        for w in workers:
            w.start()
        try:
            for i, batch in enumerate(batches()):
                _put(queues[i % procs], batch, workers)
            for q in queues:
                _put(q, None, workers)
            segments, errors = [], []
            for _ in workers:
                status, payload = _get_result(results, workers)
                (segments.extend if status == "ok" else errors.append)(payload)
        finally:
            for w in workers:
                w.join(timeout=5)
                if w.is_alive():
                    w.terminate()
        if errors:
            raise RuntimeError(f"index worker failed: {errors[0]}")
    ix = windex.open_dir(index_dir)
    segments = [_merge(ix, group) for group in _groups(segments, segment_docs)]
    generation = ix.latest_generation() + 1
    TOC(ix.schema, segments, generation).write(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, generation, segments)   # the merged-away segments
    shutil.rmtree(Path(index_dir) / f"{ix.indexname}.tmp", ignore_errors=True)
    return count
