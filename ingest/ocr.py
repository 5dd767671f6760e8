"""OCR of one page image: a copier's speckle and redaction boxes taken off (ingest/scan_cleanup.py),
Tesseract's words (ingest/tesseract.py), small type read again (ingest/ocr_fill_ins.py), paragraphs
put in reading order, and the page turned upright when it reads poorly.

Rotation: orientation detection (OSD) costs about a fifth of an OCR pass, so it only runs
when the first pass reads poorly; a turned page reads poorly.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from PIL import Image

from ingest import ocr_fill_ins, tesseract
from ingest.scan_cleanup import cleaned_for_ocr
from ingest.text_layout import spaced_words

LOW_CONFIDENCE = 60.0      # below this mean word confidence, check the page's orientation
MIN_WORDS = 8              # ... or when fewer words than this were read
OSD_MIN_CONFIDENCE = 1.5   # tesseract's orientation confidence worth acting on


@dataclass
class OcrResult:
    text: str
    confidence: float | None   # mean word confidence 0..100; None when no words
    words: int
    rotation: int = 0          # degrees the page image was turned (clockwise) before reading
    rereads: int = 0           # runs of small type replaced by a magnified second reading
    boxes: list | None = None  # (word, left, top, right, bottom), 0..1 of the image as given (tsv_word_boxes)


@dataclass
class _Paragraph:
    key: tuple                      # (page, block, paragraph): Tesseract's own order
    box: list[int]                  # left, top, right, bottom of its words
    lines: dict[tuple, list[tuple]]  # line key -> (word, left, top, right, bottom) in reading order


CUT_GAP = 0.5   # a horizontal gap this many median line heights tall separates parts of a page
# the next line of a run of text starts between these many line heights below the line above: single-spaced
# lines about 1.2-1.5 apart, one blank line between them about 2.5-3 (double spacing keeps its blank lines)
NEXT_LINE = (0.3, 1.9)


def parse_tsv(tsv: str) -> tuple[str, float | None, int]:
    """Text with Tesseract's line and paragraph breaks, paragraphs in reading order
    (`reading_order`), mean word confidence, word count."""
    paragraphs: dict[tuple, _Paragraph] = {}
    line_boxes: dict[tuple, list[int]] = {}
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11].strip()
        if not word:
            continue
        key = (int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]))
        left, top, width, height = (int(v) for v in cols[6:10])
        box = [left, top, left + width, top + height]
        paragraph = paragraphs.setdefault(key[:3], _Paragraph(key[:3], list(box), {}))
        paragraph.lines.setdefault(key, []).append((word, *box))
        for boxes in (paragraph.box, line_boxes.setdefault(key, list(box))):
            boxes[:2] = [min(boxes[0], box[0]), min(boxes[1], box[1])]
            boxes[2:] = [max(boxes[2], box[2]), max(boxes[3], box[3])]
        conf = float(cols[10])
        if conf >= 0:
            confidences.append(conf)
    line_height = statistics.median(b[3] - b[1] for b in line_boxes.values()) if line_boxes else 0
    ordered = reading_order(sorted(paragraphs.values(), key=lambda p: p.key), CUT_GAP * line_height)
    text = _page_text(ordered, line_boxes, line_height)
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return text, mean, len(confidences)


def tsv_word_boxes(tsv: str, size: tuple[int, int]) -> list[tuple[str, float, float, float, float]]:
    """Tesseract's words (TSV level 5) with their boxes as shares of the image's width and height:
    the same rows `parse_tsv` reads the text from, so every word of the page text has its box."""
    width, height = max(size[0], 1), max(size[1], 1)
    boxes = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, w, h = (int(v) for v in cols[6:10])
        boxes.append((cols[11].strip(), left / width, top / height, (left + w) / width, (top + h) / height))
    return boxes


def unturned(boxes: list[tuple], rotation: int) -> list[tuple]:
    """Boxes read on the image turned `rotation` degrees clockwise, as boxes of the image before
    it was turned (the page as it is shown)."""
    def point(u: float, v: float) -> tuple[float, float]:
        return {90: (v, 1 - u), 180: (1 - u, 1 - v), 270: (1 - v, u)}.get(rotation % 360, (u, v))
    out = []
    for word, x0, y0, x1, y1 in boxes:
        (ax, ay), (bx, by) = point(x0, y0), point(x1, y1)
        out.append((word, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return out


def _page_text(ordered: list[_Paragraph], line_boxes: dict[tuple, list[int]], line_height: float) -> str:
    """The paragraphs' lines; a blank line between two paragraphs only where the page shows a gap."""
    parts: list[str] = []
    for above, paragraph in zip([None, *ordered], ordered):
        if above is not None:
            parts.append("\n" if _continues(above, paragraph, line_boxes, line_height) else "\n\n")
        parts.append("\n".join(spaced_words(paragraph.lines[k]) for k in sorted(paragraph.lines)))
    return "".join(parts)


