"""Web benchmark: the search page under 20 concurrent clients on a 10,000-document demo,
and a reviewer's label POSTs during that load.

    nice -n 10 .venv/bin/python bench/web.py --docs 10000 --clients 20 --seconds 30 [--home DIR]

Builds (once, reused with --home) a store of N generated agreements straight from the demo
generator's fast text path (no PDFs, no OCR) and its search index (`SearchIndex.rebuild`,
the code path of `accord reindex`), starts `accord serve` in a subprocess, logs in N
clients as a searcher and fetches /search?q=... pages for a fixed time. Prints throughput
and latency percentiles of the search page, and of the login page (no search, no audit
write) measured the same way as a reference for the server's own overhead.

During the search phase one more client, logged in as a reviewer, posts label decisions
(the review queue's POST /review/ID, as its script sends them) one after another with
--label-pause between them, and prints their latency percentiles; after the load it checks
how long a label took to show in search (the label filter of /api/search). Goals (issue 15):
search >= 100 req/s with p99 <= 300 ms; label POST p95 <= 300 ms during that load.

Beside the wall figures, each phase prints the server's CPU milliseconds per request (the server
processes' user + system time over the requests served, from /proc), which depends little on
what else the machine runs, and apart from it the CPU of processes the server started (an
automatic retrain) and of wrk itself.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import http.client
import random
import resource
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import accounts  # noqa: E402
from corpus.config import load_config  # noqa: E402
from corpus.document import Document, Page  # noqa: E402
from corpus.documents import save_document  # noqa: E402
from corpus.store import Store  # noqa: E402

PASSWORD = "bench-password-1"
REVIEWER = "bench-reviewer"
LABEL_TYPES = ("mou", "moa", "isa", "ica", "pilot")
QUERIES = ["memorandum of understanding", "data sharing", "biometric", "\"information sharing\"", "records",
           "immigration", "privacy", "law enforcement", "agreement terminate", "county sheriff", "MOU",
           "pilot project", "exchange of information", "termination", "state", "audit", "confidential",
           "reimbursement", "detention", "training"]


def build_store(home: Path, docs: int) -> None:
    config = load_config(home, environ={}, overrides={"ACCORD_SECRET_KEY": "bench"})
    store = Store(config)
    from corpus.documents import document_ids
    have = sum(1 for _ in document_ids(store))
    if have < docs:
        from corpus.demo.fast import iter_demo_texts
        started = time.perf_counter()
        for truth, texts in iter_demo_texts(docs - have, start=have):
            body = "\n".join(texts).encode()
            doc = Document(source_path=f"bench/{getattr(truth, 'file', '')}-{have}", filename=f"bench-{have}.txt",
                           sha256=hashlib.sha256(body + str(have).encode()).hexdigest(), size=len(body),
                           mime="text/plain", title=texts[0].splitlines()[0][:200] if texts else "",
                           pages=[Page(number=i, text=t) for i, t in enumerate(texts, 1)], owner="records")
            save_document(store, doc)
            have += 1
            if have % 2000 == 0:
                print(f"  stored {have} documents ({time.perf_counter() - started:.0f}s)", flush=True)
    if not (config.index_dir.exists() and any(config.index_dir.iterdir())):
        from search import open_index
        started = time.perf_counter()
        index = open_index(config, store)
        index.rebuild()
        index.close()
        print(f"  index built in {time.perf_counter() - started:.0f}s", flush=True)
    usable_model(config, store)
    for name, role in (("bench", "searcher"), (REVIEWER, "reviewer")):
        try:
            accounts.add_user(store, name, role, PASSWORD)
        except Exception:   # already there from an earlier run
            pass
    store.dispose()


def usable_model(config, store: Store) -> None:
    """The server runs with the bench's secret, so the promoted model must be signed with it. One
    signed with another (a home copied from elsewhere, or retrained by `accord classifier retrain`
    without ACCORD_SECRET_KEY=bench) cannot be loaded there: every label decision's follow-up
    (the scope it implies) then failed on it, a logged traceback each, instead of doing what a
    decision does for users. Such a model is replaced by one trained under the bench's secret."""
    from classifier.service import ClassifierService
    from corpus.errors import UntrustedModel
    classifier = ClassifierService(config, store)
    try:
        classifier.ensure_model()
    except UntrustedModel:
        started = time.perf_counter()
        classifier.retrain(reviewer="bench", force_promote=True, note="bench: the model was signed with another secret")
        print(f"  classifier retrained under the bench's secret ({time.perf_counter() - started:.0f}s)", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def login(port: int, user: str = "bench") -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    body = urlencode({"username": user, "password": PASSWORD, "csrf_token": token})
    conn.request("POST", "/login", body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                       "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise SystemExit(f"login failed: {response.status}")
    conn.close()
    return response.getheader("Set-Cookie", "").split(";")[0]


def load(port: int, cookie: str, paths: list[str], clients: int, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(number: int) -> None:
        rng = random.Random(number)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.perf_counter() < stop_at:
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def csrf_token(port: int, cookie: str) -> tuple[str, str]:
    """(session cookie, CSRF token): the token from the meta tag every page carries (the review
    script reads it); the session that holds it comes back as a new cookie."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/review", headers={"Cookie": cookie})
    response = conn.getresponse()
    html = response.read().decode()
    conn.close()
    cookie = (response.getheader("Set-Cookie") or cookie).split(";")[0]
    return cookie, re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def post_label(conn: http.client.HTTPConnection, cookie: str, token: str, doc_id: int, value: str) -> bool:
    """One reviewer decision, as the review queue's script sends it (form POST, JSON answer)."""
    body = urlencode({"action": "correct", "kind": "type", "corrected": value, "csrf_token": token})
    conn.request("POST", f"/review/{doc_id}", body=body, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
    response = conn.getresponse()
    response.read()
    return response.status == 200


class LabelClient(threading.Thread):
    """A reviewer posting label decisions one after another (pause between them) until stopped:
    the label POSTs "during the load" of issue 15."""

    def __init__(self, port: int, docs: int, pause: float):
        super().__init__(name="bench-labels", daemon=True)
        self.port, self.docs, self.pause = port, docs, pause
        self.cookie, self.token = csrf_token(port, login(port, REVIEWER))
        self.latencies: list[float] = []
        self.errors = 0
        self.stop = threading.Event()

    def run(self) -> None:
        rng = random.Random(15)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                ok = post_label(conn, self.cookie, self.token, rng.randint(1, self.docs), rng.choice(LABEL_TYPES))
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.latencies.append(time.perf_counter() - started)
            self.errors += not ok
            self.stop.wait(self.pause)
        conn.close()


def label_search_lag(port: int, reviewer: LabelClient, searcher_cookie: str, docs: int, samples: int = 5) -> list:
    """Seconds from a label POST's answer until a search for that document and label finds it
    (`id:N type:X`), for a few documents; None for one not found within 10 s. Each document is
    first given another type (and that waited for), so an earlier run's label cannot answer."""
    rng = random.Random(4006)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def found_after(doc_id: int, value: str) -> float | None:
        post_label(conn, reviewer.cookie, reviewer.token, doc_id, value)
        posted = time.perf_counter()
        while time.perf_counter() - posted < 10:
            conn.request("GET", f"/search?q={quote(f'id:{doc_id} type:{value}')}", headers={"Cookie": searcher_cookie})
            if f'/documents/{doc_id}' in conn.getresponse().read().decode():
                return time.perf_counter() - posted
            time.sleep(0.02)
        return None

    lags = []
    for _ in range(samples):
        doc_id = rng.randint(1, docs)
        found_after(doc_id, "iaa")
        lags.append(found_after(doc_id, "cmaa"))   # neither is among the load's LABEL_TYPES
    conn.close()
    return lags


WRK_SCRIPT = """
local paths = {%(paths)s}
local cookie = %(cookie)s
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  i = id * 7
  bad = 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Cookie"] = cookie})
end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local bad_total = 0
  for _, t in ipairs(threads) do bad_total = bad_total + t:get("bad") end
  local e = summary.errors
  io.write(string.format("ACCORD %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(95)), math.floor(latency:percentile(99)),
    bad_total, e.connect + e.read + e.write + e.timeout))
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_load(port: int, cookie: str, paths: list[str], clients: int, seconds: float, folder: Path) -> tuple:
    """(requests, seconds, p50, p95, p99 in s, errors) measured by wrk: a C load generator,
    so the clients take little of the CPU the server needs (the Python clients took a
    large share of the same 2 cores). Non-200 answers (a lost session redirects) count as errors."""
    script = folder / "bench-wrk.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(lua_string(p) for p in paths), "cookie": lua_string(cookie)})
    out = subprocess.run(["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds:.0f}s", "--timeout", "10s",
                          "--latency", "-s", str(script), f"http://127.0.0.1:{port}"],
                         capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("ACCORD "))
    requests, duration_us, p50, p95, p99, bad, socket_errors = (int(v) for v in line.split()[1:])
    return requests, duration_us / 1e6, p50 / 1e6, p95 / 1e6, p99 / 1e6, bad + socket_errors


def _proc_stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _listening(pids: set[int]) -> set[int]:
    """Those of `pids` holding a listening TCP socket: the server processes, not the index writer
    (it closes the listening socket it was forked with) nor the supervisor's other children."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        inodes.update(line.split()[9] for line in lines if line.split()[3] == "0A")   # 0A: LISTEN
    found = set()
    for p in pids:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{p}/fd").iterdir()]
        except OSError:
            continue
        if any(link.startswith("socket:[") and link[8:-1] in inodes for link in links):
            found.add(p)
    return found


def server_cpu_seconds(pid: int) -> tuple[float, float, float]:
    """(server processes, their other descendants) user + system CPU seconds so far, from /proc:
    the server process `pid` and the server processes it forked (same command line), and apart
    from them the work they started (an automatic retrain's child). Divided by the requests
    served, the server's own cost per request whatever else the machine is doing (wall figures
    depend on the load; this does not). A process that ended during the phase is not counted."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(_proc_stat(int(entry.name))[1])
            except (OSError, IndexError, ValueError):
                continue
    family, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    command = Path(f"/proc/{pid}/cmdline").read_bytes()
    answering = _listening(family - {pid})
    server = other = writer = 0.0
    for p in family:
        try:
            fields, same = _proc_stat(p), Path(f"/proc/{p}/cmdline").read_bytes() == command
        except OSError:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / tick
        if same:   # the CPU of children it waited for (a finished retrain) is theirs, not the server's
            server += seconds
            other += (int(fields[13]) + int(fields[14])) / tick
            if p != pid and p not in answering:
                writer += seconds
        else:
            other += seconds
    return server, other, writer


def client_cpu_seconds() -> float:
    """CPU seconds of this bench's finished child processes (wrk) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report_cpu(pid: int, server_before: tuple[float, float, float], clients_before: float, served: int,
               use_wrk: bool) -> float:
    """Prints and returns the server's CPU milliseconds per request of the phase just ended; apart,
    the index writer's part of it: what follows the label decisions (their number, not the number
    of searches, sets it, so per search it is larger the fewer searches a busy machine served)."""
    server_now = server_cpu_seconds(pid)
    server_ms = (server_now[0] - server_before[0]) * 1000 / max(1, served)
    other_ms = (server_now[1] - server_before[1]) * 1000 / max(1, served)
    writer_s = server_now[2] - server_before[2]
    clients = (f"; wrk {(client_cpu_seconds() - clients_before) * 1000 / max(1, served):.2f} ms"
               if use_wrk else " (the Python clients' own CPU is not counted)")
    print(f"  server CPU {server_ms:.1f} ms per request (+ {other_ms:.1f} ms in processes the server started, "
          f"e.g. an automatic retrain){clients}")
    print(f"    of which the index writer {writer_s * 1000 / max(1, served):.1f} ms ({writer_s:.1f} s in all); "
          f"the processes answering requests {server_ms - writer_s * 1000 / max(1, served):.1f} ms")
    return server_ms


def report_wrk(name: str, figures: tuple) -> float:
    requests, seconds, p50, p95, p99, errors = figures
    rate = requests / seconds
    print(f"{name:<14} {requests:>6} requests  {rate:7.1f} req/s   p50 {p50 * 1000:6.1f} ms   "
          f"p95 {p95 * 1000:6.1f} ms   p99 {p99 * 1000:6.1f} ms   errors {errors}   (wrk)")
    return rate


def report(name: str, latencies: list[float], errors: int, seconds: float) -> float:
    latencies = sorted(latencies)
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    rate = len(latencies) / seconds
    print(f"{name:<14} {len(latencies):>6} requests  {rate:7.1f} req/s   p50 {q[49] * 1000:6.1f} ms   "
          f"p95 {q[94] * 1000:6.1f} ms   p99 {q[98] * 1000:6.1f} ms   errors {errors}")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--threads", type=int, default=32, help="waitress worker threads per process")
    parser.add_argument("--processes", type=int, default=2, help="server processes (accord serve --processes)")
    parser.add_argument("--label-pause", type=float, default=0.2,
                        help="seconds the reviewer waits between label POSTs during the search phase")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the server (e.g. ACCORD_SEARCH_CONCURRENCY=4); repeatable")
    parser.add_argument("--home", type=Path, default=None, help="reuse this ACCORD_HOME between runs")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator: wrk (Debian package wrk; the default when installed) or "
                             "Python threads (the fallback; they share the server's CPUs)")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="accord-bench-web-"))
    print(f"home {home}: building {args.docs} documents + index if missing", flush=True)
    build_store(home, args.docs)
    port = free_port()
    env = {"ACCORD_SECRET_KEY": "bench", "ACCORD_LOG_LEVEL": "WARNING", "PATH": "/usr/bin:/bin",
           **dict(item.split("=", 1) for item in args.set)}
    server_log = open(home / "bench-server.log", "w")
    # SIGTERM (e.g. `timeout`) must still run the finally below, or the server outlives the bench.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "accord"), "--home", str(home), "serve", "--port",
                               str(port), "--threads", str(args.threads), "--processes", str(args.processes)],
                              env=env, stdout=subprocess.DEVNULL, stderr=server_log)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        cookie = login(port)
        search_paths = [f"/search?q={quote(q)}" for q in QUERIES] + \
                       [f"/search?q={quote(q)}&page=2" for q in QUERIES[:5]]
        load(port, cookie, search_paths[:3], 2, 3.0)       # warm up (index views, templates)
        use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
        print(f"{args.clients} clients ({'wrk' if use_wrk else 'Python threads'}), {args.seconds:.0f}s search "
              f"phase, {args.docs} documents, {args.processes} server processes x {args.threads} threads, "
              f"load average before {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        reviewer = LabelClient(port, args.docs, args.label_pause)
        # Warm up what a process's first decision loads (the classifier and its model): one POST per
        # fresh connection, as many as makes it all but certain that every server process got one.
        for _ in range(4 * args.processes):
            post_label(http.client.HTTPConnection("127.0.0.1", port, timeout=120), reviewer.cookie, reviewer.token,
                       1, "mou")
        cpu_before, clients_before = server_cpu_seconds(server.pid), client_cpu_seconds()
        if use_wrk:
            figures = wrk_load(port, cookie, ["/login"], args.clients, args.seconds / 3, home)
            reference, served = report_wrk("login page", figures), figures[0]
        else:
            latencies, errors = load(port, cookie, ["/login"], args.clients, args.seconds / 3)
            reference, served = report("login page", latencies, errors, args.seconds / 3), len(latencies)
        login_cpu = report_cpu(server.pid, cpu_before, clients_before, served, use_wrk)
        print(f"  load average after the login phase: {os.getloadavg()[0]:.1f}")
        cpu_before, clients_before = server_cpu_seconds(server.pid), client_cpu_seconds()
        reviewer.start()
        if use_wrk:
            figures = wrk_load(port, cookie, search_paths, args.clients, args.seconds, home)
            rate, served = report_wrk("search page", figures), figures[0]
        else:
            latencies, errors = load(port, cookie, search_paths, args.clients, args.seconds)
            rate, served = report("search page", latencies, errors, args.seconds), len(latencies)
        reviewer.stop.set()
        reviewer.join()
        search_cpu = report_cpu(server.pid, cpu_before, clients_before, served + len(reviewer.latencies), use_wrk)
        report("label POST", reviewer.latencies, reviewer.errors, args.seconds)
        print(f"server CPU per request: search page {search_cpu:.1f} ms, login page {login_cpu:.1f} ms "
              f"(ratio {search_cpu / login_cpu:.1f}; load-independent, unlike the wall figures)")
        print(f"  (label POSTs by one reviewer during the search phase, {args.label_pause:.2f}s apart; "
              f"load average after: {os.getloadavg()[0]:.1f})")
        print(f"search/login throughput ratio {rate / reference:.2f}  (goal: >= 100 req/s, p99 <= 300 ms; "
              f"label POST p95 <= 300 ms)")
        # wrk's last requests (queued for a search slot) are still being answered; let them finish,
        # or the lag below would be the wait for a search slot, not the decision's way to the index.
        time.sleep(10)
        lags = label_search_lag(port, reviewer, cookie, args.docs)
        shown = ", ".join("not found in 10 s" if lag is None else f"{lag * 1000:.0f} ms" for lag in lags)
        print(f"label shown in search after (no load): {shown}  (goal: about a second)")
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_log.close()
        errors = (home / "bench-server.log").read_text().count("unhandled error")
        print(f"server-side unhandled errors: {errors} (details in {home / 'bench-server.log'})")


if __name__ == "__main__":
    main()
