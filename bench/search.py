"""Search benchmark: build indexes of N generated agreements and time 240 mixed queries
through the facade, beside tantivy and SQLite FTS5 on the same documents in the same run.

    nice -n 10 .venv/bin/python bench/search.py --docs 10000 [--docs 50000] [--procs 2]

Documents come from the demo generator's fast text path (corpus.demo.iter_demo_texts,
~2,000 words each) and are written once to a SQLite page table that plays the store:
the index is built by SearchIndex.rebuild() (the same code path as `accord reindex`),
and snippets read page texts from it. Queries go through SearchIndex.search().
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.access import Principal, visibility_tokens  # noqa: E402
from corpus.demo import iter_demo_texts  # noqa: E402
from search import SearchIndex, flat  # noqa: E402
from search.schema import IndexRecord  # noqa: E402

SEARCHER = Principal("analyst", "searcher", ("intel",))
TYPES = ("query_term", "query_and", "query_phrase", "query_fielded", "query_fuzzy", "query_question")
QUESTION_FRAMES = ("which agreements {} ?", "what does the agreement say about {}", "is there a memorandum that {} ?",
                   "find the agreement where {}", "how do the parties handle {} ?")


class BenchSource:
    """The three methods SearchIndex needs from a store, over a SQLite file."""

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.seconds = 0.0   # time spent reading page texts (the store's share of a search)

    def records(self):
        cursor = sqlite3.connect(self.path).execute(
            "SELECT id, filename, title, type, scope, parties, effective, expiry, owner, restricted, text FROM docs ORDER BY id")
        for (doc_id, filename, title, type_, scope, parties, effective, expiry, owner, restricted, text) in cursor:
            tokens = visibility_tokens("restricted" if restricted else "public", owner, [], ["legal"] if restricted else [])
            yield IndexRecord(id=doc_id, filename=filename, title=title, text=text, type=type_, scope=scope,
                              parties=parties.split("|") if parties else [], effective_date=effective,
                              expiry_date=expiry, ingested="2025-01-01", owner=owner, visibility_tokens=tokens)

    def record(self, document_id):
        return None

    def pages(self, document_ids):
        started = time.perf_counter()
        ids = list(document_ids)
        out = {i: [] for i in ids}
        if ids:
            marks = ",".join("?" * len(ids))
            for doc_id, number, text in self.db.execute(
                    f"SELECT doc_id, number, text FROM pages WHERE doc_id IN ({marks}) ORDER BY doc_id, number", ids):
                out[doc_id].append((number, text))
        self.seconds += time.perf_counter() - started
        return out


def generate(path: Path, count: int) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, filename, title, type, scope, parties, effective, "
               "expiry, owner, restricted, text)")
    db.execute("CREATE TABLE pages (doc_id, number, text)")
    rows, page_rows = [], []
    for i, (truth, pages) in enumerate(iter_demo_texts(count, words_per_doc=2000), start=1):
        rows.append((i, truth.file, truth.title, truth.doc_type, truth.scope, "|".join(truth.parties),
                     truth.effective_date, truth.expiry_date, f"user{i % 50}", int(i % 10 == 0), "\n".join(pages)))
        page_rows.extend((i, n, t) for n, t in enumerate(pages, start=1))
        if len(rows) >= 1000:
            db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
            db.executemany("INSERT INTO pages VALUES (?,?,?)", page_rows)
            rows, page_rows = [], []
    db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO pages VALUES (?,?,?)", page_rows)
    db.execute("CREATE INDEX pages_doc ON pages (doc_id)")
    db.commit()
    db.close()


def make_queries(path: Path, seed: int = 7) -> list[tuple[str, dict]]:
    """240 queries, 40 per type, drawn from the generated text itself."""
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    sample = [r for r in db.execute("SELECT text, parties, type FROM docs ORDER BY random() LIMIT 200")]
    words = [w for text, _, _ in sample for w in re.findall(r"[A-Za-z]{5,}", text)]
    pool = sorted(set(w.lower() for w in words))
    common = ["agreement", "information", "parties", "records", "system", "security", "privacy", "data"]
    phrases = ["terms of the agreement", "in accordance with", "the parties agree", "of the agreement",
               "consistent with the approved records schedule", "throughout the term of this agreement",
               "information sharing", "within thirty days of a written request", "the system owner"]
    queries: dict[str, list] = {t: [] for t in TYPES}
    for _ in range(40):
        queries["query_term"].append((rng.choice(pool + common), {}))
        queries["query_and"].append((f"{rng.choice(common)} {rng.choice(pool)}", {}))
        text = rng.choice(sample)[0].split()
        start = rng.randrange(len(text) - 4)
        span = " ".join(re.sub(r"[^A-Za-z]", "", w) for w in text[start:start + rng.randint(2, 4)])
        queries["query_phrase"].append((f'"{rng.choice(phrases)}"' if rng.random() < 0.5 else f'"{span}"', {}))
        _, parties, type_ = rng.choice(sample)
        party = re.sub(r"[^A-Za-z]", "", (parties.split("|")[0] if parties else "").split(" ")[0]) or "Department"
        queries["query_fielded"].append((f"party:{party.lower()} {rng.choice(common)}", {"type": [type_]}))
        word = rng.choice([w for w in pool if len(w) >= 6])
        i = rng.randrange(1, len(word) - 1)
        queries["query_fuzzy"].append((f"{word[:i]}{word[i + 1]}{word[i]}{word[i + 2:]}~2", {}))
        # a natural-language question of 10-20 words, as typed (stop words, punctuation and all)
        text = rng.choice(sample)[0].split()
        frame = rng.choice(QUESTION_FRAMES)
        size = rng.randint(10, 20) - len(frame.split()) + 1
        start = rng.randrange(len(text) - size)
        body = " ".join(re.sub(r"[^A-Za-z]", "", w).lower() for w in text[start:start + size])
        queries["query_question"].append((frame.format(" ".join(body.split())), {}))
    return [(t, q, f) for t in TYPES for q, f in queries[t]]


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * len(values))) - 1)]


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    return f"p50 {statistics.median(values):7.1f}  p95 {p95(values):7.1f}  max {values[-1]:7.1f} ms"


def du(path: Path) -> str:
    return subprocess.run(["du", "-sh", str(path)], capture_output=True, text=True).stdout.split()[0]


def first_pass(index: SearchIndex, queries, **options) -> dict[str, list[float]]:
    """Each query once, timed: for a freshly opened index this is every query's first execution."""
    times: dict[str, list[float]] = {t: [] for t in TYPES} | {f"{t}/store": [] for t in TYPES}
    for kind, q, filters in queries:
        in_store = index.source.seconds
        started = time.perf_counter()
        index.search(q, principal=SEARCHER, filters=filters or None, **options)
        times[kind].append((time.perf_counter() - started) * 1000)
        times[kind + "/store"].append((index.source.seconds - in_store) * 1000)
    return times


