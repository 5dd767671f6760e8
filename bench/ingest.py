"""Ingest benchmark: prints figures, each beside a reference measured in the same run.

    nice -n 10 .venv/bin/python bench/ingest.py [--jobs 2] [--ocr-pages 24] [--born-pages 1500]
                                                [--only born,ocr,cer,agency] [--home DIR]...
                                                [--psm 1,4,6]

  born   born-digital pages/s of `accord ingest` (Services.ingest_batch, as the CLI calls it:
         detect, text layer, quality check, redaction pre-check, metadata, store, relations,
         classification, search index) beside pypdfium2's raw text extraction of the same
         files in one process (goal: >= 100 pages/s end to end); the CPU seconds per 1,000
         pages of the writer process and of the pool's workers (load-independent); the
         start-up: seconds (and writer CPU seconds) until the first file is done; then each
         stage's share in CPU seconds, timed one after the other in one process; load average
         printed beside
  ocr    OCR pages/s of run_batch with --jobs processes on image-only PDFs beside bare
         `tesseract --dpi DPI -l eng tsv` run --jobs at a time on the same page images the
         pipeline reads, pre-extracted (embedded scans, image-only pages rendered at their
         scans' dpi, or renders at 300 dpi) (goal: >= 90%)
  cer    character error rate per page on ../shared/data/ocr_groundtruth (whitespace
         normalised; goal <= 1%)
  agency for an existing home holding the 287(g) agreements (--home), how many of the 76
         contain the agency named in labels.csv (goal >= 74): exact, lenient, fuzzy, and
         named (documented naming equivalences, bench/agency.py)
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
from web.services import Services, _IndexBuffer  # noqa: E402
from ingest.pipeline import OcrTask, run_ocr  # noqa: E402
from ingest.quality import text_layer_problem  # noqa: E402

from bench.agency import bench_agency  # noqa: E402

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
    from ingest.pipeline import Limits, prepare_file
    limits = Limits.from_config(load_config("/nonexistent", environ={}, read_instance_file=False))
    chosen, pages = [], 0
    for path in candidates:
        texts = pdfium_pages(path)
        if any(text_layer_problem(t.replace("\r\n", "\n"), 40) for t in texts):
            continue
        # the pipeline's own check too (it also looks for page-sized scanned images)
        if prepare_file(str(path), str(path), limits).ocr_tasks:
            continue
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
    # What `accord ingest FILES --jobs N` runs (web/commands/ingest.py calls Services.ingest_batch):
    # workers read and describe the files, this process stores them, suggests labels and indexes.
    services = Services(_fresh_home(root, "born")[0])
    load_before = os.getloadavg()[0]
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = _children_cpu()
    first_stored: list[float] = []   # wall and writer CPU seconds when the first file was done

    def progress(state) -> None:   # as the CLI's progress line; called at once after each file
        if state.files_done and not first_stored:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            first_stored.extend((time.perf_counter() - started,
                                 usage.ru_utime + usage.ru_stime - own.ru_utime - own.ru_stime))
    started = time.perf_counter()
    result = services.ingest_batch([str(p) for p in files], jobs=jobs, actor="bench", progress=progress)
    seconds = time.perf_counter() - started
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    writer_cpu = own_after.ru_utime + own_after.ru_stime - own.ru_utime - own.ru_stime
    workers_cpu = _children_cpu() - children   # the pool's workers, ended (and reaped) with the batch
    pages = sum(r["pages"] for r in result.items)
    ocr_pages = sum(r["ocr_pages"] for r in result.items)
    indexed = len(services.index.indexed_stamps())
    services.close()
    load = os.getloadavg()[0]
    print(f"born: {len(files)} files, {pages} pages ({ocr_pages} OCR'd), counts {result.counts}, {indexed} indexed")
    print(f"born: accord ingest      {pages / seconds:8.1f} pages/s  ({seconds:.1f}s wall, --jobs {jobs}, "
          f"Services.ingest_batch as the CLI calls it: worker start-up, detect, text layer, quality, metadata, "
          f"store, relations, classification, search index; first-use model loads included)   goal >= 100")
    print(f"born: pypdfium2 raw text {raw_pages / raw_seconds:8.1f} pages/s  ({raw_seconds:.1f}s, 1 process)")
    # the wall figure depends on how busy the machine is (shared by other work); CPU seconds do not
    print(f"born: writer process (store, relations, label rows, index) {writer_cpu:.1f} CPU s = "
          f"{pages / writer_cpu:.0f} pages per writer CPU second; load average {load_before:.1f} before, "
          f"{load:.1f} after ({os.cpu_count()} cores)")
    # CPU seconds do not depend on how busy the machine is: the figures to compare across runs
    print(f"born: CPU s per 1,000 pages: writer {1000 * writer_cpu / pages:.2f}, workers {1000 * workers_cpu / pages:.2f} "
          f"(start-up, extraction, metadata, label suggestions), together {1000 * (writer_cpu + workers_cpu) / pages:.2f}"
          f"; on {os.cpu_count()} cores that allows at most "
          f"{pages / max(writer_cpu, (writer_cpu + workers_cpu) / (os.cpu_count() or 1)):.0f} pages/s")
    if first_stored:
        print(f"born: start-up: first file done {first_stored[0]:.2f}s after the call ({first_stored[1]:.2f} writer CPU s: "
              f"model check, pool start, index open); the rest {pages / (seconds - first_stored[0]):.1f} pages/s")
    bench_stages(root, files)


def bench_stages(root: Path, files: list[Path]) -> None:
    """Where the time goes: the same stage functions the ingest path calls, one after the other
    in this process, each timed on its own (the real run overlaps them across processes)."""
    from ingest.pipeline import Limits, describe, prepare_file, store_document
    services = Services(_fresh_home(root, "stages")[0])
    limits = Limits.from_config(services.config)
    store = services.store
    from web.ingest_labels import suggest_in_worker
    services.classifier.ensure_model()
    services.index   # noqa: B018 - opened (created) before the batch, as ingest_batch does
    # model loading is not per page: spaCy's and the classifier's, once per worker
    suggest_in_worker(services.config, describe(prepare_file(str(files[0]), "warm-up", limits).doc))
    seconds = dict.fromkeys(("extraction", "metadata", "classification", "store", "label rows", "index"), 0.0)
    pages, ids = 0, []

    def timed(stage: str, call):   # CPU seconds of this process: the machine may be busy
        begun = time.process_time()
        value = call()
        seconds[stage] += time.process_time() - begun
        return value
    for path in files:
        prepared = timed("extraction", lambda: prepare_file(str(path), str(path), limits))
        timed("metadata", lambda: describe(prepared.doc))
        labels = timed("classification", lambda: suggest_in_worker(services.config, prepared.doc))
        doc_id, _ = timed("store", lambda: store_document(store, prepared.doc, job_id=None, described=True))
        timed("label rows", lambda: services.classifier.store_computed(doc_id, labels))
        ids.append(doc_id)
        pages += len(prepared.doc.pages)
        if len(ids) == _IndexBuffer.BATCH:   # as the ingest's index buffer commits
            timed("index", lambda: services.documents_changed(ids))
            ids = []
    if ids:
        timed("index", lambda: services.documents_changed(ids))
    services.close()
    total = sum(seconds.values())
    shares = "; ".join(f"{stage} {s / total:.0%} ({pages / s:.0f} pages/s)" for stage, s in seconds.items() if s)
    print(f"born: stages, one process, {pages} pages in {total:.1f} CPU s = {pages / total:.1f} pages per CPU s: "
          f"{shares}")
    print("born:   workers: extraction = detect, text layer, quality, redaction boxes; metadata = ingest.metadata; "
          "classification = label suggestions (web/ingest_labels.py); writer: store = original, rows, relations; "
          f"label rows = storing the suggestions; index = one commit per {_IndexBuffer.BATCH} documents")


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


def _children_cpu() -> float:
    """CPU seconds of this process's children, with the processes they waited for: the finished
    ones (workers, the tesseracts they ran) and the living ones, read from /proc (the pool's fork
    server lives on after a batch; the workers it forked and reaped are counted in its own)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = usage.ru_utime + usage.ru_stime
    ticks = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue   # ended meanwhile
        if int(fields[1]) == os.getpid():   # ppid; then utime, stime, cutime, cstime (fields 14-17)
            seconds += sum(int(v) for v in fields[11:15]) / ticks
    return seconds


