"""SearchIndex.update_documents reads the documents of one commit from the store together (an
ingest's index buffer commits several at once): the records one by one would give, in the
queries of one document."""
from __future__ import annotations

from sqlalchemy import event

from corpus.access import SYSTEM
from corpus.documents import delete_document
from search import SearchIndex
from search.source import StoreSource
from test_search import TODAY, add_doc, ids


def _statements(store, call) -> int:
    seen = []

    def listener(*args, **kwargs):
        seen.append(1)
    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        call()
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)
    return len(seen)


def test_documents_updated_together_are_read_together(config, store):
    first = add_doc(store, "mou.pdf", ["Memorandum on biometric sharing."], title="MOU", type_="mou",
                    fields=[("party", "ICE")])
    gone = add_doc(store, "isa.pdf", ["Interconnection security agreement: encryption required."], title="ISA")
    index = SearchIndex(config.index_dir, StoreSource(store), today=lambda: TODAY)
    source = index.source
    third = add_doc(store, "moa.pdf", ["Fingerprint records and biometric sharing."], title="MOA")
    fourth = add_doc(store, "loi-uscis.pdf", ["Letter of intent on biometric sharing."], title="LOI",
                     type_="loi", fields=[("party", "USCIS")])
    delete_document(store, gone)
    assert source.records_of([fourth, first, gone, 99]) == {i: source.record(i) for i in (fourth, first)}
    together = _statements(store, lambda: index.update_documents([fourth, first, gone, third]))
    assert sorted(ids(index.search("biometric", principal=SYSTEM))) == sorted([first, third, fourth])
    assert ids(index.search("encryption", principal=SYSTEM)) == []   # the deleted one left the index
    assert together == _statements(store, lambda: index.update_document(fourth))   # four documents, one's queries
