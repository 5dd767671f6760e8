"""The live-update writer (search/writing.py). search/term_blocks.py writes a segment's postings a
whole term at a time: the files must be the bytes whoosh's own per-posting loop writes (postings,
term table, flat posting files), so the stock whoosh reader and the evaluator read them as before.
A plain commit merges small segments only once there are MERGE_AT_SEGMENTS of them."""
from __future__ import annotations

import hashlib
from pathlib import Path

from whoosh import index as windex
from whoosh.reading import SegmentReader

from search import whoosh_adapter
from search.analysis import text_terms
from search.schema import IndexRecord, index_fields, make_schema
from search import writing
from search.writing import LiveSegmentWriter

WORDS = ["agreement", "sharing", "records", "county", "sheriff", "data", "party", "term", "notice", "breach"]


def _records(start: int, count: int) -> list[IndexRecord]:
    # varied frequencies (weights other than 1, equal and unequal within a block), keywords, parties,
    # notes, and one word in every document: with more than 1,024 documents its postings take
    # several blocks
    return [IndexRecord(id=i, filename=f"file_{i}.pdf", title=f"Agreement {i % 7} county",
                        text=" ".join(["everywhere"] + [WORDS[(i * k) % len(WORDS)] for k in range(i % 13 + 1)]
                                      + [f"word{i % 97}"] * (i % 3 + 1)),
                        type="mou" if i % 2 else "moa", scope=["", "sharing"][i % 2], parties=[f"Party {i % 5}"],
                        flags=["pii"] if i % 11 == 0 else [], effective_date=f"20{10 + i % 15}-01-0{1 + i % 9}",
                        visibility_tokens=["*"] if i % 4 else ["user:ann"], notes=["checked"] if i % 9 == 0 else [])
            for i in range(start, start + count)]


def _write(folder: Path, batches: list[list[IndexRecord]], deleted: list[int]) -> Path:
    folder.mkdir()
    windex.create_in(str(folder), make_schema())
    ix = windex.open_dir(str(folder))
    for number, batch in enumerate(batches):
        writer = LiveSegmentWriter(ix, 64)
        for record in batch:
            writer.update_document(**index_fields(record))
        if number == len(batches) - 1:
            for document_id in deleted:
                writer.delete_by_term("id", str(document_id))
        # the last commit merges every segment: postings re-read from segments and written again
        writer.commit(optimize=number == len(batches) - 1)
        ix = windex.open_dir(str(folder))
    return folder


def _segment_files(folder: Path) -> list[tuple[str, str]]:
    """(file name without the random segment id, sha256) of every segment's files, in order."""
    files = []
    for segment in windex.open_dir(str(folder))._segments():
        name = segment.segment_id()
        for path in sorted(folder.glob(f"{name}.*")):
            files.append((path.name[len(name):], hashlib.sha256(path.read_bytes()).hexdigest()))
    return files


def test_whole_term_postings_are_the_bytes_of_whooshs_own_loop(tmp_path, monkeypatch):
    batches = [_records(1, 1100), _records(50, 30), _records(2000, 40)]   # the second updates 30 documents
    fast = _write(tmp_path / "fast", batches, deleted=[7, 2001])
    monkeypatch.setattr(whoosh_adapter, "posting_settings", lambda fieldwriter: None)   # whoosh's own loop
    stock = _write(tmp_path / "stock", batches, deleted=[7, 2001])
    fast_files, stock_files = _segment_files(fast), _segment_files(stock)
    assert {name for name, _ in fast_files} >= {".pst", ".trm", ".fpd", ".fpf"}
    assert fast_files == stock_files


def test_small_commits_are_the_bytes_of_whooshs_own_loop(tmp_path, monkeypatch):
    batches = [_records(start, 3) for start in range(1, 40, 3)]   # MERGE_SMALL merges some of them on the way
    fast = _write(tmp_path / "fast", batches, deleted=[])
    monkeypatch.setattr(whoosh_adapter, "posting_settings", lambda fieldwriter: None)
    stock = _write(tmp_path / "stock", batches, deleted=[])
    assert _segment_files(fast) == _segment_files(stock)
    with windex.open_dir(str(fast)).searcher() as searcher:   # the stock reader reads them
        (everywhere,) = text_terms("everywhere")[0]
        assert searcher.doc_frequency("text", everywhere.encode()) == 39
        assert searcher.doc_frequency("type", "mou") == 20
        assert sorted(int(stored["id"]) for stored in searcher.all_stored_fields()) == list(range(1, 40))