def tesseract_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"   # as the pipeline sets it (ingest/tesseract.py)
    return env


def bare_tesseract(images: list[tuple[Path, int]], jobs: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of `tesseract IMAGE stdout --dpi DPI -l eng tsv`, jobs at a time."""
    def one(item: tuple[Path, int]) -> None:
        path, dpi = item
        subprocess.run(["tesseract", str(path), "stdout", "--dpi", str(dpi), "-l", "eng", "tsv"],
                       capture_output=True, check=True, env=tesseract_env())
    cpu = _children_cpu()
    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - started, _children_cpu() - cpu


def bench_ocr(root: Path, jobs: int, min_pages: int) -> None:
    files = scanned_files(min_pages)
    if not files:
        print("ocr: skipped (../shared/data/agreements_287g is absent)")
        return
    import pypdfium2 as pdfium

    from ingest.pdf import embedded_scan, page_image, scans_dpi
    image_dir = root / "pages"
    image_dir.mkdir()
    # The reference reads the very images the pipeline reads: ingest.pdf.page_image gives the
    # embedded scan itself (at its own dpi) for a page that is one full-page scan, an image-only
    # page rendered at its scans' resolution, else the page rendered at 300 dpi. Also kept: every
    # page rendered at 300 dpi (the reference before page_image), for information.
    images: list[tuple[Path, int]] = []
    rendered: list[tuple[Path, int]] = []
    embedded = native = 0
    for n, path in enumerate(files):
        pdf = pdfium.PdfDocument(path)
        for index in range(len(pdf)):
            page = pdf[index]
            scan = embedded_scan(page)   # decodes the image: once, for both counts
            embedded += scan is not None
            native += scan is None and scans_dpi(page) is not None
            del scan
            target = image_dir / f"{n:02d}-{index:03d}-rendered.pgm"
            page.render(scale=300 / 72, grayscale=True).to_pil().save(target)
            rendered.append((target, 300))
            page.close()
            image, dpi = page_image(path, index, 300)
            target = image_dir / f"{n:02d}-{index:03d}.pgm"
            image.save(target)
            images.append((target, dpi))
        pdf.close()
    # The machine is shared: the reference runs before AND after ours, and CPU seconds are
    # compared too (they do not depend on what else the machine is doing).
    bare_before, bare_cpu = bare_tesseract(images, jobs)
    config, store = _fresh_home(root, "ocr")
    cpu = _children_cpu()
    started = time.perf_counter()
    result = run_batch(store, config, [str(p) for p in files], jobs=jobs)
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    our_cpu = _children_cpu() - cpu
    bare_after, _ = bare_tesseract(images, jobs)
    _, rendered_cpu = bare_tesseract(rendered, jobs)
    ocr_pages = sum(r["ocr_pages"] for r in result.items)
    store.dispose()
    bare_seconds = (bare_before + bare_after) / 2
    ours, bare = ocr_pages / seconds, len(images) / bare_seconds
    print(f"ocr: {len(files)} image-only PDFs, {len(images)} pages, {ocr_pages} OCR'd, counts {result.counts}; "
          f"page images: {embedded} embedded scans taken out of the PDF, {native} image-only pages rendered at "
          f"their scans' resolution, {len(images) - embedded - native} rendered at 300 dpi")
    print(f"ocr: accord run_batch      {ours:6.2f} pages/s  ({seconds:.1f}s, --jobs {jobs}: worker start-up, page image, "
          f"OCR, small-type re-read, OSD when needed, metadata, store)")
    print(f"ocr: bare tesseract        {bare:6.2f} pages/s  (mean of {bare_before:.1f}s before and {bare_after:.1f}s "
          f"after ours, {jobs} at a time, the same page images as ours: embedded scans or 300 dpi renders, "
          f"grayscale, same flags, --dpi of the image)")
    print(f"ocr: ratio (wall)          {ours / bare:6.1%}   goal >= 90%   load {os.getloadavg()[0]:.1f}")
    print(f"ocr: CPU seconds per page: ours {our_cpu / ocr_pages:.2f} (workers + their tesseracts), bare tesseract "
          f"{bare_cpu / len(images):.2f}; ratio {bare_cpu / len(images) / (our_cpu / ocr_pages):6.1%} "
          f"(writer process: {own.ru_utime + own.ru_stime:.1f}s in all)")
    # Where ours goes beyond bare tesseract: one worker's start-up (imports, spaCy model for the
    # metadata stage), measured here once in a fresh process, is paid by every worker of the pool.
    started_cpu = _children_cpu()
    subprocess.run([sys.executable, "-c", "import ingest.bulk, ingest.pipeline; "
                    "from ingest.metadata import nlp; nlp.pipeline()"], cwd=REPO, check=True, capture_output=True)
    startup = _children_cpu() - started_cpu
    without = (our_cpu - jobs * startup) / ocr_pages
    print(f"ocr: of ours, worker start-up {startup:.2f} CPU s x {jobs} workers = {jobs * startup / ocr_pages:.2f} s/page; "
          f"without it ours is {without:.2f} CPU s/page = {bare_cpu / len(images) / without:6.1%} of bare tesseract's "
          f"pages per CPU second (start-up is paid once per batch: a larger batch amortises it)")
    # CPU, not wall: this reference runs once, at another moment of a shared machine
    print(f"ocr: for information, bare tesseract on every page rendered at 300 dpi (the page images before "
          f"scans were taken at their own resolution): {rendered_cpu / len(rendered):.2f} CPU s/page; ours is "
          f"{rendered_cpu / len(rendered) / (our_cpu / ocr_pages):6.1%} of its pages per CPU second")


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


# pages whose transcription mixes languages: English, German, French, Spanish, Portuguese
PAGE_LANGUAGES = {"eurotext.tif": "eng+deu+fra+spa+por"}


def line_aligned_errors(text: str, truth: str) -> int:
    """An order-independent view (NOT the strict CER): each ground-truth line is paired with its
    closest OCR line (greedily, closest pairs first, each OCR line used once), the OCR lines are put
    in the ground truth's order (unpaired ones at the end), and the strict edit distance is taken
    again. A different reading order of columns stops counting; misread, missing or extra
    characters still count. Approximate: an OCR line running across two columns stays one line."""
    gold = [normalise(line) for line in truth.splitlines() if line.strip()]
    ours = [normalise(line) for line in text.splitlines() if line.strip()]
    pairs = sorted((edit_distance(o, g) / max(len(o), len(g)), gi, oi)
                   for gi, g in enumerate(gold) for oi, o in enumerate(ours))
    paired_gold: dict[int, int] = {}
    used: set[int] = set()
    for _score, gi, oi in pairs:
        if gi not in paired_gold and oi not in used:
            paired_gold[gi] = oi
            used.add(oi)
    ordered = [ours[paired_gold[gi]] for gi in range(len(gold)) if gi in paired_gold]
    ordered += [o for oi, o in enumerate(ours) if oi not in used]
    return edit_distance(normalise(" ".join(ordered)), normalise(" ".join(gold)))


def tesseract_text(image: Path, psm: int, lang: str) -> str:
    done = subprocess.run(["tesseract", str(image), "stdout", "--psm", str(psm), "-l", lang],
                          capture_output=True, check=True, env=tesseract_env())
    return done.stdout.decode("utf-8", errors="replace")


def bench_cer(psms: list[int]) -> None:
    folder = SHARED / "ocr_groundtruth"
    if not folder.is_dir():
        print("cer: skipped (../shared/data/ocr_groundtruth is absent)")
        return
    print("cer: strict = Levenshtein edits / ground-truth chars, whitespace normalised, in reading order; "
          "line-aligned = the same after putting OCR lines in the ground truth's line order (order-independent, "
          "for information only)")
    total_errors = total_folded = total_aligned = total_chars = 0
    variants: dict[int, list[int]] = {psm: [0, 0] for psm in psms}
    for image in sorted(folder.glob("*.tif")):
        truth_file = next((p for p in (image.with_suffix(".gold.txt"), image.with_suffix(".txt")) if p.exists()), None)
        if truth_file is None:
            continue
        raw_truth = unicodedata.normalize("NFC", truth_file.read_text(encoding="utf-8", errors="replace"))
        truth = normalise(raw_truth)
        lang = PAGE_LANGUAGES.get(image.name, "eng")
        started = time.perf_counter()
        result = run_ocr(OcrTask(str(image), "image", 0, 0, lang, 600))
        seconds = time.perf_counter() - started
        text = normalise(unicodedata.normalize("NFC", result.text))
        errors = edit_distance(text, truth)
        folded_errors = edit_distance(fold(text), fold(truth))
        aligned = line_aligned_errors(unicodedata.normalize("NFC", result.text), raw_truth)
        total_errors += errors
        total_folded += folded_errors
        total_aligned += aligned
        total_chars += len(truth)
        print(f"cer: {image.name:<18} strict {errors / len(truth):6.2%}  folded {folded_errors / len(truth):6.2%}  "
              f"line-aligned {aligned / len(truth):6.2%}  ({errors} edits / {len(truth)} chars, -l {lang}, psm 3, "
              f"confidence {result.confidence}, rotation {result.rotation}, {seconds:.1f}s)")
        for psm in psms:     # tesseract alone with another page segmentation mode, same language
            other = unicodedata.normalize("NFC", tesseract_text(image, psm, lang))
            strict_other = edit_distance(normalise(other), truth)
            aligned_other = line_aligned_errors(other, raw_truth)
            variants[psm][0] += strict_other
            variants[psm][1] += aligned_other
            print(f"cer:   tesseract --psm {psm:<2}     strict {strict_other / len(truth):6.2%}  "
                  f"line-aligned {aligned_other / len(truth):6.2%}")
    if total_chars:
        print(f"cer: all pages          strict {total_errors / total_chars:6.2%}  folded {total_folded / total_chars:6.2%}"
              f"  line-aligned {total_aligned / total_chars:6.2%}   goal <= 1% (strict)")
        for psm, (strict_other, aligned_other) in variants.items():
            print(f"cer: all pages, tesseract --psm {psm}: strict {strict_other / total_chars:6.2%}  "
                  f"line-aligned {aligned_other / total_chars:6.2%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--ocr-pages", type=int, default=24, help="about this many image-only pages")
    parser.add_argument("--born-pages", type=int, default=1500, help="about this many born-digital pages")
    parser.add_argument("--only", default="born,ocr,cer,agency")
    parser.add_argument("--psm", default="", help="cer: also run bare tesseract with these page segmentation "
                                                  "modes, e.g. 1,4,6 (the pipeline uses tesseract's default, 3)")
    parser.add_argument("--home", type=Path, action="append", default=[],
                        help="repository holding the 287(g) set (agency); repeat it to let a later home's "
                             "re-ingested documents replace an earlier one's")
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
        bench_cer([int(p) for p in args.psm.split(",") if p])
    if "agency" in parts:
        bench_agency(args.home)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"rss: peak {own:.0f} MiB in this process, {children:.0f} MiB in the largest child process")


if __name__ == "__main__":
    main()
