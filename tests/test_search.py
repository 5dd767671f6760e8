"""Search facade: queries, results, facets, snippets, live updates, concurrency."""
from __future__ import annotations

import threading
from datetime import date

import pytest

from corpus.access import SYSTEM, Principal
from corpus.document import Document, ExtractedField, Page
from corpus.documents import delete_document, save_document, set_visibility
from corpus.errors import BadQuery
from corpus.tables import LabelRow
from search import SearchIndex, open_index
from search.index import VERSION_FILE
from search.source import StoreSource

TODAY = date(2026, 1, 15)
ALICE = Principal("alice", "searcher")


def add_doc(store, name, pages, *, title="", fields=(), type_=None, owner="records1"):
    doc = Document(source_path=f"/in/{name}", filename=name, sha256=name.ljust(64, "0")[:64], size=10,
                   mime="application/pdf", title=title, owner=owner,
                   pages=[Page(number=i + 1, text=t) for i, t in enumerate(pages)],
                   fields=[ExtractedField(name=n, value=v, normalized=v) for n, v in fields])
    doc_id, _ = save_document(store, doc)
    if type_:
        label(store, doc_id, "type", type_)
    return doc_id


def label(store, doc_id, kind, value):
    with store.session() as session:
        session.add(LabelRow(document_id=doc_id, kind=kind, value=value, source="reviewer", status="accepted"))


@pytest.fixture
def corpus_store(store):
    add_doc(store, "mou-ice.pdf", ["Cover page of the memorandum.",
                                   "This Memorandum of Understanding sets the terms of the agreement between "
                                   "Etowah County and ICE for information sharing."],
            title="MOU between ICE and Etowah County", type_="mou",
            fields=[("party", "Etowah County Sheriff's Office"), ("party", "ICE"),
                    ("effective_date", "2020-06-09"), ("expiry_date", "2026-03-01"), ("foia_code", "b7e")])
    add_doc(store, "isa-cbp.pdf", ["Interconnection security agreement for the border system.",
                                   "The parties agree to protect data. <script>alert(1)</script> encryption required."],
            title="ISA with CBP", type_="isa",
            fields=[("party", "CBP"), ("effective_date", "2022-01-10"), ("expiry_date", "2025-12-31")])
    add_doc(store, "moa-fbi.pdf", ["Memorandum of agreement with the Federal Bureau of Investigation on "
                                   "fingerprint records and biometric sharing."],
            title="MOA with FBI", type_="moa",
            fields=[("party", "FBI"), ("effective_date", "2018-02-01"), ("expiry_date", "2030-01-01")])
    return store


@pytest.fixture
def index(config, corpus_store):
    return SearchIndex(config.index_dir, StoreSource(corpus_store), today=lambda: TODAY)


def ids(results):
    return [h.id for h in results.hits]


def test_words_phrases_fields_and_boolean(index):
    assert ids(index.search("fingerprint", principal=SYSTEM)) == [3]
    assert ids(index.search('"terms of the agreement"', principal=SYSTEM)) == [1]
    assert ids(index.search('"agreement the terms of"', principal=SYSTEM)) == []
    assert ids(index.search("party:cbp", principal=SYSTEM)) == [2]
    assert ids(index.search("type:moa", principal=SYSTEM)) == [3]
    assert sorted(ids(index.search("agreement OR fingerprint", principal=SYSTEM))) == [1, 2, 3]
    assert sorted(ids(index.search("memorandum NOT fingerprint", principal=SYSTEM))) == [1]
    assert ids(index.search("title:isa", principal=SYSTEM)) == [2]
    assert sorted(ids(index.search("biometr*", principal=SYSTEM))) == [3]
    assert ids(index.search("fingreprint~2", principal=SYSTEM)) == [3]
    assert index.search("agreement", principal=SYSTEM).total == 3   # exact count


def test_stemming_accents_and_synonyms(index):
    assert ids(index.search("fingerprints", principal=SYSTEM)) == [3]
    assert ids(index.search("encryptión", principal=SYSTEM)) == [2]
    # acronym -> phrase and phrase -> acronym
    assert 1 in ids(index.search("MOU", principal=SYSTEM))
    assert 3 in ids(index.search('"federal bureau of investigation"', principal=SYSTEM))
    assert 3 in ids(index.search("FBI records", principal=SYSTEM))


