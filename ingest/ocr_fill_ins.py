"""A second, magnified reading of words set in much smaller type than the rest of the page.

Filled-in forms (the 287(g) MOA template is one) have blanks holding text that the form
software shrank to fit: capitals 10-12 px tall on a page whose body text has capitals of
~33 px at 300 dpi. Tesseract reads such words poorly on the full page ("thes Attomey
Generals" for "the MS Attorney General's") but well once they are magnified. So, from the
first pass's word boxes (TSV):
  1. the page's normal word height is the median height of confidently read words that
     have a capital, a digit or an ascender (words like "an" or "or" are x-height only);
  2. a *run* is a stretch of neighbouring words on one line none of which is a normal-sized
     word read confidently, holding at least one small word (under SMALL_SHARE of the normal
     height, with a tall letter) that was not read confidently, and some word that was
     probably misread: a filled blank, a tiny note (not a small footer that reads fine).
     (Garbled words around small type get odd boxes, so their size says little; their
     confidence does.)
  3. every run is cut out with a margin, magnified 3x (Lanczos), and all of a page's runs
     are stacked into ONE image that Tesseract reads line by line (--psm 4; one process
     start per page, not per run);
  4. a run's words are replaced by the re-read words when those are read more confidently.
Pages without such runs (most pages) cost nothing beyond the scan of the word boxes.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Callable

from PIL import Image

TALL = set("ABCDEFGHIJKLMNOPQRSTUVWXYZbdfhkl0123456789()[]{}/|!?#$%&")
SMALL_SHARE = 0.72       # a word shorter than this share of the page's normal word height is small type
SURE = 90.0              # a normal-sized word read at least this confidently ends a run; a run
                         # needs a small word read less confidently than this
MISREAD = 80.0           # ... and a word read less confidently than this (a footer or page number
                         # in small type that reads fine is left alone), and a word of 3+ letters
MIN_REFERENCE_WORDS = 20  # fewer confidently read tall words: too little text to tell normal from small
MAX_RUNS = 12            # per page, the least confidently read first: keeps the cost bounded
TALLEST_LINE = 2.0       # a run's line taller than this many normal heights is not re-read
SCALE = 3.0              # magnification (2x left "MS Attorney General's" as "MS Atomey Generate")
GAIN = 5.0               # the re-read replaces a run when its mean confidence is this much higher


@dataclass
class Word:
    row: int                  # index of the TSV row (after the header)
    line: tuple               # (page, block, paragraph, line)
    left: int
    top: int
    width: int
    height: int
    conf: float
    text: str

    @property
    def tall(self) -> bool:
        return any(ch in TALL for ch in self.text)


@dataclass
class Run:
    words: list[Word]
    box: tuple[int, int, int, int]   # left, top, right, bottom in page pixels
    scale: float


def words_of(rows: list[list[str]]) -> tuple[list[Word], dict[tuple, tuple[int, int]]]:
    """The words, and each line's (top, bottom) as Tesseract drew it."""
    words, lines = [], {}
    for index, cols in enumerate(rows):
        if len(cols) < 12 or cols[0] not in ("4", "5"):
            continue
        key = (int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]))
        if cols[0] == "4":
            lines[key] = (int(cols[7]), int(cols[7]) + int(cols[9]))
        elif cols[11].strip():
            words.append(Word(index, key, int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9]), float(cols[10]),
                              cols[11].strip()))
    return words, lines


def normal_height(words: list[Word]) -> float | None:
    heights = [w.height for w in words if w.tall and len(w.text) >= 3 and w.conf >= 80]
    return statistics.median(heights) if len(heights) >= MIN_REFERENCE_WORDS else None


def small_type_runs(words: list[Word], lines: dict[tuple, tuple[int, int]], image_size: tuple[int, int]) -> list[Run]:
    """Stretches of small or poorly read words worth a magnified second reading."""
    normal = normal_height(words)
    if normal is None:
        return []
    limit = SMALL_SHARE * normal

    def small(word: Word) -> bool:
        # x-height-only words ("an", "or") are short at any size; misread ones under half the
        # normal height are small all the same (garbled tiny type often comes out without
        # capitals or ascenders)
        return word.height < limit and (word.tall or (word.conf < MISREAD and word.height < normal / 2))

    def settled(word: Word) -> bool:   # a normal-sized word read confidently ends a run
        return word.conf >= SURE and not small(word)

    runs: list[list[Word]] = []
    current: list[Word] = []
    for word in words + [None]:
        if word is not None and not settled(word) and current and current[-1].line == word.line:
            current.append(word)
            continue
        if (any(small(w) and w.conf < SURE for w in current) and min(w.conf for w in current) < MISREAD
                and any(sum(ch.isalpha() for ch in w.text) >= 3 for w in current)):
            runs.append(current)
        current = [word] if word is not None and not settled(word) else []
    runs.sort(key=lambda run: min(w.conf for w in run))
    width, height = image_size
    pad = round(0.15 * normal)
    out = []
    for run in runs:
        if len(out) == MAX_RUNS:
            break
        line_top, line_bottom = lines.get(run[0].line, (min(w.top for w in run), max(w.top + w.height for w in run)))
        if line_bottom - line_top > TALLEST_LINE * normal:
            continue   # not one line of small type: a drop cap or a figure spans this "line"
        # across: the run's words; down: its line (garbled words' boxes can reach into the
        # neighbouring lines, whose slivers would then be read as stray marks)
        left = max(0, min(w.left for w in run) - pad)
        right = min(width, max(w.left + w.width for w in run) + pad)
        top, bottom = max(0, line_top - pad), min(height, line_bottom + pad)
        out.append(Run(sorted(run, key=lambda w: w.row), (left, top, right, bottom), SCALE))
    return out


