"""Writes the demo corpus to a folder: PDFs (born-digital and scanned) plus a few other formats
(.txt, .docx, .png, .tiff, .eml with a PDF attachment) so every ingest path is exercised, and
truth.jsonl with one `Truth` per file.

Rasterising scans is the slow part; it runs in a process pool while the main process renders
the born-digital PDFs. Output is deterministic: reportlab runs with invariant=1, scans use the
document's own seed and fixed PDF dates, the .docx zip gets fixed timestamps, the .eml fixed
headers and MIME boundary.
"""
from __future__ import annotations

import io
import zipfile
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from corpus.demo.fast import page_texts
from corpus.demo.generator import Plan, plan_document
from corpus.demo.parties import plain
from corpus.demo.render import render_pdf
from corpus.demo.scan import scan_image, scan_pdf
from corpus.demo.truth import TRUTH_FILE, Truth, truth_path, write_truth
from corpus.errors import UsageError


class _InlineExecutor(Executor):
    """jobs=1: run scans in this process (tests, tiny corpora)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _docx_bytes(plan: Plan) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.author = "Accord demo corpus"
    document.core_properties.title = plan.truth.title[:200]
    fixed = datetime(2026, 1, 1)
    document.core_properties.created = fixed
    document.core_properties.modified = fixed
    document.core_properties.last_modified_by = "Accord demo corpus"
    for kind, text in plan.blocks:
        text = plain(text)
        if kind == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = 1
            run = paragraph.add_run(text)
            run.bold = True
        elif kind == "heading":
            document.add_heading(text, level=2)
        elif kind == "gap":
            document.add_paragraph("")
        elif kind == "sig":
            for row in text.split("\n"):
                document.add_paragraph(row).paragraph_format.space_after = Pt(0)
        else:
            document.add_paragraph(text)
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with constant member timestamps so the bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _eml_bytes(plan: Plan, pdf: bytes) -> bytes:
    truth = plan.truth
    message = EmailMessage()
    message["From"] = "Program Office <program.office@hq.dhs.gov>"
    message["To"] = "Agreements Repository <isaa.repository@hq.dhs.gov>"
    message["Subject"] = f"Signed agreement for the repository: {truth.parties[-1] if truth.parties else truth.title[:60]}"
    sent = truth.signature_dates[-1] if truth.signature_dates else (truth.effective_date or "2024-01-02")
    message["Date"] = format_datetime(datetime.fromisoformat(sent).replace(hour=9, tzinfo=timezone.utc))
    message["Message-ID"] = f"<{truth.file}@demo.accord.invalid>"
    message.set_content("Attached is the signed copy of the agreement for filing in the repository.\n\n"
                        "Please reply if anything is missing.\n")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=truth.file.replace(".eml", ".pdf"))
    message.set_boundary(f"==accord-demo-{truth.file}==")
    return message.as_bytes()


def _write_one(plan: Plan, out: Path, pool: Executor, seed: int, index: int) -> Future | None:
    truth, path = plan.truth, out / plan.truth.file
    if truth.format == "txt":
        texts = page_texts(plan)
        path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        truth.pages = 1
        return None
    if truth.format == "docx":
        path.write_bytes(_docx_bytes(plan))
        truth.pages = 1
        return None
    pdf = render_pdf(plan)  # sets truth.pages
    if truth.format == "eml":
        path.write_bytes(_eml_bytes(plan, pdf))
        return None
    scan_seed = seed * 100_003 + index
    if truth.format in {"png", "tiff"}:
        if truth.format == "png":
            truth.pages = 1
        return pool.submit(scan_image, pdf, scan_seed, truth.format)
    if truth.scanned:
        return pool.submit(scan_pdf, pdf, scan_seed)
    path.write_bytes(pdf)
    return None


def write_demo_corpus(out_dir: str | Path, count: int = 120, seed: int = 4006, jobs: int = 2) -> Path:
    """Write `count` demo documents into out_dir and their truth beside it (truth_path);
    returns the folder.

    A folder that already holds a demo corpus (it has a truth file) has its old doc-* files
    removed first, so the folder always matches its truth.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        if truth_path(out).exists() or (out / TRUTH_FILE).exists():
            for old in out.glob("doc-*.*"):
                old.unlink()
            # an older version wrote the truth inside the folder, where it would be ingested
            (out / TRUTH_FILE).unlink(missing_ok=True)
        probe = out / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write the demo corpus to {out}: {exc.strerror or exc}",
                         hint="Pass a writable folder with --out.") from exc
    truths: list[Truth] = []
    pending: list[tuple[Truth, Future]] = []
    pool: Executor = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else _InlineExecutor()
    try:
        for index in range(count):
            plan = plan_document(seed, index)
            future = _write_one(plan, out, pool, seed, index)
            truths.append(plan.truth)
            if future is not None:
                pending.append((plan.truth, future))
        for truth, future in pending:
            data, turns = future.result()
            (out / truth.file).write_bytes(data)
            truth.page_rotations = turns
            if truth.format == "tiff":
                truth.pages = len(turns)
    finally:
        pool.shutdown()
    write_truth(truth_path(out), truths)
    return out
