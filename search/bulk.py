"""Bulk building of whoosh segments for `rebuild` (live updates use whoosh's own writer).

whoosh's SegmentWriter sends every posting through a generic sorting pool and writes
it with one Python call each (~6 µs a posting; 50,000 agreements have ~50 M postings).
Here each worker keeps an in-memory inverted index of up to `segment_docs` documents
(term -> array of docnums and array of frequencies), then writes whole posting
blocks at once through whoosh's own postings writer, producing ordinary whoosh
segments. Workers run in parallel; the parent streams records to them through bounded
queues (so memory stays bounded) and finally writes one TOC listing every segment.
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
from whoosh.index import TOC
from whoosh.writing import SegmentWriter

from search.analysis import text_terms
from search.schema import FastCodec, FastText, IndexRecord, index_fields

BATCH = 100


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
        self._added = True
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

    def _flush_segment(self):
        self.perdocwriter.close()
        fw = self.fieldwriter
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
                fw.start_term(btext)
                pw = fw._postwriter
                limit = pw._blocklimit
                for start in range(lo, hi, limit):
                    stop = min(start + limit, hi)
                    ids = array("I")
                    ids.frombytes(docs[start:stop].tobytes())
                    chunk_freqs = freqs[start:stop]
                    pw._ids = ids
                    pw._weights = array("f", chunk_freqs.astype(np.float32).tobytes())
                    pw._values = [chunk_freqs.astype(">u4").tobytes()]
                    pw._maxweight = float(chunk_freqs.max())
                    # whoosh delta-encodes ids one by one in Python; hand it numpy's result.
                    deltas = tuple(np.diff(docs[start:stop].astype(np.int64), prepend=0).tolist())
                    pw._mini_ids = lambda deltas=deltas: deltas
                    if stop < hi:
                        pw._write_block()
                fw.finish_term()
            fw.finish_field()
        fw.close()


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
    segment = writer._finalize_segment()
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


def build(index_dir: str, records: Iterable[IndexRecord], *, procs: int = 1, segment_docs: int = 5000,
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

    if procs <= 1:
        segments = _write_segments(index_dir, batches(), segment_docs)
    else:
        ctx = mp.get_context("fork")
        results = ctx.Queue()
        queues = [ctx.Queue(maxsize=4) for _ in range(procs)]
        workers = [ctx.Process(target=_worker, args=(index_dir, q, results, segment_docs), daemon=True)
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
    TOC(ix.schema, segments, ix.latest_generation() + 1).write(ix.storage, ix.indexname)
    shutil.rmtree(Path(index_dir) / f"{ix.indexname}.tmp", ignore_errors=True)
    return count
