"""`accord check`: the store (the truth), the originals folder and the search index compared,
counts and a per-document stamp, every difference reported and, with repair, repaired where
the truth allows it.

  store -> files   each document's original exists, with its size (and, with hashes, its sha256);
                   an original no document names is an orphan (a run killed between copying
                   the file and committing its row)
  store -> index   each live document has exactly one index entry, whose stamp (a hash of the
                   entry's stored meta) is the one the store's record gives now; no entry for a
                   document that is gone

Repairs: the index entries are rewritten from the store; a missing or damaged original is
copied back from its source path when the bytes there still have its sha256; orphans older
than ORPHAN_GRACE_SECONDS are removed. What cannot be repaired stays in the report.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from corpus.blobs import original_key
from corpus.consistency import StoredDocument, original_files, stored_documents
from corpus.store import sha256_of_file

# A run that is copying an original right now commits its row a moment later: younger orphans
# are reported but never removed.
ORPHAN_GRACE_SECONDS = 3600


@dataclass
class Difference:
    kind: str                  # see KINDS
    document_id: int | None
    detail: str
    repaired: bool = False


KINDS = {
    "missing_original": "the document's original file is missing",
    "damaged_original": "the original's size or sha256 differs from the store's",
    "orphan_original": "a file in the originals folder that no document names",
    "unindexed": "a live document with no index entry",
    "stale_index": "the index entry differs from the store (stamp)",
    "duplicate_index": "more than one index entry for a document",
    "not_in_store": "an index entry for a document that is deleted or does not exist",
}


@dataclass
class CheckReport:
    store: int = 0             # live documents
    files: int = 0             # live documents whose original is present and intact
    index: int = 0             # index entries
    duplicates: int = 0        # index entries beyond one per document
    differences: list[Difference] = field(default_factory=list)

    @property
    def unrepaired(self) -> list[Difference]:
        return [d for d in self.differences if not d.repaired]

    @property
    def consistent(self) -> bool:
        return not self.unrepaired

    def as_dict(self) -> dict[str, Any]:
        return {"store": self.store, "files": self.files, "index": self.index, "duplicates": self.duplicates,
                "consistent": self.consistent, "differences": [asdict(d) for d in self.differences]}


def check(services, *, repair: bool = False, hashes: bool = False) -> CheckReport:
    report = CheckReport()
    documents = stored_documents(services.store)
    report.store = sum(not d.deleted for d in documents.values())
    _check_files(services.store, documents, report, repair=repair, hashes=hashes)
    _check_index(services, report, repair=repair)
    return report


def _check_files(store, documents: dict[int, StoredDocument], report: CheckReport, *, repair: bool,
                 hashes: bool) -> None:
    files = original_files(store)
    for doc in documents.values():
        found = files.get(doc.sha256)
        problem = None
        if found is None:
            problem = Difference("missing_original", doc.id, f"{store.blobs.where(original_key(doc.sha256))} is missing")
        elif found.size != doc.size or (hashes and store.stored_sha256(doc.sha256) != doc.sha256):
            problem = Difference("damaged_original", doc.id, f"{found.where} does not hold the stored bytes")
        if problem is None:
            report.files += not doc.deleted
            continue
        if repair:
            problem.repaired = _restore_original(store, doc)
            report.files += problem.repaired and not doc.deleted
        report.differences.append(problem)
    named = {doc.sha256 for doc in documents.values()}
    now = time.time()
    for sha256, found in sorted(files.items()):
        if sha256 in named:
            continue
        problem = Difference("orphan_original", None, f"{found.where} belongs to no document")
        if repair and now - found.mtime > ORPHAN_GRACE_SECONDS:
            store.blobs.delete(found.key)
            problem.repaired = True
        report.differences.append(problem)


def _restore_original(store, doc: StoredDocument) -> bool:
    """Copy the original back from where it was ingested, when the bytes there are still the
    same (a zip member or an attachment has no path of its own to copy from)."""
    source = Path(doc.source_path)
    if "!" in doc.source_path or not source.is_file():
        return False
    try:
        if sha256_of_file(source) != doc.sha256:
            return False
        store.blobs.delete(original_key(doc.sha256))   # a damaged copy is never overwritten in place
        store.keep_original(source, doc.sha256)
    except OSError:
        return False
    return True


def _check_index(services, report: CheckReport, *, repair: bool) -> None:
    index = services.index
    found = _index_differences(index.indexed_stamps(), index.expected_stamps(), report)
    if not (repair and found):
        return
    services.documents_changed(sorted({d.document_id for d in found}))
    # repaired means: checked again and gone; the counts are the repaired index's
    after = CheckReport()
    again = _index_differences(index.indexed_stamps(), index.expected_stamps(), after)
    report.index, report.duplicates = after.index, after.duplicates
    still = {(d.kind, d.document_id) for d in again}
    for difference in found:
        difference.repaired = (difference.kind, difference.document_id) not in still
    report.differences.extend(d for d in again if (d.kind, d.document_id) not in
                              {(f.kind, f.document_id) for f in found})


def _index_differences(indexed: dict[int, list[str]], expected: dict[int, str],
                       report: CheckReport) -> list[Difference]:
    found: list[Difference] = []
    report.index = sum(len(stamps) for stamps in indexed.values())
    report.duplicates = sum(len(stamps) - 1 for stamps in indexed.values())
    for document_id, stamp in expected.items():
        stamps = indexed.get(document_id)
        if not stamps:
            found.append(Difference("unindexed", document_id, "not in the search index"))
        elif len(stamps) > 1:
            found.append(Difference("duplicate_index", document_id, f"{len(stamps)} index entries"))
        elif stamps[0] != stamp:
            found.append(Difference("stale_index", document_id, "index entry older than the store"))
    for document_id in sorted(indexed.keys() - expected.keys()):
        found.append(Difference("not_in_store", document_id, "indexed, but deleted or absent in the store"))
    report.differences.extend(found)
    return found
