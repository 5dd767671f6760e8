"""Training data and the train-then-evaluate step behind every model version.

Examples come from the demo corpus (the default model of a fresh install), from reviewers'
confirmed labels in the store, or from a labelled CSV. Every example has a stable key, and
the held-out split is decided by a hash of that key, so each model version is scored on the
same held-out documents and a new version can be compared with the current one fairly.
"""
from __future__ import annotations

import csv
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from sqlalchemy import select

from classifier.model import TypeModel
from classifier.metrics import evaluate
from classifier.text import DocumentText, read_file
from corpus.errors import ModelError, UsageError
from corpus.labels import confirmed_labels
from corpus.store import Store
from corpus.tables import DocumentRow, PageRow
from corpus.taxonomy import Taxonomy

HELD_OUT_PERCENT = 20
DEMO_TRAIN_SEED = 7          # not the seed `accord demo` ingests (4006): the demo stays unseen
DEMO_TRAIN_COUNT = 2500
PAGE_ROTATION_SHARE = 0.25   # share of demo training copies whose pages start mid-document
REVIEWER_WEIGHT_COPIES = 3   # a confirmed real document counts as this many demo documents
# For the taxonomy model: synthetic training documents are cleanly separable by their headings and
# aliases, so the body text gets more weight and the aliases less, or real documents that name
# another type in passing ("... the Letter of Intent dated ...") are misread; and a second reading
# of the body (nearest class centroid) marks answers unsure on documents unlike the training set.
TAXONOMY_MODEL_PARAMS = {"alias_weight": 0.3, "full_weight": 2.0, "body_check": True}


@dataclass(frozen=True)
class Example:
    key: str                 # stable identity: "demo:<seed>:<index>", "doc:<sha256>", "csv:<path>"
    doc: DocumentText
    label: str

    @property
    def held_out(self) -> bool:
        return is_held_out(self.key)


def is_held_out(key: str) -> bool:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100 < HELD_OUT_PERCENT


def taxonomy_aliases(taxonomy: Taxonomy) -> dict[str, list[str]]:
    return {t["code"]: list(t.get("aliases", [])) for t in taxonomy.types}


def demo_examples(taxonomy: Taxonomy, count: int = DEMO_TRAIN_COUNT, seed: int = DEMO_TRAIN_SEED) -> list[Example]:
    """Demo documents whose type is in the taxonomy (an organisation's own label set may share
    none, and then trains on its reviewers' labels only)."""
    try:
        from corpus.demo.fast import iter_demo_texts
    except ImportError as exc:   # the generator is optional for a custom installation
        raise ModelError("the demo corpus generator is not available", hint="Train from labels instead: "
                         "`accord classifier fit --labels CSV`.") from exc
    codes = set(taxonomy.type_codes)
    return [Example(f"demo:{seed}:{i}", DocumentText(tuple(pages)), truth.doc_type)
            for i, (truth, pages) in enumerate(iter_demo_texts(count, seed=seed)) if truth.doc_type in codes]


def rotate_some_pages(examples: Sequence[Example], share: float = PAGE_ROTATION_SHARE,
                      seed: int = 0) -> list[Example]:
    """Copies in which some multi-page documents start on a later page: real scans arrive with
    pages out of order or a lost title page, and the model must then read the body."""
    rng = random.Random(seed)
    out = []
    for ex in examples:
        if len(ex.doc.pages) > 1 and rng.random() < share:
            k = rng.randrange(1, len(ex.doc.pages))
            ex = Example(ex.key, DocumentText(ex.doc.pages[k:] + ex.doc.pages[:k]), ex.label)
        out.append(ex)
    return out


def document_text(store: Store, document_id: int) -> DocumentText:
    with store.session() as session:
        row = session.get(DocumentRow, document_id)
        pages = session.scalars(select(PageRow.text).where(PageRow.document_id == document_id)
                                .order_by(PageRow.number)).all()
        return DocumentText(tuple(pages), name=f"document {document_id}" if row is None else row.filename)


def store_examples(store: Store, taxonomy: Taxonomy) -> list[Example]:
    """Documents whose type a reviewer accepted or corrected."""
    codes = set(taxonomy.type_codes)
    examples = []
    for document_id, label in confirmed_labels(store, "type"):
        if label not in codes:
            continue
        with store.session() as session:
            sha = session.scalar(select(DocumentRow.sha256).where(DocumentRow.id == document_id))
        examples.append(Example(f"doc:{sha}", document_text(store, document_id), label))
    return examples


def csv_examples(path: str | Path, label_column: str = "type") -> list[Example]:
    """Rows of a labels CSV with a `text` (preferred) or `file` column, paths relative to the CSV.
    Rows without a readable file are skipped."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if rows and label_column not in rows[0]:
        raise UsageError(f"{path} has no column {label_column!r}",
                         hint=f"Columns: {', '.join(rows[0])}. Pass --label-column.")
    if rows and not ({"text", "file"} & set(rows[0])):
        raise UsageError(f"{path} needs a 'text' or 'file' column")
    examples = []
    for row in rows:
        name = (row.get("text") or row.get("file") or "").strip()
        label = (row.get(label_column) or "").strip()
        if not name or not label:
            continue
        examples.append(Example(f"csv:{name}", read_file(path.parent / name), label))
    return examples


def split(examples: Iterable[Example]) -> tuple[list[Example], list[Example]]:
    train, held = [], []
    for ex in examples:
        (held if ex.held_out else train).append(ex)
    return train, held


def fit_model(train: Sequence[Example], taxonomy: Taxonomy | None = None, *, weights: dict[str, int] | None = None,
              **params) -> TypeModel:
    """Fit a TypeModel; examples whose key prefix is in `weights` are repeated that many times."""
    docs, labels = [], []
    for ex in train:
        copies = (weights or {}).get(ex.key.split(":", 1)[0], 1)
        docs += [ex.doc] * copies
        labels += [ex.label] * copies
    if len(set(labels)) < 2:
        raise ModelError("training needs documents of at least two types",
                         hint="Label more documents (or use the demo corpus: `accord classifier fit --demo`).")
    if taxonomy is not None:
        params = {"aliases": taxonomy_aliases(taxonomy), **TAXONOMY_MODEL_PARAMS, **params}
    return TypeModel(**params).fit(docs, labels)


def score(model: TypeModel, examples: Sequence[Example]) -> dict:
    """Held-out metrics of `model` on `examples` (labels it does not know count as errors)."""
    if not examples:
        return {"count": 0, "macro_f1": None}
    predictions = model.predictions([ex.doc for ex in examples])
    labels = sorted(set(model.classes_) | {ex.label for ex in examples})
    return evaluate([ex.label for ex in examples], [p.label for p in predictions],
                    [p.probability for p in predictions], [p.unsure for p in predictions], labels)
