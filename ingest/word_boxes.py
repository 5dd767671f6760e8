"""Word boxes for a document stored before ingest kept them (`accord pages boxes`): the same
stages as ingest, run again on the stored original. Born-digital PDF pages take their boxes from
the text layer (cheap); pages that were OCR'd, and images, are read by Tesseract again (a full
OCR pass per page, as at ingest) unless the caller skips them. Text, e-mail and DOCX have no page
images, so no boxes."""
from __future__ import annotations

from corpus.document import PAGE_SOURCE_OCR, Document
from corpus.page_words import encode_words
from ingest import detect, pdf
from ingest.pipeline import Limits, OcrTask, run_ocr


def word_boxes(doc: Document, limits: Limits, *, with_ocr: bool = True) -> dict[int, bytes]:
    """Page number -> word boxes (corpus.page_words.encode_words) for the stored document `doc` (its
    `original_path` and pages);
    {} for formats without page images. OCR'd pages are left out when `with_ocr` is False."""
    path = doc.original_path
    found: dict[int, list] = {}
    if doc.mime == detect.MIME[detect.PDF]:
        document, _ = pdf.open_pdf(path)
        try:
            pages, _, _ = pdf.text_layer(document, limits.max_pages, doc.filename)
        finally:
            document.close()
        sources = {p.number: p.source for p in doc.pages}
        for page in pages:
            if sources.get(page.number) != PAGE_SOURCE_OCR:
                found[page.number] = page.words or encode_words([])
            elif with_ocr:
                found[page.number] = _ocr_boxes(OcrTask(path, "pdf", page.number - 1, limits.ocr_dpi, limits.ocr_lang,
                                                        limits.ocr_timeout, max_pixels=limits.max_image_pixels))
    elif doc.mime in detect.IMAGE_MIMES and with_ocr:
        for page in doc.pages:
            found[page.number] = _ocr_boxes(OcrTask(path, "image", page.number - 1, 0, limits.ocr_lang,
                                                    limits.ocr_timeout, max_pixels=limits.max_image_pixels))
    return found


def _ocr_boxes(task: OcrTask) -> bytes:
    return encode_words(run_ocr(task).boxes or [])