def probe_query(queries) -> str:
    """A one-word query that is not one of the timed ones (its first run must not warm them)."""
    used = {w for _, q, _ in queries for w in re.findall(r"\w+", q.lower())}
    return next(w for w in ("memorandum", "understanding", "interagency", "cooperation", "zzprobe") if w not in used)


def bare_child(work: Path, queries) -> dict[str, list[float]]:
    """The facade bare pass in a fresh process: its own index object, caches and stem cache, so
    each query is its first execution there too (the parent has already run them once)."""
    payload = json.dumps({"work": str(work), "queries": queries})
    done = subprocess.run([sys.executable, __file__, "--bare-child"], input=payload, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def run_bare_child() -> None:
    job = json.loads(sys.stdin.read())
    work, queries = Path(job["work"]), [tuple(q) for q in job["queries"]]
    index = SearchIndex(work / "index", BenchSource(work / "store.db"))
    index.wait_until_warm()
    index.search(probe_query(queries), principal=SEARCHER, snippets=False, facets=False)
    print(json.dumps(first_pass(index, queries, snippets=False, facets=False)))


def bench_facade(work: Path, source: BenchSource, queries, procs: int) -> dict[str, list[float]]:
    cpu = lambda: sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)  # noqa: E731
                      for f in ("ru_utime", "ru_stime"))
    existed = (work / "index").exists()
    started, cpu_started = time.perf_counter(), cpu()
    index = SearchIndex(work / "index", source, procs=procs)
    build, build_cpu = time.perf_counter() - started, cpu() - cpu_started
    if existed and build < 5:
        print(f"facade (whoosh): reused the index in {work / 'index'} (opened in {build:.2f} s)")
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"facade (whoosh) build: {build:.1f} s wall, {build_cpu:.1f} s CPU (all processes; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)   peak RSS: main {rss_self:.0f} MB, largest worker "
          f"{rss_children:.0f} MB   index on disk: {du(work / 'index')}")
    started = time.perf_counter()
    warm = index.wait_until_warm()
    waited = time.perf_counter() - started
    print(f"  open-time warm-up (background thread started at open: segment columns, flat posting files read "
          f"into the OS page cache, fuzzy vocabulary, facet table): "
          f"{'failed' if warm is None else f'{warm:.2f} s'}, of which the bench waited {waited:.2f} s "
          f"after the constructor returned; every query below is timed AFTER the warm-up completed "
          f"(load average {os.getloadavg()[0]:.1f})")
    probe = probe_query(queries)
    started = time.perf_counter()
    first = index.search(probe, principal=SEARCHER)
    print(f"  first query (after the warm-up; {probe!r}, not one of the timed queries): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms, total={first.total}")
    times = first_pass(index, queries)     # the full search: 20 snippets + facets + permission filter
    print(f"  peak RSS after queries: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          f"(load average {os.getloadavg()[0]:.1f})")
    for label, extra in (("warm", first_pass(index, queries)),                   # info: the same again
                         ("core", first_pass(index, queries, snippets=False)),   # info: again, no snippets
                         ("bare", bare_child(work, queries))):                  # first pass, fresh process
        times.update({f"{kind}/{label}": values for kind, values in extra.items() if kind in TYPES})
    print(f"  facade bare pass done in a fresh process (load average {os.getloadavg()[0]:.1f})")
    live, visible = [], 0
    records = source.records()
    for n in range(10):
        record = next(records)
        record.title = f"{record.title} livecheck{n}"
        started = time.perf_counter()
        with index.writer() as w:
            w.update(record)
        found = index.search(f"livecheck{n}", principal=SEARCHER).total
        live.append((time.perf_counter() - started) * 1000)
        visible += found
    print(f"  live update -> visible in search: {percentiles(live)} ({visible}/10 found; "
          f"restricted ones are correctly hidden from the searcher)")
    return times


def tantivy_query_text(kind: str, q: str) -> str:
    if kind == "query_fielded":
        field, rest = q.split(" ", 1)
        return f"+party:{field.split(':')[1]} +{rest}"
    if kind == "query_and":
        return " ".join(f"+{w}" for w in q.split())
    if kind == "query_question":   # tantivy's default: any of the words, ranked
        return " ".join(re.findall(r"[A-Za-z]+", q))
    return q


def tantivy_index(work: Path, source: BenchSource):
    """A tantivy index of the same documents. The body is stored (snippets need it) and the
    facet and permission fields are indexed, so the like-for-like pass can do the facade's work.
    Reused when --reuse finds one already built."""
    import tantivy
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True)
    builder.add_text_field("title", stored=False, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("party", stored=False, tokenizer_name="en_stem")
    for name in ("type", "scope", "party_facet", "year"):
        builder.add_text_field(name, stored=False, fast=True, tokenizer_name="raw")
    builder.add_text_field("vis", stored=False, tokenizer_name="raw", index_option="basic")
    schema = builder.build()
    folder = work / "tantivy-v2"
    if (folder / "meta.json").exists():
        ix = tantivy.Index(schema, path=str(folder), reuse=True)
        print(f"tantivy: reusing the index in {folder} ({du(folder)})")
        return tantivy, schema, ix
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    started = time.perf_counter()
    ix = tantivy.Index(schema, path=str(folder))
    writer = ix.writer(heap_size=200_000_000, num_threads=2)
    for r in source.records():
        doc = tantivy.Document(id=r.id, title=r.title, body=r.text, party=" ".join(r.parties), type=r.type,
                               scope=r.scope or "", year=(r.effective_date or "")[:4])
        for party in r.parties:
            doc.add_text("party_facet", party)
        for token in r.visibility_tokens:
            doc.add_text("vis", token)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    ix.reload()
    print(f"tantivy build: {time.perf_counter() - started:.1f} s   on disk: {du(folder)} (body stored for snippets)")
    return tantivy, schema, ix


def read_into_page_cache(folder: Path) -> int:
    return flat.read_into_page_cache(path for path in sorted(folder.iterdir())
                                     if path.is_file() and path.suffix != ".store")


TANTIVY_FACETS = {name: {"terms": {"field": field, "size": 20}}
                  for name, field in (("type", "type"), ("scope", "scope"), ("party", "party_facet"),
                                      ("year", "year"))}


def bench_tantivy(work: Path, source: BenchSource, queries) -> dict[str, list[float]]:
    """Two passes over the same queries.

    bare:         top 20 + exact count, nothing else (what tantivy needs to answer a query);
    like-for-like: the facade's work per query: permission filter in the query, top 20 +
                   exact count, facet counts (type, scope, party, year) by aggregation, and an
                   HTML snippet for each of the 20 hits from the stored body."""
    tantivy, schema, ix = tantivy_index(work, source)
    # The facade's open-time warm-up reads its posting files into the OS page cache; tantivy's
    # index files get the same treatment, so neither engine's first pass waits for the disk for
    # postings. Not its document store (*.store): the facade's snippet texts come from the
    # Accord store, which nothing warms, so the like-for-like pass stays like for like.
    started, size = time.perf_counter(), read_into_page_cache(work / "tantivy-v2")
    print(f"tantivy: index files except the document store read into the OS page cache before its passes, "
          f"as the facade's warm-up does for its own ({size / 2**20:.0f} MB, {time.perf_counter() - started:.2f} s)")
    searcher = ix.searcher()
    allowed = tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.term_query(schema, "vis", t)) for t in ("*", "u:analyst", "g:intel")])

    def make(kind, q, filters):
        if kind == "query_fuzzy":
            query = tantivy.Query.fuzzy_term_query(schema, "body", q.rstrip("~2"), distance=2)
        else:
            query = ix.parse_query(tantivy_query_text(kind, q), ["title", "body", "party"])
        if filters:
            query = tantivy.Query.boolean_query([
                (tantivy.Occur.Must, query),
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "type", filters["type"][0]))])
        return query

    times: dict[str, list[float]] = {t: [] for t in TYPES} | {f"{t}/like": [] for t in TYPES}
    for kind, q, filters in queries:
        started = time.perf_counter()
        result = searcher.search(make(kind, q, filters), 20, count=True)
        _ = result.count
        times[kind].append((time.perf_counter() - started) * 1000)
    for kind, q, filters in queries:
        started = time.perf_counter()
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, make(kind, q, filters)),
                                             (tantivy.Occur.Must, allowed)])
        result = searcher.search(query, 20, count=True)
        _ = result.count
        facets = searcher.aggregate(query, TANTIVY_FACETS)
        generator = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
        generator.set_max_num_chars(220)
        snippets = [generator.snippet_from_doc(searcher.doc(address)).to_html() for _, address in result.hits]
        times[kind + "/like"].append((time.perf_counter() - started) * 1000)
        assert isinstance(facets, dict) and len(snippets) == len(result.hits)
    return times


