"""ClassifierService: suggestions, the review queue, reviewer decisions and the learning loop.

One instance per process (web/services.py builds it). Its model versions are kept by ModelKeeper
(classifier/model_keeper.py): the promoted model is loaded lazily; when none exists, the shipped
default model (classifier/shipped.py: trained on real public documents and the demo corpus,
stored as data) becomes the first version. A model file written by another scikit-learn version
is retrained, one not signed by this installation is refused.
Retraining after ACCORD_RETRAIN_AFTER_LABELS new reviewer labels runs in a child process at low
priority, watched by a background thread (classifier/retrain_process.py).
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Callable, Sequence

from classifier import training
from classifier.evidence import type_evidence
from classifier.flags import flags_from_fields
from classifier.model_keeper import ModelKeeper
from classifier.retrain_process import retrain_in_child
from classifier.scope import ScopeDecision, presumed_scope, scope_of_text
from classifier.suggestion import Suggestion
from classifier.text import DocumentText
from corpus.model_versions import current_version
from corpus import labels as label_store
from corpus.access import Principal
from corpus.config import Config
from corpus.documents import document_names, field_dicts, require_known_document
from corpus.errors import UsageError
from corpus.store import Store
from corpus.visibility import visible_ids

log = logging.getLogger("accord.classifier")
DIVERSITY_PENALTY = 0.15   # added to an item's margin for each earlier queue item with the same label


class ClassifierService(ModelKeeper):
    def __init__(self, config: Config, store: Store):
        super().__init__(config, store)
        self._retrain_thread: threading.Thread | None = None
        # Set by the wiring when a worker queue trains (web/queue_jobs.py): called instead of
        # starting a thread, with a key naming this occasion (the same in every web process).
        self.start_retrain: Callable[[str], None] | None = None
        self.last_retrain_error: str | None = None

    # -- the learning loop -----------------------------------------------------------------
    def retrain_due(self) -> str | None:
        """When enough new reviewer labels arrived since the current version: a key naming this
        occasion (current version and how many thresholds of new labels); else None."""
        threshold = self.config["ACCORD_RETRAIN_AFTER_LABELS"]
        current = current_version(self.store)
        if threshold <= 0 or current is None:
            return None
        new = label_store.new_labels_since(self.store, current.last_label_id)
        return f"{current.version}:{new // threshold}" if new >= threshold else None

    def maybe_retrain(self) -> bool:
        """Start a background retrain when enough new reviewer labels arrived; True if started."""
        due = self.retrain_due()
        if due is None:
            return False
        if self.start_retrain is not None:
            self.start_retrain(due)
            return True
        if self._retrain_thread is not None and self._retrain_thread.is_alive():
            return False
        self._retrain_thread = threading.Thread(target=self._background_retrain, name="accord-retrain", daemon=True)
        self._retrain_thread.start()
        return True

    def _background_retrain(self) -> None:
        try:
            retrain_in_child(self.config, self.demo_count, reviewer="system",
                             note="automatic retrain after new reviewer labels")
            self.last_retrain_error = None
        except Exception as exc:  # noqa: BLE001 - a background failure must be shown, not lost
            # Shown on the model page (web/templates/review.html) as well as logged.
            self.last_retrain_error = f"{type(exc).__name__}: {exc}"
            log.exception("automatic retrain failed")

    def wait_for_retrain(self, timeout: float | None = None) -> None:
        if self._retrain_thread is not None:
            self._retrain_thread.join(timeout)

    # -- suggestions ---------------------------------------------------------------------
    def _fields(self, document_id: int) -> list[dict]:
        return field_dicts(self.store, document_id)

    def predict_texts(self, docs: Sequence[DocumentText]) -> list[dict]:
        """Type predictions for raw texts (no store writes)."""
        _, bundle = self._bundle()
        return [p.to_dict() for p in bundle["type"].predictions(docs)]

    def scope_for(self, type_code: str, doc: DocumentText, fields: list[dict], bundle: dict, *,
                  type_unsure: bool = False) -> ScopeDecision:
        decision, _direction = scope_of_text(type_code, self.taxonomy, doc.pages, fields, type_unsure=type_unsure)
        if decision is not None:
            return decision
        scope_model = bundle.get("scope")
        if scope_model is not None:
            p = scope_model.predictions([doc])[0]
            return ScopeDecision(p.label, "learned-scope", "Decided by the model learned from reviewers' scope "
                                 "decisions (no rule applies: the data direction is unknown).",
                                 decided_by_rule=False, unsure=p.unsure, probability=round(p.probability, 4))
        return presumed_scope(type_code, self.taxonomy)

    def suggest(self, document_id: int, *, store_labels: bool = True) -> dict:
        """Compute type, scope and flag suggestions and store them as label rows (a tag a reviewer
        already confirmed is not overwritten by a new suggestion)."""
        require_known_document(self.store, document_id)
        current = label_store.current_labels(self.store, document_id)
        computed = self.compute_suggestion(training.document_text(self.store, document_id),
                                           self._fields(document_id), current)
        if store_labels:
            self._store_suggestions(document_id, current, computed)
        return computed.as_dict(document_id, self.taxonomy)

    def compute_suggestion(self, doc: DocumentText, fields: list[dict], current: dict | None = None
                           ) -> Suggestion:
        """Type, scope and flags for a document's text and fields (no store writes): what `suggest`
        stores, and what an ingest worker computes before the document is stored (`current`
        None: a new document, no labels yet)."""
        version, bundle = self._bundle()
        model = bundle["type"]   # a classifier.inference.LinearModel
        prediction = model.predictions([doc])[0]
        evidence = type_evidence(model, doc, prediction.label) if doc.readable else []
        confirmed_type = None
        if current is not None and current["type"] and current["type"].confirmed:
            confirmed_type = current["type"].value
        scope = self.scope_for(confirmed_type or prediction.label, doc, fields, bundle,
                               type_unsure=not confirmed_type and prediction.unsure)
        flags = flags_from_fields(fields, self.taxonomy, doc.pages)
        return Suggestion(version.version, prediction, evidence, scope, flags, confirmed_type)

    def store_computed(self, document_id: int, computed: Suggestion) -> None:
        """Store suggestions an ingest worker computed for a new document, as `suggest` would have;
        computed with another model version than the promoted one, or for a document that has
        labels meanwhile, they are computed again here."""
        current = label_store.current_labels(self.store, document_id)
        promoted = current_version(self.store)
        if (promoted is None or promoted.version != computed.model_version or current["type"] is not None
                or current["scope"] is not None or current["flags"]):
            self.suggest(document_id)
            return
        self._store_suggestions(document_id, current, computed)

    def _store_suggestions(self, document_id, current, computed: Suggestion) -> None:
        version, prediction, evidence, scope, flags = (computed.model_version, computed.prediction,
                                                       computed.evidence, computed.scope, computed.flags)

        def fresh(label, value) -> bool:   # not confirmed by a reviewer and not the same suggestion again
            return label is None or (not label.confirmed and label.source != "reviewer"
                                     and (label.value, label.model_version) != (value, version))
        if fresh(current["type"], prediction.label):
            label_store.add_suggestion(self.store, document_id, "type", prediction.label, source="model",
                                       confidence=prediction.probability, margin=prediction.margin,
                                       model_version=version, evidence=evidence,
                                       rule="unsure" if prediction.unsure else None)
        if fresh(current["scope"], scope.code):
            self._suggest_scope(document_id, scope, version)
        for flag in flags:
            if flag["code"] not in current["flags"]:
                label_store.add_suggestion(self.store, document_id, "flag", flag["code"], source="rule",
                                           rule=f"metadata:{flag['kind']}", evidence=flag["evidence"],
                                           model_version=version)

    # -- review ----------------------------------------------------------------------------
    def _visible_to(self, principal: Principal | None, pending: list) -> list:
        """Only the documents `principal` may see (corpus.visibility decides; None: everything).
        Filtered before ordering and paging: a hidden document must not even move the queue."""
        if principal is None:
            return pending
        shown = visible_ids(self.store, principal, [lab.document_id for lab in pending])
        return [lab for lab in pending if lab.document_id in shown]

    def review_queue(self, limit: int = 50, offset: int = 0, *, principal: Principal | None = None) -> list[dict]:
        """Type, scope and flag tags no reviewer decided yet (corpus.labels.pending_review, the
        dashboard's "awaiting review"), most uncertain first; each further item with the same
        suggested value counts as less uncertain, so one cluster cannot fill the queue."""
        pending = self._visible_to(principal, label_store.pending_review(self.store))
        pending.sort(key=lambda lab: (lab.margin if lab.margin is not None else 0.0, lab.document_id))
        chosen, seen, remaining = [], {}, list(pending)
        while remaining:
            best = min(range(len(remaining)), key=lambda i: (
                (remaining[i].margin or 0.0) + DIVERSITY_PENALTY * seen.get(remaining[i].value, 0), i))
            item = remaining.pop(best)
            seen[item.value] = seen.get(item.value, 0) + 1
            chosen.append(item)
            if len(chosen) >= offset + limit:
                break
        page = chosen[offset:offset + limit]
        names = document_names(self.store, [lab.document_id for lab in page])
        return [{"document_id": lab.document_id, "filename": names[lab.document_id][0],
                 "title": names[lab.document_id][1], "kind": lab.kind, "label": lab.value,
                 "display": self.taxonomy.label_of(lab.value), "probability": lab.confidence,
                 "margin": lab.margin, "unsure": lab.rule == "unsure" or lab.status == "unsure",
                 "status": lab.status, "model_version": lab.model_version, "evidence": lab.evidence,
                 "suggested_at": lab.created_at.isoformat() if lab.created_at else None}
                for lab in page if lab.document_id in names]

    def _check_value(self, kind: str, value: str) -> None:
        allowed = {"type": self.taxonomy.type_codes, "scope": self.taxonomy.scope_codes}.get(kind)
        if allowed is not None and value not in allowed:
            raise UsageError(f"{value!r} is not a {kind} in the taxonomy {self.taxonomy.name!r}",
                             hint=f"Use one of: {', '.join(allowed)}.")
        if kind == "flag" and not value:
            raise UsageError("a flag needs a code")

    def decide(self, document_id: int, kind: str, value: str, reviewer: str, action: str, *,
               follow_up: bool = True) -> str:
        """Store a reviewer's decision (accept / correct / unsure; reject for flags) with who and when;
        returns the value decided. `follow_up=False` leaves `after_decision` to the caller (the web
        server runs it in the background, off the reviewer's request)."""
        require_known_document(self.store, document_id)
        if kind not in label_store.KINDS:
            raise UsageError(f"unknown label kind {kind!r}", hint="Use type, scope or flag.")
        current = label_store.current_label(self.store, document_id, kind) if kind != "flag" else None
        if action == "accept" and not value:
            if current is None:
                raise UsageError(f"document {document_id} has no {kind} suggestion to accept")
            value = current.value
        self._check_value(kind, value)
        if action == "reject" and kind != "flag":
            raise UsageError("only flags can be rejected; correct a type or scope instead")
        label_store.record_decision(self.store, document_id, kind, value, reviewer, action)
        if follow_up:
            self.after_decision(document_id, kind, value, action)
        return value

    def after_decision(self, document_id: int, kind: str, value: str, action: str) -> bool:
        """What a decision implies beyond itself: a confirmed type can change the suggested scope,
        and enough new labels start a retrain (in a low-priority child process). True when it
        changed a label of the document (its index entry is then out of date)."""
        changed = kind == "type" and action in ("accept", "correct") and self._rescope(document_id, value)
        self.maybe_retrain()
        return changed

    def _rescope(self, document_id: int, type_code: str) -> bool:
        """A confirmed type can change the scope: suggest it again unless a reviewer decided it.
        True when a new scope was suggested."""
        scope_label = label_store.current_label(self.store, document_id, "scope")
        if scope_label is not None and scope_label.source == "reviewer":
            return False
        version, bundle = self._bundle()
        doc = training.document_text(self.store, document_id)
        scope = self.scope_for(type_code, doc, self._fields(document_id), bundle)
        if scope_label is None or scope_label.value != scope.code:
            self._suggest_scope(document_id, scope, version.version)
            return True
        return False

    def _suggest_scope(self, document_id: int, scope: ScopeDecision, version: str) -> None:
        label_store.add_suggestion(self.store, document_id, "scope", scope.code,
                                   source="rule" if scope.decided_by_rule else "model",
                                   confidence=scope.probability, model_version=version, rule=scope.rule,
                                   evidence=[{"text": scope.explanation, "directive": scope.directive},
                                             *scope.evidence])

    def _bulk_candidates(self, min_probability: float, principal: Principal | None) -> tuple[list, list]:
        """Pending type suggestions at or above `min_probability` on the documents `principal` may
        see, split into (acceptable, left alone because the model or a reviewer marked them unsure).
        Documents the caller may not see are not counted at all: not even their number shows."""
        if not 0.0 <= min_probability <= 1.0:
            raise UsageError("min_probability must be between 0 and 1")
        confident = [lab for lab in self._visible_to(principal, label_store.current_suggestions(self.store, "type"))
                     if (lab.confidence or 0.0) >= min_probability]
        acceptable = [lab for lab in confident if lab.status == "suggested" and lab.rule != "unsure"]
        return acceptable, [lab for lab in confident if lab not in acceptable]

    def bulk_accept_preview(self, min_probability: float, *, principal: Principal | None = None) -> dict:
        """What bulk_accept would do: how many suggestions it accepts and how many equally
        confident ones it leaves because they are marked unsure."""
        acceptable, unsure = self._bulk_candidates(min_probability, principal)
        return {"accept": len(acceptable), "unsure": len(unsure), "min_probability": min_probability}

    def bulk_accept(self, min_probability: float, reviewer: str, *,
                    principal: Principal | None = None) -> list[int]:
        """Accept every pending, confident type suggestion at or above `min_probability` on the
        documents `principal` may see; returns the ids of the documents whose type was accepted
        (their index entries are stale)."""
        accepted: list[int] = []
        for lab in self._bulk_candidates(min_probability, principal)[0]:
            label_store.record_decision(self.store, lab.document_id, "type", lab.value, reviewer, "accept")
            self._rescope(lab.document_id, lab.value)
            accepted.append(lab.document_id)
        if accepted:
            self.maybe_retrain()
        return accepted

    def history(self, document_id: int) -> list[dict[str, Any]]:
        return [label.to_dict() for label in label_store.history(self.store, document_id)]
