"""PDF pages: the text layer through pypdfium2 (fast), geometry through pdfplumber (slow).

pdfplumber parses a page roughly 100x slower than pypdfium2 extracts its text, so it
only runs on pages where pypdfium2 already saw a dark filled path of about a text
line's size: a candidate redaction box. Every pdfium handle is closed explicitly;
leaked pages and documents keep file handles and memory alive in long batches.
"""
from __future__ import annotations

import ctypes
import math
import os
import re
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageStat

from corpus.document import PAGE_SOURCE_NONE, PAGE_SOURCE_TEXT, Page
from corpus.errors import CorruptFile, EncryptedFile, FileVanished, TooManyPages
from corpus.page_words import encode_words
from ingest.detect import read_tail
from ingest.text_layout import laid_out

TRAILER_WINDOW = 64 * 1024  # where a trailer (and so an /Encrypt entry) can be
DARK = 70                    # 0..255: a fill darker than this in every channel counts as black
BOX_MIN_WIDTH, BOX_MIN_HEIGHT, BOX_MAX_HEIGHT = 8.0, 4.0, 80.0   # points: text-line sized
SCANNED_COVERAGE = 0.5       # images over half the page: a scan (perhaps with a little text added)
# A page that is nothing but one upright full-page scan is OCR'd from the scan itself (no
# rendering), and a page made of images only is rendered at their resolution, when that is in
# this range. Above it, rendering at ACCORD_OCR_DPI stays: Tesseract spent ~20% more CPU on
# 400 dpi scans than on the same pages rendered at 300 dpi, for the same confidence (10 287(g)
# pages, measured). Below it, the page is rendered (upsampled) to ACCORD_OCR_DPI as before:
# Tesseract reads text of ~10 px x-height and less poorly.
EMBEDDED_DPI = (195, 310)
EDGE_SLACK = 0.03            # the scan's edges may miss the page's by this share of its size


def open_pdf(path: str | os.PathLike) -> tuple[pdfium.PdfDocument, list[str]]:
    """Open a PDF or raise the per-file error that tells the user what to do.

    A PDF encrypted with an EMPTY user password opens without asking anybody for
    anything (that is what readers do too); it is ingested with a warning. A PDF that
    needs a real password is refused.
    """
    path = Path(path)
    try:
        tail = read_tail(path)
    except FileNotFoundError:
        raise FileVanished(f"{path.name} disappeared while it was being read") from None
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        # PDFium keeps its last error per thread and does not reset it on every failure path,
        # so a code can belong to the PREVIOUS file (an encrypted PDF read before a broken one).
        # "Encrypted" is believed only when the file declares an /Encrypt dictionary.
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY) and _declares_encryption(path):
            if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
                raise EncryptedFile(f"{path.name} is encrypted and needs a password to open") from None
            raise EncryptedFile(f"{path.name} uses an unsupported encryption scheme") from None
        raise CorruptFile(f"{path.name} is not a readable PDF (PDFium could not open it)") from None
    if len(pdf) == 0:
        pdf.close()
        raise CorruptFile(f"{path.name} has no pages")
    warnings = []
    if b"%%EOF" not in tail:
        pdf.close()
        raise CorruptFile(f"{path.name} is truncated (no end-of-file marker); part of the file is missing")
    if pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
        warnings.append("the PDF is encrypted with an empty user password; opened without one")
    _init_forms(pdf)
    return pdf, warnings


