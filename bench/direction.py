"""Data direction and scope from the text: how often the direction is found with evidence, and the scope.

    nice -n 10 .venv/bin/python bench/direction.py [--data ../shared/data] [--store HOME ...] [--demo 600]

Every document goes the way `accord ingest` + `accord classify` take it: ingest's metadata
extraction (parties, the data_direction field), then the classifier's scope rules on the text
(classifier.scope.scope_of_text, what ClassifierService.scope_for calls). Prints:
 1. the demo corpus (seed 4006, the one `accord demo` writes): for its ISAAs (MOU, MOA, MOC, LOI,
    pilot) and its other information-sharing agreements, the share whose data direction is found
    with an evidence sentence, agreement with the truth, and the scope against the truth (rules,
    counts by rule); base agreements and amendments (which do not restate the direction) apart;
 2. the 287(g) agreements (OCR'd pages from a store given with --store, matched by sha256, else the
    PDF's text layer): direction found with evidence, outcomes, and the scope given the type 287g;
 3. the real non-287(g) agreements (agreements_other, no direction labels): outcomes only.
Target: direction found with evidence for >= 80% of the demo's ISAAs and of the 287(g) agreements.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.classifier import DEFAULT_DATA, DEFAULT_STORES, line, pdf_documents, store_pages  # noqa: E402
from classifier.scope import presumed_scope, scope_of_text  # noqa: E402
from classifier.text import read_file  # noqa: E402
from corpus.demo.fast import iter_demo_texts  # noqa: E402
from corpus.document import Document, Page  # noqa: E402
from corpus.taxonomy import load_taxonomy  # noqa: E402
from ingest.metadata import extract_metadata  # noqa: E402

ISAA_TYPES = ("mou", "moa", "moc", "loi", "pilot")
SHARING_EXEMPT = ("isa", "ica", "cmaa")
MIN_READABLE_CHARS = 2000     # a scan without OCR text has nothing to read


def scope_path(pages: list[str], type_code: str, taxonomy) -> tuple:
    """(decision, direction reading) as `accord classify` reaches them: ingest's fields, then the rules."""
    doc = Document(source_path="bench", filename="bench", pages=[Page(i + 1, t) for i, t in enumerate(pages)])
    extract_metadata(doc, taxonomy)
    fields = [{"name": f.name, "value": f.value, "normalized": f.normalized} for f in doc.fields]
    decision, reading = scope_of_text(type_code, taxonomy, pages, fields)
    return decision or presumed_scope(type_code, taxonomy), reading


def _evidenced(reading, pages: list[str]) -> bool:
    """Found, and the deciding sentence is where its offsets say."""
    s = reading.deciding
    return s is not None and " ".join(pages[s.page - 1][s.start:s.end].split()) == s.sentence


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.1%})" if d else "0/0"


def bench_demo(count: int, taxonomy) -> None:
    line(f"demo corpus (seed 4006, {count} documents): data direction and scope")
    rows = {"ISAAs (mou/moa/moc/loi/pilot)": [], "exempt sharing types (isa/ica/cmaa)": []}
    started, n_docs = time.perf_counter(), 0
    for truth, pages in iter_demo_texts(count, seed=4006):
        group = ("ISAAs (mou/moa/moc/loi/pilot)" if truth.doc_type in ISAA_TYPES else
                 "exempt sharing types (isa/ica/cmaa)" if truth.doc_type in SHARING_EXEMPT else None)
        if group is None:
            continue
        decision, reading = scope_path(pages, truth.doc_type, taxonomy)
        rows[group].append((truth, decision, reading, _evidenced(reading, pages)))
        n_docs += 1
    seconds = time.perf_counter() - started
    for group, items in rows.items():
        base = [r for r in items if not r[0].parent]
        amendments = [r for r in items if r[0].parent]
        print(f"{group}: {len(base)} base agreements, {len(amendments)} amendments")
        found = sum(r[3] for r in base)
        print(f"  direction found with evidence: {_pct(found, len(base))}   target >= 80%: "
              f"{'MET' if base and found / len(base) >= 0.8 else 'NOT MET'}")
        same = sum(r[2].outcome == r[0].data_direction for r in base)
        print(f"  outcome equal to the truth's data_direction: {_pct(same, len(base))}")
        print(f"  amendments with a direction found (their text does not restate it): "
              f"{_pct(sum(r[3] for r in amendments), len(amendments))}")
        print(f"  outcomes: {dict(Counter(r[2].outcome for r in base))}; truth: "
              f"{dict(Counter(r[0].data_direction for r in base))}")
        right = sum(r[1].code == r[0].scope for r in items)
        print(f"  scope equal to the truth: {_pct(right, len(items))} (amendments included); by rule: "
              f"{dict(Counter(r[1].rule for r in items))}")
        for truth, decision, reading, _ in [r for r in items if r[1].code != r[0].scope][:6]:
            print(f"    {truth.file} {truth.doc_type}: truth {truth.scope} / {truth.data_direction}, got "
                  f"{decision.code} ({decision.rule}); {reading.summary()[:150]}")
    print(f"({n_docs} documents through metadata extraction + scope in {seconds:.1f} s)")


