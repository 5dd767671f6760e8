"""Wiring: builds the store, the search index and the classifier from one Config
and connects them (ingest -> classifier suggestions -> index, labels -> index, ...).

This is the only place that knows all of ingest/, search/ and classifier/; those
packages never import each other. Imports of those packages stay inside the
methods so that one area's import cost is only paid by commands that use it.
"""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from functools import cached_property

from corpus.config import Config
from corpus.store import Store

log = logging.getLogger("accord")


class Services:
    """Lazily-built collaborators for one Config. Create one per process."""

    def __init__(self, config: Config):
        self.config = config

    @cached_property
    def store(self) -> Store:
        return Store(self.config)

    # --- search (owned by the search issue) ------------------------------------
    @cached_property
    def index(self):
        from search import open_index
        return open_index(self.config, self.store)

    @cached_property
    def taxonomy(self):
        """The label vocabulary (ACCORD_TAXONOMY_FILE or the default), for words beside codes."""
        from corpus.taxonomy import load_taxonomy
        return load_taxonomy(self.config["ACCORD_TAXONOMY_FILE"] or None)

    # --- classifier (owned by the classifier issue) ------------------------------
    @cached_property
    def classifier(self):
        from classifier.service import ClassifierService
        service = ClassifierService(self.config, self.store)
        if self.config["ACCORD_BROKER_URL"]:   # automatic retrains go to the train queue, not a thread here
            from web.queue_jobs import submit_automatic_retrain
            service.start_retrain = lambda key: submit_automatic_retrain(self.config, key)
        return service

    # --- work off the request path (web/background.py) ----------------------------------
    @cached_property
    def background(self):
        """Tasks that follow a request and may finish after its answer, by name (see web/background.py)."""
        from web.background import ThreadWork
        return ThreadWork({"after_label": self._after_label, "reindex": _nothing_more}, self.documents_changed)

    def decide_label(self, document_id: int, kind: str, value: str, reviewer: str, action: str) -> None:
        """A reviewer's decision, stored at once; what follows from it (the scope it implies, the search
        index, a retrain check) runs in the background: searchable within about a second."""
        value = self.classifier.decide(document_id, kind, value, reviewer, action, follow_up=False) or value
        self.background.submit("after_label", [document_id], document_id=document_id, kind=kind, value=value,
                               action=action)

    def _after_label(self, *, document_id: int, kind: str, value: str, action: str) -> bool:
        """False when it changed no label of the document (no second index commit for it)."""
        return self.classifier.after_decision(document_id, kind, value, action)

    def wait_for_background(self, timeout: float | None = 30.0) -> bool:
        """Block until the background work submitted so far is done (for callers that must read
        its effects at once: tests, a command about to exit). False on timeout."""
        return self.background.wait_idle(timeout) if "background" in self.__dict__ else True

    # --- ingest (owned by the ingest issue) ---------------------------------------
    def ingest_batch(self, inputs: list[str], *, jobs: int | None = None, actor: str = "", owner: str = "",
                     progress=None, stop_event=None):
        """Run (or resume) a bulk ingest; each new document is indexed and classified."""
        actor = actor or self.cli_actor()
        if self.config["ACCORD_BROKER_URL"]:   # the worker queue: `accord worker` processes do the work
            from web.queue_submit import run_batch_on_queue
            result = run_batch_on_queue(self.store, self.config, inputs, actor=actor, owner=owner, progress=progress,
                                        stop_event=stop_event, unindexed=self.index.unindexed)
        else:
            # the workers' imports (a CPU second and more) go on meanwhile this process imports the
            # pipeline, opens the index and checks the model (`accord ingest` started them earlier)
            from web.launch import start_ingest_workers
            start_ingest_workers(self.config)
            from functools import partial
            from corpus.errors import AccordError
            from ingest.bulk import run_batch
            from web.ingest_labels import LABEL_STEP_MODULES, suggest_in_worker
            buffer = _IndexBuffer(self)
            # open (or create) the index now: opened at the first flush, a missing index would be
            # rebuilt from the documents already stored, and then those would be indexed again
            self.index  # noqa: B018
            try:
                self.classifier.ensure_model()   # so that the workers find it and suggest labels
            except AccordError as exc:   # as _suggest_labels: the ingest goes on without suggestions
                log.warning("no classifier model: %s", exc)
            try:
                # isolate: files are read in worker processes, each under ACCORD_WORKER_MAX_MEMORY;
                # they compute the label suggestions too, this process stores them
                result = run_batch(self.store, self.config, inputs, jobs=jobs or self.config["ACCORD_JOBS"],
                                   actor=actor, owner=owner, on_stored=buffer.document_stored, progress=progress,
                                   stop_event=stop_event, isolate=True,
                                   label_step=partial(suggest_in_worker, self.config),
                                   on_labelled=buffer.document_labelled, preload=LABEL_STEP_MODULES)
            finally:
                buffer.flush()
        if result.resumed:
            self._audit_killed_runs(actor, result, inputs)
        self.index_unindexed(result.job_id)
        self.audit_ingest(actor, result, inputs)
        return result

    def index_unindexed(self, job_id: int) -> list[int]:
        """Index the job's documents that are stored but not in the index: a run killed with
        documents waiting in its index buffer left them so. Returns their ids."""
        from corpus.consistency import job_document_ids
        missing = self.index.unindexed(job_document_ids(self.store, job_id))
        if missing:
            log.warning("job %s: indexing %d stored document(s) an earlier run left unindexed", job_id, len(missing))
            self.documents_changed(missing)
        return missing

    def _audit_killed_runs(self, actor: str, result, inputs: list[str]) -> None:
        """A run that was killed (kill -9, a crash, power loss) wrote no audit event; the run
        that resumes its job writes one for it, with what the journal says it had done."""
        from corpus import audit
        from corpus.journal import job_summary
        earlier_runs = job_summary(self.store, result.job_id)["runs"] - 1
        audited = len(audit.events(self.store, action="ingest", target=f"job:{result.job_id}", limit=earlier_runs + 1))
        for _ in range(max(0, earlier_runs - audited)):
            audit.record(self.store, actor, "ingest", f"job:{result.job_id}",
                         details={"inputs": list(inputs)[:20], "input_count": len(inputs),
                                  "counts": result.counts_before, "killed": True,
                                  "note": "the run ended without finishing or being audited; found on resume"})

    def check_consistency(self, *, repair: bool = False, hashes: bool = False):
        """`accord check`: store, originals and index compared (web/consistency.py)."""
        from web.consistency import check
        return check(self, repair=repair, hashes=hashes)

    def audit_ingest(self, actor: str, result, inputs: list[str]) -> None:
        """Every ingest run is audited, whether it came from the CLI, a watched folder or an upload."""
        from corpus import audit
        audit.record(self.store, actor, "ingest", f"job:{result.job_id}",
                     details={"inputs": list(inputs)[:20], "input_count": len(inputs), "counts": result.counts,
                              "failed": len(result.failed), "interrupted": result.interrupted})

    @staticmethod
    def cli_actor() -> str:
        """Who runs a command on the server itself: its operating-system account."""
        import getpass
        return f"cli:{getpass.getuser()}"

    def reextract(self, document_id: int, *, actor: str, relations: bool = True, via: str = "cli",
                  worker: str = "") -> None:
        """Metadata extraction again from the document's stored text (no re-OCR), audited; the caller
        reindexes (`accord reextract` in this process, or the index writer after a queue task)."""
        from corpus import audit
        from corpus.documents import load_document, replace_fields
        from ingest.metadata import EXTRACTION_VERSION, extract_metadata
        from ingest.relations import link_document
        doc = load_document(self.store, document_id)
        extract_metadata(doc)   # replaces the text's fields; keeps the file's own properties
        replace_fields(self.store, document_id, doc.fields, title=doc.title or None,
                       extraction_version=EXTRACTION_VERSION)
        if relations:
            link_document(self.store, document_id)
        audit.record(self.store, actor, "reextract", str(document_id),
                     details={"via": via, "extraction_version": EXTRACTION_VERSION, "relations": relations,
                              **({"worker": worker} if worker else {})})

    # --- reviewers' corrections of metadata ------------------------------------
    def correct_fields(self, document_id: int, changes: list[dict], who, *, ip: str = "") -> list:
        """The one path of the document page, the API and `accord fields`: check the role, normalize
        each value as the extractor does, store and apply the changes, audit, reindex (so facets,
        filters and the expiring view show them at once). `changes` are reviewed_change's keyword
        arguments (name, value, action, previous, role). Returns the document's current fields."""
        from corpus import audit
        from corpus.documents import correct_fields
        from ingest.metadata.reviewed import reviewed_change
        who.require("correct")
        parsed = [reviewed_change(**change) for change in changes]
        fields = correct_fields(self.store, document_id, parsed, who)
        audit.record(self.store, who.name, "fields", str(document_id), ip=ip, details={
            "role": who.role,
            "changes": [{"name": c.name, "action": c.action, "value": c.value,
                         **({"previous": c.previous} if c.previous else {}),
                         **({"role": c.attributes["role"]} if c.attributes.get("role") else {})} for c in parsed]})
        self.document_changed(document_id)
        return fields

    # --- reactions to changes -------------------------------------------------
    def document_stored(self, document_id: int) -> None:
        """Called by ingest after each new document: suggest tags, then make it searchable."""
        self._suggest_labels(document_id)
        self.document_changed(document_id)
        self.join_query_holds([document_id])

    # --- records lifecycle (corpus/records; the index side is wired here) ---------------
    def matching_ids(self, query: str, among: list[int] | None = None) -> set[int]:
        """Ids of the documents a query matches (all of them, whoever may see them)."""
        from corpus.access import SYSTEM
        results = self.index.search(query, principal=SYSTEM, per_page=10_000, snippets=False, facets=False)
        found, page = {h.id for h in results.hits}, 1
        while len(found) < results.total:
            page += 1
            more = self.index.search(query, principal=SYSTEM, page=page, per_page=10_000, snippets=False,
                                     facets=False)
            if not more.hits:
                break
            found.update(h.id for h in more.hits)
        return found & set(among) if among is not None else found

    def join_query_holds(self, document_ids: list[int]) -> None:
        """Newly stored documents that match a query hold join it (after they are indexed)."""
        from corpus.records.holds import join_query_holds, query_holds
        if query_holds(self.store):
            join_query_holds(self.store, document_ids, lambda query, ids: self.matching_ids(query, ids))

    def purge_from_index(self, document_ids: list[int]) -> None:
        """Disposition and the trash purge: the index entries go, and the index is merged so no
        deleted posting or stored field is left in its files."""
        self.index.purge_documents(document_ids)

    def place_hold(self, name: str, *, reason: str, issuer: str, ids=(), query: str | None = None, ip: str = "",
                   who=None):
        """`who` named `ids` (None: the CLI operator); the query's matches are held whoever may see them."""
        from corpus.records.holds import place_hold
        return place_hold(self.store, name, reason=reason, issuer=issuer, query=query, ip=ip, who=who,
                          document_ids=list(ids), matched_ids=sorted(self.matching_ids(query)) if query else [])

    def run_disposition(self, batch_id: int, *, actor: str) -> dict:
        from corpus.records import disposition
        return disposition.run(self.store, self.config, batch_id, purge_derived=self.purge_from_index, actor=actor)

    def trash(self, document_id: int, *, who, ip: str = "") -> None:
        from corpus.records import filing
        filing.trash(self.store, self.config, document_id, who=who, ip=ip)
        self.document_changed(document_id)

    def restore(self, document_id: int, *, who, ip: str = "") -> None:
        from corpus.records import filing
        filing.restore(self.store, document_id, who=who, ip=ip)
        self.document_changed(document_id)

    def purge_expired_trash(self, *, actor: str) -> list[int]:
        from corpus.records import filing
        return filing.purge_expired_trash(self.store, self.config, self.purge_from_index, actor=actor)

    def document_changed(self, document_id: int) -> None:
        """A document was added, re-extracted, relabelled, restricted or deleted."""
        self._reindex(document_id)

    def documents_changed(self, document_ids: list[int]) -> None:
        """As document_changed, for several documents in one index commit."""
        self.index.update_documents(document_ids)

    def documents_changed_soon(self, document_ids: list[int]) -> None:
        """As documents_changed, off the request path (the index-writer process under `accord
        serve`, batched with other changes into one commit): searchable within about a second,
        as a label decision. Not for a change of who may see a document (restrict, visibility):
        that must hold in search before the request answers."""
        for start in range(0, len(document_ids), 200):   # a task is one short line to the index writer
            self.background.submit("reindex", document_ids[start:start + 200])

    @contextmanager
    def changes_in_batches(self, size: int = 50):
        """For commands that change many documents in a loop: yields `changed(document_id)`;
        the index is updated once per `size` documents and for the rest on leaving, also when
        the loop fails (documents changed before the error still reach the index)."""
        pending: list[int] = []

        def changed(document_id: int) -> None:
            pending.append(document_id)
            if len(pending) >= size:
                self.documents_changed(pending[:])
                pending.clear()
        try:
            yield changed
        finally:
            if pending:
                self.documents_changed(pending)

    def rebuild_index(self, progress=None) -> tuple[int, int]:
        """`accord reindex`: rebuild the index from the store, then re-apply every document changed
        while it ran. Changes made meanwhile by another process (the web server, a bulk ingest) went
        to the index being replaced; without this catch-up they would be lost until the document's
        next change. Returns (documents indexed, documents caught up)."""
        from datetime import datetime, timedelta, timezone
        from corpus.documents import changed_since
        started = datetime.now(timezone.utc) - timedelta(seconds=2)   # clock granularity and in-flight transactions
        count = self.index.rebuild(progress=progress)
        changed = changed_since(self.store, started)
        if changed:
            self.documents_changed(changed)
        return count, len(changed)

    def _suggest_labels(self, document_id: int) -> None:
        """Type, scope and flag suggestions stored as label rows. A classifier problem (e.g. an
        untrusted model file) must not fail the ingest: the document is stored either way and
        `accord classify ID` can suggest later."""
        from corpus.errors import AccordError
        try:
            self.classifier.suggest(document_id)
        except AccordError as exc:
            log.warning("no label suggestions for document %s: %s", document_id, exc)

    def _reindex(self, document_id: int) -> None:
        # Reads the document back from the store (deleted -> removed from the index).
        self.index.update_document(document_id)

    def close(self) -> None:
        if "background" in self.__dict__:
            self.background.close()   # decisions submitted before the stop still reach the index
        if "store" in self.__dict__:
            from corpus import audit
            try:
                # The end of a command or server process anchors the events it wrote.
                audit.anchor_if_written(self.store)
            finally:
                self.store.dispose()


