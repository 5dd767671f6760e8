"""The search index's two in-process lock waits (whoosh's write lock, the build lock beside the
folder) give up with IndexLocked once their wait has passed, and go on once the lock is free."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from whoosh import index as windex

from corpus.access import Principal
from corpus.errors import IndexLocked
from search import index as search_index
from search import writing
from search.index import SearchIndex
from search.schema import IndexRecord


class ThreeAgreements:
    def records(self):
        for i in range(1, 4):
            yield IndexRecord(id=i, filename=f"a{i}.pdf", title=f"Agreement {i}", text=f"memorandum number {i}",
                              visibility_tokens=["*"])

    def record(self, document_id):
        return None

    def pages(self, document_ids):
        return {}


def _total(index: SearchIndex) -> int:
    return index.search("memorandum", principal=Principal("ada", "admin")).total


def test_a_write_gives_up_while_another_writer_holds_the_lock_and_goes_on_once_it_is_free(tmp_path, monkeypatch):
    index = SearchIndex(tmp_path / "index", ThreeAgreements(), warm=False)
    monkeypatch.setattr(writing, "LOCK_WAIT_SECONDS", 0.2)
    other = windex.open_dir(str(tmp_path / "index")).lock("WRITELOCK")   # another process's writer
    assert other.acquire(blocking=False)
    try:
        with pytest.raises(IndexLocked, match="stayed locked by another writer"):
            index.delete_document(1)
    finally:
        other.release()
    index.delete_document(1)
    assert _total(index) == 2
    index.close()


def test_a_rebuild_gives_up_while_another_process_builds_and_names_the_folder(tmp_path, monkeypatch):
    index = SearchIndex(tmp_path / "index", ThreeAgreements(), warm=False)
    monkeypatch.setattr(search_index, "BUILD_WAIT_SECONDS", 0.2)
    target = Path(os.path.realpath(tmp_path / "index"))
    with open(target.parent / f".{target.name}.build-lock", "a") as builder:   # another process building
        fcntl.flock(builder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(IndexLocked, match=f"building the search index in {target}"):
            index.rebuild()
        fcntl.flock(builder, fcntl.LOCK_UN)
    assert index.rebuild() == 3
    index.close()
