"""whoosh3 posting lists written a whole term at a time, byte for byte as whoosh writes them.

whoosh's field writer takes a segment's postings one at a time: per posting a Python call
with type assertions, per term a posting writer reset, a block statistics object, two pickles
(the block and its info), a term-info object and its encoding, each through several method
calls. A live-update commit of 50 agreements has ~75,000 terms (word pairs included), most
with one posting, so those per-term calls were most of an ingest's index commit.

`write_postings` takes the same sorted (field, term, docnum, weight, value) postings and
produces the same bytes: the same pickles (protocol 2, the same tuples), the same block
headers, term infos and term table rows, in the same order; only the Python between them is
gone. The stock reader reads the result as it reads whoosh's own (tests/test_search_term_blocks.py
writes the same documents both ways and compares the segment files byte for byte).

It handles the codec the index uses (search.schema.FastCodec: uncompressed blocks, none
inlined); any other codec settings go through whoosh's own loop.
"""
from __future__ import annotations

import struct
from array import array
from pickle import dumps
from typing import Iterable, Iterator

import numpy as np
from whoosh.util.numeric import length_to_byte

from search import whoosh_adapter
from search.flat import FlatWriter

_TERM_INFO = struct.Struct("!BfIBBfII")   # whoosh3's W3TermInfo: flags, weight, df, lengths, max weight, ids
_EXTENT = struct.Struct("!qi")            # an info's offset and length in the postings file (pack_long, pack_int)
_BLOCK_LENGTH = struct.Struct("!i")
# no field lengths are kept in postings (search.schema._PostingsWithoutLengths): both length bytes
_NO_LENGTH = length_to_byte(0)
_NO_MIN_LENGTH = length_to_byte(None)
FLAT_BATCH_POSTINGS = 1 << 20   # postings held for the flat writer at once (a merge of a whole index)


def write_postings(fieldwriter, schema, postings: Iterable[tuple], flat: FlatWriter | None = None) -> None:
    """What `fieldwriter.add_postings(schema, None, postings)` writes, for a whoosh3 field writer;
    with `flat`, the same postings go to the segment's flat posting files (search.flat) too.
    `postings`: (fieldname, btext, docnum, weight, value) sorted by field, term and docnum."""
    blocklimit = whoosh_adapter.posting_settings(fieldwriter)
    if blocklimit is None:   # compressed or inlined postings: whoosh's own loop
        fieldwriter.add_postings(schema, None, _tee(postings, flat) if flat is not None else postings)
        return
    batch = _FlatBatch(flat) if flat is not None else None
    magic = whoosh_adapter.POSTINGS_MAGIC
    postfile = whoosh_adapter.postings_file(fieldwriter)
    table = whoosh_adapter.term_table(fieldwriter)
    keys: list[bytes] = []            # term table rows not yet written
    infos: list[bytes] = []
    chunks: list[bytes] = []          # postings file bytes not yet written
    offset = postfile.tell()
    # Most terms of a live-update segment have one posting (word pairs above all), and the bytes
    # of such a term's block depend only on its (document, weight, value): a document's
    # thousands of terms seen once share one block. Made once per segment and field, and reused.
    single: dict[tuple, tuple[bytes, int, float, float]] = {}
    for fieldname, fieldid, fixedsize, terms in _by_term(fieldwriter, schema, postings):
        prefix = struct.pack("!H", fieldid)
        single.clear()
        for btext, ids, weights, values in terms:
            start = offset
            if len(ids) == 1:
                key = (ids[0], weights[0], values[0])
                made = single.get(key)
                if made is None:
                    info, data, (total_weight, maxweight) = _block(ids, weights, values, fixedsize)
                    length = len(info) + len(data)
                    made = single[key] = (b"".join((magic, _BLOCK_LENGTH.pack(-length), info, data)), 8 + length,
                                          total_weight, maxweight)
                block, length, total_weight, maxweight = made
                chunks.append(block)
                offset += length
            elif len(ids) <= blocklimit:
                info, data, stats = _block(ids, weights, values, fixedsize)
                length = len(info) + len(data)
                chunks += (magic, _BLOCK_LENGTH.pack(-length), info, data)
                offset += 8 + length
                total_weight, maxweight = stats
            else:
                chunks.append(magic)
                offset += 4
                total_weight, maxweight = 0, 0
                for lo in range(0, len(ids), blocklimit):
                    hi = lo + blocklimit
                    info, data, (block_weight, block_max) = _block(ids[lo:hi], weights[lo:hi], values[lo:hi],
                                                                   fixedsize)
                    length = len(info) + len(data)
                    chunks += (_BLOCK_LENGTH.pack(length if hi < len(ids) else -length), info, data)
                    offset += 4 + length
                    total_weight += block_weight
                    maxweight = max(maxweight, block_max)
            keys.append(prefix + btext)
            infos.append(_TERM_INFO.pack(0, total_weight, len(ids), _NO_MIN_LENGTH, _NO_LENGTH, maxweight, ids[0],
                                         ids[-1]) + _EXTENT.pack(start, offset - start))
            if batch is not None:
                batch.add(fieldname, btext, ids, weights)
            if len(keys) >= 4096:   # memory stays bounded however many terms (a merge of a whole index)
                postfile.write(b"".join(chunks))
                whoosh_adapter.add_term_rows(table, keys, infos)
                chunks, keys, infos = [], [], []
        whoosh_adapter.add_term_rows(table, keys, infos)
        keys, infos = [], []
        whoosh_adapter.finish_field(fieldwriter)
    postfile.write(b"".join(chunks))
    if batch is not None:
        batch.write()


