"""Search as people type: the matching rules, the domain's spellings, dates in words, concept
groups from the synonym file, browsing, and the page past the last."""
from __future__ import annotations

from datetime import date

import pytest

from corpus.access import SYSTEM
from search import SearchIndex
from search.analysis import stems
from search.query import parse
from search.source import StoreSource
from search.synonyms import SynonymFile
from test_search import add_doc

TODAY = date(2026, 1, 15)


@pytest.fixture
def typed_store(store):
    add_doc(store, "287g-etowah.pdf", ["Memorandum of Agreement under section 287(g) of the Immigration and "
                                       "Nationality Act with the Etowah County Sheriff's Office jail."],
            title="287(g) MOA Etowah County", type_="moa",
            fields=[("party", "Etowah County Sheriff's Office"), ("effective_date", "2020-06-09"),
                    ("expiry_date", "2027-06-09")])
    add_doc(store, "ssa.pdf", ["The Social Security Administration agrees to the disclosure of records. "
                               "Names are withheld under (b)(6) and (b)(7)(C). See 6 U.S.C. 124(h) and the "
                               "infor-\nmation in the U.S. annex."],
            title="SSA computer matching", type_="mou",
            fields=[("party", "Social Security Administration"), ("effective_date", "2019-03-01"),
                    ("expiry_date", "2021-03-01"), ("signature_date", "2019-02-20")])
    add_doc(store, "cbp.pdf", ["Customs and Border Protection shares data with the agency on flights, "
                               "airline passengers, manifests, cargo and the border crossings."],
            title="CBP data sharing", type_="isa",
            fields=[("party", "CBP"), ("effective_date", "2022-04-01"), ("signature_date", "2021-12-30"),
                    ("signature_date", "2022-01-14")])
    return store


@pytest.fixture
def index(config, typed_store):
    return SearchIndex(config.index_dir, StoreSource(typed_store), today=lambda: TODAY,
                       synonyms=SynonymFile(config.synonyms_file))


def ids(results):
    return [h.id for h in results.hits]


def test_short_queries_need_every_word_and_long_ones_most(index):
    results = index.search("customs flights", principal=SYSTEM)
    assert ids(results) == [3] and results.rule == "all"
    assert index.search("customs etowah", principal=SYSTEM).relaxed   # no document has both: some words
    question = "which agreement covers airline passengers manifests cargo flights and wildlife permits"
    results = index.search(question, principal=SYSTEM)
    assert results.rule == "most" and ids(results) == [3] and not results.relaxed
    assert parse(question, today=TODAY).required < parse(question, today=TODAY).counted


def test_explicit_operators_keep_their_meaning(index):
    assert sorted(ids(index.search("customs OR etowah", principal=SYSTEM))) == [1, 3]
    assert ids(index.search("(records OR jail) NOT etowah", principal=SYSTEM)) == [2]
    assert ids(index.search('"border crossings"', principal=SYSTEM)) == [3]


@pytest.mark.parametrize("a, b", [("287g", "287(g)"), ("b6", "(b)(6)"), ("b6", "b(6)"), ("b7c", "(b)(7)(C)"),
                                  ("US", "U.S."), ("6 USC §124h", "6 U.S.C. 124h"), ("I&A", "IA"),
                                  ("7600A", "7600-A"), ("information", "infor-\nmation")])
def test_domain_spellings_analyse_alike(a, b):
    assert stems(a) == stems(b)


def test_domain_spellings_find_the_document(index):
    for query in ("287g", "287(g) jail", "b6", "(b)(7)(C)", "6 USC 124h", "US annex", "information annex"):
        assert ids(index.search(query, principal=SYSTEM))[:1] in ([1], [2]), query
    assert ids(index.search("b6", principal=SYSTEM)) == [2]
    assert ids(index.search("287g", principal=SYSTEM)) == [1]


def test_concept_groups_match_below_the_literal_word(index, config):
    results = index.search("data sharing social security", principal=SYSTEM)
    assert 2 in ids(results)                       # says "disclosure", not "sharing"
    results = index.search("sharing", principal=SYSTEM)
    assert ids(results) == [3, 2]                  # the literal word first
    config.synonyms_file.write_text("passenger, traveller\n")   # edited: applies to the next search
    assert ids(index.search("travellers", principal=SYSTEM)) == [3]
    assert ids(index.search("disclosure", principal=SYSTEM)) == [2]   # the old group is gone


def test_dates_in_words_become_filters_with_labels(index):
    results = index.search("agreement expiring next year", principal=SYSTEM)
    assert ids(results) == [1] and results.date_filters == [{"label": "expiring in 2027",
                                                             "phrase": "expiring next year"}]
    assert ids(index.search("expired", principal=SYSTEM)) == [2]
    assert ids(index.search("signed in 2019", principal=SYSTEM)) == [2]
    assert ids(index.search("effective after March 2020", principal=SYSTEM)) == [3, 1]   # newest first


