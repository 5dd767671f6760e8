"""Work off the request path (web/background.py): a reviewer's label POST answers once the
decision is stored and audited; the scope it implies and the search index follow in the
background, in order, one index commit for the decisions waiting together."""
from __future__ import annotations

import os
import select
import threading

from corpus import audit
from web_standins import client_for, web  # noqa: F401 - the fixture
from web.app import create_app
from web.background import PipeWork, ThreadWork, run_writer


def test_tasks_run_in_order_and_their_documents_are_reindexed_before_and_after_them():
    gate, ran, reindexed = threading.Event(), [], []
    work = ThreadWork({"note": lambda n: (gate.wait(10), ran.append(n))},
                      lambda ids: reindexed.append((ids, list(ran))))
    for n in range(5):
        work.submit("note", [n % 2 + 1], n=n)
    gate.set()
    assert work.wait_idle(10)
    assert ran == [0, 1, 2, 3, 4]
    # The first task's document is searchable before the task ran; the four submitted while it
    # ran are reindexed together (with the first one's changes), then once more after they ran.
    assert reindexed == [([1], []), ([1, 2], [0]), ([1, 2], [0, 1, 2, 3, 4])]
    work.close()


def test_a_backlog_of_slow_tasks_does_not_delay_a_new_decisions_commit():
    ran, reindexed = [], []
    work = ThreadWork({}, lambda ids: reindexed.append((ids, list(ran))))
    work.ROUND_SECONDS = 0   # every task is "slow": after each one, a new arrival goes first

    def note(n):
        ran.append(n)
        if n == 1:
            work.submit("note", [9], n=9)   # a decision arriving while the backlog is being worked off

    work.tasks["note"] = note
    gate = threading.Event()
    work.tasks["held"] = lambda: gate.wait(10)
    work.submit("held", [0])
    for n in (1, 2, 3):
        work.submit("note", [n], n=n)
    gate.set()
    assert work.wait_idle(10)
    assert sorted(ran) == [1, 2, 3, 9]
    committed_9 = next(done for ids, done in reindexed if 9 in ids)
    assert 2 not in committed_9 and 3 not in committed_9   # searchable before the rest of the backlog ran
    work.close()


def test_a_failing_task_still_reindexes_its_document_and_the_thread_goes_on():
    reindexed = []

    def broken(**_):
        raise RuntimeError("model file unreadable")

    work = ThreadWork({"broken": broken, "fine": lambda: None}, reindexed.append)
    work.submit("broken", [7])
    assert work.wait_idle(10)
    work.submit("fine", [8])
    assert work.wait_idle(10)
    assert reindexed == [[7], [7], [8], [8]]   # before and after each task, failed or not
    work.close()
    work.submit("fine", [9])   # after close (a stopping server): done at once, not lost
    assert reindexed[-1] == [9]


def test_a_task_that_changed_nothing_costs_no_second_commit():
    reindexed = []
    work = ThreadWork({"unchanged": lambda: False, "changed": lambda: True}, reindexed.append)
    work.submit("unchanged", [4])
    assert work.wait_idle(10)
    work.submit("changed", [5])
    assert work.wait_idle(10)
    assert reindexed == [[4], [5], [5]]   # searchable at once either way; again only after a change
    work.close()


def test_label_post_answers_before_the_index_update_which_follows(web):  # noqa: F811
    app, services, corpus = web
    gate = threading.Event()
    reindex = services.index.update_documents
    services.index.update_documents = lambda ids: (gate.wait(10), reindex(ids))
    services.index.updated = []
    rex = client_for(app, "rex")
    doc_id = corpus.ids["moa-ohio.pdf"]
    response = rex.post(f"/documents/{doc_id}/labels", headers={"Accept": "application/json"}, data={
        "csrf_token": _csrf(rex), "kind": "type", "value": "mou", "action": "correct"})
    assert response.status_code in (200, 302)
    # answered, stored and audited while the index update is still held
    assert services.classifier.decisions[-1] == (doc_id, "type", "mou", "rex", "correct")
    assert audit.events(services.store, action="label")[0]["target"] == str(doc_id)
    assert doc_id not in services.index.updated
    gate.set()
    assert services.wait_for_background(10)
    assert services.classifier.followed_up == [(doc_id, "type", "mou", "correct")]
    assert services.index.updated == [doc_id, doc_id]   # the decision, then what followed from it


