"""Relevance: nDCG@10 on the Cranfield collection through the path users take, beside a
plain BM25 reference (rank-bm25 over lower-cased word tokens) computed in the same run.

    .venv/bin/python bench/relevance.py [--data ../shared/data/ir_cranfield]

Graded judgments (1 = most relevant ... 4 = least, -1 = not relevant) become gains
5 - grade (4, 3, 2, 1) and 0. Queries are the odd-numbered ones in queries.jsonl, passed as
typed (punctuation and all) to the call the web page, the API and `accord search` make:
`index.search(query, principal=..., per_page=...)` with no operator override, so the
default rule applies (every word for short queries, most words for questions). The OR
mode (operator="or", the query's words only) is printed beside it.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.access import SYSTEM  # noqa: E402
from search import SearchIndex  # noqa: E402
from search.schema import IndexRecord  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ir_cranfield"


def read_cranfield(path: Path) -> dict[int, dict[str, str]]:
    docs: dict[int, dict[str, str]] = {}
    current, fieldname = None, None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(".I "):
            current = docs.setdefault(int(line.split()[1]), {"T": "", "A": "", "B": "", "W": ""})
            fieldname = None
        elif line[:2] in (".T", ".A", ".B", ".W") and len(line.strip()) == 2:
            fieldname = line[1]
        elif current is not None and fieldname:
            current[fieldname] += line + "\n"
    return docs


class MemorySource:
    def __init__(self, docs):
        self.docs = docs

    def records(self):
        for doc_id, d in sorted(self.docs.items()):
            yield IndexRecord(id=doc_id, filename=f"cran-{doc_id}", title=d["T"].strip(), text=d["W"],
                              visibility_tokens=["*"])

    def record(self, document_id):
        return None

    def pages(self, ids):
        return {i: [(1, self.docs[i]["W"])] for i in ids if i in self.docs}


def ndcg_at_10(ranked: list[int], gains: dict[int, int]) -> float:
    dcg = sum(gains.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(gains.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    docs = read_cranfield(args.data / "cran.all.1400")
    queries = [json.loads(line) for line in (args.data / "queries.jsonl").read_text().splitlines() if line.strip()]
    qrels: dict[int, dict[int, int]] = {}
    for line in (args.data / "qrels.tsv").read_text().splitlines():
        qid, doc, grade = (int(x) for x in line.split())
        qrels.setdefault(qid, {})[doc] = 5 - grade if grade > 0 else 0

    with tempfile.TemporaryDirectory() as tmp:
        index = SearchIndex(Path(tmp) / "index", MemorySource(docs))
        from rank_bm25 import BM25Okapi
        ids = sorted(docs)
        tokenize = lambda text: re.findall(r"\w+", text.lower())   # noqa: E731
        bm25 = BM25Okapi([tokenize(docs[i]["T"] + " " + docs[i]["W"]) for i in ids])
        ours, any_word, reference = [], [], []
        for q in queries:
            gains = qrels.get(q["qid"], {})
            if not any(gains.values()):
                continue
            results = index.search(q["text"], principal=SYSTEM, per_page=10, snippets=False, facets=False)
            ours.append(ndcg_at_10([h.id for h in results.hits], gains))
            words = " ".join(re.findall(r"[A-Za-z0-9]+", q["text"])).lower()
            results = index.search(words, principal=SYSTEM, per_page=10, operator="or", snippets=False, facets=False)
            any_word.append(ndcg_at_10([h.id for h in results.hits], gains))
            scores = bm25.get_scores(tokenize(words))
            top = sorted(range(len(ids)), key=lambda i: -scores[i])[:10]
            reference.append(ndcg_at_10([ids[i] for i in top], gains))
        index.close()
    mean = lambda xs: sum(xs) / len(xs)   # noqa: E731
    print(f"Cranfield, {len(ours)} judged odd-numbered queries, nDCG@10 (gain = 5 - grade)")
    print(f"  default path (as typed; web, API and CLI call): {mean(ours):.4f}  "
          f"= {mean(ours) / mean(reference):.3f} x reference (goal >= 1.05)")
    print(f"  OR mode (operator='or', words only):            {mean(any_word):.4f}")
    print(f"  reference (rank-bm25 Okapi, plain word tokens): {mean(reference):.4f}")


if __name__ == "__main__":
    main()
