"""Visibility bench: with 2 web processes (`accord serve`, each on its own port, one store and one
index, as on two machines), how soon is a document that another process ingested searchable
from both?

    .venv/bin/python bench/scaleout_visibility.py [--trials 20] [--ports 8107,8108]
                                                  [--database-url postgresql+psycopg2:///accord_bench]

Each trial writes a one-page PDF holding a word of its own, runs `accord ingest FILE` in a
subprocess (what a worker or an operator runs), and polls /api/search on both web processes
every 10 ms from the moment the command starts. Printed: for each process, the delay between
the index commit that added the document (the modification time of the new generation's TOC
file whoosh writes last in a commit) and the first search answer that found the word,
p50/p95/max over the trials; goal: p95 <= 1 s. Reference in the same run: a search request on an unchanged index
(p50/p95), i.e. the poll's own resolution. Without --database-url (or ACCORD_DATABASE_URL) the
store is SQLite in a temporary home; the issue's layout is PostgreSQL.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ACCORD = [sys.executable, "-c", "from web.cli import main; main()"]


def one_page_pdf(path: Path, text: str) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas
    page = canvas.Canvas(str(path), pagesize=letter)
    y = 720
    for line in text.splitlines():
        page.drawString(72, y, line)
        y -= 16
    page.save()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_listening(port: int, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"accord serve on port {port} exited ({process.returncode})")
            time.sleep(0.2)
    raise SystemExit(f"accord serve on port {port} did not listen within {seconds:.0f} s")


def search_total(base: str, token: str, word: str) -> int:
    request = urllib.request.Request(f"{base}/api/search?q={urllib.parse.quote(word)}&per_page=1",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["total"]


def _toc_generations(index_dir: Path) -> dict[int, Path]:
    """whoosh's commit files, _MAIN_<generation>.toc, by generation."""
    found = {}
    for path in index_dir.glob("_MAIN_*.toc"):
        try:
            found[int(path.stem.rsplit("_", 1)[1])] = path
        except ValueError:
            continue
    return found


def latest_generation(index_dir: Path) -> int:
    return max(_toc_generations(index_dir), default=-1)


def commit_time(index_dir: Path, after: int) -> float:
    """When the first commit after generation `after` was written (its TOC file's mtime)."""
    newer = {g: p for g, p in _toc_generations(index_dir).items() if g > after}
    if not newer:
        raise SystemExit("the ingest made no index commit")
    return newer[min(newer)].stat().st_mtime


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--ports", default="", help="the two web processes' ports, e.g. 8107,8108 (default: two "
                                                    "free ports)")
    parser.add_argument("--database-url", default=os.environ.get("ACCORD_DATABASE_URL", ""),
                        help="the shared store (PostgreSQL); its schema is dropped and re-created, so give a "
                             "database of its own. Empty: SQLite in the temporary home.")
    args = parser.parse_args()
    ports = [int(p) for p in args.ports.split(",")] if args.ports else [free_port(), free_port()]
    from corpus import accounts
    from corpus.config import load_config
    from corpus.store import Store
    with tempfile.TemporaryDirectory(prefix="accord-visibility-") as tmp:
        home = Path(tmp) / "home"
        env = {**os.environ, "ACCORD_SECRET_KEY": secrets.token_hex(16), "ACCORD_JOBS": "1",
               "ACCORD_SESSION_COOKIE_SECURE": "0", "ACCORD_DATABASE_URL": args.database_url}
        if args.database_url:
            from sqlalchemy import create_engine, text
            engine = create_engine(args.database_url)
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            engine.dispose()
        store = Store(load_config(home, environ=env))
        accounts.add_user(store, "bench", "records", secrets.token_urlsafe(16))
        token = accounts.issue_token(store, "bench")
        store.dispose()
        servers = []
        for port in ports:
            log = open(Path(tmp) / f"serve-{port}.log", "wb")
            servers.append(subprocess.Popen([*ACCORD, "--home", str(home), "serve", "--port", str(port),
                                             "--threads", "4"], env=env, stdout=log, stderr=subprocess.STDOUT))
        try:
            for port, process in zip(ports, servers):
                wait_listening(port, process)
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            run_trials(bases, token, home, env, Path(tmp), args.trials, bool(args.database_url))
        finally:
            for process in servers:
                process.terminate()
            for process in servers:
                process.wait(30)


def run_trials(bases: list[str], token: str, home: Path, env: dict, tmp: Path, trials: int, postgres: bool) -> None:
    # reference: a search on an unchanged index, on each process (also warms them up)
    reference = []
    for _ in range(20):
        for base in bases:
            started = time.perf_counter()
            search_total(base, token, "reference")
            reference.append(time.perf_counter() - started)
    delays: dict[str, list[float]] = {base: [] for base in bases}
    ingest_seconds = []
    for trial in range(trials):
        word = f"zq{secrets.token_hex(5)}x"
        source = tmp / f"trial-{trial}.pdf"
        one_page_pdf(source, f"Data sharing agreement, trial {trial}.\nThe parties exchange {word} records.")
        found: dict[str, float] = {}
        generation = latest_generation(home / "index")
        stop = threading.Event()

        def poll(base: str) -> None:
            while not stop.is_set():
                if search_total(base, token, word):
                    found[base] = time.time()
                    return
                time.sleep(0.01)
        pollers = [threading.Thread(target=poll, args=(base,), daemon=True) for base in bases]
        started = time.perf_counter()
        for thread in pollers:
            thread.start()
        subprocess.run([*ACCORD, "--home", str(home), "ingest", str(source), "--quiet"], env=env, check=True,
                       capture_output=True)
        returned = time.perf_counter()
        ingest_seconds.append(returned - started)
        for thread in pollers:
            thread.join(30)
        stop.set()
        committed = commit_time(home / "index", generation)
        for base in bases:
            if base not in found:
                raise SystemExit(f"trial {trial}: {base} did not find the document within 30 s")
            delays[base].append(found[base] - committed)
    store = "PostgreSQL" if postgres else "SQLite"
    print(f"visibility: 2 web processes ({', '.join(bases)}), one {store} store, one index; {trials} trials; "
          f"load average {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    for base, values in delays.items():
        print(f"visibility: {base}  found after the index commit: p50 {percentile(values, 0.5) * 1000:6.0f} ms"
              f"  p95 {percentile(values, 0.95) * 1000:6.0f} ms  max {max(values) * 1000:6.0f} ms   goal p95 <= 1000 ms")
    both = [max(delays[b][i] for b in bases) for i in range(trials)]
    print(f"visibility: on both processes           p50 {percentile(both, 0.5) * 1000:6.0f} ms"
          f"  p95 {percentile(both, 0.95) * 1000:6.0f} ms  max {max(both) * 1000:6.0f} ms")
    print(f"visibility: reference, a search on an unchanged index: p50 {percentile(reference, 0.5) * 1000:.0f} ms, "
          f"p95 {percentile(reference, 0.95) * 1000:.0f} ms; `accord ingest` of one file took p50 "
          f"{percentile(ingest_seconds, 0.5):.1f} s (process start-up included)")


if __name__ == "__main__":
    main()
