"""Bulk ingest: folders and zips, the journal (resume after a crash), reports, watch."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from corpus.store import Store
from corpus.tables import DocumentRow, IngestItemRow
from ingest.bulk import run_batch
from ingest.report import report_paths
from ingest.watch import stable_files, watch_folder
from test_ingest_samples import make_docx, make_pdf, make_scanned_pdf, make_zip

REPO = Path(__file__).resolve().parents[1]


def _documents(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(DocumentRow))


def _text_files(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"note-{n:03d}.txt"
        path.write_text(f"Memorandum number {n} between the parties about record {n * 7919}.\n")
        paths.append(path)
    return paths


def test_folder_and_zip_are_ingested_with_duplicates_recorded(tmp_path, store, config):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    make_pdf(folder / "a.pdf")
    make_docx(folder / "sub" / "b.docx")
    (folder / ".hidden.pdf").write_bytes(b"not looked at")
    make_zip(folder / "bundle.zip", {"inner/a-again.pdf": (folder / "a.pdf").read_bytes(),
                                     "inner/c.txt": b"A letter of intent between two agencies about data."})
    seen = []
    result = run_batch(store, config, [str(folder)], jobs=1, progress=lambda p: seen.append(p.as_dict()))
    by_name = {Path(r["file"].split("!")[-1]).name: r for r in result.items}
    assert set(by_name) == {"a.pdf", "b.docx", "a-again.pdf", "c.txt"}
    assert by_name["a-again.pdf"]["status"] == "duplicate"
    assert by_name["a-again.pdf"]["duplicate_of"] == by_name["a.pdf"]["document_id"]
    assert result.counts == {"stored": 3, "duplicate": 1} and result.ok
    assert _documents(store) == 3
    assert seen[-1]["files_done"] == seen[-1]["files_total"] == 4
    assert not (config.cache_dir / "ingest" / f"job-{result.job_id}").exists()   # staging cleaned


def test_process_pool_spreads_pages_and_matches_the_serial_result(tmp_path, store, config):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(4):
        make_pdf(folder / f"doc{n}.pdf", [[f"Agreement {n} page {p} between the agencies of the state"]
                                          for p in range(3)])
    result = run_batch(store, config, [str(folder)], jobs=2)
    assert result.counts == {"stored": 4}
    assert [r["pages"] for r in result.items] == [3, 3, 3, 3]


def test_same_command_resumes_the_unfinished_job_and_skips_done_files(tmp_path, store, config):
    files = _text_files(tmp_path / "in", 6)
    stop = threading.Event()
    stored = []

    def stop_after_two(doc_id):
        stored.append(doc_id)
        if len(stored) == 2:
            stop.set()
    first = run_batch(store, config, [str(tmp_path / "in")], jobs=1, on_stored=stop_after_two, stop_event=stop)
    assert first.interrupted and 2 <= len(first.items) < 6
    second = run_batch(store, config, [str(tmp_path / "in")], jobs=1)
    assert second.job_id == first.job_id and second.resumed and not second.interrupted
    assert second.counts == {"stored": 6}
    assert sorted(r["file"] for r in second.items) == sorted(str(p) for p in files)
    assert _documents(store) == 6
    third = run_batch(store, config, [str(tmp_path / "in")], jobs=1)   # a finished job: a new one
    assert third.job_id != first.job_id and third.counts == {"duplicate": 6}


def test_kill_9_mid_run_then_rerun_ends_with_every_file_once(tmp_path, config):
    """A real crash: the ingest runs in another process that is SIGKILLed after a few files
    are recorded (while it is inside on_stored, i.e. between storing a document and
    journalling it). The same inputs then run to the end: each file once, no duplicates."""
    inputs = tmp_path / "in"
    _text_files(inputs, 30)
    home = config.home
    script = textwrap.dedent(f"""
        import time
        from corpus.config import load_config
        from corpus.store import Store
        from ingest.bulk import run_batch
        config = load_config({str(home)!r}, environ={{}})
        store = Store(config)
        run_batch(store, config, [{str(inputs)!r}], jobs=1, on_stored=lambda _id: time.sleep(0.2))
    """)
    process = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    store = Store(config)
    try:
        deadline = time.monotonic() + 60
        recorded = 0
        while time.monotonic() < deadline and process.poll() is None:
            with store.session() as session:
                recorded = session.scalar(select(func.count()).select_from(IngestItemRow)) or 0
            if recorded >= 5:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the batch finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert 5 <= recorded < 30
        result = run_batch(store, config, [str(inputs)], jobs=1)
        assert result.resumed and result.counts == {"stored": 30}
        ids = [r["document_id"] for r in result.items]
        assert len(ids) == len(set(ids)) == 30
        assert _documents(store) == 30
    finally:
        if process.poll() is None:
            process.kill()
        store.dispose()


@pytest.mark.ocr
def test_a_scan_stored_by_a_killed_run_keeps_its_ocr_pages_in_the_resumed_report(tmp_path, store, config):
    """A run (or a queue task) killed after storing a scanned document and before journalling it:
    the resumed run finds the job's own document and reports it stored, with the pages that were
    OCR'd (not the none its own unread copy holds)."""
    from corpus import journal
    from ingest.pipeline import ingest_file
    folder = tmp_path / "in"
    folder.mkdir()
    scan = make_scanned_pdf(folder / "scan.pdf", ["INTERAGENCY AGREEMENT", "between the Office and the Bureau"],
                            dpi=150)
    job_id, resumed = journal.start_or_resume(store, [str(folder)])
    assert not resumed
    doc, killed_run = ingest_file(store, config, str(scan), job_id=job_id, source_path=str(scan))   # no journal
    assert killed_run.ocr_pages == 1 and "AGREEMENT" in doc.text
    result = run_batch(store, config, [str(folder)], jobs=1)
    assert result.resumed and result.job_id == job_id
    assert [(r["status"], r["document_id"], r["pages"], r["ocr_pages"]) for r in result.items] == \
        [("stored", killed_run.document_id, 1, 1)]
    assert _documents(store) == 1