def test_signed_effective_and_expiring_read_their_own_dates(index):
    """"signed" reads the signature date (the last party's), "effective" the effective date,
    "expiring" the expiry, with or without "in"; each is a filter with its words, not searched text."""
    signed = index.search("signed in 2019", principal=SYSTEM)
    assert signed.date_filters == [{"label": "signed in 2019", "phrase": "signed in 2019"}] and ids(signed) == [2]
    assert ids(index.search("signed in 2020", principal=SYSTEM)) == []       # Etowah: effective 2020, no signature
    assert ids(index.search("effective 2020", principal=SYSTEM)) == [1]
    assert ids(index.search("executed 2022", principal=SYSTEM)) == [3]       # signed 2021 and 2022: the last
    assert ids(index.search("signed:2019", principal=SYSTEM)) == [2]
    expiring = index.search("expiring 2027", principal=SYSTEM)
    assert ids(expiring) == [1] and expiring.date_filters[0]["label"] == "expiring in 2027"
    assert ids(index.search("customs signed before 2023", principal=SYSTEM)) == [3]


def test_empty_query_and_star_browse_every_document_newest_first(index):
    for query in ("", "*", "  "):
        results = index.search(query, principal=SYSTEM)
        assert results.rule == "browse" and ids(results) == [3, 1, 2] and results.facets["type"]
    assert ids(index.search("*", principal=SYSTEM, sort="title")) == [1, 3, 2]
    assert ids(index.search("*", principal=SYSTEM, sort="type")) == [3, 1, 2]


def test_page_past_the_last_is_the_last_page(index):
    results = index.search("", principal=SYSTEM, per_page=2, page=99)
    assert results.page == 2 and ids(results) == [2]


def test_one_highlighter_marks_words_by_stem_and_escapes_the_rest():
    from search.analysis import stem
    from search.snippets import word_spans
    from web.highlight import bracketed, highlight
    text = "The <script>x</script> Agreements and agreed terms"
    spans = word_spans(text, {stem("agreement")})
    assert [text[a:b] for a, b in spans] == ["Agreements"]     # by stem: not "agreed"
    html = str(highlight(text, spans))
    assert '<mark class="hit">Agreements</mark>' in html and "<script>" not in html and "&lt;script&gt;" in html
    assert bracketed(text, spans) == "The <script>x</script> [Agreements] and agreed terms"


def test_a_place_name_does_not_match_inside_a_longer_one_and_parties_rank_first(config, store):
    add_doc(store, "nm.pdf", ["Agreement with the State of New Mexico. New Mexico shall share records. "
                              "New Mexico and the department agree."], title="New Mexico records agreement",
            fields=[("party", "State of New Mexico")])
    add_doc(store, "policy.pdf", ["Memo on the Mexico City Policy and the agreements it affects. "
                                  "The Mexico City Policy applies."], title="Mexico City Policy memo")
    add_doc(store, "moc.pdf", ["Memorandum of cooperation between the FAA and the Secretariat of "
                               "Communications of Mexico on aviation safety."], title="FAA MOC",
            fields=[("party", "Mexico"), ("party", "FAA")])
    add_doc(store, "cargo.pdf", ["Agreement on cargo shipments to Mexico, Mexico and Canada, with the "
                                 "port of Houston."], title="Cargo agreement", fields=[("party", "Port of Houston")])
    index = SearchIndex(config.index_dir, StoreSource(store), today=lambda: TODAY)
    assert ids(index.search("agreements with Mexico", principal=SYSTEM)) == [3, 4]
    assert ids(index.search("New Mexico", principal=SYSTEM))[:1] == [1]
    assert ids(index.search('"mexico city"', principal=SYSTEM)) == [2]


def test_words_no_document_has_do_not_make_a_question_unanswerable(config, store):
    """Every document says "agreement" and "parties" (common: scored, not required); "say" and
    two typos are in none. Counting the absent words made the question match nothing."""
    for n in range(4):
        add_doc(store, f"a{n}.pdf", [f"The parties to this agreement number {n}."], title=f"Agreement {n}")
    index = SearchIndex(config.index_dir, StoreSource(store), today=lambda: TODAY)
    results = index.search("what does the agreement say about the parties and xyzzq qqwerty", principal=SYSTEM)
    assert results.total == 4 and results.rule == "most" and not results.relaxed
    short = index.search("parties xyzzq", principal=SYSTEM)   # a short query still needs every word
    assert short.relaxed and short.rule == "any"
