"""Known-item search on real documents: 40 natural questions (bench/known_item_real.jsonl),
each answered by one document of ../shared/data (287(g) agreements, other agreements,
related records), written as a new user would before any tuning. Prints MRR@10 (goal
>= 0.90) and every question whose document is not first.

Each question goes through the call the web page, the API and `accord search` make
(`index.search(question, principal=..., per_page=...)`, default rule, no override).

    # a repository holding the documents, ingested the way users ingest them:
    cp -a /work/scratch/home-287g /tmp/ki-home            # the 287(g) set, OCR'd (read-only: copy it)
    accord --home /tmp/ki-home ingest ../shared/data/{agreements_other,records_related}/{pdf,txt}   # not labels.csv
    .venv/bin/python bench/known_item_real.py --home /tmp/ki-home

The store's database is copied to a temporary home (the given one is only read) and the
index is rebuilt from it; documents are found by the sha256 beside each question.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.access import SYSTEM  # noqa: E402
from corpus.documents import find_by_sha256  # noqa: E402
from known_item import copied_store  # noqa: E402
from search import open_index  # noqa: E402

QUESTIONS = Path(__file__).with_name("known_item_real.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, required=True, help="ACCORD_HOME of a store holding the documents")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    args = parser.parse_args()
    questions = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        store = copied_store(args.home, Path(tmp))
        index = open_index(store.config, store)
        reciprocal, misses, absent = [], [], 0
        for q in questions:
            target = find_by_sha256(store, q["sha256"])
            if target is None:
                absent += 1
                misses.append((q["question"], "document not in the store"))
                continue
            results = index.search(q["question"], principal=SYSTEM, per_page=10, snippets=False)
            ranked = [h.id for h in results.hits]
            rank = ranked.index(target) + 1 if target in ranked else None
            reciprocal.append(1 / rank if rank else 0.0)
            if rank != 1:
                top = results.hits[0].filename if results.hits else "-"
                misses.append((q["question"], f"rank {rank or '>10'} of {results.total} ({results.rule}); "
                                              f"first: {top}"))
        index.close()
        store.dispose()
    n = len(reciprocal)
    print(f"known-item on real documents: {len(questions)} questions, {n} documents found in {args.home}")
    if n:
        print(f"  MRR@10: {sum(reciprocal) / n:.3f}  (goal >= 0.90); first: {sum(r == 1 for r in reciprocal)}/{n}")
    if absent:
        print(f"  {absent} documents not in the store")
    for question, why in misses:
        print(f"  miss: {question!r}: {why}")


if __name__ == "__main__":
    main()