def _declares_encryption(path: Path) -> bool:
    """The trailer (at the end, or at the start of a linearized file) names an /Encrypt dictionary."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(TRAILER_WINDOW)
        tail = read_tail(path, TRAILER_WINDOW)
    except OSError:
        return False
    return b"/Encrypt" in head or b"/Encrypt" in tail


def _init_forms(pdf: pdfium.PdfDocument) -> None:
    # Filled-in form fields (e.g. the agency's name typed into a 287(g) MOA) live in
    # widget annotations, not in the page's text; pdfium only sees them once the form
    # environment exists (it must be created before any page is loaded).
    if pdf.get_formtype() != pdfium_c.FORMTYPE_NONE:
        pdf.init_forms()


def _load_page(pdf: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    """The page, with filled form fields flattened into its content so its text includes them."""
    page = pdf[index]
    if pdf.formenv is not None and pdfium_c.FPDFPage_GetAnnotCount(page.raw) > 0:
        if page.flatten() == pdfium_c.FLATTEN_SUCCESS:
            page.close()   # pdfium applies a flattening only to a freshly loaded page
            page = pdf[index]
    return page


def _scan_objects(page: pdfium.PdfPage, page_area: float) -> tuple[int, float]:
    """(dark filled paths of text-line size, share of the page covered by images), from the
    page's own objects through pdfium's C API alone (no Python wrapper per object: pages
    can hold tens of thousands of objects)."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    count = 0
    image_area = 0.0
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            if pdfium_c.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                                              ctypes.byref(top)):
                image_area += max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
            continue
        if fill_mode.value == 0:
            continue
        if not pdfium_c.FPDFPageObj_GetFillColor(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b),
                                                  ctypes.byref(a)):
            continue
        if max(r.value, g.value, b.value) > DARK or a.value < 128:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                                              ctypes.byref(top)):
            continue
        height = top.value - bottom.value
        if right.value - left.value >= BOX_MIN_WIDTH and BOX_MIN_HEIGHT <= height <= BOX_MAX_HEIGHT:
            count += 1
    return count, min(1.0, image_area / page_area) if page_area > 0 else 0.0


def _is_dark(color) -> bool:
    if color is None:
        return False
    values = color if isinstance(color, (list, tuple)) else (color,)
    try:
        values = [float(v) for v in values]
    except (TypeError, ValueError):
        return False
    if len(values) == 4:        # CMYK: black when K is high or all inks are heavy
        return values[3] >= 0.75 or min(values[:3]) >= 0.75
    return bool(values) and max(values) <= DARK / 255


def count_redaction_boxes(path: str | os.PathLike, page_numbers: list[int]) -> dict[int, int]:
    """Filled black rectangles of text-line size per page (1-based numbers), via pdfplumber."""
    if not page_numbers:
        return {}
    import pdfplumber   # slow to import and to run: only when a candidate was seen
    counts: dict[int, int] = {}
    with pdfplumber.open(path, pages=page_numbers) as doc:
        for page in doc.pages:
            boxes = 0
            for rect in page.rects:
                if not rect.get("fill") or not _is_dark(rect.get("non_stroking_color")):
                    continue
                if rect["width"] >= BOX_MIN_WIDTH and BOX_MIN_HEIGHT <= rect["height"] <= BOX_MAX_HEIGHT:
                    boxes += 1
            counts[page.page_number] = boxes
            page.close()
    return counts


# The document information entries worth keeping: what the author said the file is. Creator,
# Producer and the dates describe the software and the moment, and the store keeps its own.
PROPERTY_KEYS = ("Title", "Subject", "Author", "Keywords")
MAX_PROPERTY_CHARS = 500
# what PDF writers put when nobody said (ReportLab: untitled, anonymous, unspecified)
PLACEHOLDERS = {"untitled", "anonymous", "unspecified", "unknown", "none", "title", "author", "subject"}


def document_properties(pdf: pdfium.PdfDocument) -> dict[str, str]:
    """{"title": ..., "subject": ..., "author": ..., "keywords": ...}, the non-empty ones:
    e.g. "287(g) MOA TF - Florida Dept of Financial Services" for an agreement whose text
    only ever says "DFS"."""
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        return {}
    found = {}
    for key in PROPERTY_KEYS:
        value = " ".join(str(info.get(key, "")).replace("\x00", "").split())[:MAX_PROPERTY_CHARS]
        if value and value.lower() not in PLACEHOLDERS:
            found[key.lower()] = value
    return found


