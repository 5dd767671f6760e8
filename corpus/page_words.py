"""The words of each page with their boxes, as ingest found them: the text layer's geometry
for born-digital pages, Tesseract's word boxes for OCR'd ones.

A box is (word, left, top, right, bottom) in page-relative coordinates, 0..1 from the top-left
corner of the page as it is shown (rotation applied), so it fits a page image of any size.
They are stored compressed (JSON through zlib: ~10 bytes a word) in `page_words`, one row per
page, and purged with the page texts (corpus/records/purge.py). A document ingested before
they existed simply has none: `accord pages boxes` computes them.
"""
from __future__ import annotations

import json
import zlib
from typing import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from corpus.document import Page
from corpus.store import Store
from corpus.tables import PageWordsRow

WordBox = tuple[str, float, float, float, float]   # word, left, top, right, bottom (0..1)
SCALE = 10_000   # stored as whole 1/10,000ths of the page: well under a pixel at any render size


def encode_words(words: Iterable[WordBox]) -> bytes:
    """zlib-compressed JSON [[word, left, top, right, bottom], ...] in 1/SCALE of the page."""
    rows = [[w, int(x0 * SCALE + .5), int(y0 * SCALE + .5), int(x1 * SCALE + .5), int(y1 * SCALE + .5)]
            for w, x0, y0, x1, y1 in words]
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def decode_words(data: bytes) -> list[WordBox]:
    return [(w, x0 / SCALE, y0 / SCALE, x1 / SCALE, y1 / SCALE)
            for w, x0, y0, x1, y1 in json.loads(zlib.decompress(data))]


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