def fts_query_text(kind: str, q: str) -> str:
    if kind == "query_fuzzy":
        return q.rstrip("~2")[:4] + "*"     # FTS5 has no fuzzy terms: a prefix stands in
    if kind == "query_fielded":
        field, rest = q.split(" ", 1)
        return f"party:{field.split(':')[1]} AND {rest}"
    if kind == "query_question":   # any of the words, ranked
        return " OR ".join(f'"{w}"' for w in re.findall(r"[A-Za-z]+", q))
    return q


def bench_fts5(work: Path, source: BenchSource, queries) -> dict[str, list[float]]:
    reused = (work / "fts.db").exists()
    db = sqlite3.connect(work / "fts.db")
    if reused:
        print("sqlite fts5: reusing fts.db")
        return _fts5_queries(db, queries)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, party, type UNINDEXED, tokenize='porter unicode61')")
    started = time.perf_counter()
    batch = []
    for r in source.records():
        batch.append((r.title, r.text, " ".join(r.parties), r.type))
        if len(batch) >= 1000:
            db.executemany("INSERT INTO docs VALUES (?,?,?,?)", batch)
            batch = []
    db.executemany("INSERT INTO docs VALUES (?,?,?,?)", batch)
    db.commit()
    print(f"sqlite fts5 build: {time.perf_counter() - started:.1f} s   on disk: {du(work / 'fts.db')}")
    return _fts5_queries(db, queries)


