"""The in-memory domain objects that carry one file through the ingest stages.

detect -> extract -> OCR if needed -> metadata -> store all read and fill the same
`Document`; the store turns it into rows. Plain dataclasses so they cross process
boundaries (OCR workers) by pickling.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PAGE_SOURCE_TEXT = "text"   # the PDF/DOCX/TXT text layer
PAGE_SOURCE_OCR = "ocr"     # Tesseract
PAGE_SOURCE_NONE = "none"   # nothing readable (blank page)

# An ExtractedField with this name is a property the file itself declares (a PDF's Title,
# Author, Subject, Keywords), attributes["key"] saying which. It is read from the file, not
# from the text, so re-running metadata extraction on the text keeps it.
FILE_PROPERTY = "property"


@dataclass
class Page:
    number: int                      # 1-based
    text: str = ""
    source: str = PAGE_SOURCE_TEXT
    ocr_confidence: float | None = None   # mean word confidence 0..100 when OCR'd
    width: float | None = None            # points
    height: float | None = None
    rotation: int = 0                     # degrees the page was turned before OCR
    redaction_boxes: int = 0              # filled dark rectangles over text
    quality_note: str = ""                # why the text layer was rejected, if it was
    # the page's word boxes as corpus.page_words.encode_words packs them (compact: documents with
    # thousands of pages travel between ingest processes); None: not looked for
    words: bytes | None = None


@dataclass
class Evidence:
    page: int        # 1-based page number
    start: int       # character offsets into that page's text
    end: int


@dataclass
class ExtractedField:
    """One value pulled out of a document, with where it came from."""

    name: str                     # e.g. "party", "effective_date", "foia_code"
    value: str                    # as displayed
    normalized: str | None = None # machine form: ISO date, canonical party name, code
    evidence: Evidence | None = None
    confidence: float = 1.0
    extractor: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    # Who entered or confirmed this value, and when (corpus/field_corrections.py); "" for the extractor's.
    confirmed_by: str = ""
    confirmed_at: datetime | None = None


@dataclass
class Document:
    """A file on its way into the repository (or read back out of it)."""

    source_path: str              # where it was found (zip members: "archive.zip!member.pdf")
    filename: str
    sha256: str = ""
    size: int = 0
    mime: str = ""
    title: str = ""
    pages: list[Page] = field(default_factory=list)
    fields: list[ExtractedField] = field(default_factory=list)
    children: list["Document"] = field(default_factory=list)   # e.g. e-mail attachments
    original_path: str = ""      # the content-addressed copy in the store
    id: int | None = None
    parent_id: int | None = None
    owner: str = ""
    warnings: list[str] = field(default_factory=list)
    # MinHash of the text, computed where the text is (the ingest worker) so the single
    # store writer only compares; None until computed.
    minhash_signature: Any = None

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)

    @property
    def ocr_pages(self) -> int:
        return sum(1 for p in self.pages if p.source == PAGE_SOURCE_OCR)
