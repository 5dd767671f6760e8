"""Several web processes on one PostgreSQL store and one index (issue 16, item 4): real
`accord serve` processes on their own ports, as on several machines sharing the store and the
index. Sessions, uploads with their progress, and search work whichever process answers; a
document another process ingests (`accord ingest`) becomes searchable from every process."""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from corpus import accounts
from corpus.config import load_config
from corpus.store import Store
from web_corpus import PASSWORD, add_users, make_pdf

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ACCORD = [sys.executable, "-c", "from web.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def shared(tmp_path, postgres_url):
    """A home on PostgreSQL with accounts, and the environment every process of it runs with."""
    url = postgres_url
    env = {**os.environ, "ACCORD_DATABASE_URL": url, "ACCORD_SECRET_KEY": "processes-secret", "ACCORD_JOBS": "1",
           "ACCORD_SESSION_COOKIE_SECURE": "0"}
    home = tmp_path / "home"
    store = Store(load_config(home, environ=env))
    add_users(store)
    token = accounts.issue_token(store, "rita")
    store.dispose()
    return home, env, token


def _serve(home: Path, env: dict, *extra: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    log = open(home.parent / f"serve-{port}.log", "wb")   # read when a test fails
    process = subprocess.Popen([*ACCORD, "--home", str(home), "serve", "--port", str(port), "--threads", "4", *extra],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            if process.poll() is not None:
                raise AssertionError(f"accord serve exited: {log.name}")
            time.sleep(0.2)
    process.kill()
    raise AssertionError("accord serve did not start listening within 120 s")


@pytest.fixture
def two_servers(shared):
    home, env, token = shared
    started = [_serve(home, env), _serve(home, env)]
    yield [url for _, url in started], home, env, token
    for process, _ in started:
        process.terminate()
    for process, _ in started:
        process.wait(30)


class Browser:
    """Cookies shared across ports (a cookie names a host, not a port), so a session made on
    one process is presented to the other, as a load balancer would."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect())

    def get(self, url: str) -> tuple[int, str, dict]:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, data: dict) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(url, data=body, method="POST"))

    def _open(self, request) -> tuple[int, str, dict]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), dict(exc.headers)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _api(url: str, token: str, *, data: bytes | None = None, headers: dict | None = None) -> dict:
    request = urllib.request.Request(url, data=data, headers={"Authorization": f"Bearer {token}", **(headers or {})})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _upload(url: str, token: str, name: str, data: bytes) -> dict:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return _api(url + "/api/ingest", token, data=body,
                headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def _search_total(url: str, token: str, query: str) -> int:
    return _api(f"{url}/api/search?q={urllib.parse.quote(query)}", token)["total"]


def test_a_session_made_on_one_process_works_on_the_other_and_ends_on_both(two_servers):
    (first, second), _, _, _ = two_servers
    browser = Browser()
    status, html, _ = browser.get(first + "/login")
    status, _, headers = browser.post(first + "/login", {"username": "sam", "password": PASSWORD,
                                                         "csrf_token": _csrf(html)})
    assert status == 302 and "/login" not in headers.get("Location", "")
    status, html, _ = browser.get(second + "/search")
    assert status == 200 and "sam" in html
    status, _, _ = browser.post(second + "/logout", {"csrf_token": _csrf(html)})
    assert status == 302
    assert browser.get(first + "/search")[0] == 302   # back to the login page, on the other process too


def test_an_upload_on_one_process_is_followed_on_the_other_and_searchable_on_both(two_servers, wait_until):
    (first, second), _, _, token = two_servers
    pdf = make_pdf(["Memorandum of Understanding on quokka habitat data between the Parties.",
                    "The parties exchange survey records."])
    upload = _upload(first, token, "quokka.pdf", pdf)
    done = wait_until(lambda: (state := _api(f"{second}/api/ingest/{upload['id']}", token))["status"]
                      in ("done", "failed") and state, 120, "the upload's ingest", poll=0.2)
    assert done and done["status"] == "done" and done["stored"] == 1, done
    for url in (first, second):
        assert wait_until(lambda: _search_total(url, token, "quokka habitat"), 10, f"the upload in {url}'s search",
                          poll=0.2) == 1, url


def test_a_document_ingested_by_another_process_becomes_searchable_on_every_web_process(two_servers, tmp_path,
                                                                                       wait_until):
    (first, second), home, env, token = two_servers
    for url in (first, second):   # each process has opened its index view before the ingest
        assert _search_total(url, token, "wombat") == 0
    source = tmp_path / "wombat.pdf"
    source.write_bytes(make_pdf(["Data sharing agreement on wombat burrow surveys between the Parties."]))
    subprocess.run([*ACCORD, "--home", str(home), "ingest", str(source), "--quiet"], env=env, check=True,
                   capture_output=True, timeout=300)
    for url in (first, second):
        assert wait_until(lambda: _search_total(url, token, "wombat"), 10, f"the document in {url}'s search",
                          poll=0.2) == 1, url


def test_serve_with_two_processes_answers_every_request_of_one_session(shared):
    home, env, _ = shared
    process, url = _serve(home, env, "--processes", "2")
    try:
        browser = Browser()
        _, html, _ = browser.get(url + "/login")
        assert browser.post(url + "/login", {"username": "sam", "password": PASSWORD,
                                             "csrf_token": _csrf(html)})[0] == 302
        # new connections, spread by the kernel over both processes: each knows the session
        assert all(browser.get(url + "/search")[0] == 200 for _ in range(20))
    finally:
        process.terminate()
        process.wait(30)
