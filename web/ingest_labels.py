"""Label suggestions computed where the metadata is: in the ingest pool's workers.

A bulk ingest's single writer process stores each document, its label suggestions and the search
index; computing the suggestions (features, the model, the scope rules) is pure work on the
document's text and fields, so the pool workers do it right after the metadata stage, and the
writer only stores the result (ClassifierService.store_computed). The outcome is the one
`ClassifierService.suggest` gives for the stored document: the same model version (the writer
recomputes when the promoted version changed meanwhile), the same page texts and fields.

`suggest_in_worker` runs in a worker process: one ClassifierService per worker and home, the
model read once per worker. Any problem there returns None, and the writer suggests as before.
"""
from __future__ import annotations

import logging
import threading

from corpus.config import Config
from corpus.document import Document

log = logging.getLogger("accord.ingest")

# what suggest_in_worker imports: the pool's workers import them once, before they start
LABEL_STEP_MODULES = ("web.ingest_labels", "classifier.service", "classifier.text", "corpus.model_versions")
_services: dict[str, object] = {}   # home -> ClassifierService of this worker process
_lock = threading.Lock()


def _classifier(config: Config):
    from classifier.service import ClassifierService
    from corpus.store import Store
    key = str(config.home)
    with _lock:
        if key not in _services:
            _services[key] = ClassifierService(config, Store(config, migrate=False))
        return _services[key]


def suggest_in_worker(config: Config, doc: Document):
    """The suggestions for a new document, or None (the writer then computes them itself): none
    before a model is promoted (the writer installs the default one), none for children (e-mail
    attachments are suggested by the writer)."""
    from classifier.text import DocumentText
    from corpus.documents import field_dicts_of
    from corpus.model_versions import current_version
    try:
        service = _classifier(config)
        if current_version(service.store) is None:
            return None
        text = DocumentText(tuple(page.text or "" for page in sorted(doc.pages, key=lambda p: p.number)),
                            name=doc.filename)
        return service.compute_suggestion(text, field_dicts_of(doc.fields))
    except Exception:   # the writer suggests instead; the ingest goes on either way
        log.exception("label suggestions in the worker failed for %s", doc.source_path)
        return None