def test_plain_commits_leave_a_bounded_number_of_small_segments_unmerged(tmp_path, monkeypatch):
    monkeypatch.setattr(writing, "MERGE_AT_SEGMENTS", 6)
    windex.create_in(str(tmp_path), make_schema())
    counts = []
    for record in _records(1, 12):   # one document a commit, as an ingest's timer flushes may be
        writer = LiveSegmentWriter(windex.open_dir(str(tmp_path)), 64)
        writer.update_document(**index_fields(record))
        writer.commit()
        counts.append(len(windex.open_dir(str(tmp_path))._segments()))
    # whoosh's MERGE_SMALL alone merges at five: here the first six commits stay six segments,
    # then its policy bounds the count
    assert counts[:6] == [1, 2, 3, 4, 5, 6]
    assert max(counts) <= 7 and counts[6] < 7
    writer = LiveSegmentWriter(windex.open_dir(str(tmp_path)), 64)
    writer.delete_by_term("id", "3")
    writer.commit(optimize=True)   # a purge still merges everything
    with windex.open_dir(str(tmp_path)).searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 1 and searcher.doc_count() == 11


def test_merged_segments_read_from_flat_files_are_the_postings_whooshs_reader_gives(tmp_path, monkeypatch):
    # updates and deletes leave deleted documents in earlier segments; the last commit merges
    # them all (documents renumbered through whoosh's docmap), the small commits on the way
    # merge some (numbers shifted by the new segment's start)
    batches = [_records(1, 30), _records(10, 5), _records(100, 3), _records(20, 4), _records(200, 2)]
    read = []
    flat_merge = writing.merged_postings

    def counted(reader, *args):
        items = flat_merge(reader, *args)
        read.append(items is not None)
        return items

    monkeypatch.setattr(writing, "merged_postings", counted)
    fast = _write(tmp_path / "fast", batches, deleted=[3, 101, 200])
    assert read and all(read)   # every merged segment was read from its flat files
    monkeypatch.setattr(writing, "merged_postings", lambda *args: None)   # whoosh's reader
    stock = _write(tmp_path / "stock", batches, deleted=[3, 101, 200])
    assert _segment_files(fast) == _segment_files(stock)


def test_flat_merge_postings_are_whooshs_pool_items_for_a_segment_with_deletions(tmp_path):
    folder = _write(tmp_path / "ix", [_records(1, 40)], deleted=[])
    writer = LiveSegmentWriter(windex.open_dir(str(folder)), 64)
    for document_id in (2, 17, 40):
        writer.delete_by_term("id", str(document_id))
    writer.commit(merge=False)
    ix = windex.open_dir(str(folder))
    (segment,) = ix._segments()
    reader = SegmentReader(ix.storage, ix.schema, segment)
    try:
        assert reader.has_deletions()
        live = [d for d in range(reader.doc_count_all()) if not reader.is_deleted(d)]
        docmap = {old: 100 + new for new, old in enumerate(live)}
        # what SegmentWriter.add_postings_to_pool puts in the pool: through a docmap (a merge
        # drops deleted documents) and shifted by a start (whoosh's matcher skips them too)
        for start, mapping in ((0, docmap), (7, None)):
            expected = [(f, t, mapping[d] if mapping is not None else start + d, w, v)
                        for f, t, d, w, v in reader.iter_postings()]
            got = writing.merged_postings(reader, ix.schema, str(folder), start, mapping)
            assert got is not None and sorted(got) == sorted(expected)
    finally:
        reader.close()


def test_a_large_merged_segment_is_read_through_whoosh(tmp_path, monkeypatch):
    folder = _write(tmp_path / "ix", [_records(1, 20)], deleted=[])
    ix = windex.open_dir(str(folder))
    (segment,) = ix._segments()
    reader = SegmentReader(ix.storage, ix.schema, segment)
    try:
        assert writing.merged_postings(reader, ix.schema, str(folder), 0, None) is not None
        monkeypatch.setattr(writing, "FLAT_MERGE_POSTINGS", 100)   # decoded whole: memory bounded this way
        assert writing.merged_postings(reader, ix.schema, str(folder), 0, None) is None
    finally:
        reader.close()
