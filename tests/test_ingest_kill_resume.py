"""Issue 10: `kill -9` during ingest, then resume. A real `accord ingest` process is killed three
times in one batch; the fourth run finishes it, and `accord check` finds index == store == files
with no duplicates, every killed run audited."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from corpus import audit
from corpus.config import load_config
from corpus.consistency import stored_documents
from corpus.store import Store
from corpus.tables import IngestItemRow

REPO = Path(__file__).resolve().parents[1]
FILES = 45


def _accord(*args: str) -> list[str]:
    return [sys.executable, "-c", "from web.cli import main; main()", *args]


def _recorded(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(IngestItemRow)) or 0


def _kill_after(command: list[str], store: Store, items: int, timeout: float = 300) -> int:
    """Start the command, SIGKILL it once the journal holds `items` entries; returns how many it held."""
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None and _recorded(store) < items:
            time.sleep(0.02)
        assert process.poll() is None, "the run finished before it could be killed"
        # the whole process group: the command and its worker processes, as `kill -9` of a
        # terminal's job would (orphaned workers also end themselves: the bulk watchdog)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return _recorded(store)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.slow
def test_three_kill_9s_then_resume_leave_index_store_and_files_equal(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(FILES):
        (folder / f"note-{n:03d}.txt").write_text(
            f"Memorandum number {n} between the Records Agency and partner {n * 7919} on sharing case files.\n")
    home = tmp_path / "home"
    config = load_config(home, environ={})
    store = Store(config)
    ingest = _accord("--home", str(home), "ingest", str(folder), "--jobs", "1", "--quiet")
    # the index exists before the first run (as on any repository in use): a run killed before
    # its first index commit would otherwise leave no index, and the next run's fresh build
    # from the store would hide what the killed runs left unindexed
    subprocess.run(_accord("--home", str(home), "reindex"), cwd=REPO, check=True, capture_output=True, timeout=300)
    try:
        held = [_kill_after(ingest, store, items) for items in (5, 15, 25)]
        print(f"\nkill-and-resume: journal held {held} items at the 3 kills")
        assert held[0] < held[1] < held[2] < FILES
        final = subprocess.run(ingest, cwd=REPO, capture_output=True, text=True, timeout=600)
        assert final.returncode == 0, final.stderr[-2000:]
        assert "(resumed)" in final.stdout and f"{FILES} stored" in final.stdout, final.stdout

        check = subprocess.run(_accord("--home", str(home), "check", "--json"), cwd=REPO, capture_output=True,
                               text=True, timeout=600)
        report = json.loads(check.stdout)
        print(f"kill-and-resume: accord check: store {report['store']}, files {report['files']}, "
              f"index {report['index']}, duplicates {report['duplicates']}, differences {len(report['differences'])}")
        assert check.returncode == 0, check.stdout + check.stderr[-2000:]
        assert report["store"] == report["files"] == report["index"] == FILES
        assert report["duplicates"] == 0 and report["differences"] == []

        events = audit.events(store, action="ingest", limit=10)
        killed = [e for e in events if e["details"].get("killed")]
        assert len(events) == 4 and len(killed) == 3, events   # each killed run, then the one that finished
    finally:
        store.dispose()


def test_check_reports_and_repairs_what_differs(tmp_path):
    """`accord check` finds an unindexed document, a stale index entry, a missing original; --repair
    fixes the first two and restores the original from its source; it exits non-zero only while a
    difference is left."""
    from click.testing import CliRunner
    from web.cli import cli
    from web.services import Services
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"n{n}.txt").write_text(f"Agreement {n} between two agencies on the sharing of records {n}.\n")
    home = ["--home", str(tmp_path / "home")]
    runner = CliRunner()
    assert runner.invoke(cli, [*home, "ingest", str(folder), "--jobs", "1", "-q"]).exit_code == 0
    assert runner.invoke(cli, [*home, "check"]).exit_code == 0

    services = Services(load_config(tmp_path / "home", environ={}))
    try:
        ids = sorted(stored_documents(services.store))
        services.index.delete_document(ids[0])                              # unindexed
        from corpus.documents import set_visibility
        set_visibility(services.store, ids[1], public=False)                # the index not told: stale
        original = services.store.original_path(_sha(services.store, ids[2]))
        original.unlink()                                                   # missing original
    finally:
        services.close()
    found = runner.invoke(cli, [*home, "check", "--json"])
    assert found.exit_code == 65, found.output
    kinds = sorted((d["kind"], d["document_id"]) for d in json.loads(found.stdout)["differences"])
    assert kinds == [("missing_original", ids[2]), ("stale_index", ids[1]), ("unindexed", ids[0])]
    repaired = runner.invoke(cli, [*home, "check", "--repair"])
    assert repaired.exit_code == 0, repaired.output
    assert repaired.output.count("REPAIRED") == 3
    assert original.exists() and runner.invoke(cli, [*home, "check"]).exit_code == 0


def _sha(store: Store, document_id: int) -> str:
    return stored_documents(store)[document_id].sha256
