"""The worker queue under a second kill schedule (test_scaleout.py has the first): SIGKILLs that land
on a multi-page scan's page fan-out, on both workers at once while one is between storing a
document and journalling it, and on the index writer's queue consumer. The moments are made
certain from outside, through the store and Redis the product uses: the journal table is locked
(so a worker that stored a document waits there), and the index writer's Redis lock is held (so
the index consumer waits in its task). Every file must be stored once, with the pages its report
counts as OCR'd being the pages stored as OCR'd, store == files == index, the audit chain intact
and no audit event written twice."""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from sqlalchemy import create_engine, text

from test_ingest_samples import page_image
from test_scaleout import ACCORD, TASK_LINE, Worker, _run

pytestmark = [pytest.mark.scaleout, pytest.mark.postgres, pytest.mark.ocr, pytest.mark.slow]
STALL_SECONDS = 300   # ACCORD_WORKER_STALL_SECONDS: above the time a task waits for the test's locks


def _scanned_pdf(path: Path, pages: list[list[str] | None], dpi: int = 150) -> Path:
    """An image-only PDF; a None page is a blank sheet (it must stay blank, not count as OCR'd)."""
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for lines in pages:
        image = page_image(lines, dpi) if lines else Image.new("L", (int(8.5 * dpi), 11 * dpi), 255)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, width=letter[0], height=letter[1])
        pdf.showPage()
    pdf.save()
    return path


def _batch(folder: Path) -> tuple[int, dict[str, int]]:
    """The files, and the pages of each that hold text to OCR. Scans only: a born-digital file
    (test_scaleout.py has them) stored first would hold its worker at the locked journal before
    any scan is read."""
    folder.mkdir()
    text_pages = {}
    _scanned_pdf(folder / "a-long-scan.pdf", [["INTERAGENCY AGREEMENT 1", "between Office 1 and Bureau 21"], None,
                                              ["ARTICLE II", "The parties agree to share information."],
                                              ["ARTICLE III", "Signed by both parties."]])
    text_pages["a-long-scan.pdf"] = 3
    for i in range(2, 5):
        _scanned_pdf(folder / f"b-scan-{i}.pdf", [[f"INTERAGENCY AGREEMENT {i}", f"between Office {i} and Bureau {i + 20}",
                                                   "The parties agree to share information."]])
        text_pages[f"b-scan-{i}.pdf"] = 1
    return len(text_pages), text_pages


