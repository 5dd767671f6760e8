"""Relations found at ingest time (amendment -> parent, near-duplicates).

Contract used by the ingest orchestrator after a document is stored:
    link_document(store: Store, document_id: int) -> list[tuple[str, int]]
"""
from __future__ import annotations

from corpus.store import Store


def link_document(store: Store, document_id: int) -> list[tuple[str, int]]:
    return []
