"""Several processes (hosts sharing the index folder) opening a missing index at the same moment:
one builds it, the others wait for it and open what it built (each building its own and swapping
it in made them replace each other's folders, or fail on the swap)."""
from __future__ import annotations

import multiprocessing
from pathlib import Path

from index_sources import ThreeAgreements, memoranda
from search.index import SearchIndex

OPENERS = 3


def _open(folder: str, log: str, barrier, answers) -> None:
    barrier.wait()
    index = SearchIndex(Path(folder), ThreeAgreements(build_log=Path(log)), warm=False)
    answers.put(memoranda(index))
    index.close()


def test_processes_opening_a_missing_shared_index_at_once_build_it_once(tmp_path):
    ctx = multiprocessing.get_context("fork")
    barrier, answers = ctx.Barrier(OPENERS), ctx.Queue()
    shared = tmp_path / "shared"
    shared.mkdir()
    log = tmp_path / "builds.log"
    processes = [ctx.Process(target=_open, args=(str(shared / "index"), str(log), barrier, answers))
                 for _ in range(OPENERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [p.exitcode for p in processes] == [0] * OPENERS
    assert len(log.read_text().split()) == 1, "more than one process built the index"
    assert sorted(answers.get(timeout=10) for _ in range(OPENERS)) == [3] * OPENERS
    assert not [p.name for p in shared.iterdir() if ".new-" in p.name or ".old-" in p.name]
