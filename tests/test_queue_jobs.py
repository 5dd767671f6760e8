"""With ACCORD_BROKER_URL set, the work of `accord reextract`, `accord classifier retrain` (and the
automatic retrain a reviewer's labels start), `accord disposition run` and `accord watch` runs on
an `accord worker` (redis-server, PostgreSQL, one worker process), through the commands users run;
the worker process is under ACCORD_WORKER_MAX_MEMORY as the in-process pool's are, and `accord
jobs` shows per-worker throughput."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
from pathlib import Path

import pytest

from test_ingest_samples import make_pdf
from test_scaleout import ACCORD, TASK_LINE, Worker, _run

pytestmark = [pytest.mark.scaleout, pytest.mark.postgres, pytest.mark.slow]
MAX_MEMORY = 3 * 1024 ** 3


def _worker_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


def _address_space_limit(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            return line.split()[3]
    raise AssertionError("no address-space line")


def _tasks_done(worker: Worker, name: str) -> int:
    return sum(1 for task, _, event in TASK_LINE.findall(worker.current_log.read_text(errors="replace"))
               if task == name and event == "succeeded")


def _events(env: dict, action: str) -> list[dict]:
    from corpus import audit
    from corpus.config import load_config
    from corpus.store import Store
    store = Store(load_config(env["ACCORD_HOME"], environ=env))
    try:
        return audit.events(store, action=action, limit=100)
    finally:
        store.dispose()


def test_reextract_retrain_disposition_and_watch_run_on_the_worker(tmp_path, redis_url, postgres_url,
                                                                   wait_until):
    env = {**os.environ, "ACCORD_HOME": str(tmp_path / "home"), "ACCORD_DATABASE_URL": postgres_url,
           "ACCORD_BROKER_URL": redis_url, "ACCORD_SECRET_KEY": "test-secret",
           "ACCORD_WORKER_MAX_MEMORY": str(MAX_MEMORY), "ACCORD_RETRAIN_AFTER_LABELS": "1",
           "ACCORD_WATCH_SETTLE_SECONDS": "1",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    assert _run(env, "migrate").returncode == 0
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        make_pdf(folder / f"agreement-{i}.pdf", [[f"MEMORANDUM OF AGREEMENT NUMBER {i}",
                                                   f"between Agency {i} and County {i + 10}",
                                                   "for the exchange of records under the Privacy Act."]])
    worker = Worker(env, "ingest,ocr,index,train", tmp_path / "worker.log")
    watcher = None
    try:
        ingested = _run(env, "ingest", str(folder), timeout=150)
        assert ingested.returncode == 0, ingested.stdout + ingested.stderr

        # the worker's process runs under the pool's memory limit
        children = wait_until(lambda: _worker_children(worker.process.pid), 30, "the worker's process", poll=0.5)
        assert [_address_space_limit(c) for c in children] == [str(MAX_MEMORY)] * len(children)

        # per-worker throughput: files and pages per second of the queue worker, not in-process
        jobs = _run(env, "jobs")
        host = socket.gethostname()
        assert re.search(rf"worker {re.escape(host)}:\d+: 3 files, 3 pages \(0 OCR\) in [\d.]+ s: "
                         rf"[\d.]+ files/s, [\d.]+ pages/s", jobs.stdout), jobs.stdout

        # re-extraction: on the worker, audited with its name, reindexed by the index writer
        reextracted = _run(env, "reextract", timeout=120)
        assert reextracted.returncode == 0, reextracted.stdout + reextracted.stderr
        assert "re-extracted 3 document(s)" in reextracted.stdout
        events = _events(env, "reextract")
        assert len(events) == 3 and {e["details"]["via"] for e in events} == {"queue"}, events
        assert all(e["details"]["worker"].startswith(f"{host}:") for e in events)
        assert _tasks_done(worker, "accord.reextract_documents") == 1

        # retraining on the train queue, by the command and after a reviewer's label
        retrained = _run(env, "classifier", "retrain", timeout=300)
        assert retrained.returncode == 0, retrained.stdout + retrained.stderr
        assert f"(worker {host}:" in retrained.stdout, retrained.stdout
        assert _tasks_done(worker, "accord.retrain") == 1
        decided = _run(env, "classifier", "decide", "1", "type", "moa", "--action", "correct", "--as", "rita")
        assert decided.returncode == 0, decided.stdout + decided.stderr
        wait_until(lambda: _tasks_done(worker, "accord.retrain") == 2, 300, "the automatic retrain", poll=0.5)
        versions = json.loads(_run(env, "classifier", "versions", "--json").stdout)
        assert any(v["created_by"] == "system" and "automatic" in (v.get("note") or "") for v in versions), versions

        # a disposition run on the index queue
        assert _run(env, "records", "file", "--query", "", "--category", "transitory").returncode == 0
        proposed = _run(env, "disposition", "propose", "--all-due")
        batch = proposed.stdout.split()[-1]
        add = subprocess.run([*ACCORD, "user", "add", "olga", "--role", "records_officer", "--password-stdin"],
                             env=env, input="a-long-password-1\n", capture_output=True, text=True)
        assert add.returncode == 0, add.stderr
        assert _run(env, "disposition", "approve", batch, "--as", "olga").returncode == 0
        ran = _run(env, "disposition", "run", batch, timeout=120)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        assert f"batch {batch} done: 3 done" in ran.stdout, ran.stdout
        assert _tasks_done(worker, "accord.run_disposition") == 1

        # a watched folder's files go to the worker too
        dropped = tmp_path / "drop"
        dropped.mkdir()
        watcher = subprocess.Popen([*ACCORD, "watch", str(dropped), "--interval", "0.5"], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        make_pdf(dropped / "late.pdf", [["INTERAGENCY AGREEMENT 7", "between Office 7 and Bureau 27."]])
        wait_until(lambda: _tasks_done(worker, "accord.ingest_file") == 4, 120, "the watched file's ingest",
                   poll=0.5)
        newest = wait_until(lambda: [j for j in json.loads(_run(env, "jobs", "--json").stdout)
                                     if j["counts"].get("stored")][:1], 60, "the watched job", poll=0.5)[0]
        assert [w["worker"].split(":")[0] for w in newest["workers"]] == [host], newest
        assert json.loads(_run(env, "search", "Bureau", "--json").stdout)["total"] == 1
    finally:
        if watcher is not None:
            watcher.terminate()
            watcher.wait(20)
        worker.stop()
    check = _run(env, "check", "--json")
    assert check.returncode == 0, check.stdout + check.stderr
    verify = _run(env, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
