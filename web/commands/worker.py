"""`accord worker`: a worker of the queue named by ACCORD_BROKER_URL (web/queue.py)."""
from __future__ import annotations

import os

import click

from corpus.errors import ConfigError
from web.services import Services


def register(cli: click.Group) -> None:
    cli.add_command(worker)


@click.command()
@click.option("--queues", default="ingest,ocr,index,train", show_default=True,
              help="Queues to take tasks from: ingest (a file's stages with its classification; `accord reextract`), "
                   "ocr (pages), index (the search index's writer, and disposition runs, which purge index "
                   "entries; one at a time, whatever the count of workers taking it), train (retraining: `accord "
                   "classifier retrain` and the automatic retrain after reviewers' labels). On several machines: "
                   "one `--queues index --concurrency 1`, the rest `--queues ingest,ocr,train`.")
@click.option("--concurrency", "-c", type=int, default=None, help="Worker processes (default ACCORD_JOBS).")
@click.pass_obj
def worker(services: Services, queues: str, concurrency: int | None) -> None:
    """Run tasks from the worker queue (ACCORD_BROKER_URL) until stopped (Ctrl-C, SIGTERM).

    Every worker needs the same ACCORD_HOME folder (originals, index, caches: a shared folder
    across machines), the same store (ACCORD_DATABASE_URL: PostgreSQL across machines) and
    ACCORD_BROKER_URL. A worker killed mid-task loses nothing: its task is handed out again."""
    from web.queue import QUEUES
    from web.queue_tasks import configure
    chosen = [q.strip() for q in queues.split(",") if q.strip()]
    unknown = sorted(set(chosen) - set(QUEUES))
    if unknown or not chosen:
        raise ConfigError(f"unknown queue(s) {', '.join(unknown) or '(none)'}",
                          hint=f"--queues takes a comma-separated list of {', '.join(QUEUES)}.")
    app = configure(services.config)
    processes = concurrency or services.config["ACCORD_JOBS"]
    app.worker_main(["worker", f"--queues={','.join(chosen)}", f"--concurrency={processes}", "--pool=prefork",
                     "--prefetch-multiplier=1", f"--hostname=accord-{os.getpid()}@%h", "--without-gossip",
                     "--without-mingle", f"--loglevel={services.config['ACCORD_LOG_LEVEL']}"])