def _fts5_queries(db, queries) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {t: [] for t in TYPES}
    for kind, q, filters in queries:
        text = fts_query_text(kind, q)
        where, params = "docs MATCH ?", [text]
        if filters:
            where += " AND type = ?"
            params.append(filters["type"][0])
        started = time.perf_counter()
        db.execute(f"SELECT count(*) FROM docs WHERE {where}", params).fetchone()
        db.execute(f"SELECT rowid FROM docs WHERE {where} ORDER BY rank LIMIT 20", params).fetchall()
        times[kind].append((time.perf_counter() - started) * 1000)
    return times


def run(count: int, procs: int, keep: bool, reuse: Path | None) -> None:
    if reuse is not None:
        work = reuse / f"docs-{count}"
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix=f"accord-bench-{count}-"))
    try:
        print(f"\n=== {count} documents (work folder {work}; load average {os.getloadavg()[0]:.1f}) ===")
        if (work / "store.db").exists():
            print("reusing the generated documents in store.db")
        else:
            started = time.perf_counter()
            generate(work / "store.db.part", count)
            os.replace(work / "store.db.part", work / "store.db")
            print(f"generated in {time.perf_counter() - started:.1f} s; text+pages db {du(work / 'store.db')}")
        source = BenchSource(work / "store.db")
        queries = make_queries(work / "store.db")
        ours = bench_facade(work, source, queries, procs)
        tv = bench_tantivy(work, source, queries)
        fts = bench_fts5(work, source, queries)
        print(f"\n(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        print("Every row except 'warm' and 'core' is each query's FIRST execution in its process (after the\n"
              "index's open-time warm-up); the ratios use first-pass rows only.")
        print(f"{'query type':14} engine        latency (ms)")
        for kind in TYPES:
            rows = (("facade full", ours[kind], "the product's search: permission filter + exact count + top 20 + "
                     "7 facets + 20 snippets"),
                    ("  in store", ours[kind + "/store"], "info: of the facade full time, reading the 20 hits' page "
                     "texts from the store (SQLite, not warmed) for the snippets"),
                    ("facade bare", ours[kind + "/bare"], "the facade doing tantivy bare's work: permission filter + "
                     "top 20 ids + exact count; no facets, no snippets (fresh process)"),
                    ("facade warm", ours[kind + "/warm"], "info: the full searches again"),
                    ("core warm", ours[kind + "/core"], "info: again, facets but no snippets"),
                    ("tantivy bare", tv[kind], "top 20 + exact count only"),
                    ("tantivy like", tv[kind + "/like"], "like-for-like: + permission filter, 4 facet aggregations, "
                     "20 snippets (runs after tantivy bare)"),
                    ("fts5", fts[kind], "count + top 20"))
            for label, values, note in rows:
                print(f"{kind:14} {label:12}  {percentiles(values)}   ({note})")
            bare = max(p95(tv[kind]), 1e-3)
            print(f"{'':14} RATIO facade full p95 / tantivy bare p95 = {p95(ours[kind]) / bare:.1f}x   "
                  f"facade bare p95 / tantivy bare p95 = {p95(ours[kind + '/bare']) / bare:.1f}x   (goal: <= 10x)   "
                  f"[facade full / tantivy like-for-like = "
                  f"{p95(ours[kind]) / max(p95(tv[kind + '/like']), 1e-3):.1f}x]")
        print(f"(load average {os.getloadavg()[0]:.1f} at the end)")
    finally:
        if reuse is None and not keep:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, action="append", help="corpus size (repeatable); default 10000 and 50000")
    parser.add_argument("--procs", type=int, default=2, help="indexing processes")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--reuse", type=Path, metavar="DIR",
                        help="keep generated documents and built indexes in DIR/docs-N and reuse them in later "
                             "runs (an index whose format no longer matches the code is rebuilt)")
    parser.add_argument("--bare-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_child:
        run_bare_child()
        return
    for count in args.docs or [10000, 50000]:
        run(count, args.procs, args.keep, args.reuse)


if __name__ == "__main__":
    main()
