"""A small stand-in for the store behind a search index (search.source's interface), for tests of
the index's own locking and building that need no store."""
from __future__ import annotations

import os
from pathlib import Path

from corpus.access import Principal
from search.schema import IndexRecord


class ThreeAgreements:
    """Three visible agreements, each saying "memorandum"; with `build_log`, each build (from
    whichever process) appends its pid there."""

    def __init__(self, build_log: Path | None = None):
        self.build_log = build_log

    def records(self):
        if self.build_log is not None:
            with open(self.build_log, "a") as out:
                out.write(f"{os.getpid()}\n")
        for i in range(1, 4):
            yield IndexRecord(id=i, filename=f"a{i}.pdf", title=f"Agreement {i}", text=f"memorandum number {i}",
                              visibility_tokens=["*"])

    def record(self, document_id):
        return None

    def pages(self, document_ids):
        return {}


def memoranda(index) -> int:
    """How many documents an admin finds for "memorandum"."""
    return index.search("memorandum", principal=Principal("ada", "admin")).total
