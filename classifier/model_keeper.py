"""ModelKeeper: the store's classifier model versions, the part of ClassifierService
(classifier/service.py) that does not suggest or review: installs the first model (the shipped
default, classifier/shipped.py, or one trained on the demo corpus), loads the promoted version
from the blob store (signature checked; a stale one retrained), retrains, lists and rolls back.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from classifier import training
from classifier.inference import LinearModel
from classifier.persistence import (check_model, check_stored_model, installation_key, load_model, load_stored_model,
                                    model_file)
from classifier.scope import decide_scope
from classifier.shipped import load_shipped, read_manifest
from corpus import labels as label_store
from corpus.blobs import model_key
from corpus.config import Config
from corpus.documents import field_dicts
from corpus.errors import ModelError
from corpus.model_versions import (ModelVersion, current_version, get_version, list_versions, next_version_name,
                                   promote, register)
from corpus.store import Store
from corpus.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:   # scikit-learn is imported to train only: serving reads LinearModels
    from classifier.model import TypeModel

log = logging.getLogger("accord.classifier")
SCOPE_MODEL_MIN_LABELS = 10


_DEFAULT_MODELS: dict[tuple, tuple["TypeModel", dict, int]] = {}
_DEFAULT_MODELS_LOCK = threading.Lock()


def _default_model(taxonomy: Taxonomy, count: int) -> tuple["TypeModel", dict, int]:
    """(model, held-out metrics, training size) of the demo-trained default model. The demo corpus
    is deterministic, so one process trains it once however many stores it serves (each store
    still gets its own file, signed with its own key)."""
    key = (taxonomy.name, tuple(taxonomy.type_codes), count, training.DEMO_TRAIN_SEED)
    with _DEFAULT_MODELS_LOCK:
        if key not in _DEFAULT_MODELS:
            train, held = training.split(training.demo_examples(taxonomy, count))
            model = training.fit_model(training.rotate_some_pages(train), taxonomy)
            scored, how = training.held_out_scoring(held)
            _DEFAULT_MODELS[key] = (model, {**training.score(model, scored), "evaluated_on": how}, len(train))
        model, metrics, train_count = _DEFAULT_MODELS[key]
    return model, dict(metrics), train_count


class ModelKeeper:
    def __init__(self, config: Config, store: Store):
        self.config = config
        self.store = store
        self.taxonomy: Taxonomy = load_taxonomy(config["ACCORD_TAXONOMY_FILE"] or None)
        self._lock = threading.RLock()          # guards loading the current model
        self._train_lock = threading.RLock()    # one training at a time; serving goes on meanwhile
        self._loaded: tuple[str, dict] | None = None     # (version, bundle)
        self._checked: str | None = None                  # the version whose file was last found usable
        self.demo_count = training.DEMO_TRAIN_COUNT   # demo documents in every training set

    def _current(self, *, load: bool) -> tuple[ModelVersion, dict | None]:
        """The promoted version (the shipped default installed on a fresh install; a stale one
        retrained), and its loaded bundle {"type": LinearModel, "scope": LinearModel|None} when
        `load` (else None: its file checked, signature and staleness, not decoded)."""
        with self._lock:
            version = current_version(self.store)
            if version is None:
                log.info("no classifier model yet: installing the shipped default model")
                version = self.fit_default()
            if self._loaded and self._loaded[0] == version.version:
                return version, self._loaded[1]
            if not load and self._checked == version.version:
                return version, None
            try:
                bundle = self._load(version)[0] if load else self._check(version)
            except ModelError as exc:
                if exc.code != "stale_model":
                    raise
                log.warning("%s; retraining", exc.message)
                version = self.retrain(reviewer="system", force_promote=True,
                                       note=f"retrained after an upgrade: {exc.message} (was {version.version})")
                bundle = self._load(version)[0] if load else self._check(version)
            if load:
                self._loaded = (version.version, bundle)
            self._checked = version.version
            return version, bundle

    def _bundle(self) -> tuple[ModelVersion, dict]:
        """The promoted version and its loaded bundle {"type": LinearModel, "scope": LinearModel|None}."""
        return self._current(load=True)

    def _load(self, version: ModelVersion) -> tuple[dict, dict]:
        """A version's bundle and header, signature checked, from the blob store (models/<file>, in
        ACCORD_HOME/models by default): a model trained on one machine is used by every other."""
        path = Path(version.path)
        if path.is_absolute():
            return load_model(path, installation_key(self.config))
        return load_stored_model(self.store.blobs, model_key(path.as_posix()), installation_key(self.config))

    def _check(self, version: ModelVersion) -> None:
        """_load's checks of a version's file (signature, staleness) without decoding its models."""
        path = Path(version.path)
        if path.is_absolute():
            check_model(path, installation_key(self.config))
        else:
            check_stored_model(self.store.blobs, model_key(path.as_posix()), installation_key(self.config))

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

    def ensure_model(self, *, load: bool = False) -> None:
        """Before work that reads the model elsewhere (ingest workers): the promoted version installed
        (the shipped default on a fresh install) and loadable, retrained here if it is stale, so
        that no other process ever installs or retrains it. Reads the version's header, not its
        models, unless `load`: the ingest writer may never classify itself; a server about to
        answer requests loads them."""
        self._current(load=load)

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
        metrics["evaluated_on"] = (f"cross-validation ({training.CV_FOLDS} folds) over {metrics.get('count')} real "
                                   f"records and agreements" if recorded.get("cv_labelled") else
                                   f"a held-out split of {metrics.get('count')} synthetic demo documents")
        metrics["demo_held_out_macro_f1"] = (recorded.get("demo_held_out") or {}).get("macro_f1")
        trained = manifest.get("trained_on") or {}
        return self._save({"type": model, "scope": None}, trained_on="shipped",
                          train_count=int(trained.get("real", 0)) + int(trained.get("demo", 0)),
                          last_label_id=last_label, metrics=metrics, promote_it=True,
                          note=f"shipped default model ({manifest.get('code_version', 'unknown')[:12]}): "
                               f"{trained.get('real')} real and {trained.get('demo')} demo documents",
                          created_by="system")

    def _shipped_base(self) -> LinearModel | None:
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
            # Scored on the reviewed documents held out when there are enough (training.held_out_scoring);
            # the synthetic held-out part's figure is kept beside them.
            scored, how = training.held_out_scoring(held)
            metrics = training.score(model, scored)
            metrics["evaluated_on"] = how
            metrics["held_out_reviewed"] = sum(1 for ex in held if ex.key.startswith("doc:"))
            synthetic = [ex for ex in held if not training.is_real(ex)]
            if len(scored) < len(held) and synthetic:
                metrics["demo_held_out_macro_f1"] = training.score(model, synthetic).get("macro_f1")
            bundle = {"type": model, "scope": self._fit_scope_model()}
            current = current_version(self.store)
            promote_it, why = True, "promoted"
            if current is not None and not force_promote:
                current_f1 = self._current_score_on(scored, current)
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

    def _fit_scope_model(self) -> "TypeModel | None":
        """Learned scope, for documents the rules cannot decide (ISAAs of unknown data direction):
        trained on reviewers' scope decisions for such documents, once there are enough."""
        examples = []
        for document_id, scope in label_store.confirmed_labels(self.store, "scope"):
            type_label = label_store.current_label(self.store, document_id, "type")
            if type_label is None:
                continue
            if decide_scope(type_label.value, self.taxonomy, field_dicts(self.store, document_id)) is None:
                examples.append((training.document_text(self.store, document_id), scope))
        if len(examples) < SCOPE_MODEL_MIN_LABELS or len({s for _, s in examples}) < 2:
            return None
        from classifier.model import TypeModel
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