def test_kills_on_page_fanout_both_workers_and_the_index_writer_lose_and_duplicate_nothing(
        tmp_path, redis_url, postgres_url, wait_until):
    import redis
    env = {**os.environ, "ACCORD_HOME": str(tmp_path / "home"), "ACCORD_DATABASE_URL": postgres_url,
           "ACCORD_BROKER_URL": redis_url, "ACCORD_SECRET_KEY": "test-secret", "ACCORD_OCR_DPI": "150",
           "ACCORD_WORKER_LOST_SECONDS": "6", "ACCORD_WORKER_STALL_SECONDS": str(STALL_SECONDS),
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    assert _run(env, "migrate").returncode == 0
    count, text_pages = _batch(tmp_path / "in")
    engine = create_engine(postgres_url)
    broker = redis.Redis.from_url(redis_url)
    index_lock = broker.lock("accord:index-writer", timeout=STALL_SECONDS)
    journal_lock = engine.connect()
    journal_lock.begin()
    journal_lock.execute(text("LOCK TABLE ingest_items IN EXCLUSIVE MODE"))   # workers wait to journal
    assert index_lock.acquire(blocking=False)                                  # the index writer waits
    workers = [Worker(env, "ingest,ocr,index,train", tmp_path / "worker-a.log"),
               Worker(env, "ingest,ocr,train", tmp_path / "worker-b.log")]
    report = tmp_path / "report"
    submitter = subprocess.Popen([*ACCORD, "ingest", str(tmp_path / "in"), "--report", str(report)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    kills: list[str] = []

    def stored_unjournalled_scans() -> int:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT count(*) FROM documents WHERE ocr_page_count > 0"))

    try:
        # 1. a page of the fan-out: whichever worker reads one
        busy = wait_until(lambda: next((w for w in workers if w.busy_with() == "accord.ocr_page"), None), 60,
                          "a page task")
        busy.kill()
        busy.start()
        kills.append("ocr_page")
        # 2. both at once, a scan stored and its worker waiting to journal it (the other worker is
        # reading pages, or waiting in the index writer)
        wait_until(stored_unjournalled_scans, 60, "a stored scan")
        wait_until(lambda: any(w.busy_with() == "accord.ingest_file" for w in workers), 10, "its worker")
        # held there longer than ACCORD_WORKER_LOST_SECONDS: a live worker keeps its task, which is
        # not handed to the other worker meanwhile (it would run twice at once)
        time.sleep(8)
        received = [{i for _, i, event in TASK_LINE.findall(w.current_log.read_text(errors="replace"))
                     if event == "received"} for w in workers]
        assert not received[0] & received[1], received[0] & received[1]
        for worker in workers:
            worker.kill()
        kills.append("both: " + ", ".join(sorted(str(w.busy_with()) for w in workers)))
        for worker in workers:
            worker.start()
        journal_lock.rollback()
        journal_lock.close()
        # 3. the index writer's consumer, inside its task (waiting for the writer's lock)
        wait_until(lambda: workers[0].busy_with() == "accord.index_documents", 60, "the index writer's task")
        workers[0].kill()
        workers[0].start()
        kills.append("index_documents")
        index_lock.release()
        output, _ = submitter.communicate(timeout=150)
    finally:
        if submitter.poll() is None:
            submitter.kill()
        for worker in workers:
            worker.stop()
        if journal_lock is not None and not journal_lock.closed:
            journal_lock.close()
        if index_lock.owned():
            index_lock.release()
    assert len(kills) == 3, kills
    assert submitter.returncode == 0, output
    items = {Path(i["file"]).name: i for i in json.loads(report.with_suffix(".json").read_text())["items"]}
    assert sorted(i["status"] for i in items.values()) == ["stored"] * count, items
    assert len({i["document_id"] for i in items.values()}) == count
    assert all(re.fullmatch(r".+:\d+", i["worker"]) for i in items.values())
    # the report's OCR pages are those OCR'd and stored; a blank page stays blank
    assert {name: i["ocr_pages"] for name, i in items.items()} == text_pages, (kills, items)
    with engine.connect() as conn:
        stored = dict(conn.execute(text("SELECT filename, ocr_page_count FROM documents")).all())
        read = dict(conn.execute(text("SELECT d.filename, count(*) FROM pages p JOIN documents d ON d.id = p.document_id "
                                      "WHERE p.source = 'ocr' AND p.text <> '' GROUP BY d.filename")).all())
        blank = conn.execute(text("SELECT p.text, p.source FROM pages p JOIN documents d ON d.id = p.document_id "
                                  "WHERE d.filename = 'a-long-scan.pdf' AND p.number = 2")).one()
    engine.dispose()
    assert stored == text_pages
    assert read == {name: n for name, n in text_pages.items() if n}
    assert blank == ("", "none")
    check = _run(env, "check", "--json")
    assert check.returncode == 0, check.stdout + check.stderr
    figures = json.loads(check.stdout)
    assert (figures["store"], figures["files"], figures["index"]) == (count, count, count), figures
    verify = _run(env, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    events = [json.loads(line) for line in _run(env, "audit", "list", "--limit", "1000").stdout.splitlines()]
    twice = [key for key, n in Counter((e["action"], e["target"], json.dumps(e["details"], sort_keys=True))
                                       for e in events).items() if n > 1]
    assert not twice, twice