def test_dates_and_natural_dates(index):
    assert ids(index.search("effective:2020..2022", principal=SYSTEM, sort="effective")) == [1, 2]
    assert sorted(ids(index.search("expires:<2027-01-01", principal=SYSTEM))) == [1, 2]
    assert ids(index.search("expiring in 90 days", principal=SYSTEM)) == [1]
    assert ids(index.search("agreement", principal=SYSTEM, filters={"expiring_days": ["90"]})) == [1]


def test_a_listing_of_agreements_expiring_soon_runs_soonest_first(config, corpus_store, index):
    add_doc(corpus_store, "mou-later.pdf", ["A later memorandum."], title="MOU of 2024",
            fields=[("effective_date", "2024-05-01"), ("expiry_date", "2028-05-01")])
    index.rebuild()
    window = {"expiring_days": ["5000"]}
    # no sort asked for: soonest expiry first, as the dashboard lists them (newest-effective would be 4, 1, 3)
    assert ids(index.search("", principal=SYSTEM, filters=window)) == [1, 4, 3]
    assert ids(index.search("", principal=SYSTEM, filters=window, sort="-effective")) == [4, 1, 3]
    assert ids(index.search("", principal=SYSTEM)) == [4, 2, 1, 3]   # without the filter: newest first


def test_sorts_and_pagination(index):
    assert ids(index.search("", principal=SYSTEM, sort="-effective")) == [2, 1, 3]
    assert ids(index.search("", principal=SYSTEM, sort="expiry")) == [2, 1, 3]
    assert ids(index.search("", principal=SYSTEM, sort="title")) == [2, 3, 1]
    second = index.search("", principal=SYSTEM, sort="title", page=2, per_page=2)
    assert second.total == 3 and ids(second) == [1]


def test_facets_and_filters(index):
    results = index.search("", principal=SYSTEM)
    assert dict(results.facets["type"]) == {"mou": 1, "isa": 1, "moa": 1}
    assert dict(results.facets["year"]) == {"2020": 1, "2022": 1, "2018": 1}
    assert dict(results.facets["status"]) == {"active": 2, "expired": 1}
    assert ("b7e", 1) in results.facets["foia"]
    assert ("ICE", 1) in results.facets["party"]
    filtered = index.search("", principal=SYSTEM, filters={"type": ["mou", "moa"], "year": ["2018"]})
    assert ids(filtered) == [3] and dict(filtered.facets["type"]) == {"moa": 1}


def test_snippet_names_page_and_is_text_with_spans(index):
    hit = index.search('"terms of the agreement"', principal=SYSTEM).hits[0]
    assert hit.page == 2
    assert {hit.snippet[a:b] for a, b in hit.spans} == {"terms", "agreement"}
    hit = index.search("encryption", principal=SYSTEM).hits[0]
    assert hit.page == 2 and [hit.snippet[a:b] for a, b in hit.spans] == ["encryption"]
    assert "<script>alert(1)</script>" in hit.snippet   # plain text: escaping is the renderer's job


def test_did_you_mean(index):
    results = index.search("fingerprnt", principal=SYSTEM)
    assert results.total == 0 and results.suggestion == "fingerprint"
    assert index.suggest("biometrc sharing", principal=SYSTEM) == "biometric sharing"


def test_more_like_this(index, corpus_store):
    add_doc(corpus_store, "moa-fbi-2.pdf", ["Second memorandum of agreement on fingerprint records and "
                                            "biometric sharing with the bureau."], title="MOA 2")
    index.update_document(4)
    similar = index.more_like_this(3, principal=SYSTEM)
    assert similar and similar[0].id == 4 and 3 not in [h.id for h in similar]


@pytest.mark.parametrize("query, expected", [
    ('"fingerprint records', [3]), ("(fingerprint OR biometric", [3]), ("fingerprint)", [3]),
    ("nosuchfield:fingerprint", [3]), ("effective:20x1 fingerprint", [3]), ("*print fingerprint", [3]),
    ("fingerprint effective:2023..2020", [3]), ("AND fingerprint OR", [3]), ("(the ?fingerprint? records)", [3]),
    ("fingerprint: [records] {biometric} ~ ^ \\", [3]),
])
def test_stray_syntax_is_searched_as_words(index, query, expected):
    """Before: each of these was a BadQuery (400). Any text is a valid query now."""
    assert ids(index.search(query, principal=SYSTEM)) == expected


def test_bad_sort_and_filter(index):
    with pytest.raises(BadQuery):
        index.search("x", principal=SYSTEM, sort="size")
    with pytest.raises(BadQuery):
        index.search("x", principal=SYSTEM, filters={"colour": ["red"]})


