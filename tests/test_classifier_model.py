"""The type model and the service's learning loop, on tiny training sets (marked `model`)."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.base import clone

from classifier import retrain_process
from classifier import service as service_module
from classifier import training
from classifier.evidence import type_evidence
from classifier.model import TypeModel
from classifier.service import ClassifierService
from classifier.text import DocumentText
from corpus import labels
from corpus.demo.fast import iter_demo_texts
from corpus.direction import read_direction
from corpus.document import Document, ExtractedField, Page
from corpus.documents import save_document
from corpus.errors import UntrustedModel

pytestmark = pytest.mark.model

KINDS = {
    "supply": "SUPPLY AGREEMENT This Supply Agreement is made between Acme Inc. and Beta LLC for the supply of goods.",
    "license": "LICENSE AGREEMENT This License Agreement grants a license to the software and patents of the licensor.",
    "service": "MASTER SERVICES AGREEMENT This Services Agreement sets out the services the provider will perform.",
}
FILLER = ("The parties agree to the terms below. Payment is due within thirty days. This agreement is governed "
          "by the laws of the State of Delaware. Notices shall be in writing. ")


def _corpus(per_class: int = 12, seed: int = 0) -> tuple[list[DocumentText], list[str]]:
    rng = np.random.default_rng(seed)
    docs, labels_ = [], []
    for label, heading in KINDS.items():
        for i in range(per_class):
            body = " ".join(rng.permutation(FILLER.split())) + f" Reference {i}."
            docs.append(DocumentText((f"Exhibit 10.{i}\n{heading}\n{body}", body)))
            labels_.append(label)
    return docs, labels_


def test_type_model_follows_estimator_conventions_and_names_evidence():
    docs, y = _corpus()
    model = TypeModel(C=0.5)
    assert clone(model).get_params()["C"] == 0.5 and not hasattr(model, "classes_")
    model.fit(docs, y)
    assert list(model.classes_) == ["license", "service", "supply"]
    proba = model.predict_proba(docs[:3])
    assert proba.shape == (3, 3) and np.allclose(proba.sum(axis=1), 1.0)
    test = DocumentText(("SUPPLY AGREEMENT between Gamma Corp and Delta Ltd", FILLER))
    prediction = model.predictions([test])[0]
    assert prediction.label == "supply" and 0.0 <= prediction.probability <= 1.0
    evidence = type_evidence(model, test, "supply")
    assert evidence and evidence[0]["page"] == 1
    assert any("supply" in e["term"].lower() for e in evidence)
    first = evidence[0]
    assert test.pages[first["page"] - 1][first["start"]:first["end"]] == first["term"]
    # Plain strings work as input too, and an unreadable text is always unsure.
    assert model.predict(["LICENSE AGREEMENT for software"])[0] == "license"
    assert model.predictions([DocumentText(("",))])[0].unsure


def _demo_doc(store, index: int, truth, pages, *, with_direction: bool = True) -> int:
    doc = Document(source_path=f"/demo/{index}.pdf", filename=f"demo-{index}.pdf", sha256=f"{index + 1:064x}",
                   size=1, mime="application/pdf", title=truth.title)
    doc.pages = [Page(i + 1, text) for i, text in enumerate(pages)]
    if truth.data_direction and with_direction:
        doc.fields = [ExtractedField("data_direction", truth.data_direction, truth.data_direction)]
    doc.fields += [ExtractedField("foia_code", code, code) for code in truth.foia_codes]
    return save_document(store, doc)[0]


def _without_sharing(pages):
    """The pages without the sentences that say who gives data to whom."""
    reading = read_direction(pages)
    pages = list(pages)
    for page, start, end in sorted({(s.page, s.start, s.end) for s in reading.statements}, reverse=True):
        pages[page - 1] = pages[page - 1][:start] + pages[page - 1][end:]
    return pages


@pytest.fixture
def service(config, store):
    svc = ClassifierService(config.replace(ACCORD_RETRAIN_AFTER_LABELS=4), store)
    svc.demo_count = 260
    yield svc
    svc.wait_for_retrain(timeout=300)   # never leave a training thread writing into a removed folder


def test_suggest_stores_type_scope_and_flags_and_keeps_reviewer_decisions(service, store):
    items = list(iter_demo_texts(12, seed=99))
    ids = [_demo_doc(store, i, truth, pages) for i, (truth, pages) in enumerate(items)]
    right = 0
    for doc_id, (truth, _) in zip(ids, items):
        result = service.suggest(doc_id)      # trains the default model on first use
        right += result["type"]["label"] == truth.doc_type
        assert result["scope"]["rule"] and result["scope"]["code"] in service.taxonomy.scope_codes
        assert {f["code"] for f in result["flags"]} == set(truth.foia_codes)
    assert right >= 10
    assert [v.version for v in service.versions()] == ["v1"]
    first = ids[0]
    current = labels.current_labels(store, first)
    assert current["type"].source == "model" and current["type"].status == "suggested"
    assert current["scope"].rule
    # A reviewer's correction is kept when the document is suggested again.
    other = next(code for code in service.taxonomy.type_codes if code != current["type"].value)
    service.decide(first, "type", other, "alice", "correct")
    service.suggest(first)
    assert labels.current_label(store, first, "type").value == other
    assert labels.current_label(store, first, "type").created_by == "alice"
    history = service.history(first)
    assert history[-1]["who"] == "alice" or any(h["who"] == "alice" for h in history)
    # its type left the queue; its scope and flag suggestions stay until a reviewer decides them
    assert (first, "type") not in [(q["document_id"], q["kind"]) for q in service.review_queue(limit=100)]


def test_review_queue_puts_uncertain_first_with_diversity(service, store):
    ids = [_demo_doc(store, i, truth, pages) for i, (truth, pages) in enumerate(iter_demo_texts(8, seed=5))]
    margins = [0.01, 0.02, 0.03, 0.04, 0.5, 0.6, 0.9, 0.95]
    values = ["mou", "mou", "mou", "mou", "iaa", "moa", "mou", "moa"]
    for doc_id, margin, value in zip(ids, margins, values):
        labels.add_suggestion(store, doc_id, "type", value, confidence=0.5 + margin / 2, margin=margin)
    queue = service.review_queue(limit=4)
    assert [q["document_id"] for q in queue][:2] == [ids[0], ids[1]]
    assert len({q["label"] for q in service.review_queue(limit=6)}) >= 2
    assert [q["document_id"] for q in service.review_queue(limit=2, offset=2)] == \
        [q["document_id"] for q in service.review_queue(limit=4)][2:]


def test_retrain_after_new_labels_versions_and_rollback(service, store):
    items = list(iter_demo_texts(6, seed=42))
    ids = [_demo_doc(store, i, truth, pages) for i, (truth, pages) in enumerate(items)]
    for doc_id in ids:
        service.suggest(doc_id)
    for doc_id, (truth, _) in zip(ids[:4], items[:4]):
        service.decide(doc_id, "type", truth.doc_type, "bob", "correct")
    # the retrain's child runs at a low priority: on a busy machine (tests in parallel) it takes minutes
    service.wait_for_retrain(timeout=900)
    assert service.last_retrain_error is None
    versions = service.versions()
    assert [v.version for v in versions] == ["v1", "v2"]
    v2 = versions[1]
    assert v2.trained_on == "shipped+demo+labels" and v2.metrics["macro_f1"] is not None
    assert "current_macro_f1_same_split" in v2.metrics
    # four reviewed documents: too few held out to be the basis, and the figures say so
    assert "synthetic demo documents" in v2.metrics["evaluated_on"]
    assert service.rollback("v1").promoted
    assert service.current_metrics()["version"] == "v1"


def test_a_retrained_version_is_scored_on_the_reviewed_documents_held_out(config, store):
    """Not on the synthetic demo documents held out (the generator of the training part scores
    ~1.00 there): on the reviewed documents it never trained on, named with their number."""
    service = ClassifierService(config.replace(ACCORD_RETRAIN_AFTER_LABELS=1000), store)
    service.demo_count = 260
    items = list(iter_demo_texts(40, seed=42))
    held = [i for i in range(len(items)) if training.is_held_out(f"doc:{i + 1:064x}")][:training.MIN_REAL_HELD_OUT]
    kept = [i for i in range(len(items)) if i not in held][:4]
    assert len(held) == training.MIN_REAL_HELD_OUT
    for i in held + kept:
        doc_id = _demo_doc(store, i, *items[i])
        service.suggest(doc_id)
        service.decide(doc_id, "type", items[i][0].doc_type, "bob", "correct")
    version = service.retrain(reviewer="bob", force_promote=True)
    metrics = version.metrics
    assert metrics["count"] == len(held) and metrics["held_out_reviewed"] == len(held)
    assert metrics["evaluated_on"] == f"a held-out split of {len(held)} reviewed documents (never trained on)"
    assert metrics["demo_held_out_macro_f1"] is not None     # the synthetic part's figure, kept beside
    page_metrics = service.current_metrics()
    assert page_metrics["evaluated_on"] == metrics["evaluated_on"]


def test_a_failed_background_retrain_is_kept_for_the_model_page(service, store, monkeypatch):
    service.fit_default()

    def broken(*args, **kwargs):
        raise ValueError("test_size = 15 should be greater or equal to the number of classes = 17")
    # the retrain runs in a child process, where a monkeypatch does not reach: fail its runner here
    monkeypatch.setattr(service_module, "retrain_in_child", broken)
    service._background_retrain()
    assert service.last_retrain_error.startswith("ValueError: test_size = 15")
    assert service.current_metrics()["version"] == "v1"


def test_an_automatic_retrain_runs_in_a_child_process_one_at_a_time(service, store, config, tmp_path, monkeypatch):
    import fcntl
    service.fit_default()
    # another process of this installation is retraining: this one leaves it to that one, without
    # spawning a child only to find the lock taken
    config.models_dir.mkdir(parents=True, exist_ok=True)
    with open(config.models_dir / ".retrain.lock", "w") as held, monkeypatch.context() as patched:
        fcntl.flock(held, fcntl.LOCK_EX)
        patched.setattr(retrain_process, "get_context", lambda *_: pytest.fail("spawned a retrain child"))
        assert retrain_process.retrain_in_child(config, 260, reviewer="system", note="t") is None
    assert [v.version for v in service.versions()] == ["v1"]
    # the child's failure comes back to the caller as an exception (shown on the model page)
    broken = config.replace(ACCORD_TAXONOMY_FILE=str(tmp_path / "no-such-taxonomy.json"))
    with pytest.raises(Exception):
        retrain_process.retrain_in_child(broken, 260, reviewer="system", note="t")
    assert retrain_process.retrain_in_child(config, 260, reviewer="system", note="t") == "v2"
    assert service.versions()[-1].created_by == "system"


def test_a_worse_model_is_not_promoted(service, store, monkeypatch):
    service.fit_default()
    real_score = training.score
    calls = []

    def score(model, examples):
        metrics = real_score(model, examples)
        calls.append(model)
        if len(calls) == 1:          # the new model is scored first: make it look worse
            metrics["macro_f1"] = 0.1
        return metrics
    monkeypatch.setattr(training, "score", score)
    version = service.retrain(reviewer="carol")
    assert not version.promoted and "not promoted" in version.note
    assert service.current_metrics()["version"] == "v1"


def test_stale_model_is_retrained_and_foreign_model_refused(service, store, monkeypatch):
    """A pickled model file (as versions were written before they were data) from another
    scikit-learn version is retrained; a tampered file is refused."""
    import sklearn
    from classifier import persistence
    doc_id = _demo_doc(store, 0, *next(iter_demo_texts(1, seed=3)))
    monkeypatch.setattr(sklearn, "__version__", "0.0.1")
    monkeypatch.setattr(persistence, "is_model_bundle", lambda obj: False)   # written as a pickle
    service.fit_default()
    monkeypatch.undo()
    assert (service.config.models_dir / service.versions()[0].path).read_bytes().startswith(persistence.MAGIC)
    service._loaded = None
    service.suggest(doc_id)                       # retrains instead of crashing
    versions = service.versions()
    assert len(versions) == 2 and versions[-1].promoted and "scikit-learn" in versions[-1].note
    path = service.config.models_dir / versions[-1].path   # the folder default: where model files always were
    assert path.read_bytes().startswith(persistence.DATA_MAGIC)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    service._loaded = None
    with pytest.raises(UntrustedModel):
        service.suggest(doc_id)


def test_a_model_written_as_data_outlives_a_scikit_learn_upgrade(service, store, monkeypatch):
    """Model versions are data (classifier.inference predicts from them with numpy): another
    scikit-learn version reads them as they are, nothing is retrained."""
    from classifier import persistence
    doc_id = _demo_doc(store, 0, *next(iter_demo_texts(1, seed=3)))
    monkeypatch.setattr(persistence, "_sklearn_version", lambda: "0.0.1")
    service.fit_default()
    monkeypatch.undo()
    service._loaded = None
    suggestion = service.suggest(doc_id)
    versions = service.versions()
    assert len(versions) == 1 and versions[0].sklearn_version == "0.0.1"
    assert suggestion["model_version"] == versions[0].version


def test_a_model_saved_on_earlier_features_is_retrained_not_used(service, store, monkeypatch):
    """An upgrade that changes the feature columns: a model file saved before it (an installation's own
    retrained model) would fail on the first document with a dimension mismatch; it is retrained."""
    from classifier import features, persistence
    doc_id = _demo_doc(store, 0, *next(iter_demo_texts(1, seed=3)))
    monkeypatch.setattr(persistence, "FEATURES_VERSION", features.FEATURES_VERSION - 1)
    service.fit_default()
    monkeypatch.undo()
    service._loaded = None
    service.suggest(doc_id)                       # retrains instead of crashing
    versions = service.versions()
    assert len(versions) == 2 and versions[-1].promoted and "features version" in versions[-1].note


def test_cli_fit_and_predict_from_a_labels_csv(config, tmp_path):
    from web.cli import cli
    docs, y = _corpus(per_class=8)
    (tmp_path / "txt").mkdir()
    rows = ["file,text,type"]
    for i, (doc, label) in enumerate(zip(docs, y)):
        (tmp_path / "txt" / f"{i}.txt").write_text("\f".join(doc.pages))
        rows.append(f",txt/{i}.txt,{label}")
    (tmp_path / "labels.csv").write_text("\n".join(rows) + "\n")
    home = str(config.home)
    env = {"ACCORD_SECRET_KEY": "test-secret"}
    runner = CliRunner()
    result = runner.invoke(cli, ["--home", home, "classifier", "fit", "--labels", str(tmp_path / "labels.csv"),
                                 "--out", str(tmp_path / "m.model")], env=env)
    assert result.exit_code == 0, result.output
    probe = tmp_path / "probe.txt"
    probe.write_text("LICENSE AGREEMENT\nThis License Agreement grants a license to the software.")
    result = runner.invoke(cli, ["--home", home, "classifier", "predict", "--model", str(tmp_path / "m.model"),
                                 str(probe), "--json"], env=env)
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.strip().splitlines()[0])
    assert line["file"] == str(probe) and line["label"] == "license" and "unsure" in line
    result = runner.invoke(cli, ["--home", home, "classifier", "predict", "--model", str(tmp_path / "m.model"),
                                 str(probe)], env={"ACCORD_SECRET_KEY": "someone-else"})
    assert result.exit_code == UntrustedModel.exit_code and "not written by this installation" in result.output


def test_bulk_accept_and_a_scope_model_learned_where_rules_cannot_decide(service, store, monkeypatch):
    import classifier.model_keeper as model_keeper
    items = [(t, _without_sharing(p)) for t, p in iter_demo_texts(60, seed=8)
             if t.doc_type in ("mou", "moa") and t.scope != "out_of_scope:one_dhs"][:6]
    # No data_direction field and no sentence saying who gives data to whom: the scope rules
    # cannot decide these agreements.
    ids = [_demo_doc(store, i, truth, pages, with_direction=False) for i, (truth, pages) in enumerate(items)]
    for doc_id in ids:
        assert service.suggest(doc_id)["scope"]["rule"] == "presumed-isaa"
    accepted = service.bulk_accept(0.0, "dora")
    assert sorted(accepted) == sorted(ids)   # the ids, for the caller to reindex them
    assert all(labels.current_label(store, d, "type").created_by == "dora" for d in ids)
    assert [q for q in service.review_queue() if q["kind"] == "type"] == []   # scopes and flags stay
    monkeypatch.setattr(model_keeper, "SCOPE_MODEL_MIN_LABELS", 4)
    for n, doc_id in enumerate(ids):
        service.decide(doc_id, "scope", "in_scope" if n % 2 else "out_of_scope:inbound_only", "dora", "correct")
    scope_model = service._fit_scope_model()
    assert scope_model is not None
    assert set(scope_model.classes_) == {"in_scope", "out_of_scope:inbound_only"}


def test_cli_classify_report_versions(service, store, config):
    from web.cli import cli
    from web.services import Services
    truth, pages = next(iter_demo_texts(1, seed=21))
    doc_id = _demo_doc(store, 0, truth, pages)
    services = Services(config)
    services.__dict__["store"] = store
    services.__dict__["classifier"] = service
    services.__dict__["index"] = type("NoIndex", (), {"update_document": lambda self, _id: None,
                                                      "update_documents": lambda self, _ids: None})()
    runner = CliRunner()
    result = runner.invoke(cli.commands["classify"], [str(doc_id), "--json"], obj=services)
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["type"]["label"] == truth.doc_type and record["scope"]["rule"]
    assert record["type"]["evidence"] and record["type"]["evidence"][0]["page"] >= 1
    group = cli.commands["classifier"]
    result = runner.invoke(group, ["report", "--json"], obj=services)
    assert result.exit_code == 0 and json.loads(result.output)["version"] == "v1"
    result = runner.invoke(group, ["versions"], obj=services)
    assert result.exit_code == 0 and "* v1" in result.output
    result = runner.invoke(group, ["rollback", "v9"], obj=services)
    assert result.exit_code != 0


def test_a_body_unlike_the_answer_makes_it_unsure():
    bodies = {"supply": "goods shipment delivery warehouse purchase order quantities",
              "license": "software patents royalties licensee sublicense intellectual property",
              "service": "consulting hours staff support helpdesk availability"}
    docs, y = [], []
    for label, heading in KINDS.items():
        for i in range(10):
            docs.append(DocumentText((f"{heading}\n{bodies[label]} clause {i}. {FILLER}",)))
            y.append(label)
    model = TypeModel(body_check=True).fit(docs, y)
    mixed = DocumentText((f"{KINDS['supply']}\n" + (bodies["license"] + ". ") * 30,))
    prediction = model.predictions([mixed])[0]
    assert prediction.label == "supply" and prediction.unsure
    assert "reads most like license" in prediction.reason
    assert not model.predictions([docs[0]])[0].unsure
