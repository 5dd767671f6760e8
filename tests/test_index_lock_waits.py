"""The search index's two in-process lock waits (whoosh's write lock, the build lock beside the
folder) give up with IndexLocked once their wait has passed, and go on once the lock is free."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from whoosh import index as windex

from corpus.errors import IndexLocked
from index_sources import ThreeAgreements, memoranda
from search import index as search_index
from search import writing
from search.index import SearchIndex


@pytest.fixture
def index(tmp_path):
    """A three-document index whose folder another writer or builder is about to lock."""
    index = SearchIndex(tmp_path / "index", ThreeAgreements(), warm=False)
    yield index
    index.close()


def test_a_write_gives_up_while_another_writer_holds_the_lock_and_goes_on_once_it_is_free(index, tmp_path,
                                                                                          monkeypatch):
    monkeypatch.setattr(writing, "LOCK_WAIT_SECONDS", 0.2)
    other = windex.open_dir(str(tmp_path / "index")).lock("WRITELOCK")   # another process's writer
    assert other.acquire(blocking=False)
    try:
        with pytest.raises(IndexLocked, match="stayed locked by another writer"):
            index.delete_document(1)
    finally:
        other.release()
    index.delete_document(1)
    assert memoranda(index) == 2


def test_a_rebuild_gives_up_while_another_process_builds_and_names_the_folder(index, tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "BUILD_WAIT_SECONDS", 0.2)
    target = Path(os.path.realpath(tmp_path / "index"))
    with open(target.parent / f".{target.name}.build-lock", "a") as builder:   # another process building
        fcntl.flock(builder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(IndexLocked, match=f"building the search index in {target}"):
            index.rebuild()
        fcntl.flock(builder, fcntl.LOCK_UN)
    assert index.rebuild() == 3
