"""Flat posting lists: a segment's postings as plain arrays on disk, read without decoding.

whoosh stores a posting list as pickled blocks of 1,024 postings; reading a term that is
in most of 50,000 documents means ~50 seeks, reads and unpickles in Python (~0.5 ms, the
main cost of a query the first time it runs). The bulk builder (search.bulk) also writes,
beside each segment it builds, the same postings as flat arrays:

    <segment>.fpd   per term, its document numbers: a bitmap of all the segment's documents
                    when that is smaller (terms in more than 1/16 of the documents), else
                    the numbers as uint16 (segments of <= 65,536 documents) or uint32
    <segment>.fpf   per term, its frequencies as uint8 when all are < 256, else uint16
                    (saturated at 65,535; BM25 is flat long before)
    <segment>.fpk   the term table: sorted 64-bit hashes of "field\\0term", each with where
                    its postings are, how many, their encoding, and the bytes of its key
                    (hash collisions are resolved by comparing the key)

They are memory-mapped when the segment is opened, so a posting list is a numpy view of
the OS page cache, as tantivy reads its own files: looking a term up costs a hash and a
binary search, and a common term is a few KB to read from disk, not 200. whoosh's own
files stay complete and authoritative. Segments written by whoosh's per-document writer
(live updates and its merges) get them too, from search.writing; only compound segments
of an index written before that have none, and are read through whoosh. The files share
the segment's name, so whoosh's clean-up deletes them with the segment.
"""
from __future__ import annotations

import mmap
import os
from array import array
from hashlib import blake2b
from typing import Self

import numpy as np

MAGIC = b"ACCFLAT2"
EXTS = (".fpd", ".fpf", ".fpk")
BITMAP, WIDE_FREQS = 1, 2              # encoding flags of a term
_COLUMNS = 7                           # hash, docs offset, freqs offset, count, flags, key start, key end
_HEADER = 8 + 5 * 8                    # magic; terms, postings, segment documents, bytes per docnum, key bytes
_MAX_BITMAP_ROWS = 1 << 24             # FlatWriter.add_many packs this many bits at once, at most


def key(fieldname: str, btext: bytes) -> bytes:
    return fieldname.encode("utf-8") + b"\x00" + btext


def _hash(k: bytes) -> int:
    return int.from_bytes(blake2b(k, digest_size=8).digest(), "little")


def hashed_key(fieldname: str, btext: bytes) -> tuple[bytes, np.uint64]:
    """A term's key and hash, as every segment's table looks them up."""
    k = key(fieldname, btext)
    return k, np.uint64(_hash(k))