def test_live_updates_add_relabel_restrict_delete(index, corpus_store):
    new_id = add_doc(corpus_store, "loi.pdf", ["A letter of intent about pilot telemetry."], title="LOI")
    index.update_document(new_id)
    assert ids(index.search("telemetry", principal=ALICE)) == [new_id]
    label(corpus_store, new_id, "type", "loi")
    index.update_document(new_id)
    assert dict(index.search("telemetry", principal=SYSTEM).facets["type"]) == {"loi": 1}
    set_visibility(corpus_store, new_id, public=False, users=["bob"])
    index.update_document(new_id)
    assert index.search("telemetry", principal=ALICE).total == 0
    delete_document(corpus_store, new_id)
    index.update_document(new_id)
    assert index.search("telemetry", principal=SYSTEM).total == 0


def test_writer_cancels_on_error_and_releases_the_lock(index):
    with pytest.raises(RuntimeError):
        with index.writer() as w:
            w.delete(1)
            raise RuntimeError("boom")
    assert index.search("fingerprint", principal=SYSTEM).total == 1
    with index.writer() as w:   # the lock was released
        w.delete(3)
    assert index.search("fingerprint", principal=SYSTEM).total == 0


def test_concurrent_writers_in_two_threads_and_a_second_index_object(config, corpus_store, index):
    other = SearchIndex(config.index_dir, StoreSource(corpus_store), today=lambda: TODAY)  # like another process
    errors = []

    def work(ix, doc_id):
        try:
            for _ in range(15):
                ix.update_document(doc_id)
        except Exception as exc:   # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(index, 1)), threading.Thread(target=work, args=(other, 2)),
               threading.Thread(target=work, args=(index, 3))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert index.search("", principal=SYSTEM).total == 3


def test_schema_version_mismatch_rebuilds_from_the_store(config, corpus_store, index):
    (config.index_dir / VERSION_FILE).write_text("0\n")
    reopened = SearchIndex(config.index_dir, StoreSource(corpus_store), today=lambda: TODAY)
    assert reopened.search("fingerprint", principal=SYSTEM).total == 1


def test_a_rebuild_keeps_an_index_folder_linked_from_a_shared_one(config, corpus_store, tmp_path):
    """Hosts link ACCORD_HOME/index to one shared folder (docs/deploy.md): a rebuild fills that
    folder instead of replacing the link with a folder only this host sees."""
    shared = tmp_path / "shared-index"
    shared.mkdir()
    linked = tmp_path / "host-b" / "index"
    linked.parent.mkdir()
    linked.symlink_to(shared)
    first = SearchIndex(linked, StoreSource(corpus_store), today=lambda: TODAY)   # an empty folder: built
    assert linked.is_symlink() and (shared / VERSION_FILE).is_file()
    assert first.rebuild() == 3 and linked.is_symlink()
    assert not [p.name for p in linked.parent.iterdir() if p.name != "index"]
    other = SearchIndex(shared, StoreSource(corpus_store), today=lambda: TODAY)   # another host, by the real path
    assert ids(other.search("memorandum", principal=SYSTEM)) == ids(first.search("memorandum", principal=SYSTEM)) != []


def test_open_index_builds_from_store_and_rebuild_counts(config, corpus_store):
    index = open_index(config, corpus_store)
    assert index.search("agreement", principal=SYSTEM).total == 3
    assert index.rebuild() == 3


def test_results_to_dict_is_json_ready(index):
    import json
    data = json.loads(json.dumps(index.search("agreement", principal=SYSTEM).to_dict()))
    assert data["total"] == 3 and {"id", "filename", "score", "page", "snippet", "spans"} <= set(data["hits"][0])


def test_no_document_with_every_word_relaxes_to_any_word(index):
    results = index.search("fingerprint zanzibar", principal=SYSTEM)
    assert results.relaxed and ids(results) == [3]
    assert not index.search("fingerprint records", principal=SYSTEM).relaxed
    assert index.search("fingerprint AND zanzibar", principal=SYSTEM).total == 0


def _update_in_child(config, doc_id, times):
    from corpus.store import Store
    store = Store(config, migrate=False)
    index = SearchIndex(config.index_dir, StoreSource(store), today=lambda: TODAY)
    for _ in range(times):
        index.update_document(doc_id)
    store.dispose()


def test_concurrent_writers_in_two_processes(config, corpus_store, index):
    import multiprocessing
    child = multiprocessing.get_context("fork").Process(target=_update_in_child, args=(config, 1, 10))
    child.start()
    for _ in range(10):
        index.update_document(2)
    child.join(60)
    assert child.exitcode == 0
    assert sorted(ids(index.search("", principal=SYSTEM, sort="title"))) == [1, 2, 3]