def test_cli_report_jobs_and_report_command(tmp_path, config):
    from web.cli import cli
    _text_files(tmp_path / "in", 2)
    runner = CliRunner()
    home = ["--home", str(config.home)]
    out = runner.invoke(cli, [*home, "ingest", str(tmp_path / "in"), "--jobs", "1", "--report",
                              str(tmp_path / "rep.json")])
    assert out.exit_code == 0, out.output
    json_path, csv_path = report_paths(tmp_path / "rep.json")
    assert json_path == tmp_path / "rep.json" and csv_path == tmp_path / "rep.csv"
    report = json.loads(json_path.read_text())
    assert report["job"]["status"] == "done" and len(report["items"]) == 2
    assert csv_path.read_text().splitlines()[0].startswith("file,status,document_id")
    assert csv_path.read_text().splitlines()[0].endswith(",worker")
    assert [item["worker"] for item in report["items"]] == ["in-process", "in-process"]
    jobs = runner.invoke(cli, [*home, "jobs", "--json"])
    job_id = json.loads(jobs.output)[0]["id"]
    [worker] = json.loads(jobs.output)[0]["workers"]   # per-worker throughput
    assert worker["worker"] == "in-process" and worker["files"] == 2 and worker["pages"] == 2
    assert "worker in-process: 2 files" in runner.invoke(cli, [*home, "jobs"]).output
    csv_out = runner.invoke(cli, [*home, "report", str(job_id), "--csv"])
    assert csv_out.exit_code == 0 and csv_out.output.count("\n") == 3


