"""Tamper evidence: the chain is keyed with a file outside the database, anchors are written
outside it, and `accord audit verify` says exactly how far it vouches.

The attacker here can write to the SQLite file (sqlite3) and knows the product's code, but
not the audit key."""
from __future__ import annotations

import json
import os
import sqlite3

import pytest
from click.testing import CliRunner

from corpus import audit
from corpus.store import Store
from web.cli import cli

ENV = {"ACCORD_SECRET_KEY": "test-secret"}


def _run(config, *args, stdin=None):
    return CliRunner().invoke(cli, ["--home", str(config.home), *args], env=ENV, input=stdin)


def _add_users(config, *names):
    for name in names:
        result = _run(config, "user", "add", name, "--role", "searcher", "--password-stdin", stdin="long-enough-pw\n")
        assert result.exit_code == 0, result.output


def _consistent_unkeyed(config) -> bool:
    from datetime import datetime
    with sqlite3.connect(config.home / "accord.db") as db:
        rows = db.execute("SELECT prev_hash, hash, at, actor, action, target, ip, details FROM audit_events "
                          "ORDER BY id").fetchall()
    prev = audit.GENESIS
    for prev_hash, digest, at, actor, action, target, ip, details in rows:
        if prev_hash != prev or digest != audit._hash(prev_hash, datetime.fromisoformat(at), actor, action, target,
                                                      ip, json.loads(details)):
            return False
        prev = digest
    return True


