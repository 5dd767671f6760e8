"""Held-out evaluation of a classifier: what `accord classifier report` and the bench print."""
from __future__ import annotations

from typing import Sequence

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

CALIBRATION_BINS = 10
CONFIDENT_P = 0.95


def evaluate(truth: Sequence[str], predicted: Sequence[str], probability: Sequence[float],
             unsure: Sequence[bool], labels: Sequence[str] | None = None) -> dict:
    """Per-class precision/recall/F1, macro-F1, accuracy, confusion matrix, expected calibration
    error with its bins, and how often unsure vs confident answers are wrong."""
    truth = np.asarray(truth, dtype=object)
    predicted = np.asarray(predicted, dtype=object)
    probability = np.asarray(probability, dtype=float)
    unsure = np.asarray(unsure, dtype=bool)
    if labels is None:
        labels = sorted(set(truth) | set(predicted))
    labels = list(labels)
    if len(truth) == 0:
        return {"count": 0, "labels": labels, "macro_f1": None}
    present = [label for label in labels if label in set(truth)]
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0)
    wrong = truth != predicted
    metrics = {
        "count": int(len(truth)),
        "accuracy": round(float(1 - wrong.mean()), 4),
        # Macro-F1 over the classes that occur in the held-out truth: a class absent from it has
        # no defined recall, and counting it as 0 would punish a small split, not the model.
        "macro_f1": round(float(f1_score(truth, predicted, labels=present, average="macro", zero_division=0)), 4),
        "per_class": {label: {"precision": round(float(p), 4), "recall": round(float(r), 4),
                              "f1": round(float(f), 4), "support": int(s)}
                      for label, p, r, f, s in zip(labels, precision, recall, f1, support)},
        "confusion": {"labels": labels,
                      "matrix": confusion_matrix(truth, predicted, labels=labels).tolist()},
    }
    # A wrong answer the model is sure of (p >= 0.95) is what makes reviewers stop trusting tags.
    metrics["confident_wrong_rate"] = round(float((wrong & (probability >= CONFIDENT_P)).mean()), 4)
    metrics.update(calibration(probability, ~wrong))
    metrics.update(abstention(wrong, unsure))
    return metrics


def calibration(probability: np.ndarray, correct: np.ndarray, bins: int = CALIBRATION_BINS) -> dict:
    """Expected calibration error of the top-label probability, with equal-width bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows, ece = [], 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (probability > low) & (probability <= high) if low > 0 else (probability <= high)
        if not inside.any():
            continue
        confidence = float(probability[inside].mean())
        accuracy = float(correct[inside].mean())
        ece += inside.mean() * abs(confidence - accuracy)
        rows.append({"low": round(float(low), 2), "high": round(float(high), 2), "count": int(inside.sum()),
                     "confidence": round(confidence, 4), "accuracy": round(accuracy, 4)})
    return {"ece": round(float(ece), 4), "calibration_bins": rows}


def abstention(wrong: np.ndarray, unsure: np.ndarray) -> dict:
    unsure_error = float(wrong[unsure].mean()) if unsure.any() else None
    confident_error = float(wrong[~unsure].mean()) if (~unsure).any() else None
    ratio = None
    if unsure_error and confident_error is not None:   # undefined when the unsure answers made no error
        ratio = round(unsure_error / confident_error, 2) if confident_error > 0 else float("inf")
    return {"unsure_fraction": round(float(unsure.mean()), 4),
            "unsure_error_rate": None if unsure_error is None else round(unsure_error, 4),
            "confident_error_rate": None if confident_error is None else round(confident_error, 4),
            "unsure_error_ratio": ratio}


def format_report(metrics: dict) -> str:
    """Plain-text rendering for the CLI."""
    if not metrics or not metrics.get("count"):
        return "no held-out evaluation recorded"
    lines = [f"held-out documents: {metrics['count']}   accuracy: {metrics['accuracy']:.3f}   "
             f"macro-F1: {metrics['macro_f1']:.3f}   ECE: {metrics['ece']:.3f}",
             f"wrong with p >= {CONFIDENT_P}: {metrics.get('confident_wrong_rate', 0):.1%} of answers",
             f"unsure: {metrics['unsure_fraction']:.1%} of answers; error rate unsure "
             f"{_pct(metrics['unsure_error_rate'])} vs confident {_pct(metrics['confident_error_rate'])}",
             "", f"{'class':<28}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}"]
    for label, row in metrics["per_class"].items():
        lines.append(f"{label:<28}{row['precision']:>10.3f}{row['recall']:>8.3f}{row['f1']:>8.3f}{row['support']:>9}")
    labels = metrics["confusion"]["labels"]
    lines += ["", "confusion (rows = truth, columns = predicted):",
              " " * 18 + "".join(f"{label[:6]:>7}" for label in labels)]
    for label, row in zip(labels, metrics["confusion"]["matrix"]):
        lines.append(f"{label[:18]:<18}" + "".join(f"{v:>7}" for v in row))
    lines += ["", "calibration (confidence vs accuracy per bin):"]
    for row in metrics["calibration_bins"]:
        lines.append(f"  ({row['low']:.1f}, {row['high']:.1f}]  n={row['count']:<5} "
                     f"confidence {row['confidence']:.3f}  accuracy {row['accuracy']:.3f}")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"
