"""One run of a disposition batch at a time across processes (and machines): the run claims the
batch in the store. A second process is refused while the first runs; a claim whose process was
killed is taken over at once on its machine, and one from another machine once its lease lapses."""
from __future__ import annotations

import multiprocessing
import os
import signal
from datetime import timedelta

import pytest

from corpus.access import Principal
from corpus.errors import AlreadyRunning, Conflict
from corpus.records import disposition, filing, run_claim
from corpus.store import Store
from corpus.tables import DispositionBatchRow, utcnow
from records_corpus import OFFICER, build

STAFF = Principal("rita", "records")


def _approved_batch(services, corpus) -> int:
    ids = sorted(corpus.ids.values())[:2]
    for i in ids:
        filing.file_document(services.store, services.config, i, "transitory", who=STAFF)
    batch = disposition.propose(services.store, services.config, who=Principal(OFFICER, "records_officer"), ids=ids)
    disposition.approve(services.store, batch, who=Principal("ada", "admin"))
    return batch


def _hold_claim(config, batch: int, taken, release) -> None:
    """Another process (another machine's web process or CLI) running the batch: it holds the claim."""
    store = Store(config)
    with run_claim.batch_run_claim(store, batch):
        taken.set()
        release.wait(120)


def _holder(config, batch: int):
    ctx = multiprocessing.get_context("fork")
    taken, release = ctx.Event(), ctx.Event()
    process = ctx.Process(target=_hold_claim, args=(config, batch, taken, release), daemon=True)
    process.start()
    assert taken.wait(60)
    return process, release


def test_a_second_process_cannot_run_a_batch_another_process_is_running(any_config):
    services, corpus, _, _ = build(any_config)
    try:
        batch = _approved_batch(services, corpus)
        services.store.engine.dispose()   # no connection shared across fork()
        process, release = _holder(any_config, batch)
        try:
            with pytest.raises(AlreadyRunning) as refused:
                services.run_disposition(batch, actor="cli:test")
            assert isinstance(refused.value, Conflict) and f":{process.pid}" in refused.value.message
            assert disposition.batch_detail(services.store, batch)["status"] == "approved"   # nothing done
        finally:
            release.set()
            process.join(60)
        # its run over, the claim is free again
        assert services.run_disposition(batch, actor="cli:test")["status"] == "done"
    finally:
        services.close()


def test_the_claim_of_a_killed_run_is_taken_over(any_config):
    services, corpus, _, _ = build(any_config)
    try:
        batch = _approved_batch(services, corpus)
        services.store.engine.dispose()
        process, _ = _holder(any_config, batch)
        os.kill(process.pid, signal.SIGKILL)   # mid-run: its claim stays in the store
        process.join(60)
        with services.store.session() as session:
            assert session.get(DispositionBatchRow, batch).run_holder is not None
        assert services.run_disposition(batch, actor="cli:test")["status"] == "done"
        with services.store.session() as session:
            assert session.get(DispositionBatchRow, batch).run_holder is None
    finally:
        services.close()


def test_a_claim_from_another_machine_holds_until_its_lease_lapses(any_config):
    services, corpus, _, _ = build(any_config)
    try:
        batch = _approved_batch(services, corpus)
        with services.store.session() as session:
            row = session.get(DispositionBatchRow, batch)
            row.run_holder, row.run_renewed_at = "another-machine:4242:abcd", utcnow()
        with pytest.raises(AlreadyRunning, match="another-machine:4242"):
            services.run_disposition(batch, actor="cli:test")
        with services.store.session() as session:   # it stopped renewing a lease ago
            session.get(DispositionBatchRow, batch).run_renewed_at = \
                utcnow() - timedelta(seconds=run_claim.LEASE_SECONDS + 1)
        assert services.run_disposition(batch, actor="cli:test")["status"] == "done"
    finally:
        services.close()
