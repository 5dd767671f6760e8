"""ClassifierService: suggestions, the review queue, reviewer decisions and the learning loop.

One instance per process (web/services.py builds it). The promoted model is loaded lazily; when
none exists, the shipped default model (classifier/shipped.py: trained on real public documents
and the demo corpus, stored as data) becomes the first version. A model file written by
another scikit-learn version is retrained, one not signed by this installation is refused.
Retraining after ACCORD_RETRAIN_AFTER_LABELS new reviewer labels runs in a child process at low
priority, watched by a background thread (classifier/retrain_process.py).
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Callable, Sequence

from classifier import training
from classifier.evidence import type_evidence
from classifier.flags import flags_from_fields
from classifier.model import TypeModel
from classifier.persistence import installation_key, load_model, load_stored_model, model_file
from classifier.retrain_process import retrain_in_child
from classifier.shipped import load_shipped, read_manifest
from classifier.scope import ScopeDecision, decide_scope, presumed_scope, scope_of_text
from classifier.suggestion import Suggestion
from classifier.text import DocumentText
from corpus.model_versions import (ModelVersion, current_version, get_version, list_versions, next_version_name,
                                 promote, register)
from corpus import labels as label_store
from corpus.access import Principal
from corpus.blobs import model_key
from corpus.config import Config
from corpus.documents import document_names, field_dicts, require_known_document
from corpus.errors import ModelError, UsageError
from corpus.store import Store
from corpus.taxonomy import Taxonomy, load_taxonomy
from corpus.visibility import visible_ids

log = logging.getLogger("accord.classifier")
DIVERSITY_PENALTY = 0.15   # added to an item's margin for each earlier queue item with the same label
SCOPE_MODEL_MIN_LABELS = 10


_DEFAULT_MODELS: dict[tuple, tuple[TypeModel, dict, int]] = {}
_DEFAULT_MODELS_LOCK = threading.Lock()


def _default_model(taxonomy: Taxonomy, count: int) -> tuple[TypeModel, dict, int]:
    """(model, held-out metrics, training size) of the demo-trained default model. The demo corpus
    is deterministic, so one process trains it once however many stores it serves (each store
    still gets its own file, signed with its own key)."""
    key = (taxonomy.name, tuple(taxonomy.type_codes), count, training.DEMO_TRAIN_SEED)
    with _DEFAULT_MODELS_LOCK:
        if key not in _DEFAULT_MODELS:
            train, held = training.split(training.demo_examples(taxonomy, count))
            model = training.fit_model(training.rotate_some_pages(train), taxonomy)
            _DEFAULT_MODELS[key] = (model, training.score(model, held), len(train))
        model, metrics, train_count = _DEFAULT_MODELS[key]
    return model, dict(metrics), train_count


class ClassifierService:
    def __init__(self, config: Config, store: Store):
        self.config = config
        self.store = store
        self.taxonomy: Taxonomy = load_taxonomy(config["ACCORD_TAXONOMY_FILE"] or None)
        self._lock = threading.RLock()          # guards loading the current model
        self._train_lock = threading.RLock()    # one training at a time; serving goes on meanwhile
        self._loaded: tuple[str, dict] | None = None     # (version, bundle)
        self._retrain_thread: threading.Thread | None = None
        # Set by the wiring when a worker queue trains (web/queue_jobs.py): called instead of
        # starting a thread, with a key naming this occasion (the same in every web process).
        self.start_retrain: Callable[[str], None] | None = None
        self.last_retrain_error: str | None = None
        self.demo_count = training.DEMO_TRAIN_COUNT   # demo documents in every training set

    # -- models --------------------------------------------------------------------------
    def _bundle(self) -> tuple[ModelVersion, dict]:
        """The promoted version and its loaded bundle {"type": TypeModel, "scope": TypeModel|None}."""
        with self._lock:
            version = current_version(self.store)
            if version is None:
                log.info("no classifier model yet: installing the shipped default model")
                version = self.fit_default()
            if self._loaded and self._loaded[0] == version.version:
                return version, self._loaded[1]
            try:
                bundle, _ = self._load(version)
            except ModelError as exc:
                if exc.code != "stale_model":
                    raise
                log.warning("%s; retraining", exc.message)
                version = self.retrain(reviewer="system", force_promote=True,
                                       note=f"retrained after an upgrade: {exc.message} (was {version.version})")
                bundle, _ = self._load(version)
            self._loaded = (version.version, bundle)
            return version, bundle

    def _load(self, version: ModelVersion) -> tuple[dict, dict]:
        """A version's bundle and header, signature checked, from the blob store (models/<file>, in
        ACCORD_HOME/models by default): a model trained on one machine is used by every other."""
        path = Path(version.path)
        if path.is_absolute():
            return load_model(path, installation_key(self.config))
        return load_stored_model(self.store.blobs, model_key(path.as_posix()), installation_key(self.config))

    def _save(self, bundle: dict, *, trained_on: str, train_count: int, last_label_id: int, metrics: dict,
              promote_it: bool, note: str, created_by: str, task_key: str | None = None) -> ModelVersion:
        name = next_version_name(self.store)
        relative = f"type-{name}.model"
        data, header = model_file(bundle, installation_key(self.config), version=name)
        self.store.blobs.put_bytes(model_key(relative), data, mode=0o600)
        return register(self.store, name, path=relative, sha256=header["sha256"], hmac=header["hmac"],
                        sklearn_version=header["sklearn"], trained_on=trained_on, train_count=train_count,
                        last_label_id=last_label_id, metrics=metrics, promote=promote_it, note=note,
                        created_by=created_by, task_key=task_key)

    def ensure_model(self) -> None:
        """Before work that reads the model elsewhere (ingest workers): the promoted version installed
        (the shipped default on a fresh install) and loadable, retrained here if it is stale, so
        that no other process ever installs or retrains it."""
        self._bundle()

    def fit_default(self, count: int | None = None) -> ModelVersion:
        """A fresh install's model, promoted: the shipped default model; with `count` (or when the
        shipped files are missing or damaged, or the taxonomy is an organisation's own), one
        trained on that many demo documents (held-out part scored)."""
        with self._train_lock:
            last_label = label_store.last_label_id(self.store)
            if count is None:
                shipped_version = self._register_shipped(last_label)
                if shipped_version is not None:
                    return shipped_version
            model, metrics, train_count = _default_model(self.taxonomy, count or self.demo_count)
            return self._save({"type": model, "scope": None}, trained_on="demo", train_count=train_count,
                              last_label_id=last_label, metrics=metrics, promote_it=True,
                              note=f"default model: {train_count} demo documents", created_by="system")

    def _register_shipped(self, last_label: int) -> ModelVersion | None:
        try:
            model, manifest = load_shipped()
        except ModelError as exc:
            log.warning("%s; training the default model on the demo corpus instead", exc.message)
            return None
        if set(model.classes_) - set(self.taxonomy.type_codes):
            log.warning("the shipped model's types are not this taxonomy's; training on the demo corpus instead")
            return None
        recorded = manifest.get("metrics") or {}
        # The figures shown for the version: real documents held out by cross-validation (the
        # demo's held-out part is kept beside them).
        metrics = dict(recorded.get("cv_labelled") or recorded.get("demo_held_out") or {})
        metrics["evaluated_on"] = "cross-validation on real records and agreements" \
            if recorded.get("cv_labelled") else "demo held-out part"
        metrics["demo_held_out_macro_f1"] = (recorded.get("demo_held_out") or {}).get("macro_f1")
        trained = manifest.get("trained_on") or {}
        return self._save({"type": model, "scope": None}, trained_on="shipped",
                          train_count=int(trained.get("real", 0)) + int(trained.get("demo", 0)),
                          last_label_id=last_label, metrics=metrics, promote_it=True,
                          note=f"shipped default model ({manifest.get('code_version', 'unknown')[:12]}): "
                               f"{trained.get('real')} real and {trained.get('demo')} demo documents",
                          created_by="system")

    def _shipped_base(self) -> TypeModel | None:
        """The shipped model, for a retrained version to build on (None when it is missing or its
        types are not this taxonomy's)."""
        try:
            model, _ = load_shipped()
        except ModelError:
            return None
        return None if set(model.classes_) - set(self.taxonomy.type_codes) else model

    def shipped_manifest(self) -> dict | None:
        """The shipped default model's manifest (None when its files are missing)."""
        try:
            return read_manifest()
        except ModelError:
            return None

    def retrain(self, reviewer: str | None = None, *, force_promote: bool = False, note: str = "",
                task_key: str | None = None) -> ModelVersion:
        """A new version from the demo corpus plus reviewer-confirmed labels, built on the shipped
        model (its probabilities are features: what it learned from real documents is kept), scored
        on the held-out split; promoted only if it is not worse than the current version there.
        `task_key`: the queue task's, recorded on the version (unique: one version per task)."""
        with self._train_lock:
            last_label = label_store.last_label_id(self.store)
            reviewed = training.store_examples(self.store, self.taxonomy)
            try:
                demo = training.demo_examples(self.taxonomy, self.demo_count)
            except ModelError:
                demo = []
            train, held = training.split(demo + reviewed)
            base = self._shipped_base()
            model = training.fit_model(training.rotate_some_pages(train), self.taxonomy,
                                       weights={"doc": training.REVIEWER_WEIGHT_COPIES},
                                       **({"base": base} if base is not None else {}))
            metrics = training.score(model, held)
            metrics["held_out_reviewed"] = sum(1 for ex in held if ex.key.startswith("doc:"))
            bundle = {"type": model, "scope": self._fit_scope_model()}
            current = current_version(self.store)
            promote_it, why = True, "promoted"
            if current is not None and not force_promote:
                current_f1 = self._current_score_on(held, current)
                if current_f1 is not None and (metrics.get("macro_f1") or 0.0) < current_f1:
                    promote_it = False
                    why = (f"not promoted: held-out macro-F1 {metrics.get('macro_f1')} is below "
                           f"{current_f1} of the current {current.version}")
                metrics["current_macro_f1_same_split"] = current_f1
            trained_on = "+".join(name for name, used in (("shipped", base is not None), ("demo", bool(demo)),
                                                          ("labels", bool(reviewed))) if used)
            version = self._save(bundle, trained_on=trained_on or "none", train_count=len(train),
                                 last_label_id=last_label, metrics=metrics, promote_it=promote_it,
                                 note="; ".join(p for p in (note, why) if p), created_by=reviewer or "system",
                                 task_key=task_key)
            log.info("classifier %s: %s", version.version, why)
            return version

    def _current_score_on(self, held: Sequence[training.Example], current: ModelVersion) -> float | None:
        try:
            bundle, _ = self._load(current)
        except ModelError:
            return None   # a stale or missing current model cannot block its replacement
        return training.score(bundle["type"], held).get("macro_f1")

    def _fit_scope_model(self) -> TypeModel | None:
        """Learned scope, for documents the rules cannot decide (ISAAs of unknown data direction):
        trained on reviewers' scope decisions for such documents, once there are enough."""
        examples = []
        for document_id, scope in label_store.confirmed_labels(self.store, "scope"):
            type_label = label_store.current_label(self.store, document_id, "type")
            if type_label is None:
                continue
            if decide_scope(type_label.value, self.taxonomy, self._fields(document_id)) is None:
                examples.append((training.document_text(self.store, document_id), scope))
        if len(examples) < SCOPE_MODEL_MIN_LABELS or len({s for _, s in examples}) < 2:
            return None
        return TypeModel().fit([d for d, _ in examples], [s for _, s in examples])

    def versions(self) -> list[ModelVersion]:
        return list_versions(self.store)

    def rollback(self, version: str) -> ModelVersion:
        """Make an earlier (or later) version current; its file must still verify."""
        with self._lock:
            target = get_version(self.store, version)
            self._load(target)
            promoted = promote(self.store, version)
            self._loaded = None
            return promoted

    def current_metrics(self) -> dict | None:
        """Held-out metrics of the current version (None before the first model exists). Read from
        the version registry: no model is loaded or trained for this."""
        version = current_version(self.store)
        if version is None:
            return None
        return {"version": version.version, "trained_on": version.trained_on,
                "created_at": version.created_at.isoformat() if version.created_at else None, **version.metrics}

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
        model: TypeModel = bundle["type"]
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
