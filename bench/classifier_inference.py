"""Does the numpy inference (classifier.inference.LinearModel) give the estimator's answers on real
documents? And what does each cost?

    .venv/bin/python bench/classifier_inference.py [--home COPY_OF_A_STORE] [--demo 300]

For each set, the shipped model as the scikit-learn estimator (TypeModel.from_data) and as the
LinearModel ingest uses: how many labels differ, the largest probability difference, how many
Prediction records (label, probability, margin, unsure reason) and evidence lists differ, and the
CPU ms per document of each. Sets: the demo corpus, ../shared/data/records_related and
agreements_other (their labelled PDFs' text layers), the documents of a store (--home: a copy of
one, e.g. the 287(g) store; its page texts as stored). A retrained model built on the shipped one
(a base model, trained here on demo documents) is compared on the same sets.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from classifier.evidence import type_evidence  # noqa: E402
from classifier.inference import LinearModel  # noqa: E402
from classifier.model import TypeModel  # noqa: E402
from classifier.shipped import load_shipped  # noqa: E402
from classifier.text import DocumentText, read_file  # noqa: E402

SHARED = Path(os.environ.get("ACCORD_SHARED_DATA", REPO.parent / "shared" / "data"))


def labelled_folder(name: str) -> list[DocumentText]:
    labels = SHARED / name / "labels.csv"
    if not labels.exists():
        return []
    return [read_file(SHARED / name / row["file"]) for row in csv.DictReader(labels.open())]


def store_texts(home: str) -> list[DocumentText]:
    from classifier.training import document_text
    from corpus.config import load_config
    from corpus.documents import document_ids
    from corpus.store import Store
    store = Store(load_config(home, environ={}), migrate=False)
    return [document_text(store, i) for i in document_ids(store)]


def compare(name: str, estimator, linear, docs: list[DocumentText]) -> None:
    if not docs:
        print(f"{name}: skipped (no documents)")
        return
    began = time.process_time()
    expected = [estimator.predictions([d])[0] for d in docs]   # one at a time, as ingest asks
    estimator_cpu = time.process_time() - began
    began = time.process_time()
    got = [linear.predictions([d])[0] for d in docs]
    linear_cpu = time.process_time() - began
    proba_a, proba_b = estimator.predict_proba(docs), linear.predict_proba(docs)
    evidence_differs = sum(type_evidence(estimator, d, p.label) != type_evidence(linear, d, p.label)
                           for d, p in zip(docs, expected))
    print(f"{name}: {len(docs)} documents; labels differ {sum(a.label != b.label for a, b in zip(expected, got))}, "
          f"predictions differ {sum(a != b for a, b in zip(expected, got))}, evidence differs {evidence_differs}; "
          f"max |probability difference| {np.abs(proba_a - proba_b).max():.3g} (batch), "
          f"{max(abs(a.probability - b.probability) for a, b in zip(expected, got)):.3g} (one by one); "
          f"CPU ms per document: estimator {1000 * estimator_cpu / len(docs):.1f}, "
          f"numpy {1000 * linear_cpu / len(docs):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", action="append", default=[], help="a store (a copy) whose documents to compare on")
    parser.add_argument("--demo", type=int, default=300, help="demo documents to compare on")
    args = parser.parse_args()
    from corpus.demo.fast import iter_demo_texts
    linear, _ = load_shipped()
    estimator = TypeModel.from_data(*linear.to_data())
    sets = {"demo": [DocumentText(tuple(p)) for _, p in iter_demo_texts(args.demo, seed=4006)],
            "records_related": labelled_folder("records_related"),
            "agreements_other": labelled_folder("agreements_other")}
    for home in args.home:
        sets[f"store {home}"] = store_texts(home)
    for name, docs in sets.items():
        compare(f"shipped model, {name}", estimator, linear, docs)
    # a retrained version: built on the shipped model (its probabilities are features)
    from classifier import training
    from corpus.taxonomy import load_taxonomy
    taxonomy = load_taxonomy(None)
    train, _ = training.split(training.demo_examples(taxonomy, 400))
    retrained = training.fit_model(train, taxonomy, base=linear)
    retrained_linear = LinearModel(*retrained.to_data())
    for name, docs in sets.items():
        compare(f"retrained on the shipped model, {name}", retrained, retrained_linear, docs)


if __name__ == "__main__":
    main()
