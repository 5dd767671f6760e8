"""The audit log: append-only, hash-chained events.

Each event's hash covers its own content and the previous event's hash, so an
edited, inserted or deleted row breaks the chain and `verify` names it.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from datetime import datetime
from typing import Any, Iterator

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from corpus.errors import StoreError
from corpus.store import Store
from corpus.tables import AuditRow, utcnow

GENESIS = "0" * 64
_APPEND_LOCK = threading.Lock()
ACTIONS = ("search", "view", "download", "ingest", "label", "restrict", "login", "logout", "login_failed",
           "user", "retrain", "delete", "export",
           "fields")    # a reviewer's correction of metadata values (corpus/field_corrections.py)


def _utc_naive(at: datetime) -> datetime:
    from datetime import timezone
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc)
    return at.replace(tzinfo=None)


def _hash(prev_hash: str, at: datetime, actor: str, action: str, target: str, ip: str, details: dict) -> str:
    payload = json.dumps([prev_hash, _utc_naive(at).isoformat(timespec="microseconds"), actor, action, target,
                          ip, details], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def record(store: Store, actor: str, action: str, target: str = "", *, ip: str = "",
           details: dict[str, Any] | None = None) -> int:
    """Append one event. prev_hash is unique, so concurrent writers cannot fork the
    chain: the one that loses the race re-reads the head and tries again."""
    details = details or {}
    for attempt in range(50):
        try:
            # Threads of one process take turns: without this they read the same chain head,
            # all but one lose on the unique prev_hash and retry after a sleep (under load
            # that is most of a busy server's audit writes, and its slowest requests).
            # Other processes are still kept apart by the unique prev_hash and the retry.
            with _APPEND_LOCK, store.session() as session:
                prev = session.scalars(select(AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)).first() \
                    or GENESIS
                at = utcnow()
                # A Core INSERT, not session.add + flush: the same row, without the ORM's
                # unit-of-work bookkeeping (every search writes one event, so this is hot).
                result = session.execute(insert(AuditRow).values(
                    at=at, actor=actor, action=action, target=str(target), ip=ip or "", details=details,
                    prev_hash=prev, hash=_hash(prev, at, actor, action, str(target), ip or "", details)))
                return int(result.inserted_primary_key[0])
        except StoreError as exc:
            if not isinstance(exc.__cause__, IntegrityError) or attempt == 49:
                raise
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")


def events(store: Store, *, actor: str | None = None, action: str | None = None, target: str | None = None,
           since: datetime | None = None, until: datetime | None = None, limit: int = 100,
           offset: int = 0) -> list[dict[str, Any]]:
    query = select(AuditRow).order_by(AuditRow.id.desc())
    if actor:
        query = query.where(AuditRow.actor == actor)
    if action:
        query = query.where(AuditRow.action == action)
    if target:
        query = query.where(AuditRow.target == target)
    if since:
        query = query.where(AuditRow.at >= since)
    if until:
        query = query.where(AuditRow.at < until)
    with store.session() as session:
        rows = session.scalars(query.limit(limit).offset(offset)).all()
        return [_as_dict(r) for r in rows]


def _as_dict(row: AuditRow) -> dict[str, Any]:
    return {"id": row.id, "at": _utc_naive(row.at).isoformat() + "Z", "actor": row.actor, "action": row.action,
            "target": row.target, "ip": row.ip, "details": row.details, "hash": row.hash}


def iter_all(store: Store, batch: int = 1000) -> Iterator[AuditRow]:
    last = 0
    while True:
        with store.session() as session:
            rows = session.scalars(select(AuditRow).where(AuditRow.id > last).order_by(AuditRow.id)
                                   .limit(batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def verify(store: Store, anchor: tuple[int, str] | None = None) -> list[str]:
    """Walk the chain; returns one problem per broken link (empty list = intact).

    A chain proves nothing about its newest rows: deleting the last events leaves a shorter,
    still consistent chain. An *anchor* closes that gap: the (id, hash) of an event written down
    outside the database earlier (`accord audit head`); the chain must still reach it unchanged."""
    problems: list[str] = []
    prev = GENESIS
    expected_id = None
    anchor_seen = False
    for row in iter_all(store):
        if expected_id is not None and row.id != expected_id:
            problems.append(f"events {expected_id}..{row.id - 1} are missing (deleted rows)")
        if row.prev_hash != prev:
            problems.append(f"event {row.id}: previous-hash link broken (a row before it was changed or removed)")
        recomputed = _hash(row.prev_hash, row.at, row.actor, row.action, row.target, row.ip, row.details or {})
        if recomputed != row.hash:
            problems.append(f"event {row.id}: content does not match its hash (the row was edited)")
        if anchor is not None and row.id == anchor[0]:
            anchor_seen = True
            if row.hash != anchor[1]:
                problems.append(f"event {row.id}: its hash differs from the recorded anchor (the row was replaced)")
        prev = row.hash
        expected_id = row.id + 1
    if anchor is not None and not anchor_seen:
        problems.append(f"event {anchor[0]} (the recorded anchor) is missing: the newest events were deleted")
    return problems


def head(store: Store) -> tuple[int, str] | None:
    """(id, hash) of the newest event: the anchor to write down outside the database."""
    with store.session() as session:
        row = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(1)).first()
    return (row.id, row.hash) if row is not None else None
