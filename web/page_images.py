"""Page images rendered server-side from the original and cached as PNG files.

PDFs are rendered with pypdfium2 (PDFium is not thread-safe, hence the lock);
TIFF/PNG/JPEG originals are scaled with Pillow, within ACCORD_MAX_IMAGE_PIXELS: the same limit,
checked by the same function, as at ingest (an image ingest accepts can always be shown). The cache lives in
the blob store beside the originals (corpus/blobs.py: by default ACCORD_HOME/cache/pages/<sha256>/), so every
web process on every machine shares it; it can be deleted at any time.
"""
from __future__ import annotations

import io
import threading
from pathlib import Path

from corpus.blobs import page_image_key
from corpus.errors import NotFound
from ingest.detect import IMAGE_MIMES, MIME, PDF
from corpus.store import Store

SIZES = {"thumb": 200, "full": 1400}   # longest side in pixels
_PDFIUM_LOCK = threading.Lock()


def has_page_images(mime: str) -> bool:
    """PDFs and images have page images; text, e-mail and DOCX are shown as text (web/viewer.py)."""
    return mime == MIME[PDF] or mime in IMAGE_MIMES


def page_png(store: Store, sha256: str, mime: str, page: int, size: str, *, max_pixels: int) -> bytes:
    """The PNG of one page (1-based) of an original, from the cache or rendered and cached.
    `max_pixels`: ACCORD_MAX_IMAGE_PIXELS."""
    if size not in SIZES:
        raise NotFound(f"no image size {size!r}", hint=f"Sizes: {', '.join(SIZES)}.")
    key = page_image_key(sha256, page, size)
    try:
        return store.blobs.get(key)
    except FileNotFoundError:
        pass
    if not has_page_images(mime):
        raise NotFound(f"no page images for {mime} files", hint="Read the text on the document page instead.")
    if not store.has_original(sha256):
        raise NotFound("the original file is missing from the store",
                       hint="`accord check --repair` restores it when its source is still there; else restore "
                            "the blob store (ACCORD_HOME/originals by default) from backup.")
    with store.original_file(sha256) as original:
        if mime == MIME[PDF]:
            image = _render_pdf_page(original, page, SIZES[size])
        else:
            image = _render_image_page(original, page, SIZES[size], max_pixels)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=size == "thumb")
    data = out.getvalue()
    # Written whole or not at all (blobs.put_bytes): a concurrent request never reads a half-written PNG.
    store.blobs.put_bytes(key, data, mode=0o600)
    return data


def _render_pdf_page(original: Path, page: int, longest: int):
    import pypdfium2 as pdfium
    with _PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(original))
        try:
            if not 1 <= page <= len(pdf):
                raise NotFound(f"page {page} does not exist", hint=f"The document has {len(pdf)} page{'' if len(pdf) == 1 else 's'}.")
            pdf_page = pdf[page - 1]
            width, height = pdf_page.get_size()
            scale = longest / max(width, height, 1)
            bitmap = pdf_page.render(scale=scale)
            image = bitmap.to_pil()
            pdf_page.close()
            return image
        finally:
            pdf.close()


def _render_image_page(original: Path, page: int, longest: int, max_pixels: int):
    from PIL import Image, ImageOps
    from ingest.formats import check_pixels
    with Image.open(original) as img:
        frames = getattr(img, "n_frames", 1)
        if not 1 <= page <= frames:
            raise NotFound(f"page {page} does not exist", hint=f"The document has {frames} page{'' if frames == 1 else 's'}.")
        img.seek(page - 1)
        check_pixels(img, f"page {page}", max_pixels)
        frame = ImageOps.exif_transpose(img.convert("RGB") if img.mode not in ("RGB", "L") else img.copy())
    frame.thumbnail((longest, longest))
    return frame
