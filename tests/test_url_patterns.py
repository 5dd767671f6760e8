"""web/url_patterns.py: the addresses a page repeats, built once, are exactly url_for's."""
from __future__ import annotations

import re

from flask import url_for

from web.url_patterns import PLACEHOLDER, FixedUrls, id_urls
from web_standins import client_for, web  # noqa: F401 - the fixture


def test_id_urls_give_url_for_addresses_whatever_the_query_and_anchor(web):
    app, _, _ = web
    for root in ("", "/accord"):
        with app.test_request_context("/search", environ_base={"SCRIPT_NAME": root}):
            for query in (None, "privacy", 'a "b" & c/d?e=f#g', "ünïcode %20", str(PLACEHOLDER), "42"):
                document = id_urls("documents.document_page", "doc_id", q=query)
                similar = id_urls("search.similar", "doc_id")
                for ident in (1, 42, 987654321):
                    for anchor in (None, "page-3", "a b#c"):
                        assert document(ident, anchor) == url_for("documents.document_page", doc_id=ident, q=query,
                                                                  _anchor=anchor)
                    assert similar(ident) == url_for("search.similar", doc_id=ident)


def test_fixed_urls_follow_the_root_path_and_pass_other_calls_to_url_for(web):
    app, _, _ = web
    fixed = FixedUrls(app.url_for)
    for root in ("", "/accord", "", "/other"):
        with app.test_request_context("/search", environ_base={"SCRIPT_NAME": root}):
            for endpoint, values in (("search.search_page", {}), ("static", {"filename": "accord.css"}),
                                     ("search.search_page", {"q": "x", "page": 2}),
                                     ("documents.document_page", {"doc_id": 3})):
                assert fixed(endpoint, **values) == url_for(endpoint, **values)
                assert fixed(endpoint, **values) == url_for(endpoint, **values)   # from the table


def test_search_page_links_are_url_for_addresses(web):
    app, _, corpus = web
    page = client_for(app, "sam").get("/search?q=Memorandum").text
    links = re.findall(r'<a class="hit-title" href="([^"]+)"', page)
    similar = re.findall(r'<a class="similar" href="([^"]+)"', page)
    assert links and len(links) == len(similar)
    with app.test_request_context("/search"):
        ids = [int(re.search(r"/documents/(\d+)", link).group(1)) for link in links]
        for ident, link, other in zip(ids, links, similar):
            anchor = link.partition("#")[2] or None
            assert link.replace("&amp;", "&") == url_for("documents.document_page", doc_id=ident, q="Memorandum",
                                                         _anchor=anchor)
            assert other == url_for("search.similar", doc_id=ident)
        assert f'href="{url_for("static", filename="accord.css")}"' in page
