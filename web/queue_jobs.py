"""Work other than a file's ingest that runs on the worker queue when ACCORD_BROKER_URL is set
(web/queue_tasks.py holds the Celery app and the ingest tasks; web/queue.py the Redis state):

  `accord reextract`            ingest queue, documents in chunks; each chunk's index update goes to
                                the index writer, which marks its documents done
  retraining                    train queue: `accord classifier retrain`, and the automatic retrain
                                after reviewers' labels (sent once per occasion, whichever web
                                process saw the label that made it due)
  disposition runs              index queue (a run purges index entries, and the index has one
                                writer): `accord disposition run` and the web's Run

The tasks call the functions the in-process path calls (Services.reextract,
ClassifierService.retrain, Services.run_disposition). Each command sends its tasks under a run id
and waits until the workers have marked every part done in Redis. Late acknowledgement as for
every task; idempotent: a redelivered re-extraction chunk skips the documents already marked
extracted under its run (key: run, extraction version, document id), a disposition run finishes
what its journal has not (corpus.records.disposition.run), and a retrain or disposition task whose
run has an outcome is not run again. A retrain's version records its task (`task_key`, unique): a
retrain redelivered after its worker died having registered the version answers with that version
and trains no second one. A task whose worker died ACCORD_WORKER_MAX_CRASHES times is
reported failed, not run again.
"""
from __future__ import annotations

import logging
import time
import uuid

from corpus.config import Config
from corpus.errors import AccordError, AlreadyRunning, StoreError
from ingest.stages import worker_name
from web import queue
from web.queue_tasks import app, configure, count_start, index_documents, worker_redis, worker_services

log = logging.getLogger("accord.queue")
REEXTRACT_CHUNK = 20
POLL_SECONDS = 0.3
QUIET_WARNING_SECONDS = 60

app.conf.task_routes.update({"accord.reextract_documents": {"queue": "ingest"},
                             "accord.retrain": {"queue": "train"},
                             "accord.run_disposition": {"queue": "index"}})


# --- re-extraction ----------------------------------------------------------------------------

@app.task(bind=True, name="accord.reextract_documents")
def reextract_documents(self, run_id: str, document_ids: list[int], actor: str, relations: bool = True) -> int:
    from ingest.metadata import EXTRACTION_VERSION
    client = worker_redis()
    key = f"reextract:{run_id}:{EXTRACTION_VERSION}:{document_ids[0]}"
    _, crashed = count_start(client, key, f"the re-extraction of documents {document_ids[0]}..{document_ids[-1]}")
    if crashed:
        for doc_id in document_ids:
            queue.mark_failed(client, run_id, doc_id, str(crashed))
        queue.delivered(client, key)
        return 0
    services = worker_services()
    extracted = queue.done_parts(client, run_id, "extracted")
    try:
        for doc_id in document_ids:
            if str(doc_id) in extracted:
                continue   # a redelivered chunk: this one was done before the worker died
            try:
                services.reextract(doc_id, actor=actor, relations=relations, via="queue", worker=worker_name())
            except StoreError:
                raise
            except AccordError as exc:   # e.g. disposed of since the command listed it
                queue.mark_failed(client, run_id, doc_id, exc.message)
                continue
            queue.mark_done(client, run_id, [doc_id], "extracted")
    except StoreError as exc:
        log.warning("store error while re-extracting %s, retrying: %s", document_ids, exc)
        queue.delivered(client, key)
        raise self.retry(countdown=10, max_retries=None)
    failed = queue.failed_parts(client, run_id)
    ok = [i for i in document_ids if str(i) not in failed]
    if ok:
        index_documents.delay(ok, run_id)   # the index writer marks them done once searchable
    queue.delivered(client, key)
    return len(ok)


def reextract_on_queue(config: Config, document_ids: list[int], *, actor: str, relations: bool = True
                       ) -> tuple[int, dict[int, str]]:
    """Send the documents to the workers and wait until each is re-extracted and reindexed (or
    failed). Returns (done, {document id: reason})."""
    configure(config)
    client = queue.redis_client(config)
    run_id = uuid.uuid4().hex
    for start in range(0, len(document_ids), REEXTRACT_CHUNK):
        reextract_documents.delay(run_id, document_ids[start:start + REEXTRACT_CHUNK], actor, relations)
    wanted = {str(i) for i in document_ids}
    quiet_since, seen = time.monotonic(), -1
    while True:
        done = queue.done_parts(client, run_id) & wanted
        failed = queue.failed_parts(client, run_id)
        finished = len(done | (set(failed) & wanted))
        if finished >= len(wanted):
            return len(done), {int(k): v for k, v in failed.items()}
        if finished != seen:
            quiet_since, seen = time.monotonic(), finished
        elif time.monotonic() - quiet_since > QUIET_WARNING_SECONDS:
            log.warning("reextract: nothing finished in %d s; is an `accord worker` taking the ingest and "
                        "index queues with this ACCORD_BROKER_URL?", QUIET_WARNING_SECONDS)
            quiet_since = time.monotonic()
        time.sleep(POLL_SECONDS)


# --- one-task runs: retraining, disposition -----------------------------------------------------