def test_watch_ingests_settled_files_once(tmp_path, config):
    folder = tmp_path / "drop"
    folder.mkdir()
    config = config.replace(ACCORD_WATCH_SETTLE_SECONDS=0)
    store = Store(config)
    make_pdf(folder / "one.pdf")
    stop = threading.Event()
    batches = []

    def on_batch(result):
        batches.append(result)
        if len(batches) == 1:
            make_pdf(folder / "two.pdf", [["a second agreement dropped in later, about other records"]])
        else:
            stop.set()
    watcher = threading.Thread(target=watch_folder, args=(store, config, str(folder)),
                               kwargs=dict(jobs=1, on_batch=on_batch, stop_event=stop, interval=0.05))
    watcher.start()
    watcher.join(timeout=60)
    stop.set()
    assert not watcher.is_alive()
    assert [b.counts for b in batches] == [{"stored": 1}, {"stored": 1}]
    assert _documents(store) == 2
    store.dispose()


def test_a_file_still_being_written_is_not_ready(tmp_path):
    seen = {}
    path = tmp_path / "growing.pdf"
    path.write_bytes(b"%PDF-1.4 part")
    assert stable_files(tmp_path, seen, settle=5, now=100.0) == []
    path.write_bytes(b"%PDF-1.4 part and more")
    assert stable_files(tmp_path, seen, settle=5, now=104.0) == []   # changed: the clock restarts
    assert stable_files(tmp_path, seen, settle=5, now=108.0) == []
    assert stable_files(tmp_path, seen, settle=5, now=109.5) == [path]


def test_pool_workers_exit_when_the_main_process_is_killed(tmp_path):
    script = textwrap.dedent("""
        import os, sys, time
        from ingest.bulk import make_executor
        pool = make_executor(2)
        for future in [pool.submit(time.sleep, 0.5) for _ in range(2)]:   # two busy workers
            future.result()
        print(" ".join(map(str, sorted(pool._processes))), flush=True)
        time.sleep(600)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in process.stdout.readline().split()]
        assert len(workers) == 2
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 15
        alive = workers
        while alive and time.monotonic() < deadline:
            time.sleep(0.2)
            alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
                     and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]
        assert alive == []
    finally:
        if process.poll() is None:
            process.kill()


def misbehaving_prepare(local_path, *args, **kwargs):
    """Stands in for ingest.pipeline.prepare_file in the pool's workers: a file named *crash*
    kills its worker the way a segfault in native code would; one named *hang* never comes
    back, like native code stuck in a loop."""
    from ingest.pipeline import prepare_file
    if "crash" in Path(local_path).name:
        os.kill(os.getpid(), signal.SIGKILL)
    if "hang" in Path(local_path).name:
        time.sleep(600)
    return prepare_file(local_path, *args, **kwargs)


def _batch_with_one_bad_file(tmp_path, store, config, monkeypatch, good: int, bad_name: str):
    folder = tmp_path / "in"
    _text_files(folder, good)
    (folder / bad_name).write_text("A memorandum its worker never finishes.\n")
    monkeypatch.setattr("ingest.stages.prepare_file", misbehaving_prepare)
    result = run_batch(store, config, [str(folder)], jobs=2)
    assert result.counts == {"stored": good, "failed": 1}, result.items
    [failed] = result.failed
    assert failed["file"].endswith(bad_name) and failed["error_code"] == "worker_crashed"
    return failed


def test_a_file_that_kills_its_worker_fails_alone_and_the_batch_goes_on(tmp_path, store, config, monkeypatch):
    failed = _batch_with_one_bad_file(tmp_path, store, config, monkeypatch, 7, "note-002-crash.txt")
    assert (Path(failed["quarantine_path"])).exists()
    assert _documents(store) == 7


def test_a_file_that_hangs_its_worker_is_stopped_and_fails_alone(tmp_path, store, config, monkeypatch):
    failed = _batch_with_one_bad_file(tmp_path, store, config.replace(ACCORD_WORKER_STALL_SECONDS=2), monkeypatch,
                                      3, "note-001-hang.txt")
    assert "ACCORD_WORKER_STALL_SECONDS=2" in failed["error"]
