"""`kill -9` of a real `accord disposition run` subprocess at three progress points, watched
from outside (certificates and originals under ACCORD_HOME), then a rerun: every record ends
fully purged with its certificate, or untouched (one put under a hold after approval); never a
certificate without the purge, nor a purge without the certificate; the audit trail verifies
and `accord check` is clean."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from corpus.access import SYSTEM, Principal
from corpus.blobs import certificate_key
from corpus.config import load_config
from corpus.document import Document, Page
from corpus.documents import save_document
from corpus.records import disposition, filing
from corpus.records.holds import place_hold
from corpus.records.purge import purged
from records_corpus import OFFICER, files_containing
from web_corpus import add_users, make_pdf

STAFF = Principal("rita", "records")
RECORDS = 40           # enough that a run takes a while next to the test's polling
HELD = 1               # the first record is put under a hold after approval: it must stay untouched


def phrase(n: int) -> str:
    return f"quokka{n:04d}marsupial"


def accord(home, *args, **popen):
    env = {**os.environ, "ACCORD_SECRET_KEY": "test-secret", "ACCORD_JOBS": "1"}
    env.pop("ACCORD_HOME", None)
    return subprocess.Popen([sys.executable, "-m", "web.cli", "--home", str(home), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def add_records(services) -> dict[int, str]:
    """RECORDS small PDFs, the n-th (in id order) with phrase(n), stored and indexed; id -> sha256."""
    shas = {}
    for n in range(RECORDS):
        pages = [f"Transitory note {n} about the {phrase(n)} schedule.", "Nothing else to keep."]
        data = make_pdf(pages)
        sha, _ = services.store.keep_original_bytes(data)
        doc = Document(source_path=f"/incoming/note-{n}.pdf", filename=f"note-{n}.pdf", sha256=sha, size=len(data),
                       mime="application/pdf", title=f"Transitory note {n}",
                       pages=[Page(number=i, text=t, width=612, height=792) for i, t in enumerate(pages, 1)])
        doc_id, _ = save_document(services.store, doc)
        shas[doc_id] = sha
    services.documents_changed(list(shas))
    return shas


# Progress seen from outside the process: certificates written (".pending" while the run is
# purging, the final name once done) and originals gone.
def progress(config, store, batch: int, shas: dict[int, str]) -> dict[str, int]:
    folder = config.dispositions_dir / f"batch-{batch}"
    names = os.listdir(folder) if folder.is_dir() else []
    return {"pending": sum(n.endswith(".json.pending") for n in names),
            "certified": sum(n.endswith(".json") for n in names),
            "purged": sum(not store.original_path(s).exists() for s in shas.values())}


POINTS = {   # name -> the progress at which the test sends SIGKILL
    "early: first certificate written": lambda p, n: p["pending"] + p["certified"] >= 1,
    "middle: half the originals purged": lambda p, n: p["purged"] >= n // 2,
    "late: all but one certified": lambda p, n: p["certified"] >= n - 1,
}


@pytest.mark.parametrize("point", list(POINTS))
def test_a_disposition_run_killed_from_outside_is_finished_consistently_by_a_rerun(tmp_path, point):
    config = load_config(tmp_path / "home", environ={}, overrides={"ACCORD_SECRET_KEY": "test-secret",
                                                                   "ACCORD_JOBS": 1})
    from corpus import accounts
    from web.services import Services
    services = Services(config)
    add_users(services.store)
    accounts.add_user(services.store, OFFICER, "records_officer", "correct-horse-9")
    shas = add_records(services)
    docs = sorted(shas)
    for doc in docs:
        filing.file_document(services.store, config, doc, "transitory", who=STAFF)
    batch = disposition.propose(services.store, config, who=STAFF, all_due=True)
    disposition.approve(services.store, batch, who=Principal(OFFICER, "records_officer"))
    held = docs[:HELD]
    place_hold(services.store, "late-matter", reason="a hold placed after approval", issuer=OFFICER,
               document_ids=held)
    destroyed = docs[HELD:]
    services.close()

    # The run at low priority, so the polling test sees each step of its progress.
    run = accord(config.home, "disposition", "run", str(batch), preexec_fn=lambda: os.nice(10))
    reached = POINTS[point]
    from corpus.store import Store
    watcher = Store(config)
    try:
        while run.poll() is None:
            if reached(progress(config, watcher, batch, {d: shas[d] for d in destroyed}), len(destroyed)):
                run.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
        _, err = run.communicate(timeout=300)
        assert run.returncode == -signal.SIGKILL, f"the run ended before the kill: {err}"
    finally:
        watcher.dispose()

    services = Services(config)
    try:
        def consistent(*, finished: bool) -> None:
            """Each record either fully purged with its certificate, or untouched. Right after the
            kill, certificates may still be pending (".pending": written before the purge, renamed
            once the index is purged too); the rerun completes them."""
            in_flight = 0
            for doc in docs:
                final = certificate_key(batch, doc)
                pending = final + ".pending"
                state = filing.lifecycle_of(services.store, config, doc).state
                with services.store.session() as session:
                    rows_gone = purged(session, doc)
                file_gone = not services.store.original_path(shas[doc]).exists()
                if services.store.blobs.exists(final):
                    assert rows_gone and file_gone and state == "destroyed", doc
                elif rows_gone or file_gone or state == "destroyed":
                    assert not finished and services.store.blobs.exists(pending), f"document {doc} purged without a certificate"
                else:
                    assert state == "active", doc
                    if services.store.blobs.exists(pending):                     # written, its purge not begun
                        assert not finished, doc
                        in_flight += 1
            assert in_flight <= 1

        consistent(finished=False)
        detail = disposition.batch_detail(services.store, batch)
        assert detail["status"] == "running"                 # the kill interrupted the run

        rerun = accord(config.home, "disposition", "run", str(batch))
        out, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, err
        assert f"batch {batch} done" in out
        consistent(finished=True)
        detail = disposition.batch_detail(services.store, batch)
        statuses = {i["id"]: i["status"] for i in detail["items"]}
        assert detail["status"] == "done"
        assert {statuses[d] for d in destroyed} == {"done"} and {statuses[d] for d in held} == {"skipped"}
        assert all(services.store.blobs.exists(certificate_key(batch, d)) for d in destroyed)
        assert not any(services.store.blobs.exists(certificate_key(batch, d)) for d in held)
        assert not list(config.dispositions_dir.rglob("*.pending")) and not list(config.dispositions_dir.rglob("*.tmp"))
        for doc in (destroyed[0], destroyed[len(destroyed) // 2], destroyed[-1]):
            assert files_containing(config.home, shas[doc].encode()) == \
                ["accord.db", f"dispositions/batch-{batch}/certificate-{doc}.json"]
            assert files_containing(config.home, phrase(docs.index(doc)).encode()) == []
        services.close()
        services = Services(config)                           # the index as the rerun left it
        assert services.index.search("transitory", principal=SYSTEM).total == HELD
        for name in ("audit verify", "check"):
            checked = accord(config.home, *name.split())
            out, err = checked.communicate(timeout=300)
            assert checked.returncode == 0, f"accord {name}: {out}{err}"
    finally:
        services.close()
