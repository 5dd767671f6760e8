"""The MinHash signature of a document's text, cheap enough to compute in the worker process.

It reproduces datasketch's `MinHash(num_perm=128)` (scheme "affine32", seed 1, SHA-1 of each
shingle) with numpy and hashlib only, so a worker neither imports datasketch (which pulls in
scipy: seconds per process) nor leaves the hashing to the single writer process. `BandIndex`
is datasketch's MinHashLSH (the same bands, so the same candidates) for the writer, which then
does not import datasketch either. `tests/test_ingest_relations_speed.py` checks the values, the
bands and the candidates equal datasketch's for the installed version.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np

NUM_PERM = 128
SHINGLE_WORDS = 3
SCHEME = "affine32"
WORD = re.compile(r"[a-z0-9]{2,}")

_gen = np.random.RandomState(1)
_A = _gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
_B = _gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
_EMPTY = np.uint32((1 << 32) - 1)


def _fmix32(hv: np.ndarray) -> np.ndarray:
    # MurmurHash3's finalizer, as datasketch pre-mixes each input hash
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def shingles(text: str) -> set[str]:
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:   # a short text is one shingle of what words it has
        return {" ".join(words)}
    return set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)))))


def text_signature(text: str) -> np.ndarray:
    """128 uint32 hash values: datasketch's MinHash of the text's 3-word shingles."""
    items = shingles(text)
    sha1 = hashlib.sha1
    # each digest's first 4 bytes, little-endian: the digests joined and read 20 bytes apart by
    # numpy (an int.from_bytes per shingle cost as much as the hashing)
    digests = b"".join([sha1(s.encode()).digest() for s in items])
    hv = np.frombuffer(digests, dtype="<u4").reshape(-1, 5)[:, 0].astype(np.uint32)
    values = np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    for start in range(0, len(hv), 4096):     # bounded memory: 4096 x 128 at a time
        mixed = _fmix32(hv[start:start + 4096]).reshape(-1, 1)
        values = np.minimum(values, (mixed * _A + _B).min(axis=0))
    return values


def sign(doc) -> None:
    """Attach the signature to the document for the writer to use (describe() signs each
    attachment as well)."""
    doc.minhash_signature = text_signature(doc.text)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two signatures estimate (datasketch's MinHash.jaccard)."""
    return float(np.count_nonzero(a == b)) / float(len(a))


class BandIndex:
    """Locality-sensitive hashing of signatures: `bands` bands of `rows` values each; two
    signatures are candidates when any band is equal (datasketch's MinHashLSH, in memory)."""

    def __init__(self, bands: int, rows: int):
        self.ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self.tables: list[dict[bytes, set]] = [{} for _ in range(bands)]

    def insert(self, key, values: np.ndarray) -> None:
        for (start, end), table in zip(self.ranges, self.tables):
            table.setdefault(values[start:end].tobytes(), set()).add(key)

    def query(self, values: np.ndarray) -> set:
        found: set = set()
        for (start, end), table in zip(self.ranges, self.tables):
            found.update(table.get(values[start:end].tobytes(), ()))
        return found
