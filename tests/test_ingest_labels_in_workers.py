"""A bulk ingest's label suggestions are computed in the pool's workers (web/ingest_labels.py); the
single writer only stores them, and they are what `ClassifierService.suggest` gives."""
from __future__ import annotations

from corpus import labels as label_store
from corpus.documents import field_dicts
from corpus.model_versions import current_version
from test_ingest_samples import AGREEMENT_LINES, make_pdf
from web.services import Services

OTHER_LINES = ["NON-DISCLOSURE AGREEMENT", "between Acme Widgets, Inc. and Example Corp.",
               "The Receiving Party shall keep the Confidential Information secret.",
               "This agreement is governed by the laws of the State of Delaware."]


def test_writer_stores_the_suggestions_the_workers_computed(config, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "isaa.pdf", [AGREEMENT_LINES, AGREEMENT_LINES[::-1]])
    make_pdf(folder / "nda.pdf", [OTHER_LINES])
    services = Services(config)
    from classifier.service import ClassifierService
    computed_here = []
    original = ClassifierService.compute_suggestion

    def counted(self, *args, **kwargs):   # in this (the writer) process only: workers are spawned
        computed_here.append(args)
        return original(self, *args, **kwargs)
    monkeypatch.setattr(ClassifierService, "compute_suggestion", counted)
    result = services.ingest_batch([str(folder)], jobs=2, actor="test")
    assert result.counts == {"stored": 2}
    assert computed_here == []    # the writer computed nothing: the workers did
    for row in result.items:
        document_id = row["document_id"]
        stored = {lab.kind: lab for lab in label_store.history(services.store, document_id)}
        assert {"type", "scope"} <= set(stored)
        # what the writer would have computed for the stored document, and stored
        again = services.classifier.suggest(document_id, store_labels=False)
        assert stored["type"].value == again["type"]["label"]
        assert round(stored["type"].confidence, 4) == again["type"]["probability"]
        assert round(stored["type"].margin, 4) == again["type"]["margin"]
        assert stored["type"].evidence == again["type"]["evidence"]
        assert stored["type"].model_version == again["model_version"]
        assert stored["scope"].value == again["scope"]["code"]
        assert stored["scope"].rule == again["scope"]["rule"]
        assert field_dicts(services.store, document_id)   # fields were stored before the labels were read
    services.close()


def test_suggestions_of_another_model_version_are_computed_again(config, tmp_path):
    """A model promoted while the batch ran: the workers' suggestions are dropped, the writer suggests."""
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "isaa.pdf")
    services = Services(config)
    services.classifier.ensure_model()
    from web.ingest_labels import suggest_in_worker
    from ingest.pipeline import Limits, prepare_file
    prepared = prepare_file(str(folder / "isaa.pdf"), "isaa.pdf", Limits.from_config(config), with_metadata=True)
    computed = suggest_in_worker(config, prepared.doc)
    assert computed is not None and computed.model_version == current_version(services.store).version
    from ingest.pipeline import store_document
    document_id, _ = store_document(services.store, prepared.doc, job_id=None, described=True)
    computed.model_version = "v-not-promoted"
    services.classifier.store_computed(document_id, computed)
    (type_label,) = [lab for lab in label_store.history(services.store, document_id) if lab.kind == "type"]
    assert type_label.model_version == current_version(services.store).version
    services.close()