def text_layer(pdf: pdfium.PdfDocument, max_pages: int, name: str) -> tuple[list[Page], list[int], set[int]]:
    """Pages with their text layer and size, the numbers of pages with candidate boxes, and
    the numbers of pages that are mostly a scanned image."""
    count = len(pdf)
    if count > max_pages:
        raise TooManyPages(f"{name} has {count} pages, more than ACCORD_MAX_PAGES={max_pages}")
    pages: list[Page] = []
    candidates: list[int] = []
    scanned: set[int] = set()
    for index in range(count):
        try:
            page = _load_page(pdf, index)
        except pdfium.PdfiumError as exc:
            raise CorruptFile(f"{name}: page {index + 1} cannot be read ({exc})") from None
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
                boxes = text_words(page, textpage, text)
                words = encode_words([(line_end_hyphens_read(box[0]), *box[1:]) for box in boxes])
            finally:
                textpage.close()
            text = line_end_hyphens_read(laid_out(text.replace("\r\n", "\n").replace("\r", "\n"), boxes))
            boxes, image_coverage = _scan_objects(page, width * height)
            if boxes:
                candidates.append(index + 1)
            if image_coverage >= SCANNED_COVERAGE:
                scanned.add(index + 1)
        finally:
            page.close()
        pages.append(Page(number=index + 1, text=text, source=PAGE_SOURCE_TEXT if text.strip() else PAGE_SOURCE_NONE,
                          width=round(width, 2), height=round(height, 2), words=words))
    return pages, candidates, scanned


# pdfium gives a hyphen that ends a line as U+FFFE and runs the next line on ("effec\ufffetive January 1, 2026"):
# a word broken there is read whole ("effective"); before a capital the hyphen is the name's own ("Winston-Salem")
_LINE_END_HYPHEN = re.compile("\ufffe(?=[a-z])")


def line_end_hyphens_read(text: str) -> str:
    """The text with pdfium's line-end hyphens read: dropped inside a lower-case word, a hyphen elsewhere."""
    return _LINE_END_HYPHEN.sub("", text).replace("\ufffe", "-") if "\ufffe" in text else text


_WORD = re.compile(r"\S+")
DEVICE = 1_000_000   # FPDF_PageToDevice answers in whole device pixels: map onto a large square


@lru_cache(maxsize=1)
def _loose_char_box():
    """FPDFText_GetLooseCharBox(text page, index, FS_RECTF*) called with plain addresses: pypdfium2's
    binding converts its typed pointer arguments on every call, and text_words calls it twice for
    every word of every page (a quarter of the call's cost; the same C function, the same boxes)."""
    prototype = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
    return prototype(ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value)


