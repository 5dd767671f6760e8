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
import subprocess
import tempfile
from dataclasses import dataclass

from PIL import Image

from corpus.errors import OcrFailed

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


def tesseract_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def _pnm(image: Image.Image) -> bytes:
    if image.mode not in ("L", "1"):
        image = image.convert("L")
    if image.mode == "1":
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


def parse_tsv(tsv: str) -> tuple[str, float | None, int]:
    """Text with Tesseract's line and paragraph breaks, mean word confidence, word count."""
    lines: dict[tuple, list[str]] = {}
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11].strip()
        if not word:
            continue
        lines.setdefault((int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4])), []).append(word)
        conf = float(cols[10])
        if conf >= 0:
            confidences.append(conf)
    out: list[str] = []
    previous_paragraph = None
    for key in sorted(lines):
        paragraph = key[:3]
        if previous_paragraph is not None and paragraph != previous_paragraph:
            out.append("")
        out.append(" ".join(lines[key]))
        previous_paragraph = paragraph
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return "\n".join(out), mean, len(confidences)


def read_text(image: Image.Image, *, dpi: int, lang: str = "eng", timeout: int = 180) -> OcrResult:
    tsv = _run(["--dpi", str(dpi), "-l", lang, "tsv"], _pnm(image), timeout)
    text, confidence, words = parse_tsv(tsv)
    return OcrResult(text, confidence, words)


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
