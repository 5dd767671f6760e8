"""Do two homes ingested from the same files hold the same results? (a check for speed work)

    .venv/bin/python bench/same_ingest.py HOME_A HOME_B [--query Q]...

Compares, document by document (matched by sha256: ids depend on the order files finished in):
the record `accord export --with-text` prints (title, page texts and sources, redaction boxes,
fields with evidence and attributes, current labels, relations), every label row (suggestions
with their confidence, margin, rule, evidence and model version), the search index's stored
entry and every posting (field, term, frequency) of the index, and the hits of some searches
(as `accord search` answers them), the ingest journal's rows (per file: status, the documents it
became or duplicated, pages, errors, worker) and the audit events (actor, action, target, details).
Prints each difference and exits 1 when there is any.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from corpus import audit, journal  # noqa: E402
from corpus.config import load_config  # noqa: E402
from corpus.documents import document_ids, document_record  # noqa: E402
from corpus.labels import history  # noqa: E402
from corpus.access import SYSTEM  # noqa: E402
from corpus.store import Store  # noqa: E402
from search import open_index  # noqa: E402

QUERIES = ["agreement", "memorandum of agreement", '"immigration and customs enforcement"', "sheriff",
           "confidential information", "party:county", "type:287g", "type:nda", "effective:2019..2021",
           "expires:<2030-01-01", "governing law", "terminate~", "indemnif*", "data sharing", "287(g)",
           "warrant service officer", "jail enforcement model", "non-disclosure agreement", "*",
           "signed in 2020", "title:agreement", "properties:memorandum", "foia:b6", "task force"]

# what differs between two ingests of the same files without saying anything about the results
VOLATILE = {"id", "ingested_at", "source_paths", "parent_id", "duplicate_of"}


class Home:
    def __init__(self, path: str):
        self.config = load_config(path, environ={}, overrides={"ACCORD_SECRET_KEY": "bench"})
        self.store = Store(self.config, migrate=False)
        self.ids = document_ids(self.store)
        self.records = {i: document_record(self.store, i, with_text=True) for i in self.ids}
        self.sha = {i: r["sha256"] for i, r in self.records.items()}

    def by_sha(self) -> dict[str, dict]:
        out = {}
        for i, record in self.records.items():
            record = {k: v for k, v in record.items() if k not in VOLATILE}
            record["parent"] = self.sha.get(self.records[i]["parent_id"])
            record["duplicate_of"] = self.sha.get(self.records[i]["duplicate_of"])
            record["related"] = sorted((r["type"], self.sha.get(r["id"]), r["score"]) for r in record["related"])
            record["label_rows"] = [(lb.kind, lb.value, lb.source, lb.status, lb.confidence, lb.margin,
                                     lb.model_version, lb.rule, lb.evidence) for lb in history(self.store, i)]
            out[self.records[i]["sha256"]] = record
        return out

    def index_contents(self) -> tuple[dict, dict]:
        """(sha -> stored index entry, (field, term) -> sorted (sha, frequency) postings)."""
        index = open_index(self.config, self.store)
        stored, postings = {}, {}
        with index._ix.reader() as reader:   # noqa: SLF001 - a check reads the raw index
            docs = {n: fields for n, fields in reader.iter_docs()}
            for n, fields in docs.items():
                meta = dict(fields.get("meta") or {})
                meta.pop("id", None)
                meta.pop("ingested", None)   # the day it was ingested
                stored[self.sha[int(fields["id"])]] = meta
            for field_name, term in reader.all_terms():
                if field_name == "id":
                    continue
                matcher = reader.postings(field_name, term)
                items = []
                while matcher.is_active():
                    items.append((self.sha[int(docs[matcher.id()]["id"])], matcher.weight()))
                    matcher.next()
                postings[(field_name, term)] = sorted(items)
        index.close()
        return stored, postings

    def journal_rows(self) -> dict[str, tuple]:
        """Per file of every job: its journal row, document ids as sha256 (ids follow the finishing order)."""
        rows = {}
        for job in journal.recent_jobs(self.store, limit=1000):
            for item in journal.items(self.store, job["id"]):
                rows[item["file"]] = (item["status"], self.sha.get(item["document_id"]),
                                      self.sha.get(item["duplicate_of"]), item["sha256"], item["pages"],
                                      item["ocr_pages"], item["error_code"], item["error"], item["worker"])
        return rows

    def audit_events(self) -> list[tuple]:
        """(actor, action, target, details) of every event, oldest first (time and hashes differ by run)."""
        events = audit.events(self.store, limit=1_000_000)
        return [(e["actor"], e["action"], e["target"], e["details"]) for e in reversed(events)]

    def search(self, query: str) -> list:
        index = open_index(self.config, self.store)
        try:
            found = index.search(query, principal=SYSTEM, per_page=200)
            # sorted: documents of equal score come in index order, which follows the ingest's order
            hits = sorted((self.sha[h.id], round(h.score, 6), h.page, h.snippet, h.type, h.scope) for h in found.hits)
            return hits, found.total, found.facets
        finally:
            index.close()


def compare(a: Home, b: Home, queries: list[str]) -> int:
    differences = 0

    def differ(what: str, left, right) -> None:
        nonlocal differences
        differences += 1
        if differences <= 40:
            print(f"DIFFERENT {what}:\n  A: {str(left)[:400]}\n  B: {str(right)[:400]}")
    records_a, records_b = a.by_sha(), b.by_sha()
    if records_a.keys() != records_b.keys():
        differ("documents", sorted(records_a.keys() - records_b.keys()), sorted(records_b.keys() - records_a.keys()))
    for sha in sorted(records_a.keys() & records_b.keys()):
        left, right = records_a[sha], records_b[sha]
        for key in sorted(left.keys() | right.keys()):
            if left.get(key) != right.get(key):
                differ(f"{left['filename']} {key}", left.get(key), right.get(key))
    stored_a, postings_a = a.index_contents()
    stored_b, postings_b = b.index_contents()
    for sha in sorted(stored_a.keys() | stored_b.keys()):
        if stored_a.get(sha) != stored_b.get(sha):
            differ(f"index entry {sha[:12]}", stored_a.get(sha), stored_b.get(sha))
    for key in sorted(postings_a.keys() | postings_b.keys()):
        if postings_a.get(key) != postings_b.get(key):
            differ(f"postings {key}", postings_a.get(key), postings_b.get(key))
    journal_a, journal_b = a.journal_rows(), b.journal_rows()
    for path in sorted(journal_a.keys() | journal_b.keys()):
        if journal_a.get(path) != journal_b.get(path):
            differ(f"journal {path}", journal_a.get(path), journal_b.get(path))
    events_a, events_b = a.audit_events(), b.audit_events()
    if events_a != events_b:
        differ("audit events", events_a, events_b)
    for query in queries:
        if a.search(query) != b.search(query):
            differ(f"search {query!r}", a.search(query), b.search(query))
    print(f"{len(records_a)} documents, {sum(len(r['label_rows']) for r in records_a.values())} label rows, "
          f"{len(postings_a)} index terms, {len(journal_a)} journal rows, {len(events_a)} audit events, "
          f"{len(queries)} searches compared: {differences} difference(s)")
    return differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home_a")
    parser.add_argument("home_b")
    parser.add_argument("--query", action="append", help="a search to compare (default: a built-in list)")
    args = parser.parse_args()
    sys.exit(1 if compare(Home(args.home_a), Home(args.home_b), args.query or QUERIES) else 0)


if __name__ == "__main__":
    main()