def _continues(above: _Paragraph, below: _Paragraph, line_boxes: dict[tuple, list[int]], line_height: float) -> bool:
    """Whether `below` goes on from `above` one line further down, as the lines of one paragraph do.
    Tesseract starts a new paragraph where a line is short (a ragged right edge, a name broken over two
    lines, a heading block or a signature block set line under line) although the page shows no gap
    there; a text layer has no blank line in such a place, and the extractors read a blank line as the
    end of a sentence, a heading, a party's name or a signature block. Tops are compared, not gaps (a
    line in capitals has no descenders), against the page's median line height: the paragraphs' own
    line pitch is no measure, as Tesseract draws one paragraph round blocks a blank line apart."""
    step = line_boxes[min(below.lines)][1] - line_boxes[max(above.lines)][1]
    return _one_over_the_other(above, below) and NEXT_LINE[0] * line_height <= step <= NEXT_LINE[1] * line_height


def _one_over_the_other(a: _Paragraph, b: _Paragraph) -> bool:
    """Whether two paragraphs share some of the page's width (one stands over the other, not beside it)."""
    return min(a.box[2], b.box[2]) > max(a.box[0], b.box[0])


def reading_order(paragraphs: list[_Paragraph], min_gap: float) -> list[_Paragraph]:
    """Recursive XY-cut (Nagy & Seth, 1984) over paragraph boxes: split the page where a
    horizontal band at least `min_gap` tall crosses no paragraph (upper part first), else where
    a vertical band crosses none (left part first), and order each part the same way.
    Tesseract's own block order reads across columns on magazine-style pages (a column's foot
    before the next column's head, titles and footers amid the text) and puts a drop cap's line
    after its paragraph; on single-column pages both orders agree. A part with no cut keeps
    Tesseract's order, unless all its paragraphs overlap horizontally (one column), which is read
    top-down (the drop cap's line first)."""
    if len(paragraphs) <= 1:
        return paragraphs
    for axis, gap in ((1, min_gap), (0, 1)):   # 1: rows (cut across y), 0: columns (cut across x)
        parts = _split(paragraphs, axis, gap)
        if len(parts) > 1:
            return [p for part in parts for p in reading_order(part, min_gap)]
    if all(_one_over_the_other(a, b) for a in paragraphs for b in paragraphs):
        return sorted(paragraphs, key=lambda p: (p.box[1], p.box[0]))
    return sorted(paragraphs, key=lambda p: p.key)


def _split(paragraphs: list[_Paragraph], axis: int, gap: float) -> list[list[_Paragraph]]:
    """Groups separated by an empty band at least `gap` wide along `axis` (0: x, 1: y)."""
    ordered = sorted(paragraphs, key=lambda p: p.box[axis])
    parts, reach = [[ordered[0]]], ordered[0].box[axis + 2]
    for paragraph in ordered[1:]:
        if paragraph.box[axis] - reach >= gap:
            parts.append([])
        parts[-1].append(paragraph)
        reach = max(reach, paragraph.box[axis + 2])
    return parts


def read_text(image: Image.Image, *, dpi: int, lang: str = "eng", timeout: int = 180,
              reread_small_type: bool = True) -> OcrResult:
    if image.mode != "L":
        image = image.convert("L")
    # a copier's dots read as stray stops, a redaction box garbles the codes beside it: ingest/scan_cleanup.py
    image = cleaned_for_ocr(image, dpi)
    with tesseract.borrowed(lang) as engine:
        tsv = engine.read_tsv(image, dpi=dpi, timeout=timeout)
        rereads = 0
        if reread_small_type:   # filled-in blanks in tiny type: see ingest/ocr_fill_ins.py
            tsv, rereads = ocr_fill_ins.reread_small_type(
                image, tsv, lambda sheet: engine.read_tsv(sheet, dpi=dpi, psm=tesseract.PSM_SINGLE_COLUMN,
                                                          timeout=timeout))
    text, confidence, words = parse_tsv(tsv)
    return OcrResult(text, confidence, words, rereads=rereads, boxes=tsv_word_boxes(tsv, image.size))


def detect_rotation(image: Image.Image, *, dpi: int) -> tuple[int, float]:
    """(degrees to turn the image clockwise so text is upright, OSD confidence)."""
    with tesseract.borrowed("osd") as engine:
        return engine.orientation(image, dpi=dpi)


def ocr_page(image: Image.Image, *, dpi: int, lang: str = "eng", timeout: int = 180) -> OcrResult:
    """Read a page; when it reads poorly, check its orientation and read it again turned."""
    first = read_text(image, dpi=dpi, lang=lang, timeout=timeout)
    if first.words >= MIN_WORDS and (first.confidence or 0) >= LOW_CONFIDENCE:
        return first
    rotate, confidence = detect_rotation(image, dpi=dpi)
    if rotate == 0 or confidence < OSD_MIN_CONFIDENCE:
        return first
    # PIL turns counter-clockwise for positive angles; Tesseract's "Rotate" is clockwise.
    turned = read_text(image.rotate(-rotate, expand=True), dpi=dpi, lang=lang, timeout=timeout)
    turned.rotation = rotate
    turned.boxes = unturned(turned.boxes or [], rotate)
    better = (turned.confidence or 0) * turned.words > (first.confidence or 0) * first.words
    return turned if better else first