def bench_287g(data: Path, stores: list[Path], taxonomy) -> None:
    line("287(g) agreements: data direction and scope")
    paths = sorted((data / "agreements_287g" / "pdf").glob("*.pdf"))
    if not paths:
        print(f"(no 287(g) PDFs under {data})")
        return
    ocr = store_pages(stores)
    docs, from_store = pdf_documents(paths, ocr)
    print(f"{len(paths)} agreements; {from_store} read from a store's OCR text, the rest from their text layer")
    outcomes, found, unreadable, exempt, named, forms = Counter(), 0, 0, 0, 0, Counter()
    for path, doc in zip(paths, docs):
        pages = list(doc.pages)
        decision, reading = scope_path(pages, "287g", taxonomy)
        readable = sum(len(p) for p in pages) >= MIN_READABLE_CHARS
        unreadable += not readable
        outcomes[reading.outcome if readable else f"unreadable ({reading.outcome})"] += 1
        ok = _evidenced(reading, pages)
        found += ok
        exempt += decision.code == "exempt:287g"
        named += decision.code == "exempt:287g" and not decision.unsure
        forms.update(s.form for s in reading.supporting)
        if not ok and readable:
            print(f"    not found: {path.name[:70]}")
    print(f"direction found with evidence: {_pct(found, len(paths))} of all; "
          f"{_pct(found, len(paths) - unreadable)} of those with readable text   target >= 80%: "
          f"{'MET' if found / len(paths) >= 0.8 else 'NOT MET (see the unreadable count)'}")
    print(f"outcomes: {dict(outcomes)}; evidence forms: {dict(forms)}")
    print(f"scoped exempt:287g given the type 287g: {_pct(exempt, len(paths))}; of which the text names "
          f"287(g) (not marked unsure): {named}")


def bench_other(data: Path, taxonomy) -> None:
    line("real non-287(g) agreements (agreements_other): data direction outcomes (no labels)")
    labels = data / "agreements_other" / "labels.csv"
    if not labels.is_file():
        print(f"(no {labels})")
        return
    outcomes = Counter()
    with labels.open() as handle:
        for row in csv.DictReader(handle):
            try:
                doc = read_file(data / "agreements_other" / row["file"])
            except Exception as exc:   # noqa: BLE001 - a file the reader refuses is counted, not fatal
                outcomes[f"unreadable ({type(exc).__name__})"] += 1
                continue
            _, reading = scope_path(list(doc.pages), row["type"], taxonomy)
            outcomes[(row["type"], reading.outcome)] += 1
    print(dict(sorted(outcomes.items(), key=str)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--store", type=Path, action="append", help="ACCORD_HOME of a store with OCR'd pages")
    parser.add_argument("--demo", type=int, default=600, help="demo documents to generate (seed 4006)")
    args = parser.parse_args()
    taxonomy = load_taxonomy()
    if args.demo > 0:
        bench_demo(args.demo, taxonomy)
    if args.data.is_dir():
        stores = args.store or [s for s in DEFAULT_STORES if s.is_dir()]
        bench_287g(args.data, stores, taxonomy)
        bench_other(args.data, taxonomy)
    else:
        print(f"(no data folder at {args.data}: real-document sections skipped)")


if __name__ == "__main__":
    main()
