"""Ingest benchmark: prints figures, each beside a reference measured in the same run.

    nice -n 10 .venv/bin/python bench/ingest.py [--jobs 2] [--ocr-pages 24] [--born-pages 1500]
                                                [--only born,ocr,cer,agency] [--home DIR]

  born   born-digital pages/s through run_batch (detect, text layer, quality check,
         redaction pre-check, metadata, store) beside pypdfium2's raw text extraction
         of the same files in one process (goal: >= 100 pages/s end to end)
  ocr    OCR pages/s of run_batch with --jobs processes on image-only PDFs beside bare
         `tesseract --dpi 300 -l eng tsv` run --jobs at a time on the same pages
         pre-rendered at 300 dpi (goal: >= 90% of it)
  cer    character error rate per page on ../shared/data/ocr_groundtruth (whitespace
         normalised; goal <= 1%)
  agency for an existing home holding the 287(g) agreements (--home), how many of the 76
         contain the agency named in labels.csv (goal >= 74)
Peak RSS of this process and of the largest child (worker / tesseract) is printed last.
Inputs come from ../shared/data; a part whose data is absent is skipped with a message.
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
# This file is named like the `ingest` package: make sure imports find the package.
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from corpus.config import load_config  # noqa: E402
from corpus.store import Store  # noqa: E402
from ingest.bulk import run_batch  # noqa: E402
from ingest.ocr import tesseract_env  # noqa: E402
from ingest.pipeline import OcrTask, run_ocr  # noqa: E402
from ingest.quality import text_layer_problem  # noqa: E402

SHARED = Path(os.environ.get("ACCORD_SHARED_DATA", REPO.parent / "shared" / "data"))


def pdfium_pages(path: Path) -> list[str]:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(path)
    texts = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return texts


def _fresh_home(root: Path, name: str):
    config = load_config(root / name, environ={}, overrides={"ACCORD_SECRET_KEY": "bench"})
    return config, Store(config)


# --- born-digital ---------------------------------------------------------------------

def born_digital_files(limit_pages: int) -> list[Path]:
    """PDFs whose every page passes the quality check (so no OCR is involved)."""
    candidates = []
    labels = SHARED / "agreements_287g" / "labels.csv"
    if labels.exists():
        for row in csv.DictReader(labels.open()):
            if row["scanned"] == "0":
                candidates.append(SHARED / "agreements_287g" / row["file"])
    for folder in ("contracts_cuad/pdf", "nda_kleister/pdf"):
        candidates += sorted((SHARED / folder).glob("*.pdf")) if (SHARED / folder).is_dir() else []
    chosen, pages = [], 0
    for path in candidates:
        texts = pdfium_pages(path)
        if all(not text_layer_problem(t.replace("\r\n", "\n"), 40) for t in texts):
            chosen.append(path)
            pages += len(texts)
            if pages >= limit_pages:
                break
    return chosen


def bench_born(root: Path, jobs: int, limit_pages: int) -> None:
    files = born_digital_files(limit_pages)
    if not files:
        print("born: skipped (no born-digital PDFs under ../shared/data)")
        return
    started = time.perf_counter()
    raw_pages = sum(len(pdfium_pages(p)) for p in files)
    raw_seconds = time.perf_counter() - started
    config, store = _fresh_home(root, "born")
    started = time.perf_counter()
    result = run_batch(store, config, [str(p) for p in files], jobs=jobs)
    seconds = time.perf_counter() - started
    pages = sum(r["pages"] for r in result.items)
    ocr_pages = sum(r["ocr_pages"] for r in result.items)
    store.dispose()
    print(f"born: {len(files)} files, {pages} pages ({ocr_pages} OCR'd), counts {result.counts}")
    print(f"born: accord end to end  {pages / seconds:8.1f} pages/s  ({seconds:.1f}s, --jobs {jobs})   goal >= 100")
    print(f"born: pypdfium2 raw text {raw_pages / raw_seconds:8.1f} pages/s  ({raw_seconds:.1f}s, 1 process)")
    bench_stages(files[:20])


def bench_stages(files: list[Path]) -> None:
    """Where the time goes, one process: our extraction stage vs the metadata stage."""
    from ingest.pipeline import Limits, describe, prepare_file
    limits = Limits.from_config(load_config("/nonexistent", environ={}, read_instance_file=False))
    describe(prepare_file(str(files[0]), "warm-up", limits).doc)   # model loading is not per page
    pages = prepare_seconds = describe_seconds = 0.0
    for path in files:
        started = time.perf_counter()
        prepared = prepare_file(str(path), str(path), limits)
        prepare_seconds += time.perf_counter() - started
        started = time.perf_counter()
        describe(prepared.doc)
        describe_seconds += time.perf_counter() - started
        pages += len(prepared.doc.pages)
    print(f"born: stages, 1 process: extraction (detect, text layer, quality, boxes) {pages / prepare_seconds:.1f} "
          f"pages/s; metadata (ingest.metadata) {pages / describe_seconds:.1f} pages/s")


# --- OCR ----------------------------------------------------------------------------------

def scanned_files(min_pages: int) -> list[Path]:
    labels = SHARED / "agreements_287g" / "labels.csv"
    if not labels.exists():
        return []
    chosen, pages = [], 0
    rows = sorted(csv.DictReader(labels.open()), key=lambda r: r["file"])
    for row in rows:
        if row["scanned"] != "1":
            continue
        path = SHARED / "agreements_287g" / row["file"]
        count = len(pdfium_pages(path))
        if count > min_pages * 2:
            continue   # keep the sample small and varied
        chosen.append(path)
        pages += count
        if pages >= min_pages:
            break
    return chosen


def bare_tesseract(images: list[Path], jobs: int) -> float:
    def one(path: Path) -> None:
        subprocess.run(["tesseract", str(path), "stdout", "--dpi", "300", "-l", "eng", "tsv"],
                       capture_output=True, check=True, env=tesseract_env())
    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - started


def bench_ocr(root: Path, jobs: int, min_pages: int) -> None:
    files = scanned_files(min_pages)
    if not files:
        print("ocr: skipped (../shared/data/agreements_287g is absent)")
        return
    import pypdfium2 as pdfium
    image_dir = root / "pages"
    image_dir.mkdir()
    images = []
    for n, path in enumerate(files):
        pdf = pdfium.PdfDocument(path)
        for index in range(len(pdf)):
            page = pdf[index]
            image = page.render(scale=300 / 72, grayscale=True).to_pil()
            target = image_dir / f"{n:02d}-{index:03d}.pgm"
            image.save(target)
            images.append(target)
            page.close()
        pdf.close()
    bare_seconds = bare_tesseract(images, jobs)
    config, store = _fresh_home(root, "ocr")
    started = time.perf_counter()
    result = run_batch(store, config, [str(p) for p in files], jobs=jobs)
    seconds = time.perf_counter() - started
    ocr_pages = sum(r["ocr_pages"] for r in result.items)
    store.dispose()
    ours, bare = ocr_pages / seconds, len(images) / bare_seconds
    print(f"ocr: {len(files)} image-only PDFs, {len(images)} pages, {ocr_pages} OCR'd, counts {result.counts}")
    print(f"ocr: accord run_batch      {ours:6.2f} pages/s  ({seconds:.1f}s, --jobs {jobs}, render + OCR + OSD when needed)")
    print(f"ocr: bare tesseract        {bare:6.2f} pages/s  ({bare_seconds:.1f}s, {jobs} at a time, pre-rendered)")
    print(f"ocr: ratio                 {ours / bare:6.1%}   goal >= 90%")


# --- CER ------------------------------------------------------------------------------------

def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_TYPOGRAPHY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'",
                             "\u2014": "-", "\u2013": "-", "\ufb01": "fi", "\ufb02": "fl"})


def fold(text: str) -> str:
    """Second, looser view: typographic quotes and dashes as ASCII (the UNLV transcriptions
    are ASCII), and their '~' reject marks dropped."""
    return normalise(text.translate(_TYPOGRAPHY).replace("~", ""))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row at a time (insertions via a running minimum)."""
    if not a or not b:
        return max(len(a), len(b))
    codes_b = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    steps = np.arange(len(b) + 1)
    row = steps.copy()
    for i, ch in enumerate(a, start=1):
        substitute = row[:-1] + (codes_b != ord(ch))
        delete = row[1:] + 1
        best = np.empty_like(row)
        best[0] = i
        best[1:] = np.minimum(substitute, delete)
        row = np.minimum.accumulate(best - steps) + steps   # insertion chains along the row
    return int(row[-1])