def _block(ids: list[int], weights: list[float], values: list[bytes], fixedsize) -> tuple[bytes, bytes, tuple]:
    """(block info pickle, block data pickle, (sum of weights, max weight)) of one block, as
    W3PostingsWriter._write_block makes them."""
    stored = array("f", weights)    # whoosh keeps weights as 32-bit floats
    first = stored[0]
    if first == 1.0 and stored.count(1.0) == len(stored):
        mini_weights = None
    elif stored.count(first) == len(stored):
        mini_weights = first
    else:
        mini_weights = tuple(stored)
    if fixedsize is None or fixedsize < 0:
        mini_values = tuple(value for value in values if value)   # whoosh keeps the non-empty ones
    elif fixedsize == 0:
        mini_values = None
    else:
        mini_values = b"".join(values)
    if len(ids) == 1:
        deltas = (ids[0],)
    else:
        deltas = (ids[0], *map(int.__sub__, ids[1:], ids[:-1]))
    # the block's max weight starts at 0 and takes the first weight above it (unrounded)
    maxweight = max(weights)
    if not maxweight > 0:
        maxweight = 0
    data = dumps((deltas, mini_weights, mini_values), 2)
    info = dumps((len(ids), ids[-1], maxweight, 0, _NO_MIN_LENGTH, _NO_LENGTH), 2)
    return info, data, (sum(stored), maxweight)


def _by_term(fieldwriter, schema, postings) -> Iterator[tuple[str, int, int | None, Iterator]]:
    """(fieldname, field number, fixed value size, its terms) per field, in order; each term as
    (btext, docnums, weights, values). The field is started on the field writer."""
    postings = iter(postings)
    pending = next(postings, None)
    while pending is not None:
        fieldname = pending[0]
        fieldobj = schema[fieldname]
        fieldid = whoosh_adapter.start_field(fieldwriter, fieldname, fieldobj)
        state = {"next": pending}

        def terms(fieldname=fieldname, state=state):
            posting = state["next"]
            while posting is not None and posting[0] == fieldname:
                btext = posting[1]
                ids, weights, values = [], [], []
                while posting is not None and posting[1] == btext and posting[0] == fieldname:
                    _, _, docnum, weight, value = posting
                    if docnum != -1:   # whoosh's marker of a spelling word: no posting
                        ids.append(docnum)
                        weights.append(weight)
                        values.append(value or b"")
                    posting = next(postings, None)
                if ids:
                    yield btext, ids, weights, values
            state["next"] = posting
        yield fieldname, fieldid, fieldobj.format.fixed_value_size(), terms()
        pending = state["next"]


class _FlatBatch:
    """Terms handed to FlatWriter.add_many in batches of whole terms (numpy does the work per
    posting, so a commit's thousands of small terms cost little beside the whoosh files)."""

    def __init__(self, flat: FlatWriter):
        self.flat = flat
        self.keys: list[tuple[str, bytes]] = []
        self.starts: list[int] = []
        self.docs: list[int] = []
        self.weights: list[float] = []

    def add(self, fieldname: str, btext: bytes, ids: list[int], weights: list[float]) -> None:
        if len(self.docs) >= FLAT_BATCH_POSTINGS:
            self.write()
        self.keys.append((fieldname, btext))
        self.starts.append(len(self.docs))
        self.docs += ids
        self.weights += weights

    def write(self) -> None:
        if not self.keys:
            return
        # A posting's weight is its term's number of occurrences (at least 1, as in bulk segments).
        freqs = np.maximum(np.rint(np.asarray(self.weights, dtype=np.float64)), 1).astype(np.uint32)
        self.flat.add_many(self.keys, np.asarray(self.starts + [len(self.docs)], dtype=np.int64),
                           np.asarray(self.docs, dtype=np.int64), freqs)
        self.keys, self.starts, self.docs, self.weights = [], [], [], []


def _tee(postings, flat: FlatWriter):
    """whoosh's postings passed on unchanged, and handed to the flat writer term by term."""
    batch = _FlatBatch(flat)
    term, ids, weights = None, [], []
    for posting in postings:
        fieldname, btext, docnum, weight, _ = posting
        if (fieldname, btext) != term:
            if ids:
                batch.add(*term, ids, weights)
            term, ids, weights = (fieldname, btext), [], []
        ids.append(docnum)
        weights.append(weight)
        yield posting
    if ids:
        batch.add(*term, ids, weights)
    batch.write()
