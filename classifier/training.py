"""Training data and the train-then-evaluate step behind every model version.

Examples come from the demo corpus, from real public documents (the shipped default model:
`default_model_fit`, handed texts by `accord classifier build-default`), from reviewers'
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
from typing import TYPE_CHECKING, Iterable, Sequence

from classifier.inference import Prediction
from classifier.text import DocumentText, read_file
from corpus.errors import ModelError, UsageError
from corpus.documents import document_pages
from corpus.labels import confirmed_labels
from corpus.store import Store
from corpus.taxonomy import Taxonomy

if TYPE_CHECKING:   # scikit-learn is imported to train, not by the processes that only read documents
    from classifier.model import TypeModel

HELD_OUT_PERCENT = 20
DEMO_TRAIN_SEED = 7          # not the seed `accord demo` ingests (4006): the demo stays unseen
DEMO_TRAIN_COUNT = 2500
# The shipped model sees fewer demo documents: enough for every demo type, few enough that the
# real documents are not a small minority of its training set.
SHIPPED_DEMO_COUNT = 1000
PAGE_ROTATION_SHARE = 0.25   # share of demo training copies whose pages start mid-document
REVIEWER_WEIGHT_COPIES = 3   # a confirmed real document counts as this many demo documents
# For the taxonomy model: synthetic training documents are cleanly separable by their headings and
# aliases, so the body text gets more weight and the aliases less, or real documents that name
# another type in passing ("... the Letter of Intent dated ...") are misread; and a second reading
# of the body (nearest class centroid) marks answers unsure on documents unlike the training set.
# Structure cues (parties, signatures, headings, memo headers) tell records about agreements from
# agreements; the vocabulary is capped so the shipped model stays a few MB; the novelty quantile
# marks as unsure the documents less like any type than 1% of the real training documents.
TAXONOMY_MODEL_PARAMS = {"alias_weight": 0.3, "full_weight": 2.0, "body_check": True, "structure_weight": 1.0,
                         "full_max_features": 30000, "chars_min_df": 3, "novelty_quantile": 0.01}
# Example key prefixes: real documents (the shipped model's sources, reviewers' documents, CSV rows)
# calibrate the probabilities; demo documents only train.
REAL_PREFIXES = ("real", "doc", "csv")
CV_FOLDS = 5


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
    stored = document_pages(store, document_id)
    return DocumentText(stored.pages, name=stored.filename)


def store_examples(store: Store, taxonomy: Taxonomy) -> list[Example]:
    """Documents whose type a reviewer accepted or corrected."""
    codes = set(taxonomy.type_codes)
    examples = []
    for document_id, label in confirmed_labels(store, "type"):
        if label not in codes:
            continue
        stored = document_pages(store, document_id)
        examples.append(Example(f"doc:{stored.sha256}", DocumentText(stored.pages, name=stored.filename), label))
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


def is_real(example: Example) -> bool:
    return example.key.split(":", 1)[0] in REAL_PREFIXES


def fit_model(train: Sequence[Example], taxonomy: Taxonomy | None = None, *, weights: dict[str, int] | None = None,
              **params) -> "TypeModel":
    """Fit a TypeModel; examples whose key prefix is in `weights` are repeated that many times.
    Real examples calibrate the probabilities when there are enough of them (else all do)."""
    from classifier.model import TypeModel
    docs, labels, real = [], [], []
    for ex in train:
        copies = (weights or {}).get(ex.key.split(":", 1)[0], 1)
        docs += [ex.doc] * copies
        labels += [ex.label] * copies
        real += [is_real(ex)] + [False] * (copies - 1)   # a repeated copy must not calibrate twice
    if len(set(labels)) < 2:
        raise ModelError("training needs documents of at least two types",
                         hint="Label more documents (or use the demo corpus: `accord classifier fit --demo`).")
    if taxonomy is not None:
        params = {"aliases": taxonomy_aliases(taxonomy), **TAXONOMY_MODEL_PARAMS, **params}
    mask = real if sum(real) >= MIN_CALIBRATION_DOCS else None
    return TypeModel(**params).fit(docs, labels, calibration_mask=mask)


MIN_CALIBRATION_DOCS = 50


def default_training_set(real: Sequence[Example], taxonomy: Taxonomy, demo_count: int = DEMO_TRAIN_COUNT
                         ) -> list[Example]:
    """What the shipped default model trains on: the real documents and the demo corpus's
    training part (its held-out part stays out, to be scored)."""
    demo_train, _ = split(demo_examples(taxonomy, demo_count))
    return list(real) + rotate_some_pages(demo_train)


def cross_validate(real: Sequence[Example], taxonomy: Taxonomy, *, demo_count: int = DEMO_TRAIN_COUNT,
                   folds: int = CV_FOLDS, seed: int = 0, progress=None) -> list[tuple[Example, Prediction]]:
    """Each real example predicted by a default model (`default_training_set`) trained without
    its fold: folds stratified by type (a type with fewer documents than folds is spread as far
    as it goes), the demo training part in every fold."""
    from sklearn.model_selection import StratifiedKFold
    import warnings
    demo_train, _ = split(demo_examples(taxonomy, demo_count))
    demo_train = rotate_some_pages(demo_train)
    labels = [ex.label for ex in real]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)   # types smaller than the fold count
        splits = list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(labels, labels))
    out: list[tuple[Example, Prediction]] = []
    for number, (train, test) in enumerate(splits, 1):
        model = fit_model([real[i] for i in train] + demo_train, taxonomy)
        out += list(zip([real[i] for i in test], model.predictions([real[i].doc for i in test])))
        if progress:
            progress(number, len(splits))
    return out


MIN_REAL_HELD_OUT = 5   # reviewed documents held out before a version's figures are theirs


def held_out_scoring(held: Sequence[Example]) -> tuple[list[Example], str]:
    """The held-out documents a version's figures are computed on, and what they are in words
    (read after "evaluated on"). Synthetic demo documents come from the generator that wrote the
    training part: a model scores ~1.00 on them whatever it does on real documents, so they are
    the basis only while too few reviewed (real) documents are held out, and then say so."""
    real = [ex for ex in held if is_real(ex)]
    if len(real) >= MIN_REAL_HELD_OUT:
        return real, f"a held-out split of {len(real)} reviewed documents (never trained on)"
    return list(held), (f"a held-out split of {len(held)} synthetic demo documents (never trained on; fewer than "
                        f"{MIN_REAL_HELD_OUT} reviewed documents are held out yet, and real documents score lower)")


def score_predictions(pairs: Sequence[tuple[Example, Prediction]], labels: Sequence[str] | None = None) -> dict:
    from classifier.metrics import evaluate
    return evaluate([ex.label for ex, _ in pairs], [p.label for _, p in pairs],
                    [p.probability for _, p in pairs], [p.unsure for _, p in pairs], labels)


def score(model, examples: Sequence[Example]) -> dict:
    """Held-out metrics of `model` (a TypeModel or a LinearModel) on `examples` (labels it does
    not know count as errors)."""
    from classifier.metrics import evaluate
    if not examples:
        return {"count": 0, "macro_f1": None}
    predictions = model.predictions([ex.doc for ex in examples])
    labels = sorted(set(model.classes_) | {ex.label for ex in examples})
    return evaluate([ex.label for ex in examples], [p.label for p in predictions],
                    [p.probability for p in predictions], [p.unsure for p in predictions], labels)


def build_default_model(real: Sequence[Example], taxonomy: Taxonomy, *, demo_count: int = DEMO_TRAIN_COUNT,
                        evaluated: Iterable[str] = (), cv_folds: int = CV_FOLDS, progress=None
                        ) -> tuple["TypeModel", dict]:
    """The shipped default model and its held-out metrics: `cv_folds`-fold cross-validation over
    the real examples (reported over all of them, and over the keys in `evaluated` alone), and
    the demo corpus's held-out part. cv_folds=0 skips the cross-validation."""
    metrics: dict = {}
    if cv_folds:
        pairs = cross_validate(real, taxonomy, demo_count=demo_count, folds=cv_folds, progress=progress)
        evaluated = set(evaluated)
        metrics["cv_real"] = score_predictions(pairs)
        if evaluated:
            metrics["cv_labelled"] = score_predictions([(ex, p) for ex, p in pairs if ex.key in evaluated])
    model = fit_model(default_training_set(real, taxonomy, demo_count), taxonomy)
    _, demo_held = split(demo_examples(taxonomy, demo_count))
    metrics["demo_held_out"] = score(model, demo_held)
    return model, metrics


def demo_train_count(demo_count: int = DEMO_TRAIN_COUNT) -> int:
    """How many demo documents a default model trains on (the rest is its held-out part)."""
    return sum(1 for i in range(demo_count) if not is_held_out(f"demo:{DEMO_TRAIN_SEED}:{i}"))