class FlatWriter:
    """Collects a segment's postings term by term (in any order) and writes the three files."""

    def __init__(self, folder: str, segment_name: str, doc_count: int):
        self.prefix = os.path.join(folder, segment_name)
        self.doc_count = doc_count
        self.doc_dtype = np.dtype("<u2") if doc_count <= 65536 else np.dtype("<u4")
        self._docs = open(self.prefix + ".fpd.part", "wb")
        self._freqs = open(self.prefix + ".fpf.part", "wb")
        self._columns = [array("Q") for _ in range(_COLUMNS)]
        self._keys = bytearray()
        self._written = self._doc_bytes = self._freq_bytes = 0

    def add(self, fieldname: str, btext: bytes, docs: np.ndarray, freqs: np.ndarray) -> None:
        k = key(fieldname, btext)
        docs, freqs = np.asarray(docs), np.minimum(np.asarray(freqs), 65535)
        flags = 0
        if len(docs) * self.doc_dtype.itemsize * 8 > self.doc_count:
            bits = np.zeros(self.doc_count, dtype=bool)
            bits[docs.astype(np.int64)] = True
            doc_bytes = np.packbits(bits, bitorder="little").tobytes()
            flags |= BITMAP
        else:
            doc_bytes = docs.astype(self.doc_dtype).tobytes()
        if len(freqs) and freqs.max() > 255:
            freq_bytes = freqs.astype("<u2").tobytes()
            flags |= WIDE_FREQS
        else:
            freq_bytes = freqs.astype(np.uint8).tobytes()
        for column, value in zip(self._columns, (_hash(k), self._doc_bytes, self._freq_bytes, len(docs), flags,
                                                 len(self._keys), len(self._keys) + len(k))):
            column.append(value)
        self._keys += k
        self._docs.write(doc_bytes)
        self._freqs.write(freq_bytes)
        self._doc_bytes += len(doc_bytes)
        self._freq_bytes += len(freq_bytes)
        self._written += len(docs)

    def add_many(self, keys: list[tuple[str, bytes]], starts: np.ndarray, docs: np.ndarray,
                 freqs: np.ndarray) -> None:
        """add() for many terms at once, writing the same bytes: term i's postings are
        docs[starts[i]:starts[i + 1]] (ascending, at least one) with their freqs. The work per
        posting is done by numpy for all terms together, so a small segment's thousands of
        one-posting terms cost about a microsecond each instead of add()'s ~30."""
        n = len(keys)
        if not n:
            return
        starts = np.asarray(starts, dtype=np.int64)
        docs, freqs = np.asarray(docs, dtype=np.int64), np.minimum(np.asarray(freqs), 65535)
        counts = np.diff(starts)
        itemsize = self.doc_dtype.itemsize
        bitmap = counts * itemsize * 8 > self.doc_count
        wide = np.maximum.reduceat(freqs, starts[:-1]) > 255
        if int(bitmap.sum()) * self.doc_count <= _MAX_BITMAP_ROWS:   # every bitmap in one packbits
            term_of = np.repeat(np.arange(n), counts)
            in_bitmap = bitmap[term_of]
            rows = np.zeros((int(bitmap.sum()), self.doc_count), dtype=bool)
            rows[(np.cumsum(bitmap) - 1)[term_of[in_bitmap]], docs[in_bitmap]] = True
            packed = np.packbits(rows, axis=1, bitorder="little").tobytes()
        else:
            packed = None
        row_bytes = (self.doc_count + 7) // 8
        listed, narrow, wide_freqs = (docs.astype(self.doc_dtype).tobytes(), freqs.astype(np.uint8).tobytes(),
                                      freqs.astype("<u2").tobytes())
        doc_pieces, freq_pieces, keys_bytes = [], [], []
        hashes, doc_offsets, freq_offsets, flags, key_starts = [], [], [], [], []
        doc_at, freq_at, key_at, row = self._doc_bytes, self._freq_bytes, len(self._keys), 0
        for (fieldname, btext), lo, hi, is_bitmap, is_wide in zip(keys, starts[:-1].tolist(), starts[1:].tolist(),
                                                                  bitmap.tolist(), wide.tolist()):
            k = fieldname.encode("utf-8") + b"\x00" + btext
            if not is_bitmap:
                doc_bytes = listed[lo * itemsize:hi * itemsize]
            elif packed is not None:
                doc_bytes = packed[row * row_bytes:(row + 1) * row_bytes]
                row += 1
            else:
                bits = np.zeros(self.doc_count, dtype=bool)
                bits[docs[lo:hi]] = True
                doc_bytes = np.packbits(bits, bitorder="little").tobytes()
            freq_bytes = wide_freqs[2 * lo:2 * hi] if is_wide else narrow[lo:hi]
            hashes.append(_hash(k))
            doc_offsets.append(doc_at)
            freq_offsets.append(freq_at)
            flags.append((BITMAP if is_bitmap else 0) | (WIDE_FREQS if is_wide else 0))
            key_starts.append(key_at)
            keys_bytes.append(k)
            doc_pieces.append(doc_bytes)
            freq_pieces.append(freq_bytes)
            doc_at += len(doc_bytes)
            freq_at += len(freq_bytes)
            key_at += len(k)
        key_ends = key_starts[1:] + [key_at]
        for column, values in zip(self._columns, (hashes, doc_offsets, freq_offsets, counts.tolist(), flags,
                                                  key_starts, key_ends)):
            column.extend(values)
        self._keys += b"".join(keys_bytes)
        self._doc_bytes, self._freq_bytes = doc_at, freq_at
        self._docs.write(b"".join(doc_pieces))
        self._freqs.write(b"".join(freq_pieces))
        self._written += len(docs)

    def close(self) -> None:
        self._docs.close()
        self._freqs.close()
        columns = [np.frombuffer(c, dtype=np.uint64) if len(c) else np.zeros(0, np.uint64) for c in self._columns]
        order = np.argsort(columns[0], kind="stable")
        with open(self.prefix + ".fpk.part", "wb") as f:
            f.write(MAGIC)
            f.write(np.array([len(order), self._written, self.doc_count, self.doc_dtype.itemsize, len(self._keys)],
                             dtype="<u8").tobytes())
            for column in columns:
                f.write(column[order].astype("<u8").tobytes())
            f.write(bytes(self._keys))
        for ext in EXTS:   # the table last: a segment with a table has complete postings
            os.replace(self.prefix + ext + ".part", self.prefix + ext)


