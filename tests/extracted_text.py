"""Made-up text run through metadata extraction, for the metadata tests: one definition of how such a test
builds a text document and reads its fields back."""
from __future__ import annotations

from corpus.document import Document, Page
from ingest.metadata import extract_metadata


def extracted(*pages: str) -> Document:
    """A text document with one page per argument, after metadata extraction."""
    doc = Document(source_path="a.txt", filename="a.txt", pages=[Page(i + 1, t) for i, t in enumerate(pages)])
    extract_metadata(doc)
    return doc


def field_value(doc: Document, name: str) -> str | None:
    """The first extracted value of a field (normalised), or None."""
    return next((f.normalized for f in doc.fields if f.name == name), None)


def date_roles(doc: Document) -> dict[str, str]:
    """Each date found (normalised) with the role it was given."""
    return {f.normalized: f.attributes["role"] for f in doc.fields if f.name == "date"}
