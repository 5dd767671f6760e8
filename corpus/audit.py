"""The audit log: append-only, HMAC-chained events, anchored outside the database.

Each event's hash is an HMAC-SHA256, keyed with the audit key (a file outside the database,
see corpus/keys.py), over its own content and the previous event's hash. So an edited,
inserted or deleted row breaks the chain, and someone who can write to the database but not
read the key cannot compute a chain that passes.

A chain proves nothing about its newest rows: deleting the last events leaves a shorter,
still consistent chain. Anchors close that gap: the (id, hash) of the newest event, appended
to a file outside the database (and optionally syslog) at least every ACCORD_AUDIT_ANCHOR_EVERY
events and when a process ends. `check` vouches for the chain up to the last anchor, and only
that far.

Events written before the chain was keyed keep their plain sha256 (chain version 1). They may
only form the start of the chain: an unkeyed event after a keyed one is a rewrite.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import logging
import os
import threading
import time
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterator

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from corpus.errors import StoreError
from corpus.keys import audit_key
from corpus.store import Store
from corpus.tables import AuditRow, utcnow

log = logging.getLogger("accord.audit")
GENESIS = "0" * 64
UNKEYED, KEYED = 1, 2   # chain versions
_APPEND_LOCK = threading.Lock()   # creating a store's _Writer
# Built once: every search writes an event, and building a statement (and its cache key) per call
# cost more CPU than running it. Core on the table, not the ORM entity (no ORM bulk-insert plumbing).
_HEAD_HASH = select(AuditRow.__table__.c.hash).order_by(AuditRow.__table__.c.id.desc()).limit(1)
_INSERT_EVENT = insert(AuditRow.__table__)
ACTIONS = ("search", "view", "page", "similar", "download", "export", "ingest", "reindex", "reextract", "classify",
           "label", "restrict", "disposition", "login", "logout", "login_failed", "user", "retrain", "delete",
           "audit_read", "denied",
           "fields",    # a reviewer's correction of metadata values (corpus/field_corrections.py)
           "file", "essential", "hold", "hold_release", "trash", "restore", "purge",
           "note",          # a document's note added, edited or deleted (corpus/notes.py)
           "saved_view")    # a saved search created, changed, shared or deleted (corpus/saved_views.py)


def _utc_naive(at: datetime) -> datetime:
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc)
    return at.replace(tzinfo=None)


def _payload(prev_hash: str, at: datetime, actor: str, action: str, target: str, ip: str, details: dict) -> bytes:
    return json.dumps([prev_hash, _utc_naive(at).isoformat(timespec="microseconds"), actor, action, target,
                       ip, details], sort_keys=True, separators=(",", ":"), default=str).encode()


def _hash(prev_hash: str, at: datetime, actor: str, action: str, target: str, ip: str, details: dict) -> str:
    """Chain version 1 (unkeyed): kept only to check events written before the keyed chain."""
    return hashlib.sha256(_payload(prev_hash, at, actor, action, target, ip, details)).hexdigest()


def _mac(key: bytes, prev_hash: str, at: datetime, actor: str, action: str, target: str, ip: str,
         details: dict) -> str:
    return hmac.new(key, _payload(prev_hash, at, actor, action, target, ip, details), hashlib.sha256).hexdigest()


@dataclass
class _Writer:
    """What this process remembers about its own appends to one store (for automatic anchors)."""
    key: bytes
    last_id: int | None = None
    anchored_id: int | None = None
    lock_file: Any = None    # SQLite: the open file whose flock orders appends across processes
    lock_pid: int = 0        # ...opened by this process (a forked child opens its own)
    turn: threading.Condition = field(default_factory=threading.Condition)   # this process's threads
    waiting: list = field(default_factory=list)    # events not written yet (record's group commit)
    appending: bool = False                        # a thread is writing a batch now


def _sqlite_append_lock(store: Store, writer: _Writer):
    """Processes appending to one SQLite store take turns on a lock file beside it, so that none
    reads a chain head another is about to replace. Without it two server processes raced on
    the unique prev_hash: about one search in ten lost, slept and wrote again. A waiter wakes as
    soon as the lock is free, where SQLite's own busy handler sleeps in growing steps. Other
    databases (several machines) keep the unique prev_hash and the retry below."""
    database = store.engine.url.database if store.engine.url.get_backend_name() == "sqlite" else None
    if not database or database == ":memory:":
        return contextlib.nullcontext()
    if writer.lock_file is None or writer.lock_pid != os.getpid():
        writer.lock_file = open(f"{database}-audit.lock", "a+b")
        writer.lock_pid = os.getpid()
    return _Flock(writer.lock_file)


class _Flock:
    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)


_WRITERS: "weakref.WeakKeyDictionary[Store, _Writer]" = weakref.WeakKeyDictionary()


def _writer(store: Store) -> _Writer:
    with _APPEND_LOCK:
        writer = _WRITERS.get(store)
        if writer is None:
            writer = _WRITERS[store] = _Writer(audit_key(store.config))
        return writer


def record(store: Store, actor: str, action: str, target: str = "", *, ip: str = "",
           details: dict[str, Any] | None = None) -> int:
    """Append one event; returns its id once it is committed (a request is answered only after
    its event is stored). Threads of one process commit together: whichever arrives while no
    append is under way writes every event waiting at that moment in one transaction (reading
    the chain head once), and the others wait for it. Before, each thread wrote its own under a
    lock, and the holder gave Python's lock up and waited to get it back at each database call
    behind busy search threads, so the appends of a busy server queued behind one another.

    prev_hash is unique, so concurrent writers in other processes cannot fork the chain: the
    one that loses the race re-reads the head and tries again."""
    event = ((details or {}), str(target), ip or "", actor, action)
    writer = _writer(store)
    slot: dict[str, Any] = {"event": event, "done": False}
    with writer.turn:
        writer.waiting.append(slot)
        while writer.appending and not slot["done"]:
            writer.turn.wait()
        if not slot["done"]:   # no append under way: this thread writes all that waits
            writer.appending = True
            batch, writer.waiting = writer.waiting, []
    if not slot["done"]:
        try:
            _write_all(store, writer, batch)
        finally:
            with writer.turn:
                writer.appending = False
                writer.turn.notify_all()
    if "error" in slot:
        raise slot["error"]
    return slot["id"]


def _write_all(store: Store, writer: _Writer, batch: list[dict]) -> None:
    """Writes the batch's events and marks each slot done with its id or its error. One bad event
    (say, a detail that is not JSON) fails alone: the batch is then written one event at a time."""
    try:
        ids = _append_events(store, writer, [slot["event"] for slot in batch])
        for slot, event_id in zip(batch, ids):
            slot["id"] = event_id
    except BaseException as exc:
        if len(batch) == 1:
            batch[0]["error"] = exc
        else:
            for slot in batch:
                try:
                    slot["id"] = _append_events(store, writer, [slot["event"]])[0]
                except BaseException as one:
                    slot["error"] = one
    finally:
        for slot in batch:
            slot["done"] = True


def _append_events(store: Store, writer: _Writer, events: list[tuple]) -> list[int]:
    for attempt in range(50):
        try:
            with _sqlite_append_lock(store, writer):
                # Core statements on a connection, not an ORM session: the same rows, without the
                # ORM's bookkeeping (every search writes one event, so this is hot).
                with store.connection() as connection:
                    prev = connection.execute(_HEAD_HASH).scalar() or GENESIS
                    written = []
                    for details, target, ip, actor, action in events:
                        at = utcnow()
                        digest = _mac(writer.key, prev, at, actor, action, target, ip, details)
                        result = connection.execute(_INSERT_EVENT, dict(
                            at=at, actor=actor, action=action, target=target, ip=ip, details=details,
                            prev_hash=prev, hash=digest, chain_version=KEYED))
                        written.append((int(result.inserted_primary_key[0]), digest))
                        prev = digest
            for event_id, digest in written:
                _after_append(store, writer, event_id, digest)
            return [event_id for event_id, _ in written]
        except StoreError as exc:
            if not isinstance(exc.__cause__, IntegrityError) or attempt == 49:
                raise
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")


def _after_append(store: Store, writer: _Writer, event_id: int, digest: str) -> None:
    """Anchor whenever the ids cross a multiple of ACCORD_AUDIT_ANCHOR_EVERY. Whichever process
    writes that event anchors it, so the rule holds across server processes and CLI commands."""
    every = max(1, int(store.config["ACCORD_AUDIT_ANCHOR_EVERY"]))
    previous = writer.last_id if writer.last_id is not None and writer.last_id < event_id else event_id - 1
    writer.last_id = event_id
    if event_id // every > previous // every:
        try:
            _append_anchor(store, writer, event_id, digest, "every")
        except OSError:
            # The event is stored; the next anchor (or the one at shutdown) covers it too.
            log.exception("could not write the audit anchor for event %s to %s", event_id,
                          store.config.audit_anchor_file)


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



def head(store: Store) -> tuple[int, str] | None:
    """(id, hash) of the newest event."""
    with store.session() as session:
        row = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(1)).first()
    return (row.id, row.hash) if row is not None else None


# --- anchors ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Anchor:
    id: int
    hash: str
    at: str
    reason: str


def _anchor_mac(key: bytes, event_id: int, digest: str, at: str, reason: str) -> str:
    return hmac.new(key, f"accord audit anchor\n{event_id}\n{digest}\n{at}\n{reason}".encode(),
                    hashlib.sha256).hexdigest()


def _append_anchor(store: Store, writer: _Writer, event_id: int, digest: str, reason: str) -> Anchor:
    config = store.config
    at = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    line = json.dumps({"id": event_id, "hash": digest, "at": at, "reason": reason,
                       "mac": _anchor_mac(writer.key, event_id, digest, at, reason)}, separators=(",", ":"))
    path = config.audit_anchor_file
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: one short write per line, so lines from concurrent processes never interleave.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    if config["ACCORD_AUDIT_SYSLOG"]:
        import syslog
        syslog.openlog("accord", 0, syslog.LOG_AUTH)
        syslog.syslog(syslog.LOG_NOTICE, f"audit anchor event={event_id} hash={digest} at={at} reason={reason}")
    writer.anchored_id = max(writer.anchored_id or 0, event_id)
    return Anchor(event_id, digest, at, reason)


def anchor_now(store: Store, reason: str = "manual") -> Anchor | None:
    """Write an anchor for the newest event (None when the log is empty)."""
    newest = head(store)
    if newest is None:
        return None
    return _append_anchor(store, _writer(store), newest[0], newest[1], reason)


def anchor_if_written(store: Store, reason: str = "shutdown") -> Anchor | None:
    """At the end of a process: anchor the newest event if this process appended any event
    since its last anchor (a read-only command such as `audit verify` writes none)."""
    writer = _WRITERS.get(store)
    if writer is None or writer.last_id is None or writer.anchored_id == writer.last_id:
        return None
    return anchor_now(store, reason)


def read_anchors(store: Store) -> tuple[list[Anchor], list[str]]:
    """The anchors in ACCORD_AUDIT_ANCHOR_FILE whose signature holds, and one problem per line
    that is unreadable or forged."""
    path = store.config.audit_anchor_file
    if not path.exists():
        return [], []
    key = audit_key(store.config, create=False)
    anchors, problems = [], []
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                anchor = Anchor(int(data["id"]), str(data["hash"]), str(data["at"]), str(data["reason"]))
                signature = str(data["mac"])
            except (ValueError, KeyError, TypeError):
                problems.append(f"{path} line {number} is not an anchor (the file was edited)")
                continue
            if not hmac.compare_digest(signature, _anchor_mac(key, anchor.id, anchor.hash, anchor.at,
                                                               anchor.reason)):
                problems.append(f"{path} line {number}: its signature does not match (the anchor was forged "
                                f"or edited)")
                continue
            anchors.append(anchor)
    return anchors, problems


# --- verification -------------------------------------------------------------------------

@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    events: int = 0
    first_id: int | None = None
    newest_id: int | None = None
    unkeyed: int = 0               # events of chain version 1 (written before the keyed chain)
    keyed_after_unkeyed: bool = False
    anchors: int = 0
    vouched_through: Anchor | None = None   # the newest anchor the chain still matches

    @property
    def intact(self) -> bool:
        return not self.problems

    def summary(self) -> list[str]:
        """What `accord audit verify` says: how far it can vouch, and exactly where that stops."""
        if self.events == 0:
            return ["the audit log is empty"] if self.intact else []
        lines = [f"chain {'intact' if self.intact else 'BROKEN'}: {self.events} events, "
                 f"ids {self.first_id}..{self.newest_id}"]
        if self.unkeyed:
            lines.append(f"{self.unkeyed} event(s) were written before the chain was keyed (unkeyed sha256); "
                         + ("the keyed events after them protect them" if self.keyed_after_unkeyed else
                            "no keyed event follows them, so they show accidental damage only, not a rewrite"))
        last = self.vouched_through
        if last is None:
            lines.append("vouched for: nothing. No anchor matches this chain, so deleting its newest events "
                         "would not be detected")
            return lines
        lines.append(f"vouched for: events {self.first_id}..{last.id}, up to the last anchor "
                     f"(event {last.id}, anchored {last.at})")
        after = (self.newest_id or 0) - last.id
        if after > 0:
            lines.append(f"NOT vouched for: {after} event(s) after the last anchor (ids {last.id + 1}.."
                         f"{self.newest_id}); they are chained, but deleting some of them from the end would "
                         f"not be detected")
        else:
            lines.append("no events after the last anchor")
        return lines


def check(store: Store, anchor: tuple[int, str] | None = None) -> Verification:
    """Walk the chain and compare it with every anchor. `anchor` is an extra (id, hash) kept
    elsewhere (`accord audit head`), e.g. in a ticket or another system."""
    result = Verification()
    anchors, result.problems = read_anchors(store)
    if anchor is not None:
        anchors.append(Anchor(anchor[0], anchor[1], "(given on the command line)", "given"))
    result.anchors = len(anchors)
    expected: dict[int, list[Anchor]] = {}
    for a in anchors:
        expected.setdefault(a.id, []).append(a)
    key: bytes | None = None
    prev, expected_id = GENESIS, None
    keyed_seen = keyed_failures = keyed_count = 0
    confirmed: list[Anchor] = []
    problems = result.problems
    for row in iter_all(store):
        result.events += 1
        # A gap in the ids is a deletion only when the link across it is broken: an id also goes
        # unused when its insert is rolled back (two writers racing for the chain head; on
        # PostgreSQL a process killed mid-insert), and the next event then links to the one before.
        if result.first_id is None:
            result.first_id = row.id
            if row.id != 1 and row.prev_hash != prev:
                problems.append(f"events 1..{row.id - 1} are missing (deleted rows)")
        if expected_id is not None and row.id != expected_id and row.prev_hash != prev:
            problems.append(f"events {expected_id}..{row.id - 1} are missing (deleted rows)")
        if row.prev_hash != prev:
            problems.append(f"event {row.id}: previous-hash link broken (a row before it was changed or removed)")
        fields = (row.prev_hash, row.at, row.actor, row.action, row.target, row.ip, row.details or {})
        if row.chain_version == KEYED:
            keyed_seen, keyed_count = 1, keyed_count + 1
            key = key or audit_key(store.config, create=False)
            if not hmac.compare_digest(_mac(key, *fields), row.hash):
                keyed_failures += 1
                problems.append(f"event {row.id}: content does not match its HMAC (the row was edited or "
                                f"rewritten without the audit key)")
        elif row.chain_version == UNKEYED and not keyed_seen:
            result.unkeyed += 1
            if _hash(*fields) != row.hash:
                problems.append(f"event {row.id}: content does not match its hash (the row was edited)")
        else:
            problems.append(f"event {row.id}: chain version {row.chain_version} after keyed events "
                            f"(the chain was rewritten without the audit key)")
        for a in expected.pop(row.id, []):
            if hmac.compare_digest(a.hash, row.hash):
                confirmed.append(a)
            else:
                problems.append(f"event {row.id}: its hash differs from the anchor written {a.at} (the row was "
                                f"replaced, or events were deleted and the ids reused)")
        prev, expected_id, result.newest_id = row.hash, row.id + 1, row.id
    result.keyed_after_unkeyed = bool(result.unkeyed and keyed_count)
    for event_id, missing in sorted(expected.items()):
        problems.append(f"event {event_id} (anchored {missing[0].at}) is missing: it was deleted, with any "
                        f"events after it")
    if keyed_count and keyed_failures == keyed_count:
        problems.insert(0, f"none of the {keyed_count} keyed events matches the audit key "
                           f"{store.config.audit_key_file}: the whole chain was rewritten, or this is not the key "
                           f"it was written with")
    if confirmed:
        result.vouched_through = max(confirmed, key=lambda a: a.id)
    return result


def verify(store: Store, anchor: tuple[int, str] | None = None) -> list[str]:
    """The problems `check` finds (an empty list = intact as far as the anchors reach)."""
    return check(store, anchor).problems
