"""One installation secret (web sessions and model files) and one audit key, each created once,
race-safely, as a private file."""
from __future__ import annotations

import multiprocessing

from classifier.persistence import installation_key
from corpus.keys import audit_key, installation_secret, key_file
from web.app import create_app
from web.services import Services


def _key_in_child(path, queue):
    queue.put(key_file(path))


def test_concurrent_first_use_agrees_on_one_key(tmp_path):
    path = tmp_path / "keys" / "audit.key"
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_key_in_child, args=(path, queue)) for _ in range(8)]
    for worker in workers:
        worker.start()
    keys = {queue.get(timeout=60) for _ in workers}
    for worker in workers:
        worker.join(60)
    assert len(keys) == 1 and path.read_text().strip() in keys
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in path.parent.iterdir()] == ["audit.key"]   # no temporary file left behind


def test_web_and_classifier_use_the_one_generated_secret(config):
    keyless = config.replace(ACCORD_SECRET_KEY="")
    services = Services(keyless)
    try:
        app = create_app(keyless, services)
        secret = keyless.secret_key_file.read_text().strip()
        assert app.config["SECRET_KEY"] == secret == installation_secret(keyless)
        assert installation_key(keyless) == installation_key(keyless.replace(ACCORD_SECRET_KEY=secret))
    finally:
        services.close()


def test_audit_key_is_separate_from_the_installation_secret(config):
    assert audit_key(config) != installation_secret(config).encode()
    assert config.audit_key_file.parent == config.home and oct(config.audit_key_file.stat().st_mode & 0o777) == "0o600"
    moved = config.replace(ACCORD_AUDIT_KEY_FILE=str(config.home.parent / "elsewhere" / "audit.key"))
    assert audit_key(moved) != audit_key(config) and moved.audit_key_file.exists()
