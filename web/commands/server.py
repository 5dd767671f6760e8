"""`accord serve`: the web UI and API behind waitress."""
from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import secrets
import signal
import socket
import time

import click

from corpus import accounts, audit
from web.background import PipeWork, run_writer
from web.connection_shares import ConnectionShares, accept_fair_share
from web.services import Services

log = logging.getLogger("accord.web")

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def register(cli: click.Group) -> None:
    cli.add_command(serve)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--threads", default=32, show_default=True,
              help="Worker threads of each server process. Searches run at most ACCORD_SEARCH_CONCURRENCY at "
                   "once; the other threads keep answering sign-ins, pages and reviewers' POSTs meanwhile.")
@click.option("--processes", default=1, show_default=True,
              help="Server processes sharing the port (Python runs one thread at a time per process, "
                   "so use one per CPU core for throughput). One more process, the index writer, "
                   "runs what follows a label decision (the index update) for all of them. A process that "
                   "dies (OOM killer, SIGKILL) is replaced, with a back-off while replacements keep dying.")
@click.option("--demo-admin", is_flag=True,
              help="If there are no accounts yet, create 'admin' with a random password and print it once.")
@click.pass_obj
def serve(services: Services, host: str, port: int, threads: int, processes: int, demo_admin: bool) -> None:
    """Serve the web UI and JSON API (waitress)."""
    config = services.config
    if demo_admin and accounts.count_users(services.store) == 0:
        password = secrets.token_urlsafe(12)
        accounts.add_user(services.store, "admin", "admin", password)
        audit.record(services.store, services.cli_actor(), "user", "admin", details={"change": "add", "role": "admin"})
        click.echo(f"created account 'admin' with password: {password}  (shown once; change it under Users)")
    if config["ACCORD_SESSION_COOKIE_SECURE"] and host in LOCAL_HOSTS:
        # Browsers drop Secure cookies on plain http://127.0.0.1 in some versions; a loopback-only
        # demo cannot be sniffed, so the flag is relaxed here and only here.
        config = config.replace(ACCORD_SESSION_COOKIE_SECURE=False)
        click.echo("note: serving plain HTTP on loopback, so the session cookie is not marked Secure")
    shown = f"[{host}]" if ":" in host else host
    # Several processes share this one socket, each accepting only its share of the connections
    # (web/connection_shares.py): the kernel alone spread them unevenly, one way or another.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.create_server((host, port), family=family, backlog=1024)
    port = listener.getsockname()[1]   # --port 0: the port got
    click.echo(f"Accord is at http://{shown}:{port}/  (Ctrl+C to stop)")
    # A stop (SIGTERM from systemd, the parent or `kill`) unwinds normally, so each process's
    # Services.close() anchors the audit events it wrote.
    signal.signal(signal.SIGTERM, _stop)
    services.close()   # no database connection may be shared across fork()
    Supervisor(config, listener, threads, processes).run()


