"""SearchIndex: the one object the rest of Accord uses to search (see search/__init__.py).

The index is a cache of the store. It lives in config.index_dir with a schema version
file beside it; a missing index or another version is rebuilt from the store when
opened. All writes go through `writer()`, one path that serialises writers in this
process with a lock and waits out other processes' whoosh write locks with backoff.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np
from whoosh import index as windex

from corpus.access import Principal, principal_tokens
from corpus.errors import BadQuery, IndexError_, IndexLocked, NotFound
from corpus.locks import acquire_with_backoff
from search.analysis import unigram_counts
from search import bulk
from search.engine import PostingsCache, View
from search.evaluate import Evaluator
from search.facets import facet_counter, facet_counts
from search.filters import date_mask, filter_mask
from search.flat import read_into_page_cache
from search.query import ParsedQuery, parse
from search.results import Hit, SearchResults
from search.schema import SCHEMA_VERSION, IndexRecord, index_fields, make_schema, meta_stamp
from search.snippets import make_snippet
from corpus.sorting import DEFAULT_SORT, RELEVANCE, SORTS, TEXT_SORT_FIELDS, browse_sort, sort_field
from search.source import Source
from search.suggest import suggest_words
from search.synonyms import SynonymFile
from search.writing import IndexWriter, open_writer

VERSION_FILE = "accord-schema-version"
FACET_LIMIT = 20
BUILD_WAIT_SECONDS = 3600   # a live build of a large index takes minutes; a dead one frees the lock at once
READ_TOGETHER = 64   # documents read from the source at once by update_documents (their texts in memory)
TOP_SAMPLE = 256   # relevance ranking of more than 16x this many matches first narrows them by a sample


class SearchIndex:
    def __init__(self, index_dir: Path, source: Source, *, procs: int = 1, limitmb: int = 128,
                 segment_docs: int = bulk.SEGMENT_DOCS, today: Callable[[], date] = date.today, warm: bool = True,
                 synonyms: SynonymFile | None = None):
        self.index_dir = Path(index_dir)
        self.synonyms = synonyms or SynonymFile(None)   # concept groups, read when searching
        self.source = source
        self.procs = max(1, int(procs))
        self.limitmb = limitmb
        self.segment_docs = segment_docs
        self.today = today
        self.warm = warm
        self._warming: threading.Thread | None = None
        self.warm_seconds: float | None = None
        self._write_lock = threading.RLock()
        self._view_lock = threading.Lock()
        self._segment_cache: dict = {}
        self._postings = PostingsCache()
        self._ix = None
        self._searcher = None
        self._view: View | None = None
        self._dir_stamp: int | None = None
        self._ensure()

    # --- opening ---------------------------------------------------------------------
    def _version_ok(self) -> bool:
        try:
            return (self.index_dir / VERSION_FILE).read_text().strip() == str(SCHEMA_VERSION)
        except OSError:
            return False

    def _usable(self) -> bool:
        return self.index_dir.is_dir() and windex.exists_in(str(self.index_dir)) and self._version_ok()

    def _ensure(self) -> None:
        if not self._usable():
            # Several processes (hosts sharing the index folder) opening a missing index at once:
            # the first builds it, the others wait for it and then open what it built.
            with self._build_lock():
                if not self._usable():
                    self._rebuild_locked(None, None)
        self._open()

    @contextmanager
    def _build_lock(self) -> Iterator[None]:
        """One build of the index at a time, across processes and machines: an flock on a file
        beside the index folder, released by the kernel (or the NFS server's lock service) when
        its holder dies, so only a live build is waited for (at most BUILD_WAIT_SECONDS)."""
        target = Path(os.path.realpath(self.index_dir))
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target.parent / f".{target.name}.build-lock", "a") as handle:
            def try_lock() -> bool | None:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    return None

            acquire_with_backoff(try_lock, wait_seconds=BUILD_WAIT_SECONDS, first_delay=0.05, max_delay=1.0,
                                 timed_out=lambda: IndexLocked(f"another process has been building the search "
                                                               f"index in {target} for {BUILD_WAIT_SECONDS} s"))
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _open(self) -> None:
        try:
            self._ix = windex.open_dir(str(self.index_dir))
        except Exception as exc:
            raise IndexError_(f"cannot open the search index in {self.index_dir}: {exc}") from exc
        with self._view_lock:   # a warming thread must not keep a searcher of the replaced index
            self._searcher = None
            self._view = None
        if self.warm:
            self._warming = threading.Thread(target=self._warm_up, name="accord-index-warm", daemon=True)
            self._warming.start()

    def _warm_up(self) -> None:
        """Read what the first queries would otherwise pay for: the per-document columns of
        every segment (the view), the flat posting files (into the OS page cache), the text
        vocabulary that fuzzy/prefix terms expand against, and the facet table."""
        started = time.perf_counter()
        try:
            view = self.current_view()
            for _, _, seg_id, columns in view.leaves:
                # A bulk-built segment is queried through its flat posting files only; any other
                # (small, live-update) segment through all of its whoosh files.
                read_into_page_cache(columns.flat.files() if columns.flat is not None
                                     else sorted(self.index_dir.glob(f"{seg_id}.*")))
            view.vocabulary("text")
            facet_counter(view)
        except Exception:   # only a cache: a failure here resurfaces, with context, in the query
            return
        self.warm_seconds = time.perf_counter() - started

    def wait_until_warm(self, timeout: float | None = None) -> float | None:
        """Block until the background warm-up started at open has finished; its duration in s."""
        if self._warming is not None:
            self._warming.join(timeout)
        return self.warm_seconds

    def _unchanged_since_checked(self) -> bool:
        """True when the index folder provably has no new commit since the last check: a
        commit adds a TOC file, which changes the folder's mtime. Checking that is one stat,
        where whoosh's up_to_date() lists the folder. A stamp less than 2 s old is not
        trusted (a commit in the same clock tick would keep it), so this never hides a commit."""
        try:
            stamp = os.stat(self.index_dir).st_mtime_ns
        except OSError:
            return False
        same = stamp == self._dir_stamp and time.time_ns() - stamp > 2_000_000_000
        self._dir_stamp = stamp
        return same

    def current_view(self) -> View:
        with self._view_lock:
            if self._searcher is None:
                self._searcher = self._ix.searcher()
                self._view = None
            elif self._unchanged_since_checked():
                pass
            elif not self._searcher.up_to_date():
                # A fresh searcher, not refresh(): whoosh's reader reuse can bring back
                # segments a merge removed. Column arrays are reused by segment id anyway.
                self._searcher = self._ix.searcher()
                self._view = None
            if self._view is None:
                self._view = View(self._searcher, self._segment_cache, self._postings)
                live_segments = {seg_id for _, _, seg_id, _ in self._view.leaves}
                for seg_id in list(self._segment_cache):
                    if seg_id not in live_segments:
                        del self._segment_cache[seg_id]
            return self._view

    # --- writing ---------------------------------------------------------------------
    def _open_writer(self):
        return open_writer(self._ix, self.limitmb)

    @contextmanager
    def writer(self) -> Iterator[IndexWriter]:
        """Commits on success, cancels on error, always releases the lock."""
        with self._write_lock:
            writer = self._open_writer()
            try:
                yield IndexWriter(writer)
            except BaseException:
                writer.cancel()
                raise
            try:
                writer.commit()
            finally:
                if not writer.is_closed:
                    writer.cancel()

    def update_document(self, document_id: int) -> None:
        self.update_documents([document_id])

    def update_documents(self, document_ids: Iterable[int]) -> None:
        """Read each document back from the source (gone or deleted -> removed from the index),
        all in one writer and one commit."""
        document_ids = list(document_ids)
        with self.writer() as w:   # read under the lock: a later change's commit comes after this one
            for start in range(0, len(document_ids), READ_TOGETHER):
                chunk = document_ids[start:start + READ_TOGETHER]
                records = self._records_of(chunk)
                for document_id in chunk:
                    record = records.get(int(document_id))
                    if record is None:
                        w.delete(document_id)
                    else:
                        w.update(record)

    def _records_of(self, document_ids: list[int]) -> dict[int, IndexRecord]:
        """The records of those documents still live: from the store in one set of queries for
        all of them (an ingest's commit holds several documents)."""
        read_many = getattr(self.source, "records_of", None)   # a source may read one at a time only
        if read_many is not None:
            return read_many(document_ids)
        records = {}
        for document_id in document_ids:
            record = self.source.record(document_id)
            if record is not None:
                records[int(document_id)] = record
        return records

    def delete_document(self, document_id: int) -> None:
        with self.writer() as w:
            w.delete(document_id)

    def purge_documents(self, document_ids: Iterable[int]) -> None:
        """Delete documents for good (records disposition): a plain delete only marks them in a
        segment, so the commit merges every segment, rewriting postings, stored fields and
        vectors without them, and whoosh removes the old segment files."""
        with self._write_lock:
            writer = self._open_writer()
            try:
                for document_id in document_ids:
                    IndexWriter(writer).delete(document_id)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(optimize=True)

    def rebuild(self, progress: Callable[[int], None] | None = None, *, records=None) -> int:
        """Rebuild from the source into a fresh folder, then swap it in. Streams records,
        so memory is bounded by whoosh's pool (limitmb per process), not by the corpus."""
        with self._build_lock():
            return self._rebuild_locked(progress, records)

    def _rebuild_locked(self, progress: Callable[[int], None] | None, records) -> int:
        with self._write_lock:
            # The folder a symlink points to (an index on a shared folder, linked from each
            # host's ACCORD_HOME): swapping the link itself would give this host an index of
            # its own that no other host sees, and leave the link behind as the "old" folder.
            target = Path(os.path.realpath(self.index_dir))
            parent = target.parent
            parent.mkdir(parents=True, exist_ok=True)
            fresh = parent / f".{target.name}.new-{os.getpid()}"
            shutil.rmtree(fresh, ignore_errors=True)
            fresh.mkdir()
            windex.create_in(str(fresh), make_schema())
            try:
                count = bulk.build(str(fresh), records if records is not None else self.source.records(),
                                   procs=self.procs, segment_docs=self.segment_docs, progress=progress)
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            (fresh / VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n")
            old = parent / f".{target.name}.old-{os.getpid()}"
            if target.exists():
                os.replace(target, old)
            os.replace(fresh, target)
            shutil.rmtree(old, ignore_errors=True)
            if progress:
                progress(count)
            if self._ix is not None:
                self._segment_cache.clear()
                self._open()
            return count

    # --- consistency with the store (accord check, ingest resume) ----------------------
    def indexed_stamps(self) -> dict[int, list[str]]:
        """Every indexed document id -> the stamp (meta_stamp) of each index entry holding it;
        more than one entry is a duplicate."""
        stamps: dict[int, list[str]] = {}
        with self._ix.searcher() as searcher:
            for stored in searcher.all_stored_fields():
                stamps.setdefault(int(stored["id"]), []).append(meta_stamp(stored.get("meta") or {}))
        return stamps

    def expected_stamps(self) -> dict[int, str]:
        """Every live document of the source -> the stamp its index entry would have now."""
        return {record.id: meta_stamp(index_fields(record)["meta"]) for record in self.source.records()}

    def unindexed(self, document_ids: Iterable[int]) -> list[int]:
        """Those of the ids that have no entry in the index."""
        with self._ix.searcher() as searcher:
            return [i for i in document_ids if searcher.document_number(id=str(i)) is None]

    # --- searching -------------------------------------------------------------------
    def _view_for(self, tokens: tuple[str, ...] | None) -> View:
        """The current view as the caller sees it (View.seen_by: statistics over the visible
        documents only). The facet matrix does not depend on who asks: built once, shared."""
        view = self.current_view()
        if tokens is not None:
            facet_counter(view)
        return view.seen_by(tokens)

    def _tokens(self, principal: Principal) -> tuple[str, ...] | None:
        principal.require("read")
        return None if principal.sees_everything else tuple(principal_tokens(principal))

    def _facets(self, view: View, mask: np.ndarray, matching: np.ndarray) -> dict[str, list[tuple[str, int]]]:
        return facet_counts(view, mask, matching, self.today(), FACET_LIMIT)

    def _order(self, view: View, candidates: np.ndarray, score: np.ndarray, sort: str, k: int) -> np.ndarray:
        if sort == RELEVANCE:
            s = score[candidates]
            if k < len(candidates) and len(candidates) > 16 * TOP_SAMPLE:
                # The k-th best score of a sample is at most the k-th best of all, so every
                # top-k document scores at least that much: keep only those (a few hundred)
                # before partitioning.
                sample = s[::16]
                cut = np.partition(sample, len(sample) - k)[len(sample) - k]
                keep = np.flatnonzero(s >= cut)
                if len(keep) <= 16 * TOP_SAMPLE:
                    candidates, s = candidates[keep], s[keep]
            if k < len(candidates):
                # The k best by (score, then document id): all above the k-th best score, and
                # of those tied with it the lowest ids, so ties at the cut are deterministic.
                kth = np.partition(s, len(s) - k)[len(s) - k]
                above, tied = np.flatnonzero(s > kth), np.flatnonzero(s == kth)
                need = k - len(above)
                if len(tied) > need:
                    tied = tied[np.argpartition(view.doc_id[candidates[tied]], need - 1)[:need]]
                part = np.concatenate([above, tied])
                candidates, s = candidates[part], s[part]
            return candidates[np.lexsort((view.doc_id[candidates], -s))]
        field, descending = sort_field(sort)
        if field in TEXT_SORT_FIELDS:
            titles = [str(view.meta(int(d)).get(field) or "").lower() for d in candidates]
            order = sorted(range(len(candidates)), key=lambda i: (not titles[i], titles[i], int(view.doc_id[candidates[i]])))
            return candidates[np.array(order, dtype=np.int64)][:k] if order else candidates
        values = getattr(view, field)[candidates].astype(np.int64)
        missing = values == 0
        key = np.where(missing, np.iinfo(np.int64).max, -values if descending else values)
        return candidates[np.lexsort((view.doc_id[candidates], key))][:k]

    def search(self, query: str, *, principal: Principal, page: int = 1, per_page: int = 20,
               sort: str = DEFAULT_SORT, filters: dict[str, list[str]] | None = None,
               operator: str = "and", snippets: bool = True, facets: bool = True) -> SearchResults:
        """One page of results: the exact total the caller may see, facet counts over all of
        them (unless facets=False) and a highlighted snippet per hit (unless snippets=False;
        ids-only callers skip reading page texts)."""
        tokens = self._tokens(principal)
        if sort not in SORTS:
            raise BadQuery(f"unknown sort {sort!r}", hint=f"Sorts: {', '.join(SORTS)}.")
        page, per_page = max(1, int(page)), max(1, min(int(per_page), 10_000))
        parsed = parse(query, today=self.today(), operator=operator)
        if parsed.rule == "browse" and sort == DEFAULT_SORT:
            sort = browse_sort(bool((filters or {}).get("expiring_days")))
        results = self._run(parsed, tokens, page, per_page, sort, filters, snippets, facets)
        if results.total == 0 and parsed.rule in ("all", "most") and parsed.counted > 1:
            relaxed = self._run(parsed.relaxed(), tokens, page, per_page, sort, filters, snippets, facets)
            if relaxed.total:
                relaxed.relaxed = True
                relaxed.suggestion = results.suggestion
                return relaxed
        return results

    def _run(self, parsed: ParsedQuery, tokens, page: int, per_page: int, sort: str, filters, snippets: bool,
             facets: bool) -> SearchResults:
        view = self._view_for(tokens)
        evaluator = Evaluator(view, self.synonyms.table())
        if parsed.tree is not None:
            result = evaluator.run(parsed.tree)
        elif parsed.words:
            result = evaluator.plain_words(parsed.words, parsed.required)
        else:
            result = None
        if result is None:
            match, score = view.live.copy(), np.zeros(view.n, dtype=np.float32)
        else:
            match, score = result
            if len(evaluator.sequence) > 1:
                score = score + evaluator.proximity() * match
        visible = view.visible(tokens)
        match = match & visible   # the permission filter is part of the query
        for extra in (date_mask(view, parsed.dates), filter_mask(view, filters, self.today())):
            if extra is not None:
                match &= extra
        candidates = np.flatnonzero(match)
        total = int(len(candidates))
        pages = max(1, -(-total // per_page))
        page = min(page, pages)   # past the last page: the last page
        top = self._order(view, candidates, score, sort, page * per_page)[(page - 1) * per_page:]
        hits = self._hits(view, top, score, evaluator.highlight if snippets else None)
        suggestion = None
        if total == 0 and evaluator.words:
            suggestion = suggest_words(view, self.source, parsed.text, evaluator.words, visible)
        return SearchResults(query=parsed.text, total=total, page=page, per_page=per_page, hits=hits,
                             facets=self._facets(view, match, candidates) if facets else {},
                             suggestion=suggestion, rule=parsed.rule, sort=sort,
                             date_filters=[{"label": d.label, "phrase": d.phrase} for d in parsed.dates if d.label])

    def _hits(self, view: View, docnums: np.ndarray, score: np.ndarray, highlight: set[str] | None) -> list[Hit]:
        metas = [view.meta(int(d)) for d in docnums]
        pages = self.source.pages([m["id"] for m in metas]) if highlight is not None else {}
        hits = []
        for d, m in zip(docnums, metas):
            page, snippet, spans = (make_snippet(pages.get(m["id"], []), highlight) if highlight is not None
                                    else (None, "", []))
            hits.append(Hit(
                id=m["id"], filename=m.get("filename", ""), title=m.get("title", ""),
                score=round(float(score[d]), 4), page=page, snippet=snippet, spans=spans,
                type=m.get("type", ""), scope=m.get("scope", ""), parties=list(m.get("parties", [])),
                effective_date=_iso(m.get("effective")), expiry_date=_iso(m.get("expiry"))))
        return hits

    def highlight_stems(self, query: str) -> set[str]:
        """The stems a query marks in a text (with its acronyms, concept groups and expanded
        prefixes): what search.snippets.word_spans takes, for a page that shows a whole text."""
        parsed = parse(query, today=self.today())
        evaluator = Evaluator(self.current_view(), self.synonyms.table())
        if parsed.tree is not None:
            evaluator.run(parsed.tree)
        elif parsed.words:
            evaluator.plain_words(parsed.words, parsed.required)
        return evaluator.highlight

    # --- did you mean ----------------------------------------------------------------
    def suggest(self, query: str, *, principal: Principal) -> str | None:
        tokens = self._tokens(principal)
        parsed = parse(query, today=self.today())
        if parsed.tree is None and not parsed.words:
            return None
        view = self._view_for(tokens)
        evaluator = Evaluator(view)
        if parsed.tree is not None:
            evaluator.run(parsed.tree)
        else:
            evaluator.plain_words(parsed.words, parsed.required)
        return suggest_words(view, self.source, query, evaluator.words, view.visible(tokens))

    # --- similar agreements --------------------------------------------------------------
    def more_like_this(self, document_id: int, *, principal: Principal, limit: int = 10) -> list[Hit]:
        tokens = self._tokens(principal)
        view = self._view_for(tokens)
        docnum = view.docnum_of(document_id)
        visible = view.visible(tokens)
        if docnum is None or not visible[docnum]:
            raise NotFound(f"document {document_id} not found")
        text = "\n".join(t for _, t in self.source.pages([int(document_id)]).get(int(document_id), []))
        counts = unigram_counts(text)
        weighted = []
        for term, tf in counts.most_common(300):
            df = view.doc_frequency("text", term)
            if df > 1:
                weighted.append((tf * np.log(view.doc_count / df), term))
        terms = [t for _, t in sorted(weighted, reverse=True)[:25]]
        score = np.zeros(view.n, dtype=np.float32)
        match = np.zeros(view.n, dtype=bool)
        for term in terms:
            view.add_term(match, score, "text", term, length="text")
        match &= visible
        match[docnum] = False
        top = self._order(view, np.flatnonzero(match), score, "relevance", limit)
        return self._hits(view, top, score, set(terms[:8]))

    def close(self) -> None:
        with self._view_lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._view = None


def _iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day else None
