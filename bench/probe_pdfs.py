"""Made-up documents through the path users take: page texts printed to PDFs (a text layer, or page images only, so
Tesseract reads them), ingested by `Services.ingest_batch` (what `accord ingest` runs) into a new repository, and the
stored documents read back. Used by bench/government_probes.py --pdf / --scan."""
from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

from corpus.config import load_config
from corpus.demo.scan import clean_scan_pdf
from corpus.documents import document_ids, load_document
from web.services import Services

# Courier 7.5 pt on 10 pt lines fits 120 characters a line: the probes' lines as written, none wrapped again
FONT_SIZE, LINE_HEIGHT, LEFT, TOP, BOTTOM, WIDTH = 7.5, 10, 36, 756, 36, 120


def print_pdf(pages: tuple[str, ...], path: Path) -> None:
    """Each page text on one or more letter pages, its lines as written (a longer line wrapped between words)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for text in pages:
        y = TOP
        pdf.setFont("Courier", FONT_SIZE)
        for line in text.splitlines():
            for part in textwrap.wrap(line, WIDTH, drop_whitespace=False) or [""]:
                if y < BOTTOM:
                    pdf.showPage()
                    pdf.setFont("Courier", FONT_SIZE)
                    y = TOP
                pdf.drawString(LEFT, y, part)
                y -= LINE_HEIGHT
        pdf.showPage()
    pdf.save()


def ingested(probes: list, *, scanned: bool = False) -> list:
    """The stored Document of each probe (in the probes' order), as `accord ingest` stores it."""
    with tempfile.TemporaryDirectory() as root:
        paths = []
        for number, probe in enumerate(probes):
            paths.append(Path(root) / f"probe{number:03d}.pdf")
            print_pdf(probe.pages, paths[-1])
            if scanned:      # page images only, so Tesseract reads them
                paths[-1].write_bytes(clean_scan_pdf(paths[-1].read_bytes()))
        services = Services(load_config(Path(root) / "home", environ={}, overrides={"ACCORD_SECRET_KEY": "bench"}))
        try:
            result = services.ingest_batch([str(p) for p in paths], actor="bench")
            failed = [item for item in result.items if item.get("status") == "failed"]
            if failed:
                raise SystemExit(f"{len(failed)} probe PDFs failed to ingest: {failed}")
            stored = {doc.filename: doc for doc in (load_document(services.store, i) for i in document_ids(services.store))}
        finally:
            services.close()
    return [stored[path.name] for path in paths]
