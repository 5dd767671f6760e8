"""`accord reindex` while another process keeps changing documents: nothing is lost.

The rebuild writes a fresh index and swaps it in; a change the web server makes meanwhile goes
to the index being replaced. The wiring re-applies every document changed since the rebuild began.
"""
from __future__ import annotations

from corpus.access import SYSTEM, Principal
from corpus.documents import delete_document, set_visibility
from web_corpus import add_documents
from web.services import Services


def _found(services: Services, query: str) -> set[int]:
    return {hit.id for hit in services.index.search(query, principal=SYSTEM).hits}


def test_changes_made_by_another_process_during_a_rebuild_are_not_lost(config, monkeypatch):
    command_line, server = Services(config), Services(config)   # two processes, one store and index folder
    corpus = add_documents(command_line.store)
    command_line.index.rebuild()
    texas, ohio = corpus.ids["mou-texas.pdf"], corpus.ids["moa-ohio.pdf"]
    assert texas in _found(command_line, "biometric") and ohio in _found(command_line, "retention")

    streamed = command_line.index.source.records

    def records_then_changes():
        yield from streamed()          # every record is read, in its old state, into the fresh index ...
        delete_document(server.store, texas)      # ... and then the server changes two of them
        server.document_changed(texas)
        set_visibility(server.store, ohio, public=False, users=["someone-else"])
        server.document_changed(ohio)

    monkeypatch.setattr(command_line.index.source, "records", records_then_changes)
    count, caught_up = command_line.rebuild_index()

    assert count == 3 and caught_up >= 2        # (documents written in the last seconds count too)
    assert texas not in _found(command_line, "biometric")           # the deletion survived the swap
    analyst = Principal("analyst", "searcher")
    assert ohio not in {h.id for h in command_line.index.search("retention", principal=analyst).hits}
    command_line.close()
    server.close()
