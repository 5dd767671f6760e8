"""CPU of the metadata stage (`ingest.pipeline.describe`, the function ingest's workers run) on a fixed set of
real documents, per 1,000 pages and per stage, beside a reference version of the code measured in the same run.

    nice -n 10 .venv/bin/python bench/metadata_speed.py [--data ../shared/data] [--store-287g DIR]
        [--reference DIR] [--rounds 2] [--profile 30] [--dump FILE]

The set: 282 text documents of contracts_cuad, nda_kleister (the first 104 of each), agreements_other and
records_related (each folder's files in name order, the gold's held-out third left out by its sha256 rule) read as ingest reads
a .txt file, and the 287(g) MOAs stored (OCR done) in --store-287g (an older schema: `cp -a` it and
`accord --home COPY migrate` first).

  --reference DIR  a checkout of the code to compare with (e.g. `git archive main | tar -x -C DIR`): each
                   round runs the reference, then this checkout, each in a fresh process (old, new, old, new),
                   and prints each stage's CPU seconds per 1,000 pages side by side with the ratio
  --profile N      cProfile over one pass: the N functions with the most own time
  --dump FILE      every extracted field of every document (title, parties with kinds, dates with roles and
                   evidence, term, signatories, 287(g) agency/state/model, ...) as JSON lines: dump with the
                   old and the new code and `cmp` the two files to show that a change leaves the output alone

CPU seconds are the process's user + system time (time.process_time), not wall time, so other programs on
the machine change them little. A stage is a function the metadata stage calls, timed where it is called
from; "other" is what no listed stage covers (the kind hint, the 287(g) test, the title property). Sub-stages (indented) are part of the stage above them.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEXT_FOLDERS = ("contracts_cuad", "nda_kleister", "agreements_other", "records_related")
# the first 104 contracts and NDAs: 282 text documents in all, a pass of a little over half a minute
FOLDER_LIMITS = {"contracts_cuad": 104, "nda_kleister": 104}
# (label, module, attribute, indented): where the metadata stage calls each stage, so replacing the
# attribute there times every call of it
STAGES = (
    ("page_rejoined", "ingest.metadata.line_ends", "page_rejoined", False),
    ("running_headers", "ingest.metadata.heading", "running_headers", False),
    ("title_block", "ingest.metadata.heading", "title_block", False),
    ("parties", "ingest.metadata", "_party_fields", False),
    ("dates", "ingest.metadata", "_date_fields", False),
    ("all_dates", "ingest.metadata.terms", "all_dates", True),
    ("signature_dates", "ingest.metadata", "signature_dates", True),
    ("assign_roles", "ingest.metadata.date_roles", "assign_roles", True),
    ("effective_date", "ingest.metadata.terms", "effective_date", True),
    ("find_term", "ingest.metadata.terms", "find_term", True),
    ("signatories", "ingest.metadata", "_signatory_fields", False),
    ("authorities", "ingest.metadata", "authority_fields", False),
    ("jurisdiction", "ingest.metadata", "_jurisdiction", False),
    ("markings", "ingest.metadata", "foia_fields", False),
    ("restricted", "ingest.metadata", "restricted_fields", False),
    ("pii", "ingest.metadata", "pii_fields", False),
    ("direction", "ingest.metadata", "_direction_field", False),
    ("near-duplicate sign", "ingest.signature", "sign", False),
)


def _held_out(sha256: str) -> bool:
    """The gold's held-out third (bench/metadata_gold.py held_out): never part of a development set."""
    return int(sha256[:8], 16) % 3 == 0


def load_documents(data: Path, store_home: Path | None) -> list:
    """The fixed set as Documents ready for describe (pages only, as ingest gives them to it)."""
    from corpus.document import FILE_PROPERTY, Document
    from ingest.formats import txt_pages
    docs = []
    for folder in TEXT_FOLDERS:
        labels = data / folder / "labels.csv"
        if not labels.is_file():
            continue
        column = "text" if folder in ("contracts_cuad", "nda_kleister") else "file"
        names = sorted({r[column] for r in csv.DictReader(labels.open(encoding="utf-8")) if r[column].endswith(".txt")})
        kept = 0
        for name in names:
            if kept == FOLDER_LIMITS.get(folder):
                break
            path = data / folder / name
            if not path.is_file():
                continue
            sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
            if not _held_out(sha256):
                kept += 1
                docs.append(Document(source_path=f"{folder}/{name}", filename=path.name, sha256=sha256,
                                     pages=txt_pages(path, path.name)))
    if store_home and (store_home / "accord.db").is_file():
        from corpus.config import load_config
        from corpus.documents import document_ids, load_document
        from corpus.store import Store
        store = Store(load_config(store_home), migrate=False)
        try:
            for kept in sorted((load_document(store, i) for i in document_ids(store)), key=lambda d: d.sha256):
                docs.append(Document(source_path=f"287g/{kept.filename}", filename=kept.filename, sha256=kept.sha256,
                                     pages=kept.pages, fields=[f for f in kept.fields if f.name == FILE_PROPERTY]))
        finally:
            store.dispose()
    return docs


def _fresh(doc):
    """A copy to describe: describe writes the fields in place, and each pass starts from the same input."""
    from corpus.document import Document
    return Document(source_path=doc.source_path, filename=doc.filename, sha256=doc.sha256, pages=doc.pages,
                    fields=list(doc.fields))


