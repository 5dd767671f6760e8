"""The demo corpus's metadata, scored on the path users take: `accord demo` writes its files (PDFs, a
third of them scanned, and a few .txt/.docx/.png/.tiff/.eml), `Services.ingest_batch` (what
`accord ingest` runs) stores them, and each stored document is scored against the generator's truth
with the same per-field checks as `bench/metadata.py --demo` (which reads the generator's page texts).

    nice -n 10 .venv/bin/python bench/metadata_demo.py [--count 120] [--seed 4006]

Prints, per field, the share of documents whose field was recovered (goal >= 0.95), for all
documents and apart for scanned and born-digital ones, and the misses of the fields below the goal.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.config import load_config  # noqa: E402
from corpus.demo import demo_truth, write_demo_corpus  # noqa: E402
from corpus.documents import document_ids, load_document  # noqa: E402
from metadata import demo_field_scores  # noqa: E402 (bench/ is on sys.path when run as a script)
from web.services import Services  # noqa: E402


def stored_by_truth(services: Services, truths: list) -> dict[str, object]:
    """Truth file name -> the stored Document it describes (an e-mail's truth describes its attachment)."""
    docs = [load_document(services.store, i) for i in document_ids(services.store)]
    by_name = {doc.filename: doc for doc in docs if doc.parent_id is None}
    children: dict[int, list] = {}
    for doc in docs:
        if doc.parent_id is not None:
            children.setdefault(doc.parent_id, []).append(doc)
    out = {}
    for truth in truths:
        doc = by_name.get(truth.file)
        if doc is not None and truth.format == "eml":
            doc = next(iter(children.get(doc.id, [])), doc)
        if doc is not None:
            out[truth.file] = doc
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=120, help="demo documents (120: `accord demo`'s default)")
    parser.add_argument("--seed", type=int, default=4006, help="the generator's seed (4006: its default)")
    parser.add_argument("--misses", type=int, default=8, help="misses listed per field below the goal")
    parser.add_argument("--keep", type=Path, help="write the corpus and the repository here and keep them (to study misses)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or scratch
        folder = write_demo_corpus(Path(root) / "demo-source", count=args.count, seed=args.seed, jobs=2)
        truths = demo_truth(folder)
        services = Services(load_config(Path(root) / "home", environ={}, overrides={"ACCORD_SECRET_KEY": "bench"}))
        try:
            start = time.perf_counter()
            result = services.ingest_batch([str(folder)], actor="bench")
            seconds = time.perf_counter() - start
            failed = [item for item in result.items if item.get("status") == "failed"]
            stored = stored_by_truth(services, truths)
        finally:
            services.close()
    print(f"demo corpus through ingest ({len(truths)} files, seed {args.seed}): {len(stored)} stored and matched, "
          f"{len(failed)} failed, ingest {seconds:.1f} s")
    groups = {"all": truths, "scanned": [t for t in truths if t.scanned],
              "born-digital": [t for t in truths if not t.scanned]}
    hits = {g: Counter() for g in groups}
    totals = {g: Counter() for g in groups}
    misses: dict[str, list[str]] = {}
    for name, members in groups.items():
        for truth in members:
            doc = stored.get(truth.file)
            if doc is None:
                totals[name]["stored"] += 1
                continue
            hits[name]["stored"] += 1
            totals[name]["stored"] += 1
            for field, ok in demo_field_scores(truth, doc).items():
                totals[name][field] += 1
                hits[name][field] += ok
                if not ok and name == "all":
                    misses.setdefault(field, []).append(f"{truth.file} ({'scanned' if truth.scanned else truth.format})")
    print(f"  {'field':24} " + "  ".join(f"{g:>20}" for g in groups) + "   (goal >= 0.95)")
    for field in sorted(totals["all"]):
        cells = [f"{hits[g][field] / totals[g][field]:.3f} ({hits[g][field]:>3}/{totals[g][field]:>3})"
                 if totals[g][field] else f"{'-':>20}" for g in groups]
        print(f"  {field:24} " + "  ".join(f"{c:>20}" for c in cells))
    for field, files in sorted(misses.items()):
        if hits["all"][field] / totals["all"][field] < 0.95:
            print(f"  misses, {field} ({len(files)}): {', '.join(files[:args.misses])}")


if __name__ == "__main__":
    main()