def bench_cer() -> None:
    folder = SHARED / "ocr_groundtruth"
    if not folder.is_dir():
        print("cer: skipped (../shared/data/ocr_groundtruth is absent)")
        return
    total_errors = total_folded = total_chars = 0
    for image in sorted(folder.glob("*.tif")):
        truth_file = next((p for p in (image.with_suffix(".gold.txt"), image.with_suffix(".txt")) if p.exists()), None)
        if truth_file is None:
            continue
        truth = normalise(unicodedata.normalize("NFC", truth_file.read_text(encoding="utf-8", errors="replace")))
        started = time.perf_counter()
        result = run_ocr(OcrTask(str(image), "image", 0, 0, "eng", 600))
        seconds = time.perf_counter() - started
        text = normalise(unicodedata.normalize("NFC", result.text))
        errors = edit_distance(text, truth)
        folded_errors = edit_distance(fold(text), fold(truth))
        total_errors += errors
        total_folded += folded_errors
        total_chars += len(truth)
        print(f"cer: {image.name:<18} {errors / len(truth):6.2%}  folded {folded_errors / len(truth):6.2%}  "
              f"({errors} edits / {len(truth)} chars, confidence {result.confidence}, "
              f"rotation {result.rotation}, {seconds:.1f}s)")
    if total_chars:
        print(f"cer: all pages          {total_errors / total_chars:6.2%}  folded {total_folded / total_chars:6.2%}"
              f"   goal <= 1%")