class Supervisor:
    """The parent of the server processes and of the index writer: it answers no request, and starts
    a process again when one ends while the server runs (killed by the OOM killer, SIGKILL, a crash),
    after a back-off that grows while replacements keep dying soon after they start."""

    QUICK_DEATH_SECONDS = 10.0   # a process that lived less than this died "soon": the back-off doubles
    MAX_BACKOFF_SECONDS = 30.0
    WRITER_STOP_SECONDS = 20.0   # what the index writer gets to finish its queue after a stop

    def __init__(self, config, listener, threads: int, processes: int):
        self.config, self.listener, self.threads, self.processes = config, listener, threads, processes
        self.shares = ConnectionShares(processes) if processes > 1 else None
        self.slots: dict[int, int] = {}   # server process pid -> its slot in `shares`
        # the pipe to the index writer: both ends stay here, so a replacement writer reads what the
        # server processes sent while there was none
        self.read_end, self.write_end = os.pipe()
        self.children: dict[int, tuple[str, float]] = {}   # pid -> (kind, started at)
        self.backoff = {"server": 0.0, "index writer": 0.0}

    def run(self) -> None:
        try:
            self._start("index writer")
            for _ in range(self.processes):
                self._start("server")
            while True:
                pid, status = os.waitpid(-1, 0)
                if pid in self.children:
                    self._replace(pid, status)
        except ChildProcessError:
            log.error("every server process is gone")
        finally:
            self._stop_children()

    def _replace(self, pid: int, status: int) -> None:
        kind, started = self.children.pop(pid)
        slot = self.slots.pop(pid, None)
        if slot is not None and self.shares is not None:
            self.shares.forget(slot)
        lived = time.monotonic() - started
        backoff = self.backoff[kind]
        backoff = min(self.MAX_BACKOFF_SECONDS, max(0.5, backoff * 2)) if lived < self.QUICK_DEATH_SECONDS else 0.0
        self.backoff[kind] = backoff
        log.warning("%s process %s ended (%s) after %.0f s; starting another in %.1f s", kind, pid,
                    _how_ended(status), lived, backoff)
        time.sleep(backoff)
        self._start(kind)

    def _start(self, kind: str) -> None:
        slot = min(set(range(self.processes)) - set(self.slots.values()), default=0) if kind == "server" else None
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, _stop)
            code = 1
            try:
                if kind == "server":
                    self._serve(slot)
                else:
                    self._write()
                code = 0
            except SystemExit:
                code = 0
            except BaseException:
                log.exception("the %s process failed", kind)
            finally:
                os._exit(code)
        self.children[pid] = (kind, time.monotonic())
        if slot is not None:
            self.slots[pid] = slot
        log.info("started %s process %s", kind, pid)

    def _serve(self, slot: int) -> None:
        _die_with_parent()
        os.close(self.read_end)
        services = Services(self.config)
        services.background = PipeWork(self.write_end, local=services.background)
        try:
            _serve_on(self.listener, _ready_app(self.config, services), self.threads, self.shares, slot)
        finally:
            services.close()

    def _write(self) -> None:
        """The index writer (web/background.py): it does the server's background work (reindexing after
        a label decision, what the decision implies), fed by the server processes through the pipe.
        It ends when the pipe has no writer left (the server stopped, however), after finishing what it
        was sent: so it ignores the Ctrl+C and SIGTERM that reach the whole process group."""
        os.close(self.write_end)
        self.listener.close()   # it answers no request
        # handlers that do nothing, not SIG_IGN: an ignored signal stays ignored in the processes
        # this one starts (an automatic retrain), which then could not be stopped
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, _carry_on)
        writer_services = Services(self.config)
        try:
            _load_model(writer_services)
            run_writer(self.read_end, writer_services.background)
        finally:
            writer_services.close()
            # os._exit skips multiprocessing's exit handler, which ends daemonic children: an
            # automatic retrain started here would go on after the server stopped
            for child in multiprocessing.active_children():
                child.terminate()

    def _stop_children(self) -> None:
        """Stop the server processes and wait for them (each anchors its audit events as it ends); then
        close the pipe, so the index writer finishes what it was sent and ends by itself."""
        servers = [pid for pid, (kind, _) in self.children.items() if kind == "server"]
        for pid in servers:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid in servers:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        for fd in (self.write_end, self.read_end):
            os.close(fd)
        # Wait for the index writer too: the server has stopped only when no process of it is left
        # (systemd, a test or an operator that resets the database next would otherwise race a writer
        # still starting up against that store). It ignores SIGTERM, so one stuck past the deadline
        # is killed: its index commits are atomic, and what it had not done is redone on reindex.
        writers = [pid for pid, (kind, _) in self.children.items() if kind == "index writer"]
        deadline = time.monotonic() + self.WRITER_STOP_SECONDS
        while writers:
            for pid in list(writers):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    writers.remove(pid)
            if writers and time.monotonic() > deadline:
                log.warning("index writer %s did not end within %.0f s of the stop; killing it",
                            writers, self.WRITER_STOP_SECONDS)
                for pid in writers:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                deadline = float("inf")
            if writers:
                time.sleep(0.05)


def _how_ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        return f"signal {number}, {signal.Signals(number).name}" if number in signal.Signals._value2member_map_ \
            else f"signal {number}"
    return f"exit status {os.WEXITSTATUS(status)}"


def _stop(signum, frame) -> None:
    raise SystemExit(0)


def _carry_on(signum, frame) -> None:
    """The index writer's Ctrl+C and SIGTERM: it stops when the server processes close the pipe."""


def _ready_app(config, services: Services):
    """The app of one server process, with what every search reads loaded before the first
    request, and the objects loaded so far frozen out of the garbage collector.

    Why freeze: a warm index is ~180,000 long-lived Python objects. Each full (generation 2)
    collection walks all of them with Python's lock held, stalling every thread of the process
    (~100 ms of CPU, far more wall time on a busy machine); under the bench's load a process ran
    a few a minute. Frozen, a full collection walks only what came later (45-80k objects, 20-65 ms).
    Frozen objects are never walked again; they are still freed by reference counting when
    dropped (a replaced searcher), only a reference cycle among them would be kept."""
    from web.app import create_app
    app = create_app(config, services)
    services.index.wait_until_warm(timeout=120)
    gc.collect()
    gc.freeze()
    return app


def _load_model(services: Services) -> None:
    """The writer's tasks read the classifier's model (a decision's rescope): loaded (or, when an
    upgrade made it stale, retrained) before the first task rather than by it; the tasks sent
    meanwhile wait in the pipe."""
    from corpus.errors import AccordError
    try:
        services.classifier.ensure_model(load=True)
    except AccordError as exc:   # as for an ingest: the work goes on, the task reports it again
        log.warning("no classifier model: %s", exc)


def _serve_on(listener: socket.socket, app, threads: int, shares: ConnectionShares | None = None,
              slot: int = 0) -> None:
    from waitress.server import create_server
    server = create_server(app, sockets=[listener], threads=threads, ident="accord",
                           clear_untrusted_proxy_headers=True, backlog=1024, connection_limit=1000)
    if shares is not None:
        accept_fair_share(server, shares, slot)
    server.run()


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM when the parent server process exits, however it exits."""
    try:
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except OSError:
        pass