def _csrf(client) -> str:
    import re
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/review").text).group(1)


def test_searches_beyond_the_limit_wait_while_a_label_post_goes_on(web):  # noqa: F811
    app, services, corpus = web
    limited = create_app(services.config.replace(ACCORD_SEARCH_CONCURRENCY=1), services)
    gate, running, most = threading.Event(), [0], [0]
    search = services.index.search

    def held_search(*args, **kwargs):
        running[0] += 1
        most[0] = max(most[0], running[0])
        try:
            gate.wait(60)
            return search(*args, **kwargs)
        finally:
            running[0] -= 1

    services.index.search = held_search
    rex = client_for(limited, "rex")
    token = _csrf(rex)
    statuses = []
    searchers = [threading.Thread(target=lambda c=client_for(limited, "sam"): statuses.append(
        c.get("/search?q=Memorandum").status_code)) for _ in range(2)]
    for thread in searchers:
        thread.start()
    while running[0] == 0:
        gate.wait(0.01)
    gate.wait(0.3)   # time for the second search to reach the index, were it allowed to
    doc_id = corpus.ids["moa-ohio.pdf"]
    decided = rex.post(f"/documents/{doc_id}/labels", data={"csrf_token": token, "kind": "type",
                                                            "value": "mou", "action": "correct"})
    assert decided.status_code == 302 and running[0] == 1   # answered while a search holds the only slot
    gate.set()
    for thread in searchers:
        thread.join(60)
    assert statuses == [200, 200] and most[0] == 1


class _Recorder:
    """A BackgroundWork that only notes what it was given."""

    def __init__(self):
        self.submitted, self.closed = [], False

    def submit(self, task, document_ids, **arguments):
        self.submitted.append((task, list(document_ids), arguments))

    def wait_idle(self, timeout=None):
        return True

    def close(self, timeout=None):
        self.closed = True


def test_tasks_sent_by_several_server_processes_reach_the_writer_in_order_and_it_ends_at_their_close():
    read_end, write_end = os.pipe()
    writer, locals_ = _Recorder(), [_Recorder(), _Recorder()]
    # two server processes: each has its own copy of the writing end (as after fork)
    senders = [PipeWork(os.dup(write_end), local=local) for local in locals_]
    os.close(write_end)
    for n in range(3):
        senders[n % 2].submit("after_label", [n], document_id=n, kind="type", value="mou", action="correct")
    done = threading.Thread(target=run_writer, args=(read_end, writer))
    done.start()
    senders[0].close()
    assert done.is_alive()   # another server process still has the pipe open
    senders[1].close()
    done.join(10)
    assert not done.is_alive() and writer.closed   # what it was sent is finished before it returns
    assert writer.submitted == [("after_label", [n], {"document_id": n, "kind": "type", "value": "mou",
                                                      "action": "correct"}) for n in range(3)]
    assert locals_[0].submitted == locals_[1].submitted == []


def test_a_task_the_pipe_cannot_take_runs_in_the_server_process_instead():
    read_end, write_end = os.pipe()
    local = _Recorder()
    work = PipeWork(write_end, local=local)
    work.submit("after_label", [1], note="x" * (select.PIPE_BUF + 1))   # too long for one atomic write
    assert [ids for _, ids, _ in local.submitted] == [[1]]
    while True:   # fill the pipe (nobody reads it): the next task is not held waiting for room
        try:
            os.write(write_end, b"x" * 4096)
        except BlockingIOError:
            break
    work.submit("after_label", [2])
    os.close(read_end)   # the writer process is gone
    work.submit("after_label", [3])
    work.submit("after_label", [4])
    assert [ids for _, ids, _ in local.submitted] == [[1], [2], [3], [4]]
    work.close()
    assert local.closed
