"""A document's label suggestions as plain data: an ingest worker computes them
(ClassifierService.compute_suggestion) and sends them to the writer, which stores them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from classifier.scope import ScopeDecision
from corpus.taxonomy import Taxonomy


@dataclass
class Suggestion:
    """What `ClassifierService.compute_suggestion` found for one document (plain data: an ingest
    worker computes it and sends it to the writer, which stores it)."""
    model_version: str
    prediction: Any
    evidence: list
    scope: ScopeDecision
    flags: list[dict]
    confirmed_type: str | None = None

    def as_dict(self, document_id: int, taxonomy: Taxonomy) -> dict:
        return {"document_id": document_id, "model_version": self.model_version,
                "type": {**self.prediction.to_dict(), "display": taxonomy.label_of(self.prediction.label),
                         "evidence": self.evidence, "confirmed": self.confirmed_type},
                "scope": {**self.scope.to_dict(), "display": taxonomy.label_of(self.scope.code)},
                "flags": self.flags}