def test_parallel_rebuild_into_many_segments_gives_the_same_answers(config, corpus_store):
    index = SearchIndex(config.index_dir, StoreSource(corpus_store), procs=2, segment_docs=1, today=lambda: TODAY)
    assert len(index.current_view().leaves) == 3
    assert index.search("agreement", principal=SYSTEM).total == 3
    assert ids(index.search('"terms of the agreement"', principal=SYSTEM)) == [1]
    assert dict(index.search("", principal=SYSTEM).facets["type"]) == {"mou": 1, "isa": 1, "moa": 1}
    assert not list(config.index_dir.glob("*.tmp"))
    index.update_document(2)
    assert index.search("encryption", principal=SYSTEM).total == 1


def test_searches_in_threads_while_a_writer_updates(index):
    errors, totals = [], []

    def read():
        try:
            for _ in range(20):
                totals.append(index.search("agreement OR fingerprint", principal=ALICE).total)
        except Exception as exc:   # noqa: BLE001
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    for _ in range(5):
        index.update_document(1)
    for t in readers:
        t.join()
    assert errors == [] and set(totals) == {3}


def test_a_seeded_random_module_cannot_make_writers_overwrite_a_segment(index):
    import random
    random.seed(4)
    index.update_document(1)
    random.seed(4)
    index.update_document(2)
    random.seed(4)
    index.update_document(3)
    assert index.search("", principal=SYSTEM).total == 3
    assert index.search("fingerprint", principal=SYSTEM).total == 1


def test_concurrent_searches_and_an_update_from_many_threads(index, corpus_store):
    """The web server answers searches from a thread pool while ingest updates the index."""
    import threading
    from corpus.access import SYSTEM
    errors: list[BaseException] = []
    some_id = ids(index.search("agreement", principal=SYSTEM, operator="or"))[0]

    def searcher():
        try:
            for query in ("agreement", '"information sharing"', "party:ohio", "memorandm~", "MOU") * 6:
                index.search(query, principal=SYSTEM)
                index.more_like_this(some_id, principal=SYSTEM, limit=3)
        except BaseException as exc:   # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    def updater():
        try:
            for _ in range(5):
                index.update_document(some_id)
        except BaseException as exc:   # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=searcher) for _ in range(8)] + [threading.Thread(target=updater)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_repeated_live_updates_after_a_bulk_build_keep_one_version_of_each_document(config, store):
    """Regression: the bulk builder once indexed id "12" as the terms "1" and "2", so a live
    update of document 1 deleted document 12 and left stale copies of document 1 behind."""
    from corpus.access import SYSTEM
    made = [add_doc(store, f"doc-{n:02d}.pdf", [f"agreement number {n} on shared records"]) for n in range(1, 15)]
    index = SearchIndex(config.index_dir, StoreSource(store), today=lambda: TODAY)
    index.rebuild()
    before = index.search("agreement", principal=SYSTEM, per_page=100)
    assert before.total == len(made)
    for _ in range(2):                 # two separate writers, one commit each
        index.update_document(made[0])
        index.update_document(made[1])
    after = index.search("agreement", principal=SYSTEM, per_page=100)
    assert after.total == len(made)
    assert sorted(ids(after)) == sorted(made)


def _flat_postings_match_whoosh(leaf, columns) -> int:
    """Every term of a whoosh segment reads back from its flat posting file as whoosh's own postings
    do (document ids and term frequencies); how many terms were compared."""
    from search.engine import postings_of
    checked = 0
    for (fieldname, btext), info in leaf._terms.items():
        matcher = leaf._terms._codec.postings_reader(leaf._terms._postfile, info, leaf.schema[fieldname].format,
                                                     term=(fieldname, btext))
        want_ids, want_tfs = postings_of(matcher)
        got_ids, got_tfs = columns.flat.get(fieldname, btext)
        assert got_ids.tolist() == want_ids.tolist() and got_tfs.tolist() == want_tfs.tolist(), (fieldname, btext)
        checked += 1
    return checked


def test_flat_postings_match_whoosh_postings_for_every_term(config, corpus_store, monkeypatch):
    """The flat posting files (search.flat) are a second copy of whoosh's postings, written by
    the bulk builder and its merge; every term of every field must read back identically."""
    from search import bulk
    from search.flat import FlatPostings

    monkeypatch.setattr(bulk, "FLUSH_DOCS", 1)   # one segment per document, then merged into one
    # no background warm-up: it reads the same whoosh files, and this test reads them without
    # the view's I/O lock (whoosh's files keep one seek position)
    index = SearchIndex(config.index_dir, StoreSource(corpus_store), today=lambda: TODAY, warm=False)
    (leaf, _, _, columns), = index.current_view().leaves
    assert isinstance(columns.flat, FlatPostings)
    assert _flat_postings_match_whoosh(leaf, columns) > 50 and columns.flat.get("text", b"notaword") is None


