"""The registry of trained classifier model versions (table `model_versions`): one row per model file,
its held-out metrics, and which one is in use (promoted). Rollback moves the promoted flag."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from corpus.errors import NotFound
from corpus.store import Store
from corpus.tables import ModelVersionRow

KIND = "type"


@dataclass(frozen=True)
class ModelVersion:
    version: str
    path: str                  # models/<path> in the blob store (absolute: a file outside it)
    sha256: str
    hmac: str
    sklearn_version: str
    trained_on: str            # demo | demo+labels | labels | csv
    train_count: int
    last_label_id: int
    metrics: dict
    promoted: bool
    note: str
    created_by: str
    created_at: datetime | None

    def __getitem__(self, key: str) -> Any:   # dict-like for templates and JSON callers
        return getattr(self, key)

    def to_dict(self, *, with_metrics: bool = True) -> dict:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat() if self.created_at else None
        data["macro_f1"] = (self.metrics or {}).get("macro_f1")
        if not with_metrics:
            data.pop("metrics")
        return data


def _version(row: ModelVersionRow) -> ModelVersion:
    return ModelVersion(row.version, row.path, row.sha256, row.hmac, row.sklearn_version, row.trained_on,
                        row.train_count, row.last_label_id, dict(row.metrics or {}), row.promoted, row.note,
                        row.created_by, row.created_at)


def next_version_name(store: Store) -> str:
    with store.session() as session:
        count = session.scalar(select(func.count(ModelVersionRow.id))) or 0
    return f"v{count + 1}"


def register(store: Store, version: str, *, path: str, sha256: str, hmac: str, sklearn_version: str,
             trained_on: str, train_count: int, last_label_id: int, metrics: dict, promote: bool,
             note: str = "", created_by: str = "", task_key: str | None = None) -> ModelVersion:
    """`task_key`: the queue task training it (see `version_of_task`)."""
    with store.session() as session:
        if promote:
            session.execute(update(ModelVersionRow).where(ModelVersionRow.kind == KIND).values(promoted=False))
        row = ModelVersionRow(version=version, kind=KIND, path=path, sha256=sha256, hmac=hmac,
                              sklearn_version=sklearn_version, trained_on=trained_on, train_count=train_count,
                              last_label_id=last_label_id, metrics=metrics, promoted=promote, note=note,
                              created_by=created_by, task_key=task_key)
        session.add(row)
        session.flush()
        return _version(row)


def version_of_task(store: Store, task_key: str) -> ModelVersion | None:
    """The version the queue task `task_key` registered, if it did (before its worker died)."""
    with store.session() as session:
        row = session.scalar(select(ModelVersionRow).where(ModelVersionRow.task_key == task_key))
        return _version(row) if row else None


def list_versions(store: Store) -> list[ModelVersion]:
    with store.session() as session:
        rows = session.scalars(select(ModelVersionRow).where(ModelVersionRow.kind == KIND)
                               .order_by(ModelVersionRow.id)).all()
        return [_version(r) for r in rows]


def get_version(store: Store, version: str) -> ModelVersion:
    with store.session() as session:
        row = session.scalar(select(ModelVersionRow).where(ModelVersionRow.version == version,
                                                           ModelVersionRow.kind == KIND))
        if row is None:
            raise NotFound(f"no model version {version!r}", hint="`accord classifier versions` lists them.")
        return _version(row)


def current_version(store: Store) -> ModelVersion | None:
    with store.session() as session:
        row = session.scalar(select(ModelVersionRow).where(ModelVersionRow.kind == KIND,
                                                           ModelVersionRow.promoted.is_(True))
                             .order_by(ModelVersionRow.id.desc()).limit(1))
        return _version(row) if row else None


def promote(store: Store, version: str) -> ModelVersion:
    get_version(store, version)
    with store.session() as session:
        session.execute(update(ModelVersionRow).where(ModelVersionRow.kind == KIND).values(promoted=False))
        session.execute(update(ModelVersionRow).where(ModelVersionRow.version == version).values(promoted=True))
    return get_version(store, version)
