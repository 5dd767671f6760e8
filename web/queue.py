"""The worker queue: Celery over Redis (ACCORD_BROKER_URL), and the little shared state the
tasks keep in Redis beside their messages.

Queues: `ingest` (a file's stages), `ocr` (one page each, fanned out across workers),
`index` (the one index writer; also disposition runs, which purge index entries), `train`
(retraining; a file's classification runs with its stages in the ingest queue). `accord reextract`
runs on the ingest queue (web/queue_jobs.py).

Nothing lost, nothing twice:
  - late acknowledgement, one message prefetched per worker process: a message is removed from
    Redis only when its task has finished; a worker process that dies mid-task has its task
    handed out again at once (reject_on_worker_lost), and one whose whole worker vanished
    (kill -9, machine gone) after ACCORD_WORKER_LOST_SECONDS;
  - every task is idempotent, keyed by sha256 (+ page): a page's OCR result is cached under the
    file's sha256 and the page, the store keeps one document per sha256, and the journal one row
    per file of a job;
  - deliveries are counted per task key (`count_delivery`): a task that killed its worker more
    than ACCORD_WORKER_MAX_CRASHES times is not run again; its file is quarantined
    (worker_crashed), as the in-process pool does.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict

from corpus.config import Config
from corpus.errors import ConfigError, IndexLocked
from corpus.locks import acquire_with_backoff
from corpus.processes import holder_name, holder_process, provably_dead
from ingest.ocr import OcrResult
from ingest.pipeline import OcrTask

log = logging.getLogger("accord.queue")

QUEUES = ("ingest", "ocr", "index", "train")
KEY_DAYS = 7 * 24 * 3600          # how long page results and delivery counts stay in Redis
_PREFIX = "accord:"

_redis_clients: dict[tuple[int, str], object] = {}


def broker_url(config: Config) -> str:
    url = config["ACCORD_BROKER_URL"]
    if not url:
        raise ConfigError("ACCORD_BROKER_URL is not set: there is no worker queue",
                          hint="Set ACCORD_BROKER_URL=redis://HOST:6379/0 for the web, `accord ingest` and every "
                               "`accord worker` (without it `accord ingest` runs the in-process pool).")
    return url


def celery_settings(config: Config) -> dict:
    stall = config["ACCORD_WORKER_STALL_SECONDS"]
    return {
        "broker_url": broker_url(config),
        "broker_connection_retry_on_startup": True,
        "task_serializer": "json", "accept_content": ["json"],
        "task_ignore_result": True, "result_backend": None,   # results go to the store and the journal
        "task_acks_late": True, "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_default_queue": "ingest",
        "task_create_missing_queues": True,
        # a task busy past ACCORD_WORKER_STALL_SECONDS is stopped (the soft limit raises in the task,
        # the hard limit kills the process when native code does not come back)
        "task_soft_time_limit": stall, "task_time_limit": stall + 30,
        "broker_transport_options": {
            "visibility_timeout": config["ACCORD_WORKER_LOST_SECONDS"],
            # look for messages of vanished workers every 2 s (the default is about 100 s)
            "unacked_restore_interval": 2, "unacked_restore_throttle": 1,
        },
        "worker_hijack_root_logger": False,
        "worker_send_task_events": False,
    }


def redis_client(config: Config):
    """One client per process (a forked worker process must not share its parent's sockets)."""
    import redis
    key = (os.getpid(), broker_url(config))
    if key not in _redis_clients:
        _redis_clients[key] = redis.Redis.from_url(key[1])
    return _redis_clients[key]


# --- deliveries: how often a task was started without finishing ---------------------------------

def count_delivery(client, key: str) -> int:
    """Count this start of the task `key`; returns how many starts there have been."""
    name = f"{_PREFIX}deliveries:{key}"
    count = client.incr(name)
    client.expire(name, KEY_DAYS)
    return int(count)


def delivered(client, key: str) -> None:
    """The task finished (whatever its outcome): a later delivery starts from zero."""
    client.delete(f"{_PREFIX}deliveries:{key}")


# --- OCR page results, by the file's sha256 and the page ----------------------------------------

def _pages_key(sha256: str, task: OcrTask) -> str:
    return f"{_PREFIX}ocr:{sha256}:{task.lang}:{task.dpi}"


def page_field(task: OcrTask) -> str:
    """The page within the file: e-mail attachments are documents of their own (doc_path)."""
    return ".".join(str(i) for i in task.doc_path) + f"/{task.index}"


def cached_pages(client, sha256: str, tasks: list[OcrTask]) -> list[OcrResult | None]:
    if not tasks:
        return []
    raw = client.hmget(_pages_key(sha256, tasks[0]), [page_field(t) for t in tasks])
    return [OcrResult(**json.loads(value)) if value is not None else None for value in raw]


def cache_page(client, sha256: str, task: OcrTask, result: OcrResult) -> int:
    """Keep one page's result; returns how many pages of the file are cached."""
    key = _pages_key(sha256, task)
    pipe = client.pipeline()
    pipe.hset(key, page_field(task), json.dumps(asdict(result)))
    pipe.expire(key, KEY_DAYS)
    pipe.hlen(key)
    return int(pipe.execute()[-1])


def first_to_gather(client, job_id: int, source_path: str) -> bool:
    """True for the one page task that hands its file back to the ingest queue once every page is
    read (two last pages finishing together would otherwise run the metadata stage twice)."""
    name = f"{_PREFIX}gathered:{job_id}:{source_path}"
    return bool(client.set(name, "1", nx=True, ex=KEY_DAYS))


# --- a running task's message stays with its worker -----------------------------------------------
# Redis hands an unacknowledged message out again once it is ACCORD_WORKER_LOST_SECONDS old, whether
# or not its worker is alive (kombu's visibility timeout). A live worker therefore marks its task's
# message as just delivered, every `heartbeat_seconds`, in kombu's index of unacknowledged messages:
# only a task whose worker died (no more marks) is handed out again, and a long one (a retrain, a big
# page) neither runs twice at once nor counts as a crash each time it outlives the timeout.
UNACKED_INDEX = "unacked_index"   # kombu's Redis transport default `unacked_index_key` (no key prefix)


def heartbeat_seconds(config: Config) -> float:
    return max(0.5, config["ACCORD_WORKER_LOST_SECONDS"] / 3)


def keep_visible(client, delivery_tag: str) -> None:
    """Mark the message as delivered now (XX: never re-adds one acknowledged meanwhile)."""
    client.zadd(UNACKED_INDEX, {delivery_tag: time.time()}, xx=True)


INDEX_LOCK_SECONDS = 10   # a lock its holder stopped renewing (it died on another machine) is free after this
INDEX_LOCK_KEY = f"{_PREFIX}index-writer"
# compare-and-act on the lock's value, so a holder never renews or frees a lock that became another's
_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"
_FREE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


@contextmanager
def index_writer_lock(client, wait_seconds: float):
    """One writer of the search index at a time, whichever worker consumes the index queue.

    The lock's value names its holder (host:pid); the holder renews it while it writes, so a long
    write (a purge merging the index) keeps it. A waiter frees it when the holder is provably dead
    (same machine, no such process); a holder that died elsewhere stops renewing, so the lock
    expires within INDEX_LOCK_SECONDS. A waiter gives up after `wait_seconds` with IndexLocked,
    naming the holder (the queue tries the update again later)."""
    holder = holder_name()
    last_seen: str | None = None   # the holder, for the error

    def try_take() -> bool | None:
        nonlocal last_seen
        while not client.set(INDEX_LOCK_KEY, holder, nx=True, ex=INDEX_LOCK_SECONDS):
            current = client.get(INDEX_LOCK_KEY)
            current = current.decode() if current is not None else None
            if current is not None and provably_dead(current):
                if client.eval(_FREE, 1, INDEX_LOCK_KEY, current):
                    log.warning("freed the index writer lock of %s, a process that no longer exists", current)
                continue   # taken over at once, not waited out
            last_seen = current
            return None
        return True

    acquire_with_backoff(try_take, wait_seconds=wait_seconds, first_delay=0.02, max_delay=0.5,
                         timed_out=lambda: IndexLocked(f"the search index writer lock stayed with "
                                                       f"{holder_process(last_seen)} for {wait_seconds:.0f} s "
                                                       "(ACCORD_INDEX_LOCK_WAIT_SECONDS)"))
    stop = threading.Event()
    renewer = threading.Thread(target=_renew, args=(client, holder, stop), name="accord-index-lock", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()
        try:
            client.eval(_FREE, 1, INDEX_LOCK_KEY, holder)
        except Exception:   # Redis away: the lock expires by itself
            log.warning("could not free the index writer lock", exc_info=True)


def _renew(client, holder: str, stop: threading.Event) -> None:
    while not stop.wait(INDEX_LOCK_SECONDS / 3):
        try:
            client.eval(_RENEW, 1, INDEX_LOCK_KEY, holder, int(INDEX_LOCK_SECONDS * 1000))
        except Exception:   # Redis away for a moment: the next round tries again
            log.warning("could not renew the index writer lock", exc_info=True)


# --- runs: the tasks a command sent, and what became of them (the command waits on these) ----------

def _run_key(run_id: str, part: str) -> str:
    return f"{_PREFIX}run:{run_id}:{part}"


def mark_done(client, run_id: str, ids, part: str = "done") -> None:
    """Record these parts (document ids, ...) of a run as done."""
    ids = [str(i) for i in ids]
    if ids:
        name = _run_key(run_id, part)
        client.sadd(name, *ids)
        client.expire(name, KEY_DAYS)


def done_parts(client, run_id: str, part: str = "done") -> set[str]:
    return {m.decode() if isinstance(m, bytes) else m for m in client.smembers(_run_key(run_id, part))}


def mark_failed(client, run_id: str, part_id, reason: str) -> None:
    name = _run_key(run_id, "failed")
    client.hset(name, str(part_id), reason)
    client.expire(name, KEY_DAYS)


def failed_parts(client, run_id: str) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in client.hgetall(_run_key(run_id, "failed")).items()}


def put_result(client, run_id: str, result: dict) -> None:
    """A one-task run's outcome (a retrain, a disposition run), for the command waiting on it."""
    client.set(_run_key(run_id, "result"), json.dumps(result), ex=KEY_DAYS)


def get_result(client, run_id: str) -> dict | None:
    raw = client.get(_run_key(run_id, "result"))
    return json.loads(raw) if raw is not None else None


def claim_once(client, name: str) -> bool:
    """True for the first caller with this name (within KEY_DAYS): one submission of a task that
    several web processes may each decide to send."""
    return bool(client.set(f"{_PREFIX}once:{name}", "1", nx=True, ex=KEY_DAYS))


def remember(client, name: str, value: str) -> None:
    client.set(f"{_PREFIX}{name}", value, ex=KEY_DAYS)


def recall(client, name: str) -> str | None:
    raw = client.get(f"{_PREFIX}{name}")
    return raw.decode() if raw is not None else None


def task_dict(task: OcrTask) -> dict:
    return asdict(task)


def task_from(data: dict) -> OcrTask:
    return OcrTask(**{**data, "doc_path": tuple(data["doc_path"])})
