"""Tesseract tests: few and small (pages rendered at 150-200 dpi)."""
from __future__ import annotations

import re

import pytest

from corpus.documents import document_record
from ingest.bulk import run_batch
from ingest.ocr import ocr_page
from ingest.pipeline import ingest_file
from test_ingest_samples import make_image, make_scanned_pdf, page_image

pytestmark = pytest.mark.ocr


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


def test_scans_and_multipage_tiff_are_ocrd_page_by_page_in_the_pool(tmp_path, store, config):
    config = config.replace(ACCORD_OCR_DPI=150)
    folder = tmp_path / "in"
    folder.mkdir()
    make_scanned_pdf(folder / "scan.pdf", dpi=150)
    make_image(folder / "fax.tif", "TIFF", dpi=150, frames=2)
    result = run_batch(store, config, [str(folder)], jobs=2)
    assert result.counts == {"stored": 2}, result.items
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in result.items}
    assert rows["scan.pdf"]["ocr_pages"] == 1 and rows["fax.tif"]["ocr_pages"] == 2
    record = document_record(store, rows["scan.pdf"]["document_id"], with_text=True)
    assert record["page_sources"] == ["ocr"]
    assert record["ocr_confidence"] > 80
    assert "department of homeland security" in _words(record["text"][0]["text"])
    tiff = document_record(store, rows["fax.tif"]["document_id"], with_text=True)
    assert tiff["mime"] == "image/tiff" and tiff["page_sources"] == ["ocr", "ocr"]
    assert "privacy act" in _words(tiff["text"][1]["text"])


def test_a_page_scanned_sideways_is_turned_and_read():
    image = page_image(dpi=150).rotate(90, expand=True)   # text now runs bottom-to-top
    result = ocr_page(image, dpi=150)
    assert result.rotation in (90, 270)
    assert "memorandum of understanding" in _words(result.text)


@pytest.mark.shared_data
def test_interagency_form_with_broken_font_map_is_read_by_ocr(shared_data, store, config):
    path = shared_data / "interagency_forms" / "lib_7600A.pdf"
    doc, outcome = ingest_file(store, config.replace(ACCORD_OCR_DPI=200), str(path))
    assert outcome.status == "stored"
    first = doc.pages[0]
    assert first.source == "ocr" and "control characters" in first.quality_note
    text = _words(first.text)
    assert "interagency agreement" in text and "general terms and conditions" in text
    assert "8qlwhg6wdwhv" not in text   # the shifted-letter text layer was not kept
