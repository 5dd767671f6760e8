"""Extraction for the non-PDF formats: images (OCR'd page by page), DOCX, TXT and e-mail."""
from __future__ import annotations

import email
import email.policy
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from corpus.document import PAGE_SOURCE_NONE, PAGE_SOURCE_TEXT, Page
from corpus.errors import (CorruptFile, DecompressionBomb, ImageTooLarge, MissingResolution, TooManyPages,
                           UnsupportedFormat)
from ingest.detect import decode_text
from ingest.inputs import printable

MIN_DPI = 30   # below this the recorded resolution is a placeholder, not a measurement
# Pillow's own global limit is replaced by ACCORD_MAX_IMAGE_PIXELS, checked on each frame's size
# (read from the header) before it is decoded, by ingest and by the page-image viewer alike:
# two limits let an image in that the viewer then cannot show.
Image.MAX_IMAGE_PIXELS = None


def check_pixels(image: Image.Image, name: str, max_pixels: int, frame: int = 0) -> None:
    width, height = image.size
    if width * height > max_pixels:
        where = f" (page {frame + 1})" if frame else ""
        raise ImageTooLarge(f"{name}{where} is {width}x{height} pixels, more than "
                            f"ACCORD_MAX_IMAGE_PIXELS={max_pixels}")


def image_resolution(image: Image.Image) -> float | None:
    dpi = image.info.get("dpi")
    if dpi:
        try:
            value = float(dpi[0])
        except (TypeError, ValueError, IndexError):
            value = 0.0
        if value >= MIN_DPI:
            return value
    return None


def image_pages(path: str | os.PathLike, name: str, max_pages: int, max_pixels: int) -> list[Page]:
    """One page per frame (multi-page TIFF), sized in points; the text comes from OCR."""
    try:
        with Image.open(path) as image:
            pages = []
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                if index >= max_pages:
                    raise TooManyPages(f"{name} has more than ACCORD_MAX_PAGES={max_pages} pages")
                check_pixels(frame, name, max_pixels, index)
                dpi = image_resolution(frame)
                if dpi is None:
                    raise MissingResolution(f"{name} (page {index + 1}) records no resolution, so its "
                                            "page size and text size are unknown")
                width, height = frame.size
                pages.append(Page(number=index + 1, text="", source=PAGE_SOURCE_NONE,
                                  width=round(width * 72 / dpi, 2), height=round(height * 72 / dpi, 2)))
            return pages
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise CorruptFile(f"{name} is not a readable image ({exc})") from None


def image_frame(path: str | os.PathLike, index: int, max_pixels: int) -> tuple[Image.Image, int]:
    """Frame `index` (0-based) as grayscale, with its resolution."""
    with Image.open(path) as image:
        image.seek(index)
        check_pixels(image, Path(path).name, max_pixels, index)
        dpi = image_resolution(image) or 300
        frame = image.convert("L")
    return frame, int(round(dpi))


def docx_pages(path: str | os.PathLike, name: str) -> tuple[list[Page], str]:
    """DOCX has no fixed pages: the body (paragraphs, then tables) is one page. Returns (pages, title)."""
    import docx   # python-docx
    try:
        document = docx.Document(str(path))
    except Exception as exc:   # python-docx raises assorted errors for damaged packages
        raise CorruptFile(f"{name} is not a readable DOCX ({exc})") from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(parts).strip()
    title = (document.core_properties.title or "").strip()
    return [Page(number=1, text=text, source=PAGE_SOURCE_TEXT if text else PAGE_SOURCE_NONE)], title


def split_text_pages(text: str) -> list[Page]:
    """Form feeds separate pages in plain text (as `pdftotext` writes them)."""
    chunks = text.replace("\r\n", "\n").split("\f")
    if len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    return [Page(number=i + 1, text=chunk, source=PAGE_SOURCE_TEXT if chunk.strip() else PAGE_SOURCE_NONE)
            for i, chunk in enumerate(chunks)]


def txt_pages(path: str | os.PathLike, name: str) -> list[Page]:
    data = Path(path).read_bytes()
    text = decode_text(data)
    if text is None:
        raise UnsupportedFormat(f"{name} is neither UTF-8, UTF-16 nor Latin-1 text")
    return split_text_pages(text)


@dataclass
class Attachment:
    filename: str
    data: bytes


_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)


def _html_to_text(markup: str) -> str:
    markup = re.sub(r"<br\s*/?>|</p>|</div>|</tr>", "\n", markup, flags=re.I)
    return re.sub(r"[ \t]+", " ", html.unescape(_TAGS.sub("", markup))).strip()


def mail_parts(path: str | os.PathLike, name: str, *, max_parts: int,
               max_part_bytes: int) -> tuple[list[Page], str, list[Attachment]]:
    """(pages, subject, attachments): the headers and body are page 1; attachments become
    child documents linked to the message. A message with more than `max_parts` MIME parts, or
    whose decoded attachments add up to more than `max_part_bytes`, is refused before
    anything is decoded further (ACCORD_MAIL_MAX_PARTS, ACCORD_UNPACK_MAX_BYTES)."""
    try:
        with open(path, "rb") as handle:
            message = email.message_from_binary_file(handle, policy=email.policy.default)
    except Exception as exc:   # the email package raises many kinds of errors on damaged input
        raise CorruptFile(f"{name} is not a readable e-mail message ({exc})") from None
    parts = sum(1 for _ in message.walk())
    if parts > max_parts:
        raise DecompressionBomb(f"{name} has {parts} MIME parts, more than ACCORD_MAIL_MAX_PARTS={max_parts}")
    header_lines = [f"{key}: {message[key]}" for key in ("From", "To", "Cc", "Date", "Subject") if message[key]]
    body = ""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is not None:
        try:
            content = part.get_content()
        except (LookupError, UnicodeError):
            content = part.get_payload(decode=True).decode("latin-1", errors="replace")
        body = _html_to_text(content) if part.get_content_type() == "text/html" else content
    text = "\n".join(header_lines) + "\n\n" + body.strip()
    attachments = []
    decoded = 0
    for index, item in enumerate(message.iter_attachments()):
        data = item.get_payload(decode=True)
        if data is None:   # e.g. an attached message/rfc822: keep it as bytes
            data = item.as_bytes()
        decoded += len(data)
        if decoded > max_part_bytes:
            raise DecompressionBomb(f"{name}: its attachments decode to more than ACCORD_UNPACK_MAX_BYTES="
                                    f"{max_part_bytes} bytes")
        filename = printable(Path(item.get_filename() or f"attachment-{index + 1}").name) or f"attachment-{index + 1}"
        attachments.append(Attachment(filename, data))
    subject = str(message["Subject"] or "").strip()
    return [Page(number=1, text=text, source=PAGE_SOURCE_TEXT)], subject, attachments
