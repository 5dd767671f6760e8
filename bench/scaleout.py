"""Scale-out benchmark: OCR pages/s of `accord ingest` on the same scanned files, in one run, for

    pool     the in-process pool, 2 processes (ACCORD_BROKER_URL unset; `accord ingest --jobs 2`)
    1w       1 `accord worker --concurrency 1` taking every queue
    2w       2 such workers (both take the index queue; its Redis lock keeps one writer at a time)
    2w+ix    2 workers `--queues ingest,ocr,train` and a third, `--queues index`, the one index writer

and the queue's own cost per page: a no-op page task sent N times to one worker, ms per task.
Every run is the path users take: a fresh ACCORD_HOME (SQLite), `accord migrate`, then `accord
ingest FILES`; workers are started and warmed (a one-page file) before the timed ingest; the pool
starts its processes inside the timed run, as it does for a user. Pages/s is printed two ways:
over the command's wall time, and over the journal's busy span (first file started to last file
done). Goals: 2w >= 1.8 x 1w and >= 0.9 x pool; overhead <= 20 ms/page.

    nice -n 10 .venv/bin/python bench/scaleout.py [--files 3] [--noop 300]

The machine may be shared: the load average is printed before and after each run; a run whose
load average exceeds the core count measures the neighbours too.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
SHARED = Path(os.environ.get("ACCORD_SHARED_DATA", REPO.parent / "shared" / "data"))
ACCORD = [sys.executable, "-m", "web.cli"]
ALL_QUEUES = "ingest,ocr,index,train"


def _load() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scanned_files(count: int) -> list[Path]:
    """Image-only 287(g) agreements (labels.csv: scanned = 1), the smallest first."""
    folder = SHARED / "agreements_287g"
    with open(folder / "labels.csv", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["scanned"] == "1"]
    files = sorted((folder / r["file"] for r in rows), key=lambda p: (p.stat().st_size, p.name))
    return files[:count]


def warm_up_file(folder: Path) -> Path:
    from reportlab.pdfgen import canvas
    path = folder / "warm-up.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 700, "MEMORANDUM OF AGREEMENT between the warm-up office and the bench bureau.")
    pdf.save()
    return path


class Run:
    def __init__(self, root: Path, name: str, broker: str | None):
        self.home = root / name
        self.env = {**os.environ, "ACCORD_HOME": str(self.home), "ACCORD_SECRET_KEY": "bench-secret",
                    "ACCORD_LOG_LEVEL": "WARNING"}
        self.env.pop("ACCORD_DATABASE_URL", None)
        self.env.pop("ACCORD_BROKER_URL", None)
        if broker:
            self.env["ACCORD_BROKER_URL"] = broker
        self.workers: list[subprocess.Popen] = []
        subprocess.run([*ACCORD, "migrate"], env=self.env, check=True, capture_output=True)

    def worker(self, queues: str) -> None:
        log = open(self.home / f"worker-{len(self.workers)}.log", "w")
        self.workers.append(subprocess.Popen([*ACCORD, "worker", "--queues", queues, "--concurrency", "1"],
                                             env={**self.env, "ACCORD_LOG_LEVEL": "INFO"}, stdout=log,
                                             stderr=subprocess.STDOUT))

    def ingest(self, files: list[Path], *extra: str) -> tuple[float, dict]:
        started = time.monotonic()
        done = subprocess.run([*ACCORD, "ingest", "--quiet", *extra, *map(str, files)], env=self.env,
                              capture_output=True, text=True)
        wall = time.monotonic() - started
        if done.returncode != 0:
            raise SystemExit(f"accord ingest failed ({done.returncode}): {done.stdout}{done.stderr}")
        jobs = json.loads(subprocess.run([*ACCORD, "jobs", "--json", "--limit", "1"], env=self.env, check=True,
                                         capture_output=True, text=True).stdout)
        return wall, jobs[0]

    def stop(self) -> None:
        for process in self.workers:
            process.terminate()
        for process in self.workers:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def measure(root: Path, name: str, files: list[Path], broker: str | None, worker_queues: list[str],
            warm: Path) -> dict:
    load_before = _load()
    run = Run(root, name, broker)
    try:
        for queues in worker_queues:
            run.worker(queues)
        if worker_queues:
            run.ingest([warm])   # workers load their models (spaCy, the classifier) before the timed run
        wall, job = run.ingest(files, *(["--jobs", "2"] if not worker_queues else []))
    finally:
        run.stop()
    workers = [w for w in job["workers"] if w["pages"]]
    pages = sum(w["ocr_pages"] for w in workers)
    busy = job.get("busy_seconds") or max((w["seconds"] for w in workers), default=0.0)
    return {"name": name, "pages": pages, "wall": wall, "busy": busy, "per_wall": pages / wall,
            "per_busy": pages / busy if busy else 0.0, "workers": len(workers), "load": f"{load_before} -> {_load()}"}


def queue_overhead(root: Path, broker: str, count: int) -> float:
    """ms per no-op page task through one worker (send all, wait until all ran)."""
    from corpus.config import load_config
    from web import queue
    from web.queue_tasks import configure, noop_page
    run = Run(root, "noop", broker)
    try:
        run.worker(ALL_QUEUES)
        config = load_config(environ=run.env)
        configure(config)
        client = queue.redis_client(config)
        marker = f"accord:bench:noop:{time.time()}"
        noop_page.delay(marker)   # the worker is up and its process forked
        deadline = time.monotonic() + 120
        while int(client.get(marker) or 0) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        client.delete(marker)
        started = time.monotonic()
        for _ in range(count):
            noop_page.delay(marker)
        while int(client.get(marker) or 0) < count and time.monotonic() < deadline + 120:
            time.sleep(0.005)
        return (time.monotonic() - started) / count * 1000
    finally:
        run.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=3, help="image-only 287(g) agreements to ingest (smallest first)")
    parser.add_argument("--noop", type=int, default=300, help="no-op page tasks for the overhead figure")
    parser.add_argument("--keep", action="store_true", help="keep the temporary homes (worker logs)")
    args = parser.parse_args()
    if not (SHARED / "agreements_287g").is_dir():
        print(f"skipped: {SHARED / 'agreements_287g'} is absent")
        return
    server = shutil.which("redis-server")
    if server is None:
        print("skipped: redis-server is not installed (`make install` installs it)")
        return
    files = scanned_files(args.files)
    root = Path(tempfile.mkdtemp(prefix="accord-scaleout-"))
    port = _free_port()
    redis = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(root)],
                             stdout=subprocess.DEVNULL)
    print(f"{len(files)} image-only 287(g) files; {os.cpu_count()} cores; load average {_load()} (1/5/15 min)")
    results = []
    try:
        warm = warm_up_file(root)
        plans = [("pool", None, []), ("1w", 1, [ALL_QUEUES]), ("2w", 2, [ALL_QUEUES, ALL_QUEUES]),
                 ("2w+ix", 3, ["ingest,ocr,train", "ingest,ocr,train", "index"])]
        for name, db, queues in plans:
            broker = f"redis://127.0.0.1:{port}/{db}" if db is not None else None   # a database each: no cached pages
            results.append(measure(root, name, files, broker, queues, warm))
            r = results[-1]
            print(f"  {r['name']:<6} {r['pages']:>4} OCR pages  {r['per_wall']:5.2f} pages/s wall ({r['wall']:.1f} s)  "
                  f"{r['per_busy']:5.2f} pages/s busy ({r['busy']:.1f} s)  load {r['load']}", flush=True)
        overhead = queue_overhead(root, f"redis://127.0.0.1:{port}/4", args.noop)
    finally:
        redis.terminate()
        redis.wait(10)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    by = {r["name"]: r for r in results}
    for basis in ("wall", "busy"):
        key = f"per_{basis}"
        one, two, pool, two_ix = by["1w"][key], by["2w"][key], by["pool"][key], by["2w+ix"][key]
        print(f"{basis:>4}: 2w / 1w = {two / one:.2f} (goal >= 1.8)   2w / pool = {two / pool:.2f} (goal >= 0.9)   "
              f"2w+ix / pool = {two_ix / pool:.2f}")
    print(f"queue overhead: {overhead:.1f} ms per page task ({args.noop} no-op tasks, one worker; goal <= 20 ms)")
    print(f"load average at the end {_load()}" + (f"; root kept at {root}" if args.keep else ""))


if __name__ == "__main__":
    main()
