"""A disposition run killed with SIGKILL at three points, then run again: every record ends
fully purged with its certificate, never a certificate without the purge. The run is a real
`accord disposition run` subprocess; ACCORD_TEST_CRASH_AT makes it SIGKILL itself at the
named step, exactly where `kill -9` would land."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from corpus.access import SYSTEM, Principal
from corpus.config import load_config
from corpus.records import disposition, filing
from records_corpus import OFFICER, build, files_containing

STAFF = Principal("rita", "records")


def accord(home, *args, crash_at: str | None = None):
    env = {**os.environ, "ACCORD_SECRET_KEY": "test-secret", "ACCORD_JOBS": "1"}
    env.pop("ACCORD_HOME", None)
    if crash_at:
        env["ACCORD_TEST_CRASH_AT"] = crash_at
    return subprocess.run([sys.executable, "-m", "web.cli", "--home", str(home), *args], env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("crash_at", ["purged:2", "index:1", "certified:1"])
def test_a_killed_disposition_run_is_finished_consistently_by_a_rerun(tmp_path, crash_at):
    config = load_config(tmp_path / "home", environ={}, overrides={"ACCORD_SECRET_KEY": "test-secret",
                                                                   "ACCORD_JOBS": 1})
    services, corpus, app, tokens = build(config)
    docs = sorted(corpus.ids.values())
    shas = {}
    for doc in docs:
        filing.file_document(services.store, config, doc, "transitory", who=STAFF)
        from corpus.documents import document_header
        shas[doc] = document_header(services.store, doc).sha256
    # The officer proposes (staff may not see the restricted record), an admin approves.
    batch = disposition.propose(services.store, config, who=Principal(OFFICER, "records_officer"), all_due=True)
    disposition.approve(services.store, batch, who=Principal("ada", "admin"))
    services.close()

    killed = accord(config.home, "disposition", "run", str(batch), crash_at=crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    def certified_implies_purged() -> int:
        certified = 0
        for doc in docs:
            if disposition.certificate_path(config, batch, doc).exists():
                certified += 1
                assert not services.store.original_path(shas[doc]).exists()
                assert filing.lifecycle_of(services.store, config, doc).state == "destroyed"
        return certified

    from web.services import Services
    services = Services(config)
    try:
        assert certified_implies_purged() < len(docs)       # the kill interrupted the run
        rerun = accord(config.home, "disposition", "run", str(batch))
        assert rerun.returncode == 0, rerun.stderr
        assert certified_implies_purged() == len(docs)
        detail = disposition.batch_detail(services.store, batch)
        assert detail["status"] == "done" and {i["status"] for i in detail["items"]} == {"done"}
        assert not list(config.dispositions_dir.rglob("*.pending"))
        for doc in docs:
            assert files_containing(config.home, shas[doc].encode()) == \
                ["accord.db", f"dispositions/batch-{batch}/certificate-{doc}.json"]
        assert services.index.search("Memorandum OR agreement OR Zephyr", principal=SYSTEM).total == 0
        verify = accord(config.home, "audit", "verify")
        assert verify.returncode == 0, verify.stdout + verify.stderr
    finally:
        services.close()
