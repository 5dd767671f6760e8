"""A scanned page's copier speckle and redaction boxes taken off before OCR (ingest/scan_cleanup.py): the pixels
each pass changes, and what Tesseract then reads. Pages of our own, rendered at a copier's 200 dpi."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from corpus.document import Page
from ingest.metadata.markings import foia_fields
from ingest.ocr import read_text
from ingest.scan_cleanup import without_redaction_boxes, without_speckle

DPI = 200


def _page(draw) -> Image.Image:
    """A letter page drawn by `draw(canvas)` and rendered grey at DPI, as a copier reads it."""
    import pypdfium2 as pdfium
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    try:
        return document[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def _line(pdf, y: float, text: str, x: float = 72) -> None:
    pdf.setFont("Courier", 11)
    pdf.drawString(x, y, text)


def _specked(image: Image.Image, points: list[tuple[int, int]]) -> Image.Image:
    pixels = np.asarray(image).copy()
    for x, y in points:
        pixels[y, x] = 60          # one grey-black dot, as a copier's dust leaves it
    return Image.fromarray(pixels, "L")


def _baseline_gap(image: Image.Image, row: int) -> list[tuple[int, int]]:
    """Points on the baseline of the text near `row`, in the middle of each gap between two words."""
    pixels = np.asarray(image)
    band = pixels[row - 25:row + 5] < 128
    columns = band.any(axis=0)
    inked = np.flatnonzero(columns)
    gaps = [(a, b) for a, b in zip(inked, inked[1:]) if b - a > 8]
    bottom = row - 25 + max(np.flatnonzero(band.any(axis=1)))
    return [((a + b) // 2, bottom) for a, b in gaps]


def test_a_lone_dark_pixel_is_taken_off_and_the_print_is_left_as_it_is():
    page = _page(lambda pdf: _line(pdf, 700, "Under the Warrant Service Officer, officers will serve warrants."))
    row = round((792 - 700) * DPI / 72)
    dots = _baseline_gap(page, row)
    cleaned = np.asarray(without_speckle(_specked(page, dots)))
    assert (cleaned == np.asarray(page)).all()
    comma_tail = _specked(page, [(x, y) for x, y in dots[:1]] + [(dots[0][0] + 2, dots[0][1])])
    assert (np.asarray(without_speckle(comma_tail)) == np.asarray(comma_tail)).all()   # two dots 2 px apart: print


def test_a_redaction_box_is_whitened_and_a_rule_and_a_white_on_black_heading_are_not():
    def draw(pdf):
        pdf.rect(72, 600, 90, 11, stroke=0, fill=1)                   # a redaction box, a line of type tall
        _line(pdf, 602, "(b)(6), (b)(7)(C), Liaison Officer", x=165)
        pdf.rect(72, 560, 400, 1.2, stroke=0, fill=1)                 # a rule
        pdf.rect(72, 500, 300, 22, stroke=0, fill=1)                  # a heading set white on black
        pdf.setFillGray(1)
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(80, 506, "SECTION 4. POINTS OF CONTACT")
    page = _page(draw)
    cleaned = np.asarray(without_redaction_boxes(page, DPI))
    before = np.asarray(page)
    changed = np.argwhere(cleaned != before)
    top, left = changed.min(axis=0)
    bottom, right = changed.max(axis=0)
    inches = lambda v: v / DPI * 72   # noqa: E731 (pixels to points)
    assert inches(left) == pytest.approx(72, abs=2) and inches(right) == pytest.approx(162, abs=2)
    assert 792 - inches(bottom) == pytest.approx(600, abs=2) and 792 - inches(top) == pytest.approx(611, abs=2)
    assert (cleaned[changed[:, 0], changed[:, 1]] == 255).all()


@pytest.mark.ocr
def test_stray_stops_and_garbled_exemption_codes_are_read_as_printed_after_the_clean_up():
    def draw(pdf):
        _line(pdf, 700, "Under the Warrant Service Officer, officers will serve warrants.")
        _line(pdf, 680, "The South Carolina Department of Motor Vehicles furnishes records.")
        pdf.rect(72, 655, 120, 11, stroke=0, fill=1)
        _line(pdf, 657, "(b)(6), (b)(7)(C), Liaison Officer, telephone", x=195)
    page = _page(draw)
    dots = [d for row in (700, 680) for d in _baseline_gap(page, round((792 - row) * DPI / 72))]
    text = read_text(_specked(page, dots), dpi=DPI).text
    words = " ".join(text.split())
    assert "Warrant Service Officer" in words and "Department of Motor Vehicles" in words
    assert {f.normalized for f in foia_fields([Page(1, text)])} == {"(b)(6)", "(b)(7)(C)"}


def test_the_solid_strokes_of_a_logos_heavy_letters_are_no_redaction_box():
    def draw(pdf):
        pdf.setFont("Helvetica-Bold", 96)
        pdf.drawString(72, 600, "HERMES")
    page = _page(draw)
    assert (np.asarray(without_redaction_boxes(page, DPI)) == np.asarray(page)).all()
