"""The document page's viewer: its sheets (what one screen of the viewer shows) with the
page text marked by the one highlighter and, on page images, the boxes of the words that the
same matcher marks.

A document with page images (PDFs, scans, photos: web.page_images.has_page_images) has one
sheet per page: the page image, the stored word boxes of its hits, and its text below. Text,
e-mail and DOCX documents have no fixed pages: their stored pages are cut into sheets of at
most SHEET_LINES lines (SHEET_CHARS characters) of text, so a long message or text file is
read a screen at a time, like a PDF.

Thumbnails: the document page is one audited `view` event that names how many thumbnails it
shows; the thumbnail requests it makes carry a pass (signed: user, document, time) and are
not audited again one by one. A thumbnail fetched without that pass is audited as a `page`
event like any page image.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup

from search.snippets import matching_words, word_spans
from web.highlight import highlight

SHEET_LINES = 60
SHEET_CHARS = 6000
THUMBNAIL_PASS_SECONDS = 3600
THUMBNAIL_LINES, THUMBNAIL_WIDTH = 10, 40   # a text sheet's miniature (clipped by its box)


@dataclass
class Sheet:
    index: int                 # 1-based, in the viewer
    page: int                  # the stored page it shows (all of it, or a part of a text page)
    html: Markup               # the text with hits and evidence marked
    hits: int                  # hits in the text
    boxes: list = field(default_factory=list)   # (left, top, right, bottom) 0..1 of each hit on the image
    first_of_page: bool = True  # carries the page's anchor (#page-N)
    part: str = ""             # "lines 61-120" for a part of a long text page
    preview: str = ""          # a text sheet's first lines, drawn small as its thumbnail

    @property
    def anchor(self) -> str:
        """#page-N for a page's first sheet (search results link there), #sheet-K for the others."""
        return f"page-{self.page}" if self.first_of_page else f"sheet-{self.index}"


def sheets(pages: list[dict], fields: list[dict], wanted: set[str], *, images: bool,
           words_by_page: dict[int, list]) -> list[Sheet]:
    """`pages`: the record's {"page", "text"}; `fields`: its fields (their evidence spans are
    marked); `wanted`: the query's stems (search's highlight_stems); `words_by_page`: the stored
    word boxes (corpus.page_words) when the document has page images."""
    evidence: dict[int, list] = {}
    for i, f in enumerate(fields):
        ev = f.get("evidence")
        if ev and ev.get("page") is not None and ev.get("start") is not None and ev.get("end") is not None:
            evidence.setdefault(ev["page"], []).append((ev["start"], ev["end"], f"ev-{i}"))
    out: list[Sheet] = []
    for p in pages:
        text, number = p["text"], p["page"]
        hits = word_spans(text, wanted) if wanted else []
        if images:
            out.append(Sheet(len(out) + 1, number, highlight(text, hits, evidence.get(number, [])), len(hits),
                             hit_boxes(words_by_page.get(number, []), wanted)))
            continue
        ranges = sheet_ranges(text)
        for part, (start, end) in enumerate(ranges):
            shifted = [(b - start, e - start) for b, e in hits if start <= b < end]
            marked = [(b - start, min(e, end) - start, ident) for b, e, ident in evidence.get(number, [])
                      if start <= b < end]
            label = ""
            if len(ranges) > 1:
                label = f"lines {text.count(chr(10), 0, start) + 1}-{text.count(chr(10), 0, max(start, end - 1)) + 1}"
            out.append(Sheet(len(out) + 1, number, highlight(text[start:end], shifted, marked), len(shifted),
                             first_of_page=part == 0, part=label, preview=thumbnail_text(text[start:end])))
    return out


def thumbnail_text(text: str, lines: int = THUMBNAIL_LINES, width: int = THUMBNAIL_WIDTH) -> str:
    """A text sheet's miniature: its first non-blank lines, each cut to the thumbnail's width (the
    sheet's number is the caption under it, so the miniature shows words, not a number)."""
    shown = [line.strip()[:width] for line in text.splitlines() if line.strip()]
    return "\n".join(shown[:lines])


def hit_boxes(words: list, wanted: set[str]) -> list[tuple[float, float, float, float]]:
    """The boxes of the words the one matcher (search.snippets) marks for these stems."""
    if not words or not wanted:
        return []
    return [tuple(words[i][1:5]) for i in matching_words([w[0] for w in words], wanted)]


def sheet_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sheet of a text page: at most SHEET_LINES lines and SHEET_CHARS
    characters, cut after a line break (else a space) so no word is split."""
    ranges, start = [], 0
    while True:
        end, lines = start, 0
        while end < len(text) and lines < SHEET_LINES:
            nl = text.find("\n", end)
            end = len(text) if nl == -1 else nl + 1
            lines += 1
        if end - start > SHEET_CHARS:
            limit = start + SHEET_CHARS
            cut = max(text.rfind("\n", start, limit), text.rfind(" ", start, limit))
            end = cut + 1 if cut > start else limit
        ranges.append((start, end))
        if end >= len(text):
            return ranges
        start = end


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="accord-thumbnail-pass")


def thumbnail_pass(user: str, doc_id: int) -> str:
    return _serializer().dumps([user, doc_id])


def holds_thumbnail_pass(token: str, user: str, doc_id: int) -> bool:
    if not token:
        return False
    try:
        return _serializer().loads(token, max_age=THUMBNAIL_PASS_SECONDS) == [user, doc_id]
    except BadSignature:
        return False


# What the document page's header calls a stored format: "application/vnd.openxmlformats-
# officedocument.wordprocessingml.document" meant nothing to a reader (the MIME type stays on hover).
_FORMAT_WORDS = {"pdf": "PDF", "tiff": "TIFF image", "png": "PNG image", "jpeg": "JPEG image",
                 "docx": "Word document (DOCX)", "txt": "plain text", "eml": "e-mail", "zip": "zip archive"}


def format_words(mime: str) -> str:
    from ingest.detect import MIME
    return next((_FORMAT_WORDS.get(fmt, fmt) for fmt, known in MIME.items() if known == mime), mime or "unknown format")
