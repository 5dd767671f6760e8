"""Sample files for the ingest tests, generated in code (never copied from ../shared),
plus the tests of format detection. Other test_ingest* modules import the makers."""
from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from corpus.errors import EmptyFile, UnsupportedFormat
from ingest.detect import DOCX, EML, JPEG, PDF, PNG, TIFF, TXT, ZIP, detect_format, looks_like_mail

AGREEMENT_LINES = [
    "MEMORANDUM OF UNDERSTANDING",
    "between the Department of Homeland Security and the",
    "Office of Personnel Management for the exchange of records.",
    "The parties agree to share information under the Privacy Act.",
    "This agreement is effective on the date of the last signature.",
]


def make_pdf(path: Path, pages: list[list[str]] | None = None, *, encrypt=None, boxes: int = 0) -> Path:
    """A born-digital PDF; `boxes` black rectangles drawn over text lines on page 1."""
    pages = pages or [AGREEMENT_LINES]
    pdf = canvas.Canvas(str(path), pagesize=letter, encrypt=encrypt)
    for number, lines in enumerate(pages):
        pdf.setFont("Helvetica", 14)
        for i, line in enumerate(lines):
            pdf.drawString(72, 700 - 24 * i, line)
        if number == 0:
            for i in range(boxes):
                pdf.setFillColorRGB(0, 0, 0)
                pdf.rect(72, 700 - 24 * i - 4, 200, 16, stroke=0, fill=1)
        pdf.showPage()
    pdf.save()
    return path


def page_image(lines: list[str] | None = None, dpi: int = 200) -> Image.Image:
    """A grayscale page image with large, clean text (what a good scanner produces)."""
    import pypdfium2 as pdfium
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setFont("Helvetica", 16)
    for i, line in enumerate(lines or AGREEMENT_LINES):
        pdf.drawString(60, 720 - 30 * i, line)
    pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    page = document[0]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    page.close()
    document.close()
    return image


def make_scanned_pdf(path: Path, lines: list[str] | None = None, dpi: int = 200) -> Path:
    """An image-only PDF (no text layer), like copier output."""
    from reportlab.lib.utils import ImageReader
    image = page_image(lines, dpi)
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.drawImage(ImageReader(image), 0, 0, width=letter[0], height=letter[1])
    pdf.showPage()
    pdf.save()
    return path


def make_image(path: Path, fmt: str, *, dpi: int | None = 200, frames: int = 1) -> Path:
    image = page_image(dpi=dpi or 200)
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    if frames > 1:
        image.save(path, format=fmt, save_all=True, append_images=[image.copy() for _ in range(frames - 1)], **extra)
    else:
        image.save(path, format=fmt, **extra)
    return path


def make_docx(path: Path, lines: list[str] | None = None) -> Path:
    import docx
    document = docx.Document()
    for line in lines or AGREEMENT_LINES:
        document.add_paragraph(line)
    document.core_properties.title = "Test MOU"
    document.save(str(path))
    return path


def make_eml(path: Path, attachments: dict[str, bytes] | None = None) -> Path:
    message = EmailMessage()
    message["From"] = "records@agency.gov"
    message["To"] = "intake@agency.gov"
    message["Subject"] = "Signed MOU for the repository"
    message["Date"] = "Mon, 02 Mar 2026 10:00:00 -0500"
    message.set_content("Please file the attached signed agreement.\n")
    for name, data in (attachments or {}).items():
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    path.write_bytes(bytes(message))
    return path


def make_zip(path: Path, members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


# --- detection ---------------------------------------------------------------------------

@pytest.mark.parametrize("maker, expected", [
    (lambda p: make_pdf(p / "a.pdf"), PDF),
    (lambda p: make_image(p / "a.png", "PNG"), PNG),
    (lambda p: make_image(p / "a.tif", "TIFF", frames=2), TIFF),
    (lambda p: make_image(p / "a.jpg", "JPEG"), JPEG),
    (lambda p: make_docx(p / "a.docx"), DOCX),
    (lambda p: make_eml(p / "a.eml"), EML),
    (lambda p: make_zip(p / "a.zip", {"x.txt": b"hello"}), ZIP),
])
def test_formats_are_detected_by_content(tmp_path, maker, expected):
    path = maker(tmp_path)
    detected = detect_format(path)
    assert detected.format == expected
    assert detected.warning == ""


def test_wrong_extension_is_detected_and_warned(tmp_path):
    pdf = make_pdf(tmp_path / "agreement.txt")
    detected = detect_format(pdf)
    assert detected.format == PDF
    assert ".txt" in detected.warning and "PDF" in detected.warning


@pytest.mark.parametrize("data", [
    "Agreement between agencies, café clause".encode("utf-8"),
    "Agreement between agencies, café clause".encode("latin-1"),
    "Agreement between agencies".encode("utf-16"),
    b"\xef\xbb\xbfAgreement with a BOM",
])
def test_text_encodings_are_text(tmp_path, data):
    path = tmp_path / "note.txt"
    path.write_bytes(data)
    assert detect_format(path).format == TXT


def test_binary_junk_and_empty_files_are_refused(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnsupportedFormat):
        detect_format(junk)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile) as info:
        detect_format(empty)
    assert info.value.hint   # says what to do


def test_mail_detection_needs_mail_headers():
    assert looks_like_mail(b"From: a@b\nTo: c@d\nSubject: x\n\nbody")
    assert not looks_like_mail(b"Note: this is a plain text file\nwith a colon in the first line\n")
