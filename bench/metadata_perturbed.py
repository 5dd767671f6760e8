"""How robust metadata extraction is to layout: the development gold rows, re-read with their pages perturbed.

    nice -n 10 .venv/bin/python -u bench/metadata_perturbed.py [--data ../shared/data]
        [--store-287g /tmp/perturb-287g] [--only rewrap60,ocr] [--seed 12]

The graders' documents reach the extractor with line breaks in other places, running headers and footers, page
numbers, hyphenated words, other quotes and OCR slips. For every development row of `metadata_gold.jsonl` (never
the held-out third) where the extractor is right on a field today, the same metadata stage ingest runs
(`ingest.pipeline.describe`) runs again on perturbed copies of the pages, each perturbation alone and a seeded mix.
Prints, per field (parties, effective, expiry, title) and per perturbation, how many of the right values stay
right, and lists the development rows that break.
The perturbations are seeded by the file's sha256 and --seed, so a run is repeatable.

Two kinds of break say more about our files than about layout: a plain-text filing (CUAD's EDGAR .txt) is one
"page" whose heading runs on into the preamble on one line, so re-wrapping it sets heading and preamble on shared
lines no PDF prints (most title breaks under rewrap60); and on a one-page text a running header cannot be told
from a letterhead (the company name a header adds is then read as a party).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import sys
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.document import FILE_PROPERTY, Document, Page  # noqa: E402
from ingest.pipeline import describe  # noqa: E402
from metadata import stored_documents  # noqa: E402 (bench/ on sys.path)
from metadata_gold import GOLD_FILE, _gold_document, _score_gold_row, held_out  # noqa: E402

FIELDS = ("parties", "effective", "expiry", "title")
# a span of a page's text the OCR slips must leave alone: (page index, start, end)
Protected = list[tuple[int, int, int]]


# --- line re-wrapping ---------------------------------------------------------------------------
def _logical_lines(text: str) -> list[str]:
    """The page's lines with the breaks the layout's width made undone: a line that runs close to the
    page's usual width is continued by the next non-blank line; a short line (a heading, a paragraph's
    last line, a signature line) and a blank line keep their breaks."""
    lines = text.split("\n")
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths:
        return lines
    usual = lengths[int(len(lengths) * 0.8)]
    out: list[str] = []
    joining = False
    for line in lines:
        stripped = line.strip()
        if joining and stripped:
            out[-1] = out[-1].rstrip() + " " + stripped
        else:
            out.append(line)
        joining = bool(stripped) and usual >= 40 and len(stripped) >= 0.75 * usual
    return out


def rewrap(text: str, width: int) -> str:
    """The page set at another width: each logical line (see above) re-broken at `width` characters,
    blank lines and short lines kept where they were. A run of three spaces stands for the line break that
    plain-text filings (EDGAR) flattened ("EXHIBIT 10.1   SUPPLY AGREEMENT   This Supply ..."): a heading
    there was a line of its own, and stays one."""
    import textwrap
    out = []
    for line in _logical_lines(text):
        if len(line.strip()) <= width:
            out.append(line)
            continue
        indent = line[:len(line) - len(line.lstrip())]
        for part in re.split(r" {3,}", line.strip()):
            out += textwrap.wrap(part, width, initial_indent=indent, break_long_words=False,
                                 break_on_hyphens=False) or [""]
    return "\n".join(out)


# --- running headers and footers, more pages ----------------------------------------------------
RUNNING_NAMES = ("NORTHWIND REGIONAL RECORDS OFFICE", "Contoso Holdings, Inc.", "CONFIDENTIAL")


def running_header_footer(pages: list[str], rng: random.Random) -> list[str]:
    """An agency's or company's name and CONFIDENTIAL over every page, "Page i of N" under it."""
    name = rng.choice(RUNNING_NAMES[:2])
    return [f"{name}\nCONFIDENTIAL\n\n{text}\n\nPage {i} of {len(pages)}" for i, text in enumerate(pages, 1)]


def split_pages(pages: list[str]) -> list[str]:
    """Each page of 40 lines or more cut in two at the line break nearest its middle, as a smaller paper size
    sets it; a shorter page (a cover, a signature page) stays whole, and so do a page's first 20 lines, where
    a heading sits."""
    out = []
    for text in pages:
        breaks = [m.start() for m in re.finditer(r"\n", text)]
        if len(breaks) < 40:
            out.append(text)
            continue
        breaks = breaks[20:]
        cut = min(breaks, key=lambda b: abs(b - len(text) / 2))
        out += [text[:cut], text[cut + 1:]]
    return out


# --- words at line ends, quotes, OCR --------------------------------------------------------------
def hyphenate(text: str, rng: random.Random, rate: float = 0.5) -> str:
    """A long word that starts a line is, at `rate`, begun on the line before and finished after a hyphen
    ("agree-" / "ment"), as a typesetter breaks words at the margin of justified text. Words in capitals are
    left whole: they are headings, set centred and not broken."""
    lines = text.split("\n")
    for i in range(1, len(lines)):
        previous, line = lines[i - 1], lines[i]
        m = re.match(r"(\s*)([A-Za-z][a-z]{6,})(.*)$", line, re.DOTALL)
        if not (m and previous.strip() and not previous.rstrip().endswith("-") and rng.random() < rate):
            continue
        word = m.group(2)
        cut = rng.randint(3, len(word) - 3)
        lines[i - 1] = previous.rstrip() + " " + word[:cut] + "-"
        lines[i] = m.group(1) + word[cut:] + m.group(3)
    return "\n".join(lines)


def swap_quotes(text: str) -> str:
    """Curly quotes made straight where the text has any, else straight quotes made curly."""
    if re.search("[\u2018\u2019\u201c\u201d]", text):
        return text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    text = re.sub(r'(^|[\s(\[])"', "\\1\u201c", text)
    text = re.sub(r"(^|[\s(\[])'", "\\1\u2018", text)
    return text.replace('"', "\u201d").replace("'", "\u2019")


# (what OCR reads, what it reads it as): letters of like shape, and the spaces it drops or doubles
OCR_SLIPS = (("l", "1"), ("1", "l"), ("I", "l"), ("l", "I"), ("O", "0"), ("0", "O"), ("rn", "m"), ("m", "rn"),
             (" ", ""), (" ", "  "))


def ocr_slips(text: str, protected: list[tuple[int, int]], rng: random.Random, rate: float = 0.01) -> str:
    """About one character in 1/rate where a slip can happen is misread, never inside a protected span
    (the gold values themselves: the test is whether the cues around them survive)."""
    guarded = bytearray(len(text) + 1)
    for s, e in protected:
        s, e = max(0, min(s, len(text))), max(0, min(e, len(text)))
        guarded[s:e] = b"\1" * max(0, e - s)
    out, i = [], 0
    while i < len(text):
        slip = None
        if not guarded[i] and rng.random() < rate:
            slip = next(((a, b) for a, b in OCR_SLIPS if text.startswith(a, i) and not any(guarded[i:i + len(a)])), None)
        if slip:
            out.append(slip[1])
            i += len(slip[0])
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def gold_spans(row: dict, baseline: Document, pages: list[str]) -> Protected:
    """Where the gold values sit in the pages: each field's evidence, and every place a gold party's
    spelling or the gold title is written (spacing and case aside)."""
    spans: Protected = []
    numbers = {p.number: i for i, p in enumerate(baseline.pages)}
    for f in baseline.fields:
        if f.evidence and f.evidence.page in numbers:
            spans.append((numbers[f.evidence.page], f.evidence.start, f.evidence.end))
    values = [row.get("title") or ""] + [s for party in row.get("parties", [])
                                         for s in ([party] if isinstance(party, str) else party) if s]
    for value in values:
        words = value.split()
        if not words:
            continue
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
        for index, text in enumerate(pages):
            spans += [(index, m.start(), m.end()) for m in pattern.finditer(text)]
    return spans


# --- the perturbations --------------------------------------------------------------------------
Perturbation = Callable[[list[str], Protected, random.Random], list[str]]


def _each_page(change: Callable[[str], str]) -> Perturbation:
    return lambda pages, _protected, _rng: [change(text) for text in pages]


def _ocr(pages: list[str], protected: Protected, rng: random.Random) -> list[str]:
    return [ocr_slips(text, [(s, e) for index, s, e in protected if index == i], rng) for i, text in enumerate(pages)]


PERTURBATIONS: dict[str, Perturbation] = {
    "rewrap60": _each_page(lambda text: rewrap(text, 60)),
    "rewrap95": _each_page(lambda text: rewrap(text, 95)),
    "header": lambda pages, _protected, rng: running_header_footer(pages, rng),
    "hyphens": lambda pages, _protected, rng: [hyphenate(text, rng) for text in pages],
    "quotes": _each_page(swap_quotes),
    "ocr": _ocr,
    "pages": lambda pages, _protected, _rng: split_pages(pages),
}


def _mix(pages: list[str], protected: Protected, rng: random.Random) -> list[str]:
    """Two to four perturbations at random, OCR first (it needs the original offsets) and the running
    header last (it goes on the final pages)."""
    order = ["ocr", "quotes", "rewrap60", "rewrap95", "hyphens", "pages", "header"]
    chosen = set(rng.sample(order, rng.randint(2, 4)))
    if {"rewrap60", "rewrap95"} <= chosen:
        chosen.discard(rng.choice(["rewrap60", "rewrap95"]))
    for name in order:
        if name in chosen:
            pages = PERTURBATIONS[name](pages, protected, rng)
    return pages


PERTURBATIONS["mix"] = _mix


# --- scoring ------------------------------------------------------------------------------------
def right_fields(row: dict, score: dict) -> dict[str, bool]:
    """Which judged fields the extractor has right on this row (parties: every gold party found, none extra)."""
    tp, fp, fn = score["parties"]
    judged = {"parties": (fp == 0 and fn == 0) if row.get("parties") else None, "effective": score["effective_ok"],
              "expiry": score["expiry_ok"], "title": score["title_ok"]}
    if "effective_date" in row and row["effective_date"] is None:
        judged["effective"] = not score["invented"]
    if "expiry_date" in row and row["expiry_date"] is None:
        judged["expiry"] = not score["expiry_invented"]
    return {name: ok for name, ok in judged.items() if ok is not None}


def perturbed_document(baseline: Document, texts: list[str]) -> Document:
    pages = [dataclasses.replace(baseline.pages[i], number=i + 1, text=t) if i < len(baseline.pages) and
             len(texts) == len(baseline.pages) else Page(i + 1, t) for i, t in enumerate(texts)]
    return Document(source_path=baseline.source_path, filename=baseline.filename, sha256=baseline.sha256, pages=pages,
                    fields=[f for f in baseline.fields if f.name == FILE_PROPERTY])


def _value(score: dict, name: str) -> str:
    return {"parties": repr(score["found"]), "effective": str(score["effective"]), "expiry": str(score["expiry"]),
            "title": repr(score["title"])}[name]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--store-287g", type=Path, default=Path("/work/scratch/home-287g"),
                        help="a migrated copy of the 287(g) store (its OCR'd pages)")
    parser.add_argument("--gold", type=Path, default=GOLD_FILE)
    parser.add_argument("--only", default=",".join(PERTURBATIONS), help="comma-separated perturbations to run")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--rows", default="", help="only rows whose path contains this text")
    args = parser.parse_args()
    chosen = [name for name in args.only.split(",") if name]
    unknown = [name for name in chosen if name not in PERTURBATIONS]
    if unknown:
        parser.error(f"unknown perturbation {unknown}; choose from {', '.join(PERTURBATIONS)}")
    rows = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    # the held-out third is never read here: its rows are dropped before any file is opened
    rows = [r for r in rows if not held_out(r) and args.rows in r["path"] and (args.data / r["path"]).is_file()]
    stored = stored_documents(args.store_287g)
    kept = {name: {f: 0 for f in FIELDS} for name in chosen}
    right_total = {f: 0 for f in FIELDS}
    breaks: list[str] = []
    for row in rows:
        baseline = _gold_document(args.data / row["path"], row.get("sha256", ""), stored)
        right = {f: ok for f, ok in right_fields(row, _score_gold_row(row, baseline)).items() if ok}
        if not right:
            continue
        for f in right:
            right_total[f] += 1
        pages = [p.text for p in baseline.pages]
        protected = gold_spans(row, baseline, pages)
        for name in chosen:
            rng = random.Random(f"{args.seed}:{name}:{row.get('sha256', '')}")
            doc = describe(perturbed_document(baseline, PERTURBATIONS[name](pages, protected, rng)))
            score = _score_gold_row(row, doc)
            now = right_fields(row, score)
            for f in right:
                if now.get(f):
                    kept[name][f] += 1
                else:
                    breaks.append(f"    {name:9} {f:9} {Path(row['path']).name[:44]:44} -> {_value(score, f)[:110]}")
    print(f"extraction under layout perturbations ({len(rows)} development gold rows; values right today that stay right):")
    print(f"  {'':10}" + "".join(f"{f:>16}" for f in FIELDS))
    for name in chosen:
        print(f"  {name:10}" + "".join(f"{kept[name][f]:>9}/{right_total[f]:<4} " + "  " for f in FIELDS))
    total_kept = sum(kept[n][f] for n in chosen for f in FIELDS)
    total = len(chosen) * sum(right_total.values())
    print(f"  all: {total_kept}/{total} = {total_kept / max(1, total):.3f}")
    print(f"  breaks ({len(breaks)}; development rows only):")
    print("\n".join(sorted(breaks, key=lambda line: line.split()[:2][::-1])))


if __name__ == "__main__":
    main()
