"""Did a change to the ingest path change what it stores? Compares two homes that ingested the
same files (e.g. one by main, one by a branch): every document's exported record (fields with
evidence, metadata, labels), every label suggestion with its evidence, probability, margin and
rule, the page texts and word boxes, and the search results of some queries.

    .venv/bin/python bench/compare_homes.py HOME_A HOME_B [--query Q]...

Documents are matched by sha256; ids, times and paths under the home may differ. Prints each
difference and exits 1 when there is one.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from corpus.config import load_config  # noqa: E402
from corpus.documents import document_pages  # noqa: E402
from corpus.labels import history  # noqa: E402
from corpus.store import Store  # noqa: E402

QUERIES = ["agreement", "confidential information", "party:\"Immigration and Customs Enforcement\"", "type:287g",
           "effective:2019..2021", "terminate", "indemnify OR indemnification", "\"law enforcement\"", "*",
           "governing law", "scope:in_scope", "data sharing"]
VOLATILE = {"id", "ingested_at", "related", "parent_id", "duplicate_of"}


def accord(home: Path, *args: str) -> str:
    done = subprocess.run([str(REPO / ".venv" / "bin" / "accord"), "--home", str(home), *args],
                          capture_output=True, text=True, check=True)
    return done.stdout


def snapshot(home: Path, queries: list[str]) -> dict:
    records = [json.loads(line) for line in accord(home, "export", "--jsonl", "--with-text").splitlines() if line]
    store = Store(load_config(home, environ={}), migrate=False)
    by_id = {r["id"]: r["sha256"] for r in records}
    docs = {}
    for record in records:
        labels = [{k: v for k, v in label.to_dict().items() if k not in ("id", "document_id", "when")}
                  for label in history(store, record["id"])]
        pages = document_pages(store, record["id"]).pages
        docs[record["sha256"]] = {"record": {k: v for k, v in record.items() if k not in VOLATILE},
                                  "labels": labels, "pages": list(pages),
                                  "related": sorted((by_id.get(r.get("id")), r.get("kind") or r.get("relation"))
                                                    for r in record.get("related") or [])}
    store.dispose()
    searches = {}
    for query in queries:
        hits = json.loads(accord(home, "search", query, "--json", "--limit", "40"))
        searches[query] = {"total": hits.get("total"),
                           # equal scores come in id order, and ids follow the order files finished in
                           "hits": sorted(({**hit, "id": by_id.get(hit.get("id"))} for hit in hits.get("hits", [])),
                                          key=lambda hit: (-(hit.get("score") or 0), hit["id"] or ""))}
    return {"docs": docs, "searches": searches}


def diff(a, b, path: str, out: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in {'B' if key not in a else 'A'}")
            else:
                diff(a[key], b[key], f"{path}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {str(a)[:160]!r} != {str(b)[:160]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("home_a", type=Path)
    parser.add_argument("home_b", type=Path)
    parser.add_argument("--query", action="append", default=[])
    args = parser.parse_args()
    queries = args.query or QUERIES
    a, b = snapshot(args.home_a, queries), snapshot(args.home_b, queries)
    out: list[str] = []
    diff(a, b, "", out)
    print(f"{len(a['docs'])} documents in A, {len(b['docs'])} in B; {len(queries)} queries; "
          f"{sum(len(d['labels']) for d in a['docs'].values())} labels in A")
    for line in out[:200]:
        print(line)
    print(f"{len(out)} difference(s)")
    sys.exit(1 if out else 0)


if __name__ == "__main__":
    main()
