"""One run of a disposition batch at a time, across processes and machines: the run claims the
batch's row in the store (an atomic conditional UPDATE, so two claimants cannot both win, on SQLite
or PostgreSQL), renews the claim while it runs and gives it back at the end.

A claim whose holder provably died (on this machine, no such process: a run killed mid-way) is
taken over at once; a holder on another machine that stops renewing (killed, machine gone) loses
the claim after LEASE_SECONDS. A run refused meanwhile raises AlreadyRunning, naming the holder."""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta
from typing import Iterator

from sqlalchemy import or_, select, update

from corpus.errors import AlreadyRunning
from corpus.processes import holder_name, holder_process, provably_dead
from corpus.store import Store
from corpus.tables import DispositionBatchRow, utcnow

log = logging.getLogger("accord.records")

LEASE_SECONDS = 60.0


@contextmanager
def batch_run_claim(store: Store, batch_id: int) -> Iterator[str]:
    """Hold the claim on the batch's run for the duration of the block; yields the holder's name."""
    holder = holder_name()
    attempts = 0
    while not _claim(store, batch_id, holder):
        attempts += 1
        current = _holder(store, batch_id)
        if current is None and attempts < 3:   # given back between the two statements: claim again
            continue
        if current is None or not provably_dead(current):
            raise AlreadyRunning(f"batch {batch_id} is already running in {holder_process(current)}")
        if _release(store, batch_id, current):
            log.warning("disposition batch %s: took over the run of %s, a process that no longer exists",
                        batch_id, current)
    stop = threading.Event()
    renewer = threading.Thread(target=_renew, args=(store, batch_id, holder, stop), daemon=True,
                               name=f"disposition-claim-{batch_id}")
    renewer.start()
    try:
        yield holder
    finally:
        stop.set()
        renewer.join()
        _release(store, batch_id, holder)


def _claim(store: Store, batch_id: int, holder: str) -> bool:
    now = utcnow()
    with store.session() as session:
        result = session.execute(
            update(DispositionBatchRow)
            .where(DispositionBatchRow.id == batch_id,
                   or_(DispositionBatchRow.run_holder.is_(None),
                       DispositionBatchRow.run_renewed_at < now - timedelta(seconds=LEASE_SECONDS)))
            .values(run_holder=holder, run_renewed_at=now)
            .execution_options(synchronize_session=False))
        return result.rowcount == 1


def _holder(store: Store, batch_id: int) -> str | None:
    with store.session() as session:
        return session.scalar(select(DispositionBatchRow.run_holder).where(DispositionBatchRow.id == batch_id))


def _release(store: Store, batch_id: int, holder: str) -> bool:
    with store.session() as session:
        result = session.execute(
            update(DispositionBatchRow)
            .where(DispositionBatchRow.id == batch_id, DispositionBatchRow.run_holder == holder)
            .values(run_holder=None, run_renewed_at=None)
            .execution_options(synchronize_session=False))
        return result.rowcount == 1


def _renew(store: Store, batch_id: int, holder: str, stop: threading.Event) -> None:
    while not stop.wait(LEASE_SECONDS / 3):
        try:
            with store.session() as session:
                session.execute(update(DispositionBatchRow)
                                .where(DispositionBatchRow.id == batch_id, DispositionBatchRow.run_holder == holder)
                                .values(run_renewed_at=utcnow())
                                .execution_options(synchronize_session=False))
        except Exception:   # the store away for a moment: the next round tries again
            log.warning("disposition batch %s: could not renew the run's claim", batch_id, exc_info=True)
