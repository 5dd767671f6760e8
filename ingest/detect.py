"""Stage 1: what is this file? Decided by its content (magic bytes), never by its name.

A file whose extension disagrees with its content is still ingested as what it really
is; the disagreement becomes a warning on the document.
"""
from __future__ import annotations

import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import EmptyFile, FileUnreadable, FileVanished, UnsupportedFormat

PDF, TIFF, PNG, JPEG, DOCX, TXT, EML, ZIP = "pdf", "tiff", "png", "jpeg", "docx", "txt", "eml", "zip"
IMAGE_FORMATS = (TIFF, PNG, JPEG)

MIME = {
    PDF: "application/pdf", TIFF: "image/tiff", PNG: "image/png", JPEG: "image/jpeg",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    TXT: "text/plain", EML: "message/rfc822", ZIP: "application/zip",
}
IMAGE_MIMES = tuple(MIME[f] for f in IMAGE_FORMATS)
# Extensions that agree with each format (for the wrong-extension warning only).
EXTENSIONS = {
    PDF: {".pdf"}, TIFF: {".tif", ".tiff"}, PNG: {".png"}, JPEG: {".jpg", ".jpeg", ".jpe"},
    DOCX: {".docx"}, TXT: {".txt", ".text", ".csv", ".md", ""}, EML: {".eml", ".msg", ".mht"}, ZIP: {".zip"},
}

HEAD_BYTES = 8192
PDF_TAIL_BYTES = 4096   # a complete PDF's %%EOF (and startxref) lie within its last bytes
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]?", re.M)
_MAIL_HEADERS = (b"from:", b"to:", b"subject:", b"date:", b"message-id:", b"received:", b"mime-version:")


@dataclass
class Detected:
    format: str
    mime: str
    warning: str = ""


def read_head(path: str | os.PathLike, size: int = HEAD_BYTES) -> bytes:
    """The first bytes of a file, turning OS errors into the per-file errors users understand."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileVanished(f"{path} no longer exists") from None
    except PermissionError as exc:
        raise FileUnreadable(f"{path} cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise FileUnreadable(f"{path} is not a regular file (a pipe, device or folder)",
                             hint="Only regular files are ingested; copy the content into a file first.")
    if info.st_size == 0:
        raise EmptyFile(f"{path} is empty (0 bytes)")
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except FileNotFoundError:
        raise FileVanished(f"{path} disappeared while it was being read") from None
    except (PermissionError, IsADirectoryError) as exc:
        raise FileUnreadable(f"{path} cannot be read: {exc.strerror}") from None
    except OSError as exc:
        raise FileUnreadable(f"{path} cannot be read: {exc}") from None


def looks_like_mail(head: bytes) -> bool:
    """RFC 822: the message starts with header lines, among them the usual mail headers."""
    block = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    lines = [line for line in block.splitlines() if line and not line[:1].isspace()]
    if not lines or not all(_HEADER_LINE.match(line) for line in lines[:3]):
        return False
    names = {line.split(b":", 1)[0].lower() + b":" for line in lines}
    return len(names & set(_MAIL_HEADERS)) >= 2


def decode_text(data: bytes) -> str | None:
    """utf-8 (with or without BOM), utf-16 with BOM, else latin-1 when it is plainly text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # A head cut in the middle of a multi-byte character is still utf-8.
        if exc.start >= len(data) - 3 and len(data) >= HEAD_BYTES - 3:
            return data[:exc.start].decode("utf-8-sig")
    text = data.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return text if controls <= len(text) * 0.01 else None


def _zip_kind(path: str | os.PathLike) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return ZIP  # a damaged zip is refused later with a clear archive error
    return DOCX if "word/document.xml" in names else ZIP


def detect_format(path: str | os.PathLike, name: str | None = None) -> Detected:
    """Look at the content; `name` (defaults to the path's) is only used for the warning."""
    head = read_head(path)
    fmt = _format_of(path, head)
    if fmt is None:
        raise UnsupportedFormat(f"{name or path}: the content is not a supported format "
                                f"(starts with {head[:8]!r})")
    suffix = Path(name or str(path)).suffix.lower()
    warning = ""
    if suffix not in EXTENSIONS[fmt]:
        warning = f"the file is named {suffix or '(no extension)'} but its content is {fmt.upper()}; ingested as {fmt.upper()}"
    return Detected(fmt, MIME[fmt], warning)


def read_tail(path: str | os.PathLike, size: int = PDF_TAIL_BYTES) -> bytes:
    """The last `size` bytes of a file (all of it when shorter): where a PDF keeps its trailer.
    OS errors are the caller's to turn into the per-file error that fits."""
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        handle.seek(max(0, handle.tell() - size))
        return handle.read()


def _ends_like_pdf(path) -> bool:
    """A PDF ends with its trailer: `startxref` and `%%EOF` within the last kilobytes."""
    try:
        tail = read_tail(path)
    except OSError:
        return False
    return b"%%EOF" in tail or b"startxref" in tail


def _format_of(path, head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    # Readers accept a header anywhere in the first KB (mail gateways and old scanners put junk
    # in front), but a text that merely quotes "%PDF-1.7" is no PDF: junk-prefixed PDFs still
    # end with a trailer, and a text does not.
    if b"%PDF-" in head[:1024] and _ends_like_pdf(path):
        return PDF
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    if looks_like_mail(head):
        return EML
    if decode_text(head) is not None:
        return TXT
    return None
