from functools import partial

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from corpus import audit, journal
from corpus.access import Principal
from corpus.document import Document, Evidence, ExtractedField, Page
from corpus.documents import document_record, load_document, save_document, set_visibility
from corpus.errors import NotFound
from corpus.tables import Base


def _doc(sha="a" * 64, name="mou.pdf") -> Document:
    doc = Document(source_path=f"/in/{name}", filename=name, sha256=sha, size=10, mime="application/pdf",
                   title="Memorandum of Understanding", owner="alice")
    doc.pages = [Page(1, "first page text", "text"), Page(2, "scanned page", "ocr", ocr_confidence=91.5)]
    doc.fields = [ExtractedField("party", "City of X", "city of x", Evidence(1, 0, 9), 0.9, "rules")]
    return doc


def test_migrations_match_the_declared_tables(any_store):
    with any_store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrate_is_idempotent(any_store):
    any_store.migrate()
    assert {"documents", "pages", "audit_events", "ingest_jobs"} <= set(any_store.table_names())


def test_document_round_trip_and_exact_duplicate(any_store):
    doc_id, created = save_document(any_store, _doc())
    assert created
    again, created_again = save_document(any_store, _doc(name="copy-of-mou.pdf"))
    assert (again, created_again) == (doc_id, False)
    record = document_record(any_store, doc_id)
    assert record["page_sources"] == ["text", "ocr"]
    assert record["ocr_confidence"] == 91.5
    assert record["source_paths"] == ["/in/mou.pdf", "/in/copy-of-mou.pdf"]
    assert record["fields"][0]["evidence"] == {"page": 1, "start": 0, "end": 9}


def test_every_kind_of_change_is_found_by_changed_since(any_store):
    """reindex's catch-up relies on it: row, visibility, labels and deletion all stamp updated_at."""
    from datetime import datetime, timedelta, timezone
    from corpus import labels
    from corpus.documents import changed_since, delete_document
    ids = [save_document(any_store, _doc(name=f"{i}.pdf", sha=f"{i:064x}"))[0] for i in range(4)]
    old = datetime(2020, 1, 1, tzinfo=timezone.utc)
    with any_store.engine.begin() as conn:
        conn.execute(text("UPDATE documents SET updated_at = :old"), {"old": old})
    assert changed_since(any_store, old + timedelta(days=1)) == []
    set_visibility(any_store, ids[0], public=False, users=["rex"])
    labels.add_suggestion(any_store, ids[1], "type", "mou", confidence=0.9)
    labels.record_decision(any_store, ids[2], "type", "moa", "rex", "correct")
    delete_document(any_store, ids[3])
    assert changed_since(any_store, old + timedelta(days=1)) == ids


def test_restricted_document_is_not_found_for_others(any_store):
    doc_id, _ = save_document(any_store, _doc())
    set_visibility(any_store, doc_id, public=False, users=["bob"], groups=["legal"])
    assert load_document(any_store, doc_id, Principal("bob", "searcher")).id == doc_id
    assert load_document(any_store, doc_id, Principal("carol", "searcher", ("legal",))).id == doc_id
    assert load_document(any_store, doc_id, Principal("alice", "searcher")).id == doc_id   # owner
    assert load_document(any_store, doc_id, Principal("root", "admin")).id == doc_id
    with pytest.raises(NotFound):
        load_document(any_store, doc_id, Principal("mallory", "searcher"))


def test_originals_are_content_addressed_and_read_only(store, tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes(b"agreement")
    sha, where = store.keep_original(source)
    stored = store.original_path(sha)
    assert where == str(stored) and stored.read_bytes() == b"agreement"
    assert not (stored.stat().st_mode & 0o222)
    assert store.keep_original_bytes(b"agreement") == (sha, where)


def test_audit_chain_detects_an_edited_row(any_store):
    for i in range(5):
        audit.record(any_store, "alice", "search", "", details={"q": f"query {i}", "hits": i})
    assert audit.verify(any_store) == []
    with any_store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE id = 3"))
    problems = audit.verify(any_store)
    assert any("event 3" in p and "edited" in p for p in problems)


def test_audit_chain_detects_a_deleted_row(store):
    for i in range(4):
        audit.record(store, "alice", "view", str(i))
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE id = 2"))
    assert audit.verify(store)


def test_audit_anchor_detects_deleted_newest_events(store):
    for i in range(4):
        audit.record(store, "alice", "view", str(i))
    anchor = audit.head(store)
    assert audit.verify(store, anchor) == []
    audit.record(store, "alice", "view", "after the anchor")
    assert audit.verify(store, anchor) == []       # newer events are fine
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE id >= :id"), {"id": anchor[0]})
    assert audit.verify(store) == []                # the shorter chain is consistent on its own ...
    assert any("anchor" in p and "deleted" in p for p in audit.verify(store, anchor))   # ... not with the anchor


def test_a_file_handed_out_twice_is_stored_not_a_duplicate_of_itself(any_store):
    """On the worker queue a resumed submitter hands a file out again while its first copy runs: both
    read it, one stores it, the other finds it stored. The journal keeps 'stored' (it said 'duplicate'
    of the document the same file had just become, whichever copy recorded last)."""
    first, second, third = (save_document(any_store, _doc(c * 64, f"{c}.pdf"))[0] for c in "abc")
    job, _ = journal.start_or_resume(any_store, ["/data/a"])
    record = partial(journal.record, any_store, job)
    record(journal.ItemOutcome("/data/a/1.pdf", "stored", document_id=first, pages=2))
    record(journal.ItemOutcome("/data/a/1.pdf", "duplicate", duplicate_of=first, pages=2))
    record(journal.ItemOutcome("/data/a/2.pdf", "duplicate", duplicate_of=second, pages=2))
    record(journal.ItemOutcome("/data/a/2.pdf", "stored", document_id=second, pages=2))
    record(journal.ItemOutcome("/data/a/3.pdf", "stored", document_id=third, pages=2))
    record(journal.ItemOutcome("/data/a/3.pdf", "duplicate", duplicate_of=first, pages=2))
    assert {i["file"]: (i["status"], i["document_id"], i["duplicate_of"]) for i in journal.items(any_store, job)} \
        == {"/data/a/1.pdf": ("stored", first, None), "/data/a/2.pdf": ("stored", second, None),
            "/data/a/3.pdf": ("duplicate", None, first)}   # a duplicate of another document still replaces it


def test_journal_resumes_the_same_inputs(any_store):
    job, resumed = journal.start_or_resume(any_store, ["/data/a", "/data/b"])
    assert not resumed
    journal.record(any_store, job, journal.ItemOutcome("/data/a/1.pdf", "stored", pages=3))
    again, resumed = journal.start_or_resume(any_store, ["/data/b", "/data/a"])
    assert (again, resumed) == (job, True)
    assert journal.finished_paths(any_store, job) == {"/data/a/1.pdf"}
    journal.finish(any_store, job)
    other, resumed = journal.start_or_resume(any_store, ["/data/a", "/data/b"])
    assert other != job and not resumed
