"""The worker queue end to end: redis-server, PostgreSQL, two `accord worker` processes, and a
batch through `accord ingest` with ACCORD_BROKER_URL set, while a worker is killed (SIGKILL)
mid-task three times and restarted (and the submitter once, then run again: it resumes). Every
file must be stored once, store == files == index, and the audit chain must verify."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_ingest_samples import make_pdf, make_scanned_pdf

pytestmark = [pytest.mark.scaleout, pytest.mark.postgres, pytest.mark.ocr, pytest.mark.slow]
ACCORD = [sys.executable, "-m", "web.cli"]
TASK_LINE = re.compile(r"Task (accord\.\w+)\[([0-9a-f-]+)\] (received|succeeded|failed|raised|retry)")


class Worker:
    """An `accord worker` subprocess and its log, to see which task it is running."""

    def __init__(self, env: dict, queues: str, log: Path):
        self.env, self.queues, self.log = env, queues, log
        self.starts = 0
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.starts += 1
        self.current_log = self.log.with_name(f"{self.log.name}.{self.starts}")
        self.process = subprocess.Popen([*ACCORD, "worker", "--queues", self.queues, "--concurrency", "1"],
                                        env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=open(self.current_log, "w"))

    def busy_with(self) -> str | None:
        """The task it has received and not finished, if any."""
        running: dict[str, str] = {}
        for name, task_id, event in TASK_LINE.findall(self.current_log.read_text(errors="replace")):
            if event == "received":
                running[task_id] = name
            else:
                running.pop(task_id, None)
        return next(iter(running.values()), None)

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


# the kills do not wait for the batch: the first two fall on the first tasks received and the third on the first
# task a restarted worker receives, while the files of the first two are still to do. Two scans put page tasks on
# the ocr queue; four files are enough that no file's task is killed three times (ACCORD_WORKER_MAX_CRASHES)
BORN_DIGITAL, SCANS = 2, 2


def _batch(folder: Path) -> int:
    folder.mkdir()
    for i in range(BORN_DIGITAL):
        make_pdf(folder / f"agreement-{i:02d}.pdf",
                 [[f"MEMORANDUM OF AGREEMENT NUMBER {i}", f"between Agency {i} and County {i + 10}",
                   "for the exchange of records under the Privacy Act."]])
    for i in range(SCANS):   # scans: OCR, page tasks on the ocr queue
        make_scanned_pdf(folder / f"scan-{i:02d}.pdf",
                         [f"INTERAGENCY AGREEMENT {i}", f"between Office {i} and Bureau {i + 20}",
                          "The parties agree to share information."], dpi=150)
    return BORN_DIGITAL + SCANS


def _run(env, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([*ACCORD, *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_workers_killed_mid_task_lose_and_duplicate_nothing(tmp_path, redis_url, postgres_url):
    env = {**os.environ, "ACCORD_HOME": str(tmp_path / "home"), "ACCORD_DATABASE_URL": postgres_url,
           "ACCORD_BROKER_URL": redis_url, "ACCORD_SECRET_KEY": "test-secret", "ACCORD_OCR_DPI": "150",
           # a killed worker's task is handed out again after 6 s (not the default 11 min)
           "ACCORD_WORKER_LOST_SECONDS": "6", "ACCORD_WORKER_STALL_SECONDS": "60",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    assert _run(env, "migrate").returncode == 0
    count = _batch(tmp_path / "in")
    workers = [Worker(env, "ingest,ocr,index,train", tmp_path / "worker-a.log"),
               Worker(env, "ingest,ocr,train", tmp_path / "worker-b.log")]
    report = tmp_path / "report"

    def submit() -> subprocess.Popen:
        return subprocess.Popen([*ACCORD, "ingest", str(tmp_path / "in"), "--report", str(report)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    submitter = submit()
    kills: list[str] = []
    try:
        # A kill takes whichever worker is busy with a task, as soon as it is: by turn, the loop waited on a
        # worker still restarting (seconds) while the other finished the batch. So every kill lands while the
        # killed tasks before it are still to do, however fast the machine; the deadline is a safety net.
        deadline = time.monotonic() + 300
        while len(kills) < 3 and submitter.poll() is None and time.monotonic() < deadline:
            busy = [(worker, task) for worker in workers if (task := worker.busy_with()) is not None]
            if not busy:
                time.sleep(0.05)
                continue
            worker, task = busy[0]
            worker.kill()
            kills.append(task)
            worker.start()
            if len(kills) == 1:   # the submitter too: the same command resumes, handing out only unfinished files
                submitter.kill()
                submitter.wait(10)
                submitter = submit()
        output, _ = submitter.communicate(timeout=max(10, deadline - time.monotonic()))
    finally:
        if submitter.poll() is None:
            submitter.kill()
        for worker in workers:
            worker.stop()
    assert len(kills) == 3, f"only {len(kills)} kill(s) before the batch ended: {kills}"
    assert submitter.returncode == 0, output
    assert "(resumed)" in output, output
    items = json.loads(report.with_suffix(".json").read_text())["items"]
    assert sorted(i["status"] for i in items) == ["stored"] * count, items
    assert len({i["document_id"] for i in items}) == count
    assert all(re.fullmatch(r".+:\d+", i["worker"]) for i in items), [i["worker"] for i in items]
    assert sum(i["ocr_pages"] for i in items) == SCANS
    check = _run(env, "check", "--json")
    assert check.returncode == 0, check.stdout + check.stderr
    figures = json.loads(check.stdout)
    assert (figures["store"], figures["files"], figures["index"]) == (count, count, count), figures
    verify = _run(env, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_file_whose_worker_died_too_often_is_quarantined_and_the_rest_go_on(tmp_path, redis_url, postgres_url):
    """The deliveries of a file's task are counted in Redis; a task that already killed its worker
    ACCORD_WORKER_MAX_CRASHES times (its count seeded here, as three dead workers leave it) is not
    run again: its file is quarantined as worker_crashed, as the in-process pool does."""
    import redis
    env = {**os.environ, "ACCORD_HOME": str(tmp_path / "home"), "ACCORD_DATABASE_URL": postgres_url,
           "ACCORD_BROKER_URL": redis_url, "ACCORD_SECRET_KEY": "test-secret", "ACCORD_WORKER_MAX_CRASHES": "3"}
    assert _run(env, "migrate").returncode == 0
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        make_pdf(folder / f"agreement-{i}.pdf", [[f"MEMORANDUM OF AGREEMENT NUMBER {i}", "between two agencies."]])
    poison = folder / "agreement-1.pdf"
    redis.Redis.from_url(redis_url).set(f"accord:deliveries:file:1:{poison}", 3)   # job 1: a fresh store
    worker = Worker(env, "ingest,ocr,index,train", tmp_path / "worker.log")
    try:
        done = _run(env, "ingest", str(folder), "--report", str(tmp_path / "report"), timeout=150)
    finally:
        worker.stop()
    assert done.returncode == 65, done.stdout + done.stderr   # EX_DATAERR: a file failed
    items = {Path(i["file"]).name: i for i in json.loads((tmp_path / "report.json").read_text())["items"]}
    assert items["agreement-1.pdf"]["status"] == "failed"
    assert items["agreement-1.pdf"]["error_code"] == "worker_crashed"
    assert Path(items["agreement-1.pdf"]["quarantine_path"]).exists()
    assert [items[f"agreement-{i}.pdf"]["status"] for i in (0, 2)] == ["stored", "stored"]
