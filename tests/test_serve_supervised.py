"""`accord serve --processes N` keeps its processes: a server process or the index writer that dies
(SIGKILL here, as the OOM killer would) is replaced, and requests are answered meanwhile by the
others; stopping the server stops every process it started."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow]
ACCORD = [sys.executable, "-c", "from web.cli import main; main()"]
STARTED = re.compile(r"started (server|index writer) process (\d+)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _started(log: Path, kind: str) -> list[int]:
    return [int(pid) for k, pid in STARTED.findall(log.read_text(errors="replace")) if k == kind]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead: its parent has not reaped it yet
    return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"


def _login_page(url: str, retry_reset: bool = False) -> int:
    try:
        with urllib.request.urlopen(f"{url}/login", timeout=30) as answer:
            return answer.status
    except ConnectionResetError:
        if not retry_reset:
            raise
        return _login_page(url)


def test_a_killed_server_process_and_index_writer_are_replaced(tmp_path, wait_until):
    home = tmp_path / "home"
    env = {**os.environ, "ACCORD_SECRET_KEY": "supervised-secret", "ACCORD_LOG_LEVEL": "INFO",
           "ACCORD_SESSION_COOKIE_SECURE": "0", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    subprocess.run([*ACCORD, "--home", str(home), "reindex"], env=env, check=True, capture_output=True, timeout=120)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    server = subprocess.Popen([*ACCORD, "--home", str(home), "serve", "--port", str(port), "--threads", "4",
                               "--processes", "2"], env=env, stdout=subprocess.DEVNULL, stderr=open(log, "wb"))
    try:
        wait_until(lambda: len(_started(log, "server")) == 2 and _started(log, "index writer"),
                   timeout=120, poll=0.2, what="the processes")
        wait_until(lambda: _answers(url), timeout=120, poll=0.2, what="the server to answer")
        victim = _started(log, "server")[0]
        os.kill(victim, signal.SIGKILL)
        wait_until(lambda: not _alive(victim), timeout=120, poll=0.2, what="the killed process to end")
        # The other process answers meanwhile (new connections, from the socket the processes share).
        # A connection the killed process had accepted as it died is reset; a client (the reverse
        # proxy) tries it again, once.
        assert [_login_page(url, retry_reset=True) for _ in range(8)] == [200] * 8
        replacement = wait_until(lambda: len(_started(log, "server")) == 3 and _started(log, "server")[2],
                                 timeout=120, poll=0.2, what="a replacement server process")
        assert re.search(rf"server process {victim} ended \(signal 9", log.read_text())
        assert _alive(replacement) and not _alive(victim)
        wait_until(lambda: _answers(url), timeout=120, poll=0.2, what="the server to answer")
        assert [_login_page(url) for _ in range(8)] == [200] * 8

        writer = _started(log, "index writer")[0]
        os.kill(writer, signal.SIGKILL)
        new_writer = wait_until(lambda: len(_started(log, "index writer")) == 2 and _started(log, "index writer")[1],
                                timeout=120, poll=0.2, what="a replacement index writer")
        assert _alive(new_writer)
        assert re.search(rf"index writer process {writer} ended \(signal 9", log.read_text())
    finally:
        server.terminate()
        server.wait(60)
    children = _started(log, "server") + _started(log, "index writer")
    # the server has stopped only when none of its processes is left: a database reset next (a test's,
    # an operator's) raced an index writer still starting up against that store
    assert not [pid for pid in children if _alive(pid)]


def _answers(url: str) -> bool:
    try:
        return _login_page(url) == 200
    except OSError:
        return False


def _connections_by_process(pids: list[int], port: int) -> dict[int, int]:
    """Established connections on the server's port held by each of `pids` (from /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":   # 01: ESTABLISHED
                inodes.add(fields[9])
    counts = {}
    for pid in pids:
        held = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            held += target.startswith("socket:[") and target[8:-1] in inodes
        counts[pid] = held
    return counts


def test_keep_alive_connections_are_shared_evenly_by_the_server_processes(tmp_path, wait_until):
    """20 clients that keep their connections open (browsers, a load balancer, the bench) get 10 on
    each process: the kernel's spread (SO_REUSEPORT's hash, or the first process to wake on a shared
    socket) left one process 12-17 of them, their requests queued on its one core."""
    import http.client
    home = tmp_path / "home"
    env = {**os.environ, "ACCORD_SECRET_KEY": "supervised-secret", "ACCORD_LOG_LEVEL": "INFO",
           "ACCORD_SESSION_COOKIE_SECURE": "0", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    subprocess.run([*ACCORD, "--home", str(home), "reindex"], env=env, check=True, capture_output=True, timeout=120)
    port = _free_port()
    log = tmp_path / "serve.log"
    server = subprocess.Popen([*ACCORD, "--home", str(home), "serve", "--port", str(port), "--threads", "4",
                               "--processes", "2"], env=env, stdout=subprocess.DEVNULL, stderr=open(log, "wb"))
    clients = []
    try:
        wait_until(lambda: len(_started(log, "server")) == 2, timeout=120, poll=0.2, what="the processes")
        wait_until(lambda: _answers(f"http://127.0.0.1:{port}"), timeout=120, poll=0.2, what="the server to answer")
        time.sleep(1.5)   # both processes' event loops running (one may answer before the other is warm)
        for _ in range(20):
            client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            client.request("GET", "/login")
            answer = client.getresponse()
            answer.read()
            assert answer.status == 200
            clients.append(client)
        counts = _connections_by_process(_started(log, "server"), port)
        assert sorted(counts.values()) == [10, 10], counts
    finally:
        for client in clients:
            client.close()
        server.terminate()
        server.wait(60)