def _single(self, run_id: str, what: str, work) -> str:
    """Run `work()` once for `run_id`: its outcome (or its error) is put where the sender waits."""
    client = worker_redis()
    if queue.get_result(client, run_id) is not None:
        return "done already"
    key = f"run:{run_id}"
    _, crashed = count_start(client, key, what)
    if crashed:
        queue.put_result(client, run_id, {"error": str(crashed), "worker": worker_name()})
        queue.delivered(client, key)
        return "failed"
    try:
        result = {**work(), "worker": worker_name()}
    except (StoreError, AlreadyRunning) as exc:   # AlreadyRunning: a run elsewhere (perhaps one whose
        # worker died on another machine: its claim lapses within a minute) finishes first
        log.warning("%s during %s, retrying: %s", type(exc).__name__, what, exc)
        queue.delivered(client, key)
        raise self.retry(countdown=10, max_retries=None)
    except AccordError as exc:
        result = {"error": exc.message, "hint": exc.hint, "worker": worker_name()}
    except Exception as exc:   # recorded for the sender; the worker goes on
        log.exception("%s failed", what)
        result = {"error": f"{type(exc).__name__}: {exc}", "worker": worker_name()}
    queue.put_result(client, run_id, result)
    queue.delivered(client, key)
    return "error" if "error" in result else "done"


def wait_for_result(config: Config, run_id: str, what: str, queue_name: str) -> dict:
    client = queue.redis_client(config)
    started = time.monotonic()
    warned = started
    while True:
        result = queue.get_result(client, run_id)
        if result is not None:
            return result
        if time.monotonic() - warned > QUIET_WARNING_SECONDS:
            log.warning("%s: waiting %d s for a worker; is an `accord worker` taking the %s queue with this "
                        "ACCORD_BROKER_URL?", what, int(time.monotonic() - started), queue_name)
            warned = time.monotonic()
        time.sleep(POLL_SECONDS)


def _raise_error(result: dict) -> dict:
    if "error" in result:
        raise AccordError(f"{result['error']} (on worker {result.get('worker', '?')})",
                          hint=result.get("hint") or "See the worker's log.")
    return result


@app.task(bind=True, name="accord.retrain")
def retrain(self, run_id: str, reviewer: str, actor: str = "", due: str = "") -> str:
    def work() -> dict:
        from corpus import audit
        from corpus.model_versions import version_of_task
        store, classifier = worker_services().store, worker_services().classifier
        # a redelivered task (its worker died after registering the version) answers with that version
        task_key = f"retrain:{run_id}"
        v = version_of_task(store, task_key)
        if v is None:
            if due and classifier.retrain_due() != due:
                return {"skipped": "no longer due (another retrain came first)"}
            note = "automatic retrain after new reviewer labels" if due else ""
            v = classifier.retrain(reviewer=reviewer, note=note, task_key=task_key)
        if actor and not audit.events(store, action="retrain", target=v.version, limit=1):
            audit.record(store, actor, "retrain", v.version,
                         details={"via": "queue", "as": reviewer, "promoted": v.promoted, "worker": worker_name()})
        return {"version": v.version, "macro_f1": v.metrics.get("macro_f1"), "promoted": v.promoted, "note": v.note}
    return _single(self, run_id, "a retrain", work)


def retrain_on_queue(config: Config, *, reviewer: str, actor: str) -> dict:
    """`accord classifier retrain` on a worker (train queue); waits for the new version."""
    configure(config)
    run_id = uuid.uuid4().hex
    retrain.delay(run_id, reviewer, actor)
    return _raise_error(wait_for_result(config, run_id, "retrain", "train"))


def submit_automatic_retrain(config: Config, due: str) -> None:
    """The automatic retrain, once per occasion (`due`), however many web processes see it due."""
    configure(config)
    if queue.claim_once(queue.redis_client(config), f"retrain:{due}"):
        retrain.delay(uuid.uuid4().hex, "system", "", due)


@app.task(bind=True, name="accord.run_disposition")
def run_disposition(self, run_id: str, batch_id: int, actor: str) -> str:
    def work() -> dict:
        detail = worker_services().run_disposition(batch_id, actor=actor)
        return {"status": detail["status"]}
    return _single(self, run_id, f"disposition batch {batch_id}", work)


def _batch_name(batch_id: int) -> str:
    return f"disposition-run:{batch_id}"


def submit_disposition(config: Config, batch_id: int, *, actor: str) -> str:
    """Send a batch's run to the index queue; returns the run id (any process finds it by batch)."""
    configure(config)
    client = queue.redis_client(config)
    # A second Run of a batch already sent is not refused: the index queue's one consumer runs them
    # one after the other, and a run finds nothing left to do (a refusal would also stick when
    # Redis lost the first run's message).
    run_id = uuid.uuid4().hex
    queue.remember(client, _batch_name(batch_id), run_id)
    run_disposition.delay(run_id, batch_id, actor)
    return run_id


def disposition_state(config: Config, batch_id: int) -> dict:
    """{"running": bool, "error": str} of the batch's latest run sent to the queue."""
    client = queue.redis_client(config)
    run_id = queue.recall(client, _batch_name(batch_id))
    if run_id is None:
        return {"running": False, "error": ""}
    result = queue.get_result(client, run_id)
    return {"running": result is None, "error": (result or {}).get("error", "")}


def run_disposition_on_queue(config: Config, batch_id: int, *, actor: str) -> None:
    """`accord disposition run` on a worker; returns when the run is over (raises its error)."""
    run_id = submit_disposition(config, batch_id, actor=actor)
    _raise_error(wait_for_result(config, run_id, f"disposition batch {batch_id}", "index"))