def read_into_page_cache(paths) -> int:
    """Read files once so that they are in the OS page cache (done at open, in the
    background): a query then does not wait for the disk. Returns the bytes read."""
    total = 0
    for path in paths:
        with open(path, "rb", buffering=0) as f:
            while chunk := f.read(1 << 22):
                total += len(chunk)
    return total


def _map(path: str):
    with open(path, "rb") as f:
        if os.fstat(f.fileno()).st_size == 0:
            return b""
        return memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))


def _table(buffer) -> tuple[dict, list[np.ndarray], int]:
    if bytes(buffer[:8]) != MAGIC:
        raise ValueError("not a flat postings table of this version")
    n, postings, doc_count, doc_size, _ = (int(v) for v in np.frombuffer(buffer, "<u8", 5, 8))
    columns = [np.frombuffer(buffer, "<u8", n, _HEADER + i * 8 * n) for i in range(_COLUMNS)]
    header = {"terms": n, "postings": postings, "doc_count": doc_count,
              "doc_dtype": np.dtype("<u2") if doc_size == 2 else np.dtype("<u4")}
    return header, columns, _HEADER + _COLUMNS * 8 * n


def _decode(header: dict, docs_buf, freqs_buf, count: int, flags: int, bitmap: bool = False):
    """(docnums, frequencies) of one term from its bytes (buffers start at the term).
    `bitmap`: a bitmap-coded term's documents as a bool mask over the segment instead."""
    if flags & BITMAP:
        bits = np.frombuffer(docs_buf, np.uint8, (header["doc_count"] + 7) // 8)
        mask = np.unpackbits(bits, count=header["doc_count"], bitorder="little").view(bool)
        # (nonzero of a bool view is several times faster than of the uint8 bits)
        docs = mask if bitmap else np.flatnonzero(mask)
    else:
        docs = np.frombuffer(docs_buf, header["doc_dtype"], count)
    freqs = np.frombuffer(freqs_buf, "<u2" if flags & WIDE_FREQS else np.uint8, count)
    return docs, freqs


class _SegmentFiles:
    """Opened from a folder and a segment name: `open` gives None when that segment has no
    flat posting files."""

    @classmethod
    def open(cls, folder: str | None, segment_name: str) -> Self | None:
        if folder is None or not os.path.exists(os.path.join(folder, segment_name + ".fpk")):
            return None
        try:
            return cls(os.path.join(folder, segment_name))
        except ValueError:   # another version: read through whoosh until the next rebuild
            return None


class FlatPostings(_SegmentFiles):
    """Read side: `get(field, term)` -> (docnums, frequencies), or None if absent."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self._table = _map(prefix + ".fpk")
        self.header, columns, self._blob = _table(self._table)
        (self.hashes, self.doc_offsets, self.freq_offsets, self.counts, self.flags,
         self.key_starts, self.key_ends) = columns
        self.docs, self.freqs = _map(prefix + ".fpd"), _map(prefix + ".fpf")

    def files(self) -> list[str]:
        return [self.prefix + ext for ext in EXTS]

    def get(self, fieldname: str, btext: bytes, *, bitmap: bool = False,
            hashed: tuple[bytes, np.uint64] | None = None):
        """(docnums, frequencies) of a term, or None; `bitmap`: see _decode; `hashed`: the
        term's hashed_key(), when the caller looks it up in several segments."""
        k, h = hashed or hashed_key(fieldname, btext)
        hashes = self.hashes
        i = int(np.searchsorted(hashes, h))
        while i < len(hashes) and hashes[i] == h:
            b = self._blob
            if self._table[b + int(self.key_starts[i]):b + int(self.key_ends[i])] == k:
                return _decode(self.header, self.docs[int(self.doc_offsets[i]):],
                               self.freqs[int(self.freq_offsets[i]):], int(self.counts[i]), int(self.flags[i]),
                               bitmap)
            i += 1
        return None


class FlatCursor(_SegmentFiles):
    """Reads a segment's flat postings term by term in the order they were written (sorted by
    field, then term) for merging segments: `take(field, term)` returns that term's postings
    when it is the next one written. Reads with pread, not a memory map, so a merge of many
    segments keeps only one posting list at a time in memory."""

    def __init__(self, prefix: str):
        with open(prefix + ".fpk", "rb") as f:
            table = f.read()
        self.header, columns, blob_at = _table(table)
        _, doc_offsets, freq_offsets, counts, flags, key_starts, key_ends = columns
        order = np.argsort(doc_offsets, kind="stable")   # the order of writing
        # numpy columns, not lists: a merge holds one cursor per source segment
        self._blob = table[blob_at:]
        self.key_starts, self.key_ends = key_starts[order], key_ends[order]
        self.doc_offsets, self.freq_offsets = doc_offsets[order], freq_offsets[order]
        self.counts, self.flags = counts[order], flags[order]
        self._docs = os.open(prefix + ".fpd", os.O_RDONLY)
        self._freqs = os.open(prefix + ".fpf", os.O_RDONLY)
        self._next = 0

    def take(self, fieldname: str, btext: bytes):
        i = self._next
        if i >= len(self.counts) or self._blob[int(self.key_starts[i]):int(self.key_ends[i])] != key(fieldname, btext):
            return None
        self._next += 1
        count, flags = int(self.counts[i]), int(self.flags[i])
        doc_bytes = ((self.header["doc_count"] + 7) // 8 if flags & BITMAP
                     else count * self.header["doc_dtype"].itemsize)
        freq_bytes = count * (2 if flags & WIDE_FREQS else 1)
        return _decode(self.header, os.pread(self._docs, doc_bytes, int(self.doc_offsets[i])),
                       os.pread(self._freqs, freq_bytes, int(self.freq_offsets[i])), count, flags)

    def close(self) -> None:
        os.close(self._docs)
        os.close(self._freqs)


def segment_postings(folder: str | None, segment_name: str, max_postings: int):
    """Every posting of a segment's flat files at once, for merging it into another segment:
    (terms as (field, term bytes) in the order written, each term's posting count, the
    document numbers and the frequencies of all terms one after the other), or None when
    the segment has no flat files or more than `max_postings` postings. Decoded by numpy for all terms together (a small segment
    holds tens of thousands of one-posting terms, each bitmap-coded)."""
    if folder is None or not os.path.exists(os.path.join(folder, segment_name + ".fpk")):
        return None
    prefix = os.path.join(folder, segment_name)
    with open(prefix + ".fpk", "rb") as f:
        table = f.read()
    try:
        header, columns, blob_at = _table(table)
    except ValueError:
        return None
    if header["postings"] > max_postings:   # decoded whole: memory grows with the segment
        return None
    _, doc_offsets, freq_offsets, counts, flags, key_starts, key_ends = (c.astype(np.int64) for c in columns)
    order = np.argsort(doc_offsets, kind="stable")   # the order of writing
    doc_offsets, freq_offsets, counts, flags = doc_offsets[order], freq_offsets[order], counts[order], flags[order]
    blob = table[blob_at:]
    terms = []
    for start, end in zip(key_starts[order].tolist(), key_ends[order].tolist()):
        fieldname, btext = blob[start:end].split(b"\x00", 1)
        terms.append((fieldname.decode("utf-8"), btext))
    with open(prefix + ".fpd", "rb") as f:
        doc_bytes = np.frombuffer(f.read(), np.uint8)
    with open(prefix + ".fpf", "rb") as f:
        freq_bytes = np.frombuffer(f.read(), np.uint8)
    doc_count, doc_dtype = header["doc_count"], header["doc_dtype"]
    term_of = np.repeat(np.arange(len(counts)), counts)            # each posting's term
    rank = np.arange(len(term_of)) - np.repeat(np.cumsum(counts) - counts, counts)   # its place in the term
    docs = np.empty(len(term_of), dtype=np.int64)
    in_bitmap = (flags & BITMAP).astype(bool)
    if in_bitmap.any():
        rows = doc_offsets[in_bitmap][:, None] + np.arange((doc_count + 7) // 8)
        bits = np.unpackbits(doc_bytes[rows], axis=1, count=doc_count, bitorder="little").view(bool)
        docs[in_bitmap[term_of]] = np.nonzero(bits)[1]   # row by row, ascending: each term's postings in order
    listed = ~in_bitmap[term_of]
    if listed.any():
        size = doc_dtype.itemsize
        at = (doc_offsets[term_of[listed]] + rank[listed] * size)[:, None] + np.arange(size)
        docs[listed] = doc_bytes[at].copy().view(doc_dtype).ravel()
    wide = (flags & WIDE_FREQS).astype(bool)[term_of]
    freqs = np.empty(len(term_of), dtype=np.int64)
    freqs[~wide] = freq_bytes[freq_offsets[term_of[~wide]] + rank[~wide]]
    if wide.any():
        at = (freq_offsets[term_of[wide]] + rank[wide] * 2)[:, None] + np.arange(2)
        freqs[wide] = freq_bytes[at].copy().view("<u2").ravel()
    return terms, counts, docs, freqs
