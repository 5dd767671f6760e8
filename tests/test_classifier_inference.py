"""classifier.inference: a type model's predictions from its data with numpy alone are the
scikit-learn estimator's, to the bit; and the processes that only classify never import
scikit-learn or SciPy."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from classifier.evidence import type_evidence
from classifier.inference import ANALYZERS, VECTORIZERS, LinearModel
from classifier.model import TypeModel
from classifier.text import DocumentText

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]
ALIASES = {"supply": ["supply agreement"], "license": ["license agreement", "EULA"], "service": ["SOW", "services"],
           "memo": ["memorandum for", "memo"]}
HEADINGS = {
    "supply": "SUPPLY AGREEMENT\nThis Supply Agreement is made by and between Acme Inc. and Beta LLC.",
    "license": "END USER LICENSE AGREEMENT (EULA)\nThe licensor grants a license to the software.",
    "service": "MASTER SERVICES AGREEMENT - Statement of Work (SOW) No. 4\nThe provider shall perform the services.",
    "memo": "MEMORANDUM FOR: All Staff\nFROM: The Director\nSUBJECT: Travel policy\nDATE: 3 May 2021",
}
WORDS = ("the parties agree shall payment due within thirty days governed laws state notice writing term "
         "terminate confidential information warranty indemnify liability insurance invoice delivery goods "
         "software patent services provider customer director staff travel policy reimbursement").split()
# Text a real file can carry: accents, ligatures, a dotted capital I (lowercasing lengthens it),
# tabs, runs of spaces and newlines, form feeds, digits and punctuation, one-letter words, no words.
ODD = ["", "   \n\t  ", "ÉTAT DE L'ACCORD — İstanbul ﬁnal Straße ÆØÅ naïve café", "a b c d e f g 1 2 3 ; : , . !",
       "287(g) 287g MOU/MOA l'accord O'Brien & Co. A.B.C. x-ray_under_score", "\f\f", "memo\n\n\nmemo\tmemo  memo",
       "SUPPLY" * 40, "ünïcödé " * 300]


def _texts(n: int, seed: int) -> tuple[list[DocumentText], list[str]]:
    rng = np.random.default_rng(seed)
    docs, labels = [], []
    labels_cycle = list(HEADINGS)
    for i in range(n):
        label = labels_cycle[i % len(labels_cycle)]
        body = " ".join(rng.choice(WORDS, size=int(rng.integers(20, 400))))
        pages = (f"{HEADINGS[label]}\n{body}", " ".join(rng.choice(WORDS, size=50)) + f" ref {i}.")
        docs.append(DocumentText(pages))
        labels.append(label)
    return docs, labels


def _fitted(**params) -> TypeModel:
    docs, labels = _texts(80, seed=1)
    params = {"aliases": ALIASES, "body_check": True, "novelty_quantile": 0.05, "structure_weight": 1.0,
              "alias_weight": 0.3, "full_weight": 2.0, "chars_min_df": 2, **params}
    return TypeModel(**params).fit(docs, labels)


def _held_out() -> list[DocumentText]:
    docs, _ = _texts(40, seed=2)
    mixed = [DocumentText((HEADINGS["memo"] + "\n" + HEADINGS["supply"], HEADINGS["license"]))]
    return docs + mixed + [DocumentText((text,)) for text in ODD] + [DocumentText(tuple(ODD))]


def _same(estimator, linear, docs) -> float:
    """Asserts that everything a suggestion stores is equal; returns the largest probability difference."""
    expected, got = estimator.predict_proba(docs), linear.predict_proba(docs)
    assert expected.shape == got.shape
    difference = float(np.abs(expected - got).max())
    assert difference <= 1e-12
    assert np.array_equal(estimator.decision_function(docs), linear.decision_function(docs))
    assert list(estimator.predict(docs)) == list(linear.predict(docs))
    assert estimator.predictions(docs) == linear.predictions(docs)   # labels, probabilities, margins, reasons
    assert np.array_equal(estimator.novelty(docs), linear.novelty(docs))
    for doc in docs[:12] + docs[-len(ODD) - 1:]:   # one at a time, as ingest asks
        assert estimator.predictions([doc]) == linear.predictions([doc])
        label = estimator.predictions([doc])[0].label
        assert estimator.contributions(doc, label) == linear.contributions(doc, label)
        assert type_evidence(estimator, doc, label) == type_evidence(linear, doc, label)
    return difference


def test_each_block_cuts_the_terms_scikit_learn_cuts():
    model = _fitted()
    features = model.features_
    for name in VECTORIZERS:
        analyzer = getattr(features, name).build_analyzer()
        fronts = features._fronts(_held_out())
        texts = {"heading_words_": [f[:features.head_chars] for f in fronts],
                 "heading_chars_": [f[:features.head_chars] for f in fronts],
                 "naming_words_": [features._naming(f) for f in fronts],
                 "full_words_": [d.full_text for d in _held_out()] + ODD}[name]
        for text in texts:
            assert Counter(ANALYZERS[name](text)) == Counter(analyzer(text)), (name, text[:60])


def test_predictions_from_the_data_are_the_estimators():
    model = _fitted()
    linear = LinearModel(*model.to_data())
    assert _same(model, linear, _held_out()) == 0.0


def test_a_model_built_on_a_base_model_predicts_the_same_from_its_data():
    base = _fitted()
    docs, labels = _texts(60, seed=3)
    for base_model in (base, LinearModel(*base.to_data())):   # as trained, and as loaded from data
        model = TypeModel(base=base_model, body_check=True).fit(docs, labels)
        meta, arrays = model.to_data()
        json.dumps(meta)   # JSON-able
        linear = LinearModel(meta, arrays)
        assert linear.base is not None
        _same(model, linear, _held_out())
        _same(TypeModel.from_data(meta, arrays), linear, _held_out()[:10])


def test_a_model_without_centroids_or_structure_predicts_the_same():
    model = _fitted(body_check=False, novelty_quantile=0.0, structure_weight=0.0, aliases=None)
    linear = LinearModel(*model.to_data())
    _same(model, linear, _held_out())


def test_the_shipped_model_predicts_the_same_from_its_data():
    from classifier.shipped import load_shipped
    from corpus.demo.fast import iter_demo_texts
    linear, _ = load_shipped()
    estimator = TypeModel.from_data(*linear.to_data())
    docs = [DocumentText(tuple(pages)) for _, pages in iter_demo_texts(30, seed=11)] + _held_out()[-len(ODD):]
    _same(estimator, linear, docs)


def test_classifying_at_ingest_imports_neither_scikit_learn_nor_scipy(tmp_path):
    """What the ingest writer and the pool's fork server import, then a model installed, loaded and
    used as an ingest worker uses it: no scikit-learn, no SciPy (seconds of imports per process)."""
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(HEADINGS["supply"] + "\n" + " ".join(WORDS) * 3)
    script = f"""
import sys
from corpus.config import load_config
from web.services import Services
from web.ingest_labels import LABEL_STEP_MODULES, suggest_in_worker
from ingest.fork_server import WORKER_MODULES
import importlib
for name in WORKER_MODULES + LABEL_STEP_MODULES:   # what the fork server imports before forking
    try:
        importlib.import_module(name)
    except ImportError:
        pass
services = Services(load_config({str(tmp_path / 'home')!r}, environ={{}}, overrides={{"ACCORD_SECRET_KEY": "t"}}))
result = services.ingest_batch([{str(source)!r}], jobs=1, actor="test")
from corpus.labels import current_labels
from corpus.documents import document_ids
ids = list(document_ids(services.store))
assert len(ids) == 1 and current_labels(services.store, ids[0])["type"] is not None
services.close()
print(sorted({{m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