class StageTimer:
    """Replaces each stage function where the metadata stage calls it by one that adds up its CPU seconds
    (a call made inside a call of the same stage is not counted twice)."""

    def __init__(self) -> None:
        import importlib
        self.seconds: dict[str, float] = {}
        for label, module_name, attribute, _ in STAGES:
            module = importlib.import_module(module_name)
            if hasattr(module, attribute):
                setattr(module, attribute, self._timed(label, getattr(module, attribute)))

    def _timed(self, label: str, function):
        self.seconds[label] = 0.0
        running = [0]

        def timed(*args, **kwargs):
            if running[0]:
                return function(*args, **kwargs)
            running[0] += 1
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[label] += time.process_time() - start
                running[0] -= 1
        return timed


def measure(docs: list) -> dict:
    """One pass of describe over the set: {"pages", "docs", "total", "stages": {label: CPU s}}."""
    from ingest.metadata import nlp
    from ingest.pipeline import describe
    nlp.pipeline()                      # loaded once per worker process; not the stage's own cost
    describe(_fresh(docs[0]))           # first-call costs (regex compilation, the taxonomy) out of the figures
    timer = StageTimer()
    for label in timer.seconds:
        timer.seconds[label] = 0.0
    start = time.process_time()
    for doc in docs:
        describe(_fresh(doc))
    total = time.process_time() - start
    return {"pages": sum(len(d.pages) for d in docs), "docs": len(docs), "total": total, "stages": timer.seconds}


def dump(docs: list, out: Path) -> None:
    from ingest.pipeline import describe
    with out.open("w", encoding="utf-8") as f:
        for doc in docs:
            described = describe(_fresh(doc))
            fields = [asdict(field) for field in described.fields]
            signature = getattr(described, "minhash_signature", None)      # the near-duplicate signature
            f.write(json.dumps({"document": doc.source_path, "title": described.title, "fields": fields,
                                "warnings": described.warnings,
                                "signature": None if signature is None else [int(v) for v in signature]},
                               sort_keys=True, default=str) + "\n")
    print(f"{len(docs)} documents' fields written to {out}")


def profile(docs: list, top: int) -> None:
    import cProfile
    import pstats
    from ingest.metadata import nlp
    from ingest.pipeline import describe
    nlp.pipeline()
    describe(_fresh(docs[0]))
    profiler = cProfile.Profile()
    profiler.enable()
    for doc in docs:
        describe(_fresh(doc))
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def _per_thousand(seconds: float, pages: int) -> float:
    return seconds / max(1, pages) * 1000


def _run_child(code: Path, args: argparse.Namespace) -> dict:
    """One measuring pass in a fresh process importing the code under `code`."""
    command = [sys.executable, __file__, "--code", str(code), "--data", str(args.data), "--json"]
    if args.store_287g:
        command += ["--store-287g", str(args.store_287g)]
    env = dict(os.environ, PYTHONPATH=str(code))
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def compare(args: argparse.Namespace) -> None:
    runs: dict[str, list[dict]] = {"reference": [], "this": []}
    for round_ in range(args.rounds):
        for name, code in (("reference", args.reference), ("this", REPO)):
            result = _run_child(code, args)
            runs[name].append(result)
            print(f"round {round_ + 1} {name:9}: {result['docs']} docs, {result['pages']} pages, "
                  f"{result['total']:.2f} CPU s = {_per_thousand(result['total'], result['pages']):.2f} s per 1,000 pages",
                  flush=True)
    pages = runs["this"][0]["pages"]
    print(f"\nCPU s per 1,000 pages, mean of {args.rounds} alternated rounds (reference = {args.reference}):")
    print(f"  {'stage':20} {'reference':>10} {'this':>10} {'ratio':>7}")
    indented = {label for label, _m, _a, sub in STAGES if sub}
    labels = ["total"] + [label for label, *_ in STAGES if label in runs["this"][0]["stages"]] + ["other"]
    for label in labels:
        values = []
        for name in ("reference", "this"):
            def of(run: dict) -> float:
                if label == "total":
                    return run["total"]
                if label == "other":
                    return run["total"] - sum(v for k, v in run["stages"].items() if k not in indented)
                return run["stages"].get(label, 0.0)
            values.append(sum(of(r) for r in runs[name]) / len(runs[name]))
        ratio = values[1] / values[0] if values[0] else float("nan")
        shown = f"  {label}" if label in indented else label
        print(f"  {shown:20} {_per_thousand(values[0], pages):10.3f} {_per_thousand(values[1], pages):10.3f} {ratio:7.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--store-287g", type=Path, help="a migrated copy of the 287(g) store (pages OCR'd)")
    parser.add_argument("--reference", type=Path, help="a checkout of the code to compare with, run alternately")
    parser.add_argument("--rounds", type=int, default=2, help="alternated reference/this rounds (with --reference)")
    parser.add_argument("--profile", type=int, metavar="N", help="print cProfile's N functions with the most own time")
    parser.add_argument("--dump", type=Path, metavar="FILE", help="write every document's fields as JSON lines")
    parser.add_argument("--code", type=Path, default=REPO, help=argparse.SUPPRESS)    # the child's code
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)       # the child's output
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    if args.reference:
        compare(args)
        return
    docs = load_documents(args.data, args.store_287g)
    if not docs:
        print(f"no documents under {args.data} (and no store): nothing to measure")
        return
    if args.dump:
        dump(docs, args.dump)
    elif args.profile:
        profile(docs, args.profile)
    else:
        result = measure(docs)
        if args.json:
            print(json.dumps(result))
            return
        print(f"{result['docs']} docs, {result['pages']} pages: {result['total']:.2f} CPU s = "
              f"{_per_thousand(result['total'], result['pages']):.2f} s per 1,000 pages")
        for label, seconds in result["stages"].items():
            print(f"  {label:20} {_per_thousand(seconds, result['pages']):8.3f}")


if __name__ == "__main__":
    main()
