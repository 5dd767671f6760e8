"""Tesseract (Debian's 5.x) called directly as a subprocess, one page at a time.

The page image goes in as an uncompressed PNM file in memory-backed /dev/shm when there is
one (no compression cost; tesseract reading stdin costs ~0.1 s more CPU per 300 dpi page than
reading the same bytes from a file, measured with Debian's 5.3); TSV comes back, giving the words, their layout and per-word confidences.
OMP_THREAD_LIMIT=1 because parallelism comes from running one Tesseract per core
on different pages; Tesseract's own OpenMP threads only fight over the same cores.

Rotation: orientation detection (OSD, `--psm 0`) costs about half an OCR pass, so it
only runs when the first pass reads poorly; a turned page reads poorly.
"""
from __future__ import annotations

import io
import os
import statistics
import subprocess
import tempfile
from dataclasses import dataclass

from PIL import Image

from corpus.errors import OcrFailed
from ingest import ocr_fill_ins

TESSERACT = "tesseract"
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


def tesseract_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def _pnm(image: Image.Image) -> bytes:
    if image.mode != "L":
        image = image.convert("L")
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")
    return buffer.getvalue()


_SHM = "/dev/shm"


def _run(args: list[str], data: bytes, timeout: int) -> str:
    folder = _SHM if os.path.isdir(_SHM) and os.access(_SHM, os.W_OK) else None
    with tempfile.NamedTemporaryFile(suffix=".pnm", prefix="accord-ocr-", dir=folder) as image:
        image.write(data)
        image.flush()
        return _run_file(args, image.name, timeout)


def _run_file(args: list[str], path: str, timeout: int) -> str:
    try:
        done = subprocess.run([TESSERACT, path, "stdout", *args], capture_output=True,
                              timeout=timeout, env=tesseract_env(), check=False)
    except FileNotFoundError:
        raise OcrFailed("tesseract is not installed", hint="Install it: apt-get install tesseract-ocr") from None
    except subprocess.TimeoutExpired:
        raise OcrFailed(f"tesseract took longer than {timeout}s on one page",
                        hint="Raise ACCORD_OCR_TIMEOUT, or check the page image (is it huge?).") from None
    if done.returncode != 0:
        raise OcrFailed(f"tesseract failed (exit {done.returncode}): "
                        f"{done.stderr.decode(errors='replace').strip()[-300:]}")
    return done.stdout.decode("utf-8", errors="replace")


@dataclass
class _Paragraph:
    key: tuple                      # (page, block, paragraph): Tesseract's own order
    box: list[int]                  # left, top, right, bottom of its words
    lines: dict[tuple, list[str]]   # line key -> words in reading order


CUT_GAP = 0.5   # a horizontal gap this many median line heights tall separates parts of a page


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
        paragraph.lines.setdefault(key, []).append(word)
        for boxes in (paragraph.box, line_boxes.setdefault(key, list(box))):
            boxes[:2] = [min(boxes[0], box[0]), min(boxes[1], box[1])]
            boxes[2:] = [max(boxes[2], box[2]), max(boxes[3], box[3])]
        conf = float(cols[10])
        if conf >= 0:
            confidences.append(conf)
    line_height = statistics.median(b[3] - b[1] for b in line_boxes.values()) if line_boxes else 0
    ordered = reading_order(sorted(paragraphs.values(), key=lambda p: p.key), CUT_GAP * line_height)
    text = "\n\n".join("\n".join(" ".join(p.lines[k]) for k in sorted(p.lines)) for p in ordered)
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return text, mean, len(confidences)


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
    if all(min(a.box[2], b.box[2]) > max(a.box[0], b.box[0]) for a in paragraphs for b in paragraphs):
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
    tsv = _run(["--dpi", str(dpi), "-l", lang, "tsv"], _pnm(image), timeout)
    rereads = 0
    if reread_small_type:   # filled-in blanks in tiny type: see ingest/ocr_fill_ins.py
        tsv, rereads = ocr_fill_ins.reread_small_type(
            image, tsv, lambda sheet: _run(["--dpi", str(dpi), "--psm", "4", "-l", lang, "tsv"], _pnm(sheet), timeout))
    text, confidence, words = parse_tsv(tsv)
    return OcrResult(text, confidence, words, rereads=rereads)


def detect_rotation(image: Image.Image, *, dpi: int, timeout: int = 180) -> tuple[int, float]:
    """(degrees to turn the image clockwise so text is upright, OSD confidence)."""
    try:
        out = _run(["--dpi", str(dpi), "--psm", "0"], _pnm(image), timeout)
    except OcrFailed:
        return 0, 0.0   # OSD refuses pages with too little text; that is not a failure
    values = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    try:
        return int(values.get("Rotate", "0").strip()), float(values.get("Orientation confidence", "0").strip())
    except ValueError:
        return 0, 0.0


def ocr_page(image: Image.Image, *, dpi: int, lang: str = "eng", timeout: int = 180) -> OcrResult:
    """Read a page; when it reads poorly, check its orientation and read it again turned."""
    first = read_text(image, dpi=dpi, lang=lang, timeout=timeout)
    if first.words >= MIN_WORDS and (first.confidence or 0) >= LOW_CONFIDENCE:
        return first
    rotate, confidence = detect_rotation(image, dpi=dpi, timeout=timeout)
    if rotate == 0 or confidence < OSD_MIN_CONFIDENCE:
        return first
    # PIL turns counter-clockwise for positive angles; Tesseract's "Rotate" is clockwise.
    turned = read_text(image.rotate(-rotate, expand=True), dpi=dpi, lang=lang, timeout=timeout)
    turned.rotation = rotate
    better = (turned.confidence or 0) * turned.words > (first.confidence or 0) * first.words
    return turned if better else first