def text_words(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str) -> list[tuple]:
    """The text layer's words with their boxes, 0..1 of the page as rendered (its /Rotate and
    crop box applied): runs of non-space characters of `text` (get_text_range of the whole
    page, one character per pdfium character index). A word's box spans the loose boxes (font
    ascent to descent) of its first and last characters, two calls a word rather than one a
    character; a word whose ends sit on different lines is cut into one box per line."""
    lib = pdfium_c
    count = lib.FPDFText_CountChars(textpage.raw)
    if count <= 0:
        return []
    if len(text) != count:   # characters outside the BMP: ask pdfium for each one
        text = "".join(chr(lib.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(count))
    # page -> device is affine: three points give it (rotation and the crop box's origin included)
    dx, dy = ctypes.c_int(), ctypes.c_int()

    def device(x: float, y: float) -> tuple[float, float]:
        lib.FPDF_PageToDevice(page.raw, 0, 0, DEVICE, DEVICE, 0, x, y, ctypes.byref(dx), ctypes.byref(dy))
        return dx.value / DEVICE, dy.value / DEVICE
    ox, oy = device(0.0, 0.0)
    ax, ay = device(1000.0, 0.0)
    bx, by = device(0.0, 1000.0)
    xx, xy, yx, yy = (ax - ox) / 1000, (ay - oy) / 1000, (bx - ox) / 1000, (by - oy) / 1000
    # FS_RECTF is four floats (left, top, right, bottom): read them as one array slice, several
    # times faster than four ctypes field reads (this runs twice for every word of every page)
    rect = (ctypes.c_float * 4)()
    rect_ref = ctypes.addressof(rect)
    raw, loose_box = ctypes.cast(textpage.raw, ctypes.c_void_p).value, _loose_char_box()
    upright = abs(xy) < 1e-9 and abs(yx) < 1e-9 and xx > 0 > yy   # no /Rotate: boxes map axis by axis

    def char_box(index: int) -> tuple[float, float, float, float] | None:
        if not loose_box(raw, index, rect_ref):
            return None
        left, top, right, bottom = rect[:]
        return left, bottom, right, top

    def add(word: str, left: float, bottom: float, right: float, top: float) -> None:
        if upright:
            x0, x1, y0, y1 = ox + left * xx, ox + right * xx, oy + top * yy, oy + bottom * yy
        else:
            xs = [ox + x * xx + y * yx for x in (left, right) for y in (bottom, top)]
            ys = [oy + x * xy + y * yy for x in (left, right) for y in (bottom, top)]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if x1 > x0 and y1 > y0:
            words.append((word, max(0.0, x0), max(0.0, y0), min(1.0, x1), min(1.0, y1)))

    words: list[tuple] = []
    append = words.append
    # This loop runs for every word of every page: comparisons stand in for min()/max() calls (the
    # same values: min(a, b) is a unless b < a) and slices for match.group()
    for match in _WORD.finditer(text):
        start, end = match.span()
        if not loose_box(raw, start, rect_ref):
            continue
        left, top, right, bottom = rect[:]
        if end - start > 1:
            if not loose_box(raw, end - 1, rect_ref):
                continue
            left2, top2, right2, bottom2 = rect[:]
            if not (bottom2 < top and top2 > bottom):
                _split_word(match, char_box, add)
                continue
            if left2 < left:
                left = left2
            if right2 > right:
                right = right2
            if bottom2 < bottom:
                bottom = bottom2
            if top2 > top:
                top = top2
        if upright:   # inlined `add` (the common case: most pages are not turned)
            x0, x1, y0, y1 = ox + left * xx, ox + right * xx, oy + top * yy, oy + bottom * yy
            if x1 > x0 and y1 > y0:
                append((text[start:end], x0 if x0 > 0.0 else 0.0, y0 if y0 > 0.0 else 0.0,
                        x1 if x1 < 1.0 else 1.0, y1 if y1 < 1.0 else 1.0))
        else:
            add(text[start:end], left, bottom, right, top)
    return words


def _split_word(match: re.Match, char_box, add) -> None:
    """A word broken over lines ("result-" / "dependent"): a box for each line's part."""
    start, end = match.span()
    text = match.string
    part_start, boxes = start, []
    for i in range(start, end + 1):
        box = char_box(i) if i < end else None
        if boxes and (box is None or not (box[1] < boxes[-1][3] and box[3] > boxes[-1][1])):
            add(text[part_start:i], min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))
            boxes = []
        if box is not None:
            if not boxes:
                part_start = i
            boxes.append(box)


def page_image(path: str | os.PathLike, index: int, dpi: int,
               max_pixels: int | None = None) -> tuple[Image.Image, int]:
    """One page as a grayscale image for OCR, and its resolution (0-based index): the embedded
    scan itself when the page is a single full-page scan (no decoding into a page-sized render,
    no resampling); the page rendered at its scans' own resolution when it is made of images
    of one resolution in EMBEDDED_DPI; else the page rendered at `dpi`. A page so large that
    this would exceed `max_pixels` (ACCORD_MAX_IMAGE_PIXELS) is rendered at a lower resolution."""
    try:
        pdf = pdfium.PdfDocument(Path(path))
    except pdfium.PdfiumError as exc:
        raise CorruptFile(f"{Path(path).name} could not be reopened for OCR ({exc})") from None
    try:
        _init_forms(pdf)
        page = pdf[index]
        try:
            scan = embedded_scan(page, max_dpi=dpi, max_pixels=max_pixels)
            if scan is not None:
                return scan
            dpi = scans_dpi(page, max_dpi=dpi) or dpi
            if max_pixels:
                width, height = page.get_size()
                area = max(width * height, 1.0) / 72 / 72   # square inches
                dpi = max(1, min(dpi, int(math.sqrt(max_pixels / area))))
            bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
            image = bitmap.to_pil()
            image.load()
            bitmap.close()
            return image, dpi
        finally:
            page.close()
    finally:
        pdf.close()