def _nothing_more() -> bool:
    """The "reindex" background task: its documents are reindexed; nothing else to do."""
    return False


class _IndexBuffer:
    """A bulk ingest's on_stored: labels are suggested for each document as it is stored, but the
    search index is updated once per BATCH documents or by a timer, in one commit, instead of one
    whoosh commit per document. Flushed at the end.

    The timer waits SECONDS after the first waiting document (none when BATCH are waiting), or 4 times as long as the last
    flush took if that is longer: a commit has a fixed cost (segment files, a merge), so when
    commits are slow (a large index, a busy machine) fewer, larger ones keep indexing to about a
    fifth of the writer's time instead of letting it take over. The writer never waits for a
    timer's flush: documents are taken under the lock, indexed outside it."""

    BATCH = 50
    SECONDS = 1.0

    def __init__(self, services: Services):
        self.services = services
        self.pending: list[int] = []
        self.lock = threading.Lock()          # guards pending and timer
        self.flushing = threading.Lock()      # one flush at a time, so commits keep their order
        self.timer: threading.Timer | None = None
        self.last_flush_seconds = 0.0

    def document_stored(self, document_id: int) -> None:
        self.services._suggest_labels(document_id)
        self._pending(document_id)

    def document_labelled(self, document_id: int, labels) -> None:
        """As document_stored, with the suggestions an ingest worker computed (web/ingest_labels.py)."""
        from corpus.errors import AccordError
        try:
            self.services.classifier.store_computed(document_id, labels)
        except AccordError as exc:
            log.warning("no label suggestions for document %s: %s", document_id, exc)
        self._pending(document_id)

    def _pending(self, document_id: int) -> None:
        with self.lock:
            self.pending.append(document_id)
            # a full batch is flushed at once, but on the timer's thread too: flushed here, the
            # writer stopped handing out files for the whole commit, and the workers ran dry
            due = 0.0 if len(self.pending) >= self.BATCH else max(self.SECONDS, 4 * self.last_flush_seconds)
            if self.timer is None or (due == 0.0 and self.timer.interval > 0.0):
                if self.timer is not None:
                    self.timer.cancel()
                self.timer = threading.Timer(due, self.flush)
                self.timer.daemon = True
                self.timer.start()

    def flush(self) -> None:
        with self.flushing:
            with self.lock:
                if self.timer is not None:
                    self.timer.cancel()
                    self.timer = None
                ids, self.pending = self.pending, []
            if not ids:
                return
            started = time.monotonic()
            try:
                self.services.documents_changed(ids)
                self.services.join_query_holds(ids)
            except Exception:
                # the index is derived data (`accord reindex` rebuilds it); the documents are stored
                log.exception("search index update failed for documents %s", ids)
            self.last_flush_seconds = time.monotonic() - started
