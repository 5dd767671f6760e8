"""Wiring: builds the store, the search index and the classifier from one Config
and connects them (ingest -> classifier suggestions -> index, labels -> index, ...).

This is the only place that knows all of ingest/, search/ and classifier/; those
packages never import each other. Imports of those packages stay inside the
methods so that one area's import cost is only paid by commands that use it.
"""
from __future__ import annotations

import logging
from functools import cached_property

from corpus.config import Config
from corpus.store import Store

log = logging.getLogger("accord")


class Services:
    """Lazily-built collaborators for one Config. Create one per process."""

    def __init__(self, config: Config):
        self.config = config

    @cached_property
    def store(self) -> Store:
        return Store(self.config)

    # --- search (owned by the search issue) ------------------------------------
    @cached_property
    def index(self):
        from search import open_index
        return open_index(self.config, self.store)

    # --- classifier (owned by the classifier issue) ------------------------------
    @cached_property
    def classifier(self):
        from classifier.service import ClassifierService
        return ClassifierService(self.config, self.store)

    # --- ingest (owned by the ingest issue) ---------------------------------------
    def ingest_batch(self, inputs: list[str], *, jobs: int | None = None, actor: str = "", owner: str = "",
                     progress=None, stop_event=None):
        """Run (or resume) a bulk ingest; each new document is indexed and classified."""
        from ingest.bulk import run_batch
        return run_batch(self.store, self.config, inputs, jobs=jobs or self.config["ACCORD_JOBS"], actor=actor,
                         owner=owner, on_stored=self.document_stored, progress=progress, stop_event=stop_event)

    # --- reactions to changes -------------------------------------------------
    def document_stored(self, document_id: int) -> None:
        """Called by ingest after each new document: suggest tags, then make it searchable."""
        self._suggest_labels(document_id)
        self.document_changed(document_id)

    def document_changed(self, document_id: int) -> None:
        """A document was added, re-extracted, relabelled, restricted or deleted."""
        self._reindex(document_id)

    def _suggest_labels(self, document_id: int) -> None:
        """Type, scope and flag suggestions stored as label rows. A classifier problem (e.g. an
        untrusted model file) must not fail the ingest: the document is stored either way and
        `accord classify ID` can suggest later."""
        from corpus.errors import AccordError
        try:
            self.classifier.suggest(document_id)
        except AccordError as exc:
            log.warning("no label suggestions for document %s: %s", document_id, exc)

    def _reindex(self, document_id: int) -> None:
        # Reads the document back from the store (deleted -> removed from the index).
        self.index.update_document(document_id)

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.dispose()
