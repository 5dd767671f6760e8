"""Known-item search on the 76 ICE 287(g) agreements: the agency's name as the query
should rank that agency's agreement first (goal: >= 95 % of documents).

    .venv/bin/python bench/known_item.py --home /work/scratch/home-287g   # an ingested (OCR'd) store
    .venv/bin/python bench/known_item.py                                  # text layers via pypdfium2

With --home the store's database is copied to a temporary home (the original is only
read) and the index is built from it by the facade's rebuild; without it, each PDF's
text layer is indexed directly (image-only scans then have no text and are reported
separately).
"""
from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.access import SYSTEM  # noqa: E402
from corpus.config import load_config  # noqa: E402
from corpus.store import Store  # noqa: E402
from search import SearchIndex, open_index  # noqa: E402
from search.schema import IndexRecord  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "agreements_287g"


class PdfSource:
    def __init__(self, rows):
        import pypdfium2
        self.pages = {}
        for i, row in enumerate(rows, start=1):
            pdf = pypdfium2.PdfDocument(str(DATA / row["file"]))
            self.pages[i] = [(n + 1, pdf[n].get_textpage().get_text_range()) for n in range(len(pdf))]
            pdf.close()
        self.rows = rows

    def records(self):
        for i, row in enumerate(self.rows, start=1):
            yield IndexRecord(id=i, filename=Path(row["file"]).name, title="",
                              text="\n".join(t for _, t in self.pages[i]), visibility_tokens=["*"])

    def record(self, document_id):
        return None

    def pages_of(self, ids):
        return {i: self.pages.get(i, []) for i in ids}


def copied_store(source_home: Path, folder: Path) -> Store:
    """A store over a copy of `source_home`'s database in `folder`, so a bench never writes to the
    repository it reads (its index is rebuilt there from the store)."""
    home = folder / "home"
    home.mkdir()
    for name in ("accord.db", "accord.db-wal", "accord.db-shm"):
        if (source_home / name).exists():
            shutil.copy2(source_home / name, home / name)
    return Store(load_config(home, environ={}, overrides={"ACCORD_SECRET_KEY": "bench"}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, help="ACCORD_HOME of a store holding the ingested 287(g) PDFs")
    args = parser.parse_args()
    rows = list(csv.DictReader((DATA / "labels.csv").open(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        if args.home:
            store = copied_store(args.home, Path(tmp))
            index = open_index(store.config, store)
            from sqlalchemy import select
            from corpus.tables import DocumentRow
            with store.session() as session:
                by_sha = {sha: doc_id for doc_id, sha in session.execute(
                    select(DocumentRow.id, DocumentRow.sha256).where(DocumentRow.deleted_at.is_(None)))}
            expected = {i: by_sha.get(row["sha256"]) for i, row in enumerate(rows)}
            source_note = f"store {args.home} ({len(by_sha)} documents)"
        else:
            source = PdfSource(rows)
            source_obj = type("S", (), {"records": source.records, "record": source.record,
                                        "pages": lambda self, ids: source.pages_of(ids)})()
            index = SearchIndex(Path(tmp) / "index", source_obj)
            expected = {i: i + 1 for i in range(len(rows))}
            source_note = "text layers (pypdfium2)"
        first, misses, missing = 0, [], 0
        scanned_first = scanned_total = 0
        for i, row in enumerate(rows):
            target = expected[i]
            if target is None:
                missing += 1
                misses.append((row["agency"], "not in the store"))
                continue
            results = index.search(row["agency"].replace('"', " "), principal=SYSTEM, per_page=5, snippets=False)
            ranked = [h.id for h in results.hits]
            same_agency = {expected[j] for j, r in enumerate(rows) if r["agency"] == row["agency"]}
            ok = bool(ranked) and ranked[0] in same_agency   # an agency with two agreements: either one
            first += ok
            if row["scanned"] == "1":
                scanned_total += 1
                scanned_first += ok
            if not ok:
                where = ranked.index(target) + 1 if target in ranked else None
                misses.append((row["agency"] + (" [scan]" if row["scanned"] == "1" else ""),
                               f"rank {where}" if where else f"not in top 5 (total {results.total})"))
        index.close()
    n = len(rows)
    print(f"known-item on {n} 287(g) agreements from {source_note}")
    print(f"  agency name ranks its agreement first: {first}/{n} = {100 * first / n:.1f} %  (goal >= 95 %)")
    present = n - missing
    if missing:
        print(f"  of the {present} documents present in the store: {first}/{present} = "
              f"{100 * first / max(present, 1):.1f} %  ({missing} not ingested yet)")
    print(f"  image-only scans ranked first: {scanned_first}/{scanned_total}; text-layer PDFs: "
          f"{first - scanned_first}/{present - scanned_total}")
    for agency, why in misses:
        print(f"  miss: {agency}: {why}")


if __name__ == "__main__":
    main()