@dataclass
class Placement:
    left: int
    top: int
    width: int
    height: int

    def holds(self, x: float, y: float) -> bool:
        return self.left <= x < self.left + self.width and self.top <= y < self.top + self.height


def stack(image: Image.Image, runs: list[Run]) -> tuple[Image.Image, list[Placement]]:
    """The runs' magnified crops one under another on white, a crop's height apart (read as a
    column of lines of varying size, --psm 4), with where each crop went. Side by side on one
    line (--psm 7) read worse: crops whose baselines differ confuse the single-line model."""
    crops = []
    for run in runs:
        left, top, right, bottom = run.box
        crops.append(image.crop(run.box).resize((round((right - left) * run.scale), round((bottom - top) * run.scale)),
                                                Image.Resampling.LANCZOS))
    gap = max(c.height for c in crops)
    sheet = Image.new("L", (max(c.width for c in crops) + 2 * gap, sum(c.height for c in crops) + gap * (len(crops) + 1)),
                      255)
    places, y = [], gap
    for crop in crops:
        sheet.paste(crop, (gap, y))
        places.append(Placement(gap, y, crop.width, crop.height))
        y += crop.height + gap
    return sheet, places


def replace_runs(rows: list[list[str]], runs: list[Run], sheet_rows: list[list[str]],
                 places: list[Placement]) -> tuple[list[list[str]], int]:
    """The first pass's rows with each better re-read run swapped in; how many were swapped."""
    read = [[] for _ in runs]
    for cols in sheet_rows:
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip() or float(cols[10]) < 0:
            continue
        x, y = int(cols[6]) + int(cols[8]) / 2, int(cols[7]) + int(cols[9]) / 2
        for index, place in enumerate(places):
            if place.holds(x, y):
                read[index].append(cols)
                break
    replaced: dict[int, list[list[str]]] = {}
    dropped: set[int] = set()
    for run, words, place in zip(runs, read, places):
        if not words:
            continue
        before = sum(w.conf for w in run.words) / len(run.words)
        after = sum(float(c[10]) for c in words) / len(words)
        if after < before + GAIN:
            continue
        first = rows[run.words[0].row]
        left, page_top = run.box[0], run.box[1]
        new_rows = []
        for number, cols in enumerate(sorted(words, key=lambda c: int(c[6])), start=1):
            x = left + round((int(cols[6]) - place.left) / run.scale)
            y = page_top + round((int(cols[7]) - place.top) / run.scale)
            new_rows.append(first[:5] + [str(number), str(x), str(y), str(round(int(cols[8]) / run.scale)),
                                         str(round(int(cols[9]) / run.scale)), cols[10], cols[11]])
        replaced[run.words[0].row] = new_rows
        dropped.update(w.row for w in run.words)
    if not replaced:
        return rows, 0
    out = []
    for index, cols in enumerate(rows):
        if index in replaced:
            out.extend(replaced[index])
        elif index not in dropped:
            out.append(cols)
    return out, len(replaced)


def parse_rows(tsv: str) -> tuple[str, list[list[str]]]:
    lines = tsv.splitlines()
    return (lines[0] if lines else ""), [line.split("\t") for line in lines[1:]]


def reread_small_type(image: Image.Image, tsv: str, read: Callable[[Image.Image], str]) -> tuple[str, int]:
    """The page's TSV with its small-type runs re-read where that reads better, and how many
    runs were replaced. `read(sheet)` returns Tesseract's TSV for the sheet of magnified runs."""
    header, rows = parse_rows(tsv)
    words, lines = words_of(rows)
    runs = small_type_runs(words, lines, image.size)
    if not runs:
        return tsv, 0
    sheet, places = stack(image if image.mode == "L" else image.convert("L"), runs)
    _, sheet_rows = parse_rows(read(sheet))
    rows, count = replace_runs(rows, runs, sheet_rows, places)
    if not count:
        return tsv, 0
    return "\n".join([header] + ["\t".join(cols) for cols in rows]) + "\n", count
