"""The words of each page with their boxes, as ingest found them: the text layer's geometry
for born-digital pages, Tesseract's word boxes for OCR'd ones.

A box is (word, left, top, right, bottom) in page-relative coordinates, 0..1 from the top-left
corner of the page as it is shown (rotation applied), so it fits a page image of any size.
They are stored compressed in `page_words`, one row per page (~11 bytes a word), and purged
with the page texts (corpus/records/purge.py). A document ingested before they existed simply
has none: `accord pages boxes` computes them.

Two encodings, both read by `decode_words` (rows written by earlier versions stay as they are):
  packed  zlib of b"W2", the word count (uint32), the boxes as uint16 (left, top, right, bottom
          per word, in 1/SCALE of the page) and the words in UTF-8 joined by newlines; what
          encode_words writes (numpy does the rounding: ~3x cheaper than JSON, for every page
          of every ingest)
  JSON    zlib of [[word, left, top, right, bottom], ...], the same units; written before the
          packed form existed, and still for a word holding a newline
"""
from __future__ import annotations

import json
import struct
import zlib
from typing import Iterable

import numpy as np

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from corpus.document import Page
from corpus.store import Store
from corpus.tables import PageWordsRow

WordBox = tuple[str, float, float, float, float]   # word, left, top, right, bottom (0..1)
SCALE = 10_000   # stored as whole 1/10,000ths of the page: well under a pixel at any render size
PACKED = b"W2"
_HEADER = len(PACKED) + 4


def encode_words(words: Iterable[WordBox]) -> bytes:
    """The packed encoding (module docstring) of (word, left, top, right, bottom) boxes, 0..1."""
    words = list(words)
    if not words:
        return zlib.compress(PACKED + struct.pack("<I", 0), 1)
    names, *sides = zip(*words)
    joined = "\n".join(names)
    # floor(x * SCALE + .5) in float64: the very rounding int(x * SCALE + .5) did for the JSON rows
    boxes = np.floor(np.array(sides, dtype=np.float64).T * SCALE + .5)
    if joined.count("\n") != len(names) - 1 or not (boxes.min() >= 0 and boxes.max() <= 0xFFFF):
        return _encode_json(words)   # a word with a newline, or a box off the page
    return zlib.compress(PACKED + struct.pack("<I", len(names)) + boxes.astype("<u2").tobytes() + joined.encode(), 1)


def _encode_json(words: list[WordBox]) -> bytes:
    rows = [[w, int(x0 * SCALE + .5), int(y0 * SCALE + .5), int(x1 * SCALE + .5), int(y1 * SCALE + .5)]
            for w, x0, y0, x1, y1 in words]
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def decode_words(data: bytes) -> list[WordBox]:
    """The boxes of either encoding (module docstring)."""
    raw = zlib.decompress(data)
    if not raw.startswith(PACKED):
        return [(w, x0 / SCALE, y0 / SCALE, x1 / SCALE, y1 / SCALE) for w, x0, y0, x1, y1 in json.loads(raw)]
    (count,) = struct.unpack_from("<I", raw, len(PACKED))
    if not count:
        return []
    boxes = (np.frombuffer(raw, dtype="<u2", count=4 * count, offset=_HEADER).reshape(count, 4) / SCALE).tolist()
    names = raw[_HEADER + 8 * count:].decode().split("\n")
    return [(name, *box) for name, box in zip(names, boxes)]


def add_page_words(session: Session, document_id: int, pages: Iterable[Page]) -> None:
    """Rows for the pages whose words were found (`page.words` is None when nobody looked)."""
    for page in pages:
        if page.words is not None:
            session.add(PageWordsRow(document_id=document_id, number=page.number, words=page.words))


def replace_page_words(store: Store, document_id: int, words_by_page: dict[int, bytes]) -> None:
    """Swap a document's word boxes (encoded, page number -> encode_words) for new ones (the
    backfill, `accord pages boxes`)."""
    with store.session() as session:
        session.execute(delete(PageWordsRow).where(PageWordsRow.document_id == document_id))
        for number, words in sorted(words_by_page.items()):
            session.add(PageWordsRow(document_id=document_id, number=number, words=words))


def page_words(store: Store, document_id: int) -> dict[int, list[WordBox]]:
    """Page number -> its word boxes, for the pages that have them. The caller has already
    checked that its principal may see the document (corpus.documents.document_header)."""
    with store.session() as session:
        rows = session.execute(select(PageWordsRow.number, PageWordsRow.words)
                               .where(PageWordsRow.document_id == document_id)).all()
    return {number: decode_words(data) for number, data in rows}


def has_page_words(store: Store, document_id: int) -> bool:
    with store.session() as session:
        return session.scalar(select(PageWordsRow.number).where(PageWordsRow.document_id == document_id)
                              .limit(1)) is not None