def _rewrite_chain_unkeyed(config, *, edit_id: int, chain_version: int | None = None) -> None:
    """What the probe did: edit a row, then recompute every hash from there on with the
    product's own unkeyed hash function, so each link is consistent again."""
    from datetime import datetime
    with sqlite3.connect(config.home / "accord.db") as db:
        db.execute("UPDATE audit_events SET actor = 'mallory' WHERE id = ?", (edit_id,))
        prev = audit.GENESIS
        rows = db.execute("SELECT id, at, actor, action, target, ip, details FROM audit_events ORDER BY id").fetchall()
        # prev_hash is unique: clear the old values first so the rewrite cannot collide with them
        db.execute("UPDATE audit_events SET prev_hash = 'x' || id")
        for event_id, at, actor, action, target, ip, details in rows:
            digest = audit._hash(prev, datetime.fromisoformat(at), actor, action, target, ip, json.loads(details))
            db.execute("UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, event_id))
            if chain_version is not None:
                db.execute("UPDATE audit_events SET chain_version = ? WHERE id = ?", (chain_version, event_id))
            prev = digest


def test_audit_key_is_a_private_file_outside_the_database(config):
    _add_users(config, "alice")
    key = config.audit_key_file
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert key.read_text().strip() not in (config.home / "accord.db").read_bytes().decode("latin-1")
    assert _run(config, "audit", "verify").exit_code == 0


@pytest.mark.parametrize("chain_version", [None, audit.UNKEYED])
def test_rewriting_the_chain_with_a_recomputed_unkeyed_hash_is_detected(config, chain_version):
    _add_users(config, "alice", "bob", "carol")
    assert _run(config, "audit", "verify").exit_code == 0
    _rewrite_chain_unkeyed(config, edit_id=2, chain_version=chain_version)
    assert _consistent_unkeyed(config)   # the old, unkeyed verifier would have said "intact"
    result = _run(config, "audit", "verify")
    print(f"\nrewrite (chain version {chain_version or 'kept'}): exit {result.exit_code}\n{result.output}")
    assert result.exit_code == 65
    if chain_version is None:
        assert "event 2: content does not match its HMAC" in result.output
    else:   # a downgrade to the unkeyed chain no longer matches the anchors written outside the database
        assert "differs from the anchor" in result.output
    assert "beyond" not in result.output


def test_verify_vouches_up_to_the_last_anchor_and_reports_deleted_events(config):
    _add_users(config, "alice", "bob")               # each command anchors its events when it ends
    anchors = [json.loads(line) for line in config.audit_anchor_file.read_text().splitlines()]
    last_anchor = anchors[-1]["id"]
    store = Store(config)
    for i in range(3):                               # a still-running server's newest events: not yet anchored
        audit.record(store, "alice", "search", details={"query": f"q{i}"})
    store.dispose()

    report = _run(config, "audit", "verify")
    print(f"\nbefore deletion:\n{report.output}")
    assert report.exit_code == 0
    assert f"vouched for: events 1..{last_anchor}, up to the last anchor (event {last_anchor}" in report.output
    assert f"NOT vouched for: 3 event(s) after the last anchor (ids {last_anchor + 1}..{last_anchor + 3})" \
        in report.output
    assert "beyond" not in report.output

    with sqlite3.connect(config.home / "accord.db") as db:   # delete the unanchored newest events
        db.execute("DELETE FROM audit_events WHERE id > ?", (last_anchor,))
    report = _run(config, "audit", "verify")
    print(f"after deleting the 3 unanchored events:\n{report.output}")
    assert report.exit_code == 0 and "no events after the last anchor" in report.output
    assert f"vouched for: events 1..{last_anchor}," in report.output    # it never claimed more than that

    with sqlite3.connect(config.home / "accord.db") as db:   # now delete anchored events too
        db.execute("DELETE FROM audit_events WHERE id >= ?", (last_anchor - 1,))
    report = _run(config, "audit", "verify")
    print(f"after deleting anchored events {last_anchor - 1}..{last_anchor}:\n{report.output}")
    assert report.exit_code == 65
    assert f"event {last_anchor} (anchored" in report.output and "was deleted" in report.output


def test_deleted_and_replaced_newest_events_are_detected_by_the_anchor(config):
    _add_users(config, "alice")
    last_anchor = json.loads(config.audit_anchor_file.read_text().splitlines()[-1])["id"]
    with sqlite3.connect(config.home / "accord.db") as db:
        db.execute("DELETE FROM audit_events WHERE id = ?", (last_anchor,))
    _add_users(config, "bob")                         # the id is reused by a new, validly keyed event
    report = _run(config, "audit", "verify")
    assert report.exit_code == 65
    assert f"event {last_anchor}: its hash differs from the anchor" in report.output


def test_a_forged_anchor_line_is_refused(config):
    _add_users(config, "alice")
    with open(config.audit_anchor_file, "a") as anchors:
        anchors.write(json.dumps({"id": 1, "hash": "0" * 64, "at": "2026-01-01T00:00:00Z", "reason": "every",
                                  "mac": "f" * 64}) + "\n")
    report = _run(config, "audit", "verify")
    assert report.exit_code == 65 and "signature does not match" in report.output


def test_anchors_are_written_every_n_events(config):
    store = Store(config.replace(ACCORD_AUDIT_ANCHOR_EVERY=10))
    for i in range(25):
        audit.record(store, "alice", "view", str(i))
    store.dispose()
    ids = [json.loads(line)["id"] for line in config.audit_anchor_file.read_text().splitlines()]
    assert ids == [10, 20]
    assert audit.check(Store(config)).vouched_through.id == 20


def test_events_written_before_the_keyed_chain_are_still_checked(config):
    """An upgraded store: its old rows keep their unkeyed hashes (chain version 1)."""
    store = Store(config)
    at = audit.utcnow()
    with store.engine.begin() as conn:
        from corpus.tables import AuditRow
        prev = audit.GENESIS
        for i in range(3):
            digest = audit._hash(prev, at, "old", "view", str(i), "", {})
            conn.execute(AuditRow.__table__.insert().values(at=at, actor="old", action="view", target=str(i), ip="",
                                                           details={}, prev_hash=prev, hash=digest, chain_version=1))
            prev = digest
    audit.record(store, "new", "view", "3")
    result = audit.check(store)
    assert result.intact and result.unkeyed == 3 and result.keyed_after_unkeyed
    with store.engine.begin() as conn:   # an old row edited: the keyed event after it no longer links
        conn.execute(AuditRow.__table__.update().where(AuditRow.id == 2).values(actor="mallory"))
    assert not audit.check(store).intact
    store.dispose()
    assert os.path.exists(config.audit_key_file)


def test_an_id_left_unused_by_a_rolled_back_insert_is_not_a_deletion(config):
    """On PostgreSQL an insert rolled back (two writers racing for the chain head, a process killed
    mid-insert) uses up its id: the next event links to the one before, so the chain is whole.
    A row deleted from the middle still breaks the link and is reported."""
    store = Store(config)
    try:
        for i in range(4):
            audit.record(store, "alice", "search", details={"query": f"q{i}"})
        newest = audit.head(store)[0]
        with sqlite3.connect(config.home / "accord.db") as db:   # as if id `newest` had been rolled back
            db.execute("UPDATE audit_events SET id = id + 1 WHERE id = ?", (newest,))
        assert audit.verify(store) == []
        with sqlite3.connect(config.home / "accord.db") as db:
            db.execute("DELETE FROM audit_events WHERE id = ?", (newest - 1,))
        problems = audit.verify(store)
        assert f"events {newest - 1}..{newest} are missing (deleted rows)" in problems, problems
        assert any("previous-hash link broken" in p for p in problems), problems
    finally:
        store.dispose()
