"""Made-up text run through metadata extraction, for the metadata tests: one definition of how such a test
builds a text document and reads its fields back."""
from __future__ import annotations

from corpus.document import FILE_PROPERTY, Document, ExtractedField, Page
from ingest.metadata import extract_metadata
from ingest.metadata.heading import title_block


def extracted(*pages: str, properties: dict[str, str] | None = None) -> Document:
    """A text document with one page per argument, after metadata extraction; `properties` are the
    file's own properties (a PDF's /Title, a DOCX's core properties), as ingest records them."""
    doc = Document(source_path="a.txt", filename="a.txt", pages=[Page(i + 1, t) for i, t in enumerate(pages)],
                   fields=[ExtractedField(FILE_PROPERTY, v, attributes={"key": k}) for k, v in (properties or {}).items()])
    extract_metadata(doc)
    return doc


def first_field(doc: Document, name: str) -> ExtractedField | None:
    """The first extracted field of that name, or None."""
    return next((f for f in doc.fields if f.name == name), None)


def field_value(doc: Document, name: str) -> str | None:
    """The first extracted value of a field (normalised), or None."""
    found = first_field(doc, name)
    return found.normalized if found else None


def parties(doc: Document) -> dict[str, dict]:
    """Each party found, with its attributes (kind, source, ...)."""
    return {f.value: f.attributes for f in doc.fields if f.name == "party"}


def party_names(doc: Document) -> list[str]:
    """The parties found, in order."""
    return [f.value for f in doc.fields if f.name == "party"]


def heading_title(text: str) -> str | None:
    """The title the heading block of `text` gives (ingest.metadata.heading.title_block), or None."""
    block = title_block(text)
    return block[2] if block else None


def date_roles(doc: Document) -> dict[str, str]:
    """Each date found (normalised) with the role it was given."""
    return {f.normalized: f.attributes["role"] for f in doc.fields if f.name == "date"}
