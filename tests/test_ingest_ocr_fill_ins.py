"""Small-type fill-ins re-read magnified, and scanned pages taken straight out of the PDF."""
from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ingest.ocr import read_text
from ingest.pdf import page_image
from test_ingest_samples import page_image as sample_page

BODY = ["This Memorandum of Agreement constitutes an agreement between United States",
        "Immigration and Customs Enforcement, a component of the Department of Homeland",
        "Security, and the {fill}, pursuant to which ICE delegates to nominated,",
        "trained, and certified officers or employees of the agency the authority to perform",
        "certain immigration enforcement functions as specified herein. The agency and ICE",
        "enter into this agreement in good faith and agree to abide by its terms and conditions."]
FILL = "Harbor Springs Police Department"


def form_with_tiny_fill_in(dpi: int) -> Image.Image:
    """A form paragraph in 12 pt type whose blank was filled in 4 pt type (auto-shrunk to fit)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(612, 200))
    y = 170
    for line in BODY:
        pdf.setFont("Times-Roman", 12)
        if "{fill}" not in line:
            pdf.drawString(60, y, line)
        else:
            head, tail = line.split("{fill}")
            pdf.drawString(60, y, head)
            x = 60 + pdf.stringWidth(head, "Times-Roman", 12)
            pdf.setFont("Helvetica", 4)
            pdf.drawString(x + 2, y + 1, FILL)
            pdf.line(x, y - 2, x + 150, y - 2)     # the blank's underline
            pdf.setFont("Times-Roman", 12)
            pdf.drawString(x + 150, y, tail)
        y -= 20
    pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    image = document[0].render(scale=dpi / 72, grayscale=True).to_pil().copy()
    document.close()
    return image


@pytest.mark.ocr
def test_a_fill_in_in_tiny_type_is_read_again_magnified():
    image = form_with_tiny_fill_in(200)
    plain = read_text(image, dpi=200, reread_small_type=False)
    assert FILL.lower() not in plain.text.lower()     # the full-page pass garbles the fill-in
    result = read_text(image, dpi=200)
    assert result.rereads == 1
    line = next(line for line in result.text.splitlines() if "pursuant" in line)
    assert FILL in line and line.startswith("Security, and the")
    # the rest of the page is what the first pass read
    assert [l for l in result.text.splitlines() if "pursuant" not in l] == \
           [l for l in plain.text.splitlines() if "pursuant" not in l]
    assert result.words >= plain.words - 2


def scanned_pdf(path, image: Image.Image, *, with_text: bool = False, turned: bool = False, halves: bool = False):
    """A letter page holding one scan; `turned`: scanned sideways (landscape MediaBox) and
    shown upright through /Rotate 270, as in some of the 287(g) PDFs."""
    pdf = canvas.Canvas(str(path), pagesize=(612, 792))
    if turned:
        pdf.setPageRotation(270)    # reportlab then draws on a 792 x 612 MediaBox
        pdf.drawImage(ImageReader(image.rotate(-90, expand=True)), 0, 0, width=792, height=612)
    elif halves:                    # two images, top and bottom half (as layered scans are)
        top = image.crop((0, 0, image.width, image.height // 2))
        bottom = image.crop((0, image.height // 2, image.width, image.height))
        pdf.drawImage(ImageReader(top), 0, 396, width=612, height=396)
        pdf.drawImage(ImageReader(bottom), 0, 0, width=612, height=396)
    else:
        pdf.drawImage(ImageReader(image), 0, 0, width=612, height=792)
    if with_text:
        pdf.setFont("Helvetica", 10)
        pdf.drawString(40, 20, "Received 2025-03-04")
    pdf.showPage()
    pdf.save()
    return path


def test_a_page_that_is_one_scan_is_taken_from_the_pdf_turned_as_shown(tmp_path):
    scan = sample_page(dpi=200)                         # a 200 dpi letter page
    path = scanned_pdf(tmp_path / "turned.pdf", scan, turned=True)
    image, dpi = page_image(path, 0, 300)
    assert dpi == 200 and image.size == scan.size       # the scan itself, not a 300 dpi rendering
    assert page_image(path, 0, 150)[1] == 150           # never more pixels than ACCORD_OCR_DPI asks for

    def difference(a: Image.Image) -> float:
        return ImageStat.Stat(ImageChops.difference(a, scan)).mean[0]
    assert difference(image) < 1 < difference(image.rotate(180))   # upright, as the page is shown


@pytest.mark.parametrize("case", ["text added", "low resolution", "high resolution", "two layers"])
def test_other_image_pages_are_rendered(tmp_path, case):
    dpi = {"text added": 200, "low resolution": 100, "high resolution": 400, "two layers": 200}[case]
    path = scanned_pdf(tmp_path / "page.pdf", sample_page(dpi=dpi), with_text=case == "text added",
                       halves=case == "two layers")
    image, used = page_image(path, 0, 300)
    if case == "two layers":    # images only, all at 200 dpi: rendered at their resolution
        assert used == 200 and image.width == 1700
    else:
        assert used == 300 and image.width == 2550     # rendered at ACCORD_OCR_DPI
