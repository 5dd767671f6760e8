"""Shared fixtures. Area-specific helpers live beside the tests that use them."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from corpus.config import Config, load_config
from corpus.store import Store
import waiting

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def config(tmp_path) -> Config:
    """A Config whose ACCORD_HOME is a fresh temporary folder, isolated from the environment."""
    return load_config(tmp_path / "home", environ={}, overrides={"ACCORD_SECRET_KEY": "test-secret",
                                                                 "ACCORD_JOBS": 1})


@pytest.fixture
def store(config) -> Store:
    store = Store(config)
    yield store
    store.dispose()


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _empty_postgres_url() -> str:
    """ACCORD_TEST_DATABASE_URL with an empty schema, or skip the test when it is not set."""
    url = os.environ.get("ACCORD_TEST_DATABASE_URL")
    if not url:
        pytest.skip("ACCORD_TEST_DATABASE_URL not set (run `make test` to start PostgreSQL)")
    _reset_postgres(url)
    return url


@pytest.fixture
def postgres_url() -> str:
    """An empty PostgreSQL store's URL, for tests that start processes of their own (which share it)."""
    return _empty_postgres_url()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_config(request, tmp_path) -> Config:
    """A Config as `config`, on each supported database; PostgreSQL only when
    ACCORD_TEST_DATABASE_URL is set (`make test` starts Debian's PostgreSQL and sets it)."""
    overrides = {"ACCORD_SECRET_KEY": "test-secret", "ACCORD_JOBS": 1}
    if request.param == "postgres":
        overrides["ACCORD_DATABASE_URL"] = _empty_postgres_url()
    return load_config(tmp_path / "home", environ={}, overrides=overrides)


@pytest.fixture
def any_store(any_config) -> Store:
    """The store on each supported database (see `any_config`)."""
    store = Store(any_config)
    yield store
    store.dispose()


@pytest.fixture
def site(config):
    """A web app over the shared web test corpus (tests/web_corpus.py): (app, services, corpus)."""
    from web.app import create_app
    from web.services import Services
    from web_corpus import add_documents, add_users
    config = config.replace(ACCORD_RETRAIN_AFTER_LABELS=1000)
    services = Services(config)
    add_users(services.store)
    corpus = add_documents(services.store)
    services.rebuild_index()
    app = create_app(config, services)
    app.config["TESTING"] = True
    yield app, services, corpus
    services.close()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or skip the test when it is absent (e.g. outside this workplace)."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture
def wait_until():
    """`wait_until(condition, timeout, what, poll=0.05)` (tests/waiting.py): for tests that wait on
    other processes."""
    return waiting.wait_until


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> str:
    """One redis-server for the test run, or skip when it is not installed. One, not one a test:
    a web app in the test process keeps its broker connection (Celery's app is one per process),
    as a web process does in production."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (`make install` installs Debian's redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no", "--dir", str(tmp_path_factory.mktemp("redis"))], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


@pytest.fixture
def redis_url(redis_server) -> str:
    """The test run's redis-server, emptied for this test: nothing of another test's queue or page cache."""
    import redis
    redis.Redis.from_url(redis_server).flushall()
    return redis_server