def test_live_update_segments_get_flat_postings_matching_whoosh(config, corpus_store):
    """Segments written by live updates (search.writing), and whoosh's merges of them, carry
    flat posting files too, so no query term is read through whoosh; every term of every
    field reads back as whoosh's own postings do."""
    from search.flat import FlatPostings

    index = SearchIndex(config.index_dir, StoreSource(corpus_store), today=lambda: TODAY, warm=False)
    index.update_document(1)
    index.update_document(2)    # a second commit: whoosh merges the first one's small segment
    set_visibility(corpus_store, 3, public=False)
    index.update_document(3)
    written = [(leaf, columns) for leaf, base, _, columns in index.current_view().leaves if base > 0]
    assert written
    for leaf, columns in written:
        assert isinstance(columns.flat, FlatPostings)
    assert sum(_flat_postings_match_whoosh(leaf, columns) for leaf, columns in written) > 20
    assert ids(index.search("fingerprint", principal=SYSTEM)) == [3]
    assert ids(index.search("fingerprint", principal=ALICE)) == []


def test_flat_postings_encodings_round_trip(tmp_path):
    """Sparse lists, bitmaps (common terms) and frequencies above 255 all read back exactly."""
    import numpy as np

    from search.flat import FlatCursor, FlatPostings, FlatWriter

    writer = FlatWriter(str(tmp_path), "MAIN_x", doc_count=100)
    lists = {b"rare": ([3, 97], [1, 2]), b"common": (list(range(0, 100, 2)), [1] * 50),
             b"heavy": ([0, 5, 99], [300, 1, 70000])}
    for term, (docs, freqs) in sorted(lists.items()):
        writer.add("text", term, np.array(docs), np.array(freqs))
    writer.close()
    flat, cursor = FlatPostings(str(tmp_path / "MAIN_x")), FlatCursor(str(tmp_path / "MAIN_x"))
    for term, (docs, freqs) in sorted(lists.items()):
        for got in (flat.get("text", term), cursor.take("text", term)):
            assert got[0].tolist() == docs and got[1].tolist() == [min(f, 65535) for f in freqs]
    assert flat.get("title", b"rare") is None
    cursor.close()


def test_a_word_searched_in_an_empty_index_finds_nothing(config):
    """A new installation (no document yet) answers a search with no hits, not a 500."""
    from web.services import Services
    services = Services(config)
    try:
        assert services.index.search("wombat", principal=SYSTEM).total == 0
    finally:
        services.close()


@pytest.mark.parametrize("bitmap_rows", [1 << 24, 10])
def test_flat_writer_add_many_writes_the_bytes_of_one_add_per_term(tmp_path, monkeypatch, bitmap_rows):
    """The live writer's batched add_many (all bitmaps packed at once, or one by one past the
    limit) writes the same three files as add() term by term, over two batches."""
    import numpy as np

    from search import flat

    monkeypatch.setattr(flat, "_MAX_BITMAP_ROWS", bitmap_rows)
    rng = np.random.default_rng(7)
    terms = []
    for i in range(400):
        count = int(rng.integers(1, 100)) if i % 5 else int(rng.integers(1, 4))
        docs = np.sort(rng.choice(300, count, replace=False))
        terms.append(("text" if i % 3 else "title", b"t%03d" % i, docs, rng.integers(1, 400 if i % 7 == 0 else 9, count)))
    one, many = tmp_path / "one", tmp_path / "many"
    one.mkdir()
    many.mkdir()
    writer = flat.FlatWriter(str(one), "S", 300)
    for fieldname, btext, docs, freqs in terms:
        writer.add(fieldname, btext, docs, freqs)
    writer.close()
    writer = flat.FlatWriter(str(many), "S", 300)
    for batch in (terms[:150], terms[150:]):
        starts = np.concatenate([[0], np.cumsum([len(t[2]) for t in batch])])
        writer.add_many([(t[0], t[1]) for t in batch], starts, np.concatenate([t[2] for t in batch]),
                        np.concatenate([t[3] for t in batch]))
    writer.close()
    for ext in flat.EXTS:
        assert (one / f"S{ext}").read_bytes() == (many / f"S{ext}").read_bytes(), ext

