"""`DocumentText`: what the classifier reads of a document, and how it gets it.

A document type is usually named in its heading and on its first page, so the input keeps
the pages apart (evidence points at a page) and exposes the heading region separately from
the whole text. Raw files are read here (pypdfium2 for PDF text layers) so that the
classifier never needs ingest/.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Sequence

from corpus.errors import CorruptFile, UnsupportedFormat, UsageError

PAGE_BREAK = "\n\f"
WHITESPACE = re.compile(r"\s+")
WORD = re.compile(r"[A-Za-z]{2,}")
# A few of the commonest English words: a readable page of prose or a form has many of them;
# a text layer decoded through a broken font map has almost none.
COMMON_WORDS = frozenset(
    "the of and to in a is that for it as with be by on not this are or at from which an will shall "
    "any all such its their other may has have been under between agreement party parties each "
    "date name section form page information".split())
MIN_READABLE_WORDS = 20
MIN_COMMON_RATIO = 0.08
MIN_PAGE_TEXT = 200          # a page with less text than this is probably an image without OCR
MIN_TEXT_COVERAGE = 0.5


def normalize(text: str) -> str:
    """Lower case, hyphens and underscores as spaces, one space between words."""
    return WHITESPACE.sub(" ", text.replace("-", " ").replace("_", " ")).strip().lower()


@dataclass(frozen=True)
class DocumentText:
    """The pages of one document (1-based page i is pages[i-1]) and an optional known title."""

    pages: tuple[str, ...]
    title: str = ""
    name: str = field(default="", compare=False)   # file name or id, for messages only

    @classmethod
    def of(cls, value: "DocumentText | str | Sequence[str]") -> "DocumentText":
        """Accepts a DocumentText, a whole text (pages separated by form feeds), or a
        (heading, full text) pair / list of page texts."""
        if isinstance(value, DocumentText):
            return value
        if isinstance(value, str):
            return cls(tuple(value.split("\f")) if "\f" in value else (value,))
        if isinstance(value, (tuple, list)) and len(value) == 2 and isinstance(value, tuple):
            heading, full = value
            return cls((str(full),), title=str(heading))
        if isinstance(value, (tuple, list)):
            return cls(tuple(str(p) for p in value))
        raise UsageError(f"cannot classify a {type(value).__name__}",
                         hint="Pass DocumentText, a text, or a (heading, full text) pair.")

    @cached_property
    def full_text(self) -> str:
        return PAGE_BREAK.join(self.pages)

    def head(self, chars: int) -> str:
        """The first `chars` characters of (title +) text: the heading region."""
        text = f"{self.title}\n{self.full_text}" if self.title else self.full_text
        return text[:chars]

    @cached_property
    def page_starts(self) -> tuple[int, ...]:
        starts, offset = [], 0
        for page in self.pages:
            starts.append(offset)
            offset += len(page) + len(PAGE_BREAK)
        return tuple(starts)

    def locate(self, offset: int) -> tuple[int, int]:
        """(page number, offset within that page) of an offset into full_text."""
        page = 0
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i
        return page + 1, offset - self.page_starts[page]

    @cached_property
    def readable(self) -> bool:
        """False when there is no text or it is not language (e.g. a broken font map)."""
        words = WORD.findall(self.full_text[:20000])
        if len(words) < MIN_READABLE_WORDS:
            return False
        common = sum(map(COMMON_WORDS.__contains__, map(str.lower, words)))   # no Python step per word
        return common / len(words) >= MIN_COMMON_RATIO


    @cached_property
    def text_coverage(self) -> float:
        """Share of pages that carry text (a scan whose text layer covers only its stamp pages
        says little about the document)."""
        if not self.pages:
            return 0.0
        return sum(1 for p in self.pages if len(p.strip()) >= MIN_PAGE_TEXT) / len(self.pages)


def as_documents(values: Iterable) -> list[DocumentText]:
    return [DocumentText.of(v) for v in values]


def read_pdf_pages(path: str | Path) -> list[str]:
    """The text layer of each page (empty strings for image-only pages)."""
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise CorruptFile(f"cannot open {path}: {exc}") from exc
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        return pages
    finally:
        pdf.close()


def read_file(path: str | Path) -> DocumentText:
    """A raw PDF or text file as DocumentText (text files: form feeds separate pages)."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return DocumentText(tuple(read_pdf_pages(path)), name=str(path))
    if suffix in (".txt", ".text", ".md", ""):
        text = path.read_text(encoding="utf-8", errors="replace")
        return DocumentText(tuple(text.split("\f")), name=str(path))
    raise UnsupportedFormat(f"{path.name}: only PDF and TXT files can be classified directly",
                            hint="Ingest other formats first (`accord ingest`), then `accord classify ID`.")
