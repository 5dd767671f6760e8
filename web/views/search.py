"""The search page: query, facet filters with counts, highlighted snippets with page
numbers, sort, pagination, expiring-soon filter, similar agreements and CSV export."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request, url_for

from corpus import accounts
from corpus.documents import document_header
from corpus.sorting import SORTS
from web import access
from web.downloads import csv_download
from web.operations import one_of_few_searches, run_search, taxonomy
from web.saved_views import with_counts

blueprint = Blueprint("search", __name__)

FACET_NAMES = {"type": "Type", "scope": "Scope", "party": "Party", "year": "Year", "foia": "FOIA exemption",
               "flag": "Restricted category", "status": "Status"}
STATUS_WORDS = {"active": "in force", "expired": "expired"}
EXPIRING_CHOICES = (30, 90, 180, 365)
CSV_LIMIT = 5000


@blueprint.route("/")
def home():
    return redirect(url_for("search.search_page"))


@blueprint.route("/search")
@one_of_few_searches
def search_page():
    """An empty query lists every document the user may see (browsing), newest first."""
    from search.query import RULES
    spec, results = run_search(request.args)
    pages = max(1, -(-results.total // results.per_page)) if results.per_page else 1
    return render_template("search.html", spec=spec, results=results, pages=pages, sorts=SORTS,
                           expiring_choices=EXPIRING_CHOICES, args=request.args, rule=RULES.get(results.rule, ""),
                           facet_links=facet_links(request.args, results.facets or {}),
                           facet_names=FACET_NAMES, chips=filter_chips(request.args, results.date_filters),
                           searched=searched_words(spec["query"], results.date_filters),
                           saved_views=with_counts(access.principal(), counted=False),
                           bulk_choices=bulk_choices() if results.hits else {})   # the bar shows only with hits


def bulk_choices() -> dict:
    """The values the bulk-edit bar offers for the caller's role, as (code, words) per action
    (web/bulk.py checks them again)."""
    who = access.principal()
    choices: dict = {"visibility": [("public", "public: everyone who may search"),
                                    ("restricted", "restricted: the owner and the people and groups named")],
                     "people": accounts.known_names(access.services().store)}
    if who.may("label"):
        vocabulary = taxonomy()
        choices["type"] = [(code, vocabulary.label_of(code)) for code in vocabulary.type_codes]
        choices["scope"] = [(code, vocabulary.label_of(code)) for code in vocabulary.scope_codes]
    if who.may("records"):
        from corpus.records.plan import file_plan
        choices["category"] = [(c.code, f"{c.title} ({c.code})") for c in file_plan(access.services().config).categories]
    return choices


def facet_label(name: str, value: str) -> str:
    """A facet value in words (the code itself is shown on hover)."""
    if name in ("type", "scope", "flag"):
        return access.services().taxonomy.label_of(value)
    if name == "foia":
        return f"Exemption {value}"
    if name == "status":
        return STATUS_WORDS.get(value, value)
    return value


def searched_words(query: str, date_filters: list[dict]) -> str:
    """The query without the date phrases read from it (those are chips): what was searched."""
    for found in date_filters:
        query = query.replace(found["phrase"], " ", 1)
    return " ".join(query.split())


def filter_chips(args, date_filters: list[dict]) -> list[tuple[str, str]]:
    """(words, href without it) for each active filter, the date phrases read from the query
    first: every one removable on its own."""
    items = list(args.items(multi=True))
    base = url_for("search.search_page")
    chips = []
    for found in date_filters:
        rest = [(k, " ".join(v.replace(found["phrase"], " ", 1).split()) if k == "q" else v)
                for k, v in items if k != "page"]
        chips.append((found["label"], base + "?" + urlencode(rest)))
    for i, (key, value) in enumerate(items):
        if key.startswith("f.") and value:
            name = key[2:]
            words = f"{FACET_NAMES.get(name, name)}: {facet_label(name, value)}"
        elif key == "expiring" and value:
            words = f"expiring within {value} days"
        else:
            continue
        rest = [(k, v) for j, (k, v) in enumerate(items) if j != i and k != "page"]
        chips.append((words, base + ("?" + urlencode(rest) if rest else "")))
    return chips


def facet_links(args, facets: dict) -> dict[str, list[tuple[str, str, int, str]]]:
    """(value, label, count, href) per facet value; the href adds that filter to the current search.
    Built with one urlencode per link rather than url_for (a page has up to ~150 of them)."""
    keep = [(k, v) for k, v in args.items(multi=True) if k not in ("page",)]
    base = url_for("search.search_page")
    out = {}
    for name, values in facets.items():
        key = f"f.{name}"
        out[name] = [(value, facet_label(name, value), count, base + "?" + urlencode(keep + [(key, value)]))
                     for value, count in values if (key, value) not in keep]
    return out


@blueprint.route("/search.csv")
@one_of_few_searches
def search_csv():
    spec, results = run_search(request.args, per_page=CSV_LIMIT, snippets=False, audited=False)
    header = ["id", "filename", "title", "type", "scope", "score", "page", "effective_date", "expiry_date", "parties"]
    rows = [[hit.id, hit.filename, hit.title, hit.type or "", hit.scope or "", f"{hit.score:.4f}", hit.page or "",
             hit.effective_date or "", hit.expiry_date or "", "; ".join(hit.parties or [])] for hit in results.hits]
    access.record("export", "search", query=spec["query"], filters=spec["filters"] or {}, hits=results.total,
                  rows=len(results.hits))
    return csv_download(header, rows, "accord-search.csv")


@blueprint.route("/documents/<int:doc_id>/similar")
@access.audited("similar")
def similar(doc_id: int):
    # Visibility of the reference document first: a hidden one is a 404 like a missing one.
    doc = document_header(access.services().store, doc_id, access.principal())
    hits = access.services().index.more_like_this(doc_id, principal=access.principal(), limit=20)
    return render_template("similar.html", doc=doc, hits=hits)