# --- agency check on an ingested 287(g) home ---------------------------------------------

def squash(text: str) -> str:
    """Case, whitespace and punctuation normalised; apostrophes dropped (Sheriff's = Sheriffs)."""
    text = unicodedata.normalize("NFKD", text).lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


ABBREVIATIONS = {"dept": "department", "co": "county", "svs": "services", "ofc": "office", "pd": "police department",
                 "so": "sheriffs office", "dps": "department of public safety"}


def lenient_tokens(text: str) -> list[str]:
    return " ".join(ABBREVIATIONS.get(t, t) for t in squash(text).split()).split()


def appears_lenient(agency: list[str], text: list[str], slack: int = 3) -> bool:
    """Every word of the agency, in order, within len(agency) + slack words of the text
    (e.g. "Wells Maine Police Department" holds "Wells Police Department")."""
    first = agency[0]
    for start, token in enumerate(text):
        if token != first:
            continue
        position, window_end = start + 1, start + len(agency) + slack
        for word in agency[1:]:
            while position < min(window_end, len(text)) and text[position] != word:
                position += 1
            if position >= min(window_end, len(text)):
                break
            position += 1
        else:
            return True
    return False


def bench_agency(home: Path | None) -> None:
    labels = SHARED / "agreements_287g" / "labels.csv"
    if home is None or not labels.exists():
        print("agency: skipped (give --home of a repository holding ../shared/data/agreements_287g)")
        return
    from sqlalchemy import select

    from corpus.tables import DocumentRow, PageRow
    config = load_config(home, environ={})
    store = Store(config, migrate=False)
    found, lenient, missing = 0, 0, []
    rows = list(csv.DictReader(labels.open()))
    with store.session() as session:
        for row in rows:
            doc_id = session.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == row["sha256"]))
            if doc_id is None:
                missing.append(f"{row['file']} (not ingested)")
                continue
            raw = " ".join(session.scalars(select(PageRow.text).where(PageRow.document_id == doc_id)))
            strict = f" {squash(row['agency'])} " in f" {squash(raw)} "
            loose = strict or appears_lenient(lenient_tokens(row["agency"]), lenient_tokens(raw))
            found += strict
            lenient += loose
            if not strict:
                missing.append(f"{row['file']} ({row['agency']})" + ("" if loose else "  [not even leniently]"))
        sent = session.execute(select(PageRow.source).where(PageRow.quality_note != "")).scalars().all()
    store.dispose()
    print(f"agency: pages sent to OCR by the quality check: {len(sent)}; read by OCR: {sent.count('ocr')}, "
          f"blank after OCR: {sent.count('none')}, left as text layer: {sent.count('text')}")
    print(f"agency: {found} of {len(rows)} documents contain the agency from labels.csv exactly "
          f"(case, whitespace, punctuation normalised)   goal >= 74")
    print(f"agency: {lenient} of {len(rows)} with abbreviations expanded (Dept, Co, PD, SO...) and up to 3 "
          f"extra words inside the name")
    for line in missing:
        print(f"agency:   not exact in {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--ocr-pages", type=int, default=24, help="about this many image-only pages")
    parser.add_argument("--born-pages", type=int, default=1500, help="about this many born-digital pages")
    parser.add_argument("--only", default="born,ocr,cer,agency")
    parser.add_argument("--home", type=Path, default=None, help="repository holding the 287(g) set (agency)")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent")
        return
    parts = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
        root = Path(tmp)
        if "born" in parts:
            bench_born(root, args.jobs, args.born_pages)
        if "ocr" in parts:
            bench_ocr(root, args.jobs, args.ocr_pages)
    if "cer" in parts:
        bench_cer()
    if "agency" in parts:
        bench_agency(args.home)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"rss: peak {own:.0f} MiB in this process, {children:.0f} MiB in the largest child process")


if __name__ == "__main__":
    main()