def scans_dpi(page: pdfium.PdfPage, max_dpi: int = EMBEDDED_DPI[1]) -> int | None:
    """The common resolution of a page made of images only (a scan split into layers, e.g. a
    JPEG background and a masked foreground) when it is in EMBEDDED_DPI: rendering such a page
    at that resolution rather than at ACCORD_OCR_DPI makes up no detail and costs less (a
    200 dpi two-layer scan rendered in 0.16 s instead of 0.36 s at 300 dpi, and is OCR'd faster)."""
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    if not count or count > 8 or pdfium_c.FPDFPage_GetAnnotCount(page.raw) != 0:
        return None
    resolutions = []
    for index in range(count):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return None
        image_obj = pdfium.PdfImage(obj, page=page, pdf=page.pdf)
        m = image_obj.get_matrix()
        px_w, px_h = image_obj.get_px_size()
        placed_w, placed_h = math.hypot(m.a, m.b), math.hypot(m.c, m.d)
        if placed_w <= 0 or placed_h <= 0:
            return None
        resolutions += [px_w / (placed_w / 72), px_h / (placed_h / 72)]
    low, high = min(resolutions), max(resolutions)
    if high - low > 0.03 * high or not EMBEDDED_DPI[0] <= low <= min(EMBEDDED_DPI[1], max_dpi + 10):
        return None
    return round(low)


def embedded_scan(page: pdfium.PdfPage, max_dpi: int = EMBEDDED_DPI[1],
                  max_pixels: int | None = None) -> tuple[Image.Image, int] | None:
    """(the page's only content, a scanned image, turned as the page shows it; its dpi), or None
    when the page holds anything else (text, paths, more images, annotations), the image is
    placed turned, flipped, skewed or not over the whole page, or its resolution is outside
    EMBEDDED_DPI or above `max_dpi` (ACCORD_OCR_DPI: never more pixels than asked for)."""
    if pdfium_c.FPDFPage_CountObjects(page.raw) != 1 or pdfium_c.FPDFPage_GetAnnotCount(page.raw) != 0:
        return None
    obj = pdfium_c.FPDFPage_GetObject(page.raw, 0)
    if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    image_obj = pdfium.PdfImage(obj, page=page, pdf=page.pdf)
    m = image_obj.get_matrix()
    if m.a <= 0 or m.d <= 0 or abs(m.b) > 0.01 * m.a or abs(m.c) > 0.01 * m.d:
        return None
    left, bottom, right, top = page.get_cropbox()   # unrotated page space, like the matrix
    width, height = right - left, top - bottom
    if (abs(m.e - left) > EDGE_SLACK * width or abs(m.e + m.a - right) > EDGE_SLACK * width
            or abs(m.f - bottom) > EDGE_SLACK * height or abs(m.f + m.d - top) > EDGE_SLACK * height):
        return None
    px_w, px_h = image_obj.get_px_size()
    if max_pixels is not None and px_w * px_h > max_pixels:
        return None   # rendered instead, at a resolution that keeps within the pixel limit
    dpi_x, dpi_y = px_w / (m.a / 72), px_h / (m.d / 72)
    if abs(dpi_x - dpi_y) > 0.03 * dpi_x or not EMBEDDED_DPI[0] <= dpi_x <= min(EMBEDDED_DPI[1], max_dpi + 10):
        return None
    try:
        bitmap = image_obj.get_bitmap(render=False)
    except pdfium.PdfiumError:
        return None
    # copied out of pdfium's buffer; that buffer is freed with the bitmap object, which is
    # dropped here (pypdfium2 warns on closing such a "foreign" bitmap explicitly)
    shared = bitmap.to_pil()
    image = shared.convert("L") if shared.mode != "L" else shared.copy()
    del shared, bitmap
    # A scan is mostly paper. Mostly dark means a stencil mask, an inverted /Decode or a photo
    # negative, which pdfium draws differently from the raw samples: render instead.
    if ImageStat.Stat(image.reduce(16)).mean[0] < 128:
        return None
    rotation = page.get_rotation()   # clockwise, as the page is shown; PIL turns counter-clockwise
    if rotation:
        image = image.rotate(-rotation, expand=True)
    return image, round(dpi_x)

