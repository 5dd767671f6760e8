"""Any text is a valid query: generated strings (stray syntax, operators, unbalanced quotes,
unknown fields, pasted paragraphs) never raise, never answer 5xx, never exit with an error.

10,000 strings go through `index.search`, the one call the web page, the API and `accord
search` make; 1,000 of them go through all three surfaces themselves (a page render, an API
call and a CLI run cost ~15 ms together, the search alone ~1 ms: this keeps the test near a
minute). Derandomised by default (a CI gate must not pass or fail by luck);
ACCORD_FUZZ_EXAMPLES=N explores N random strings per test instead."""
from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from corpus import accounts
from web.app import create_app
from web.commands.search import search as search_command
from web.services import Services
from web_corpus import PASSWORD, add_documents, add_users

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

EXPLORE = "ACCORD_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "10000"))
SURFACE_EXAMPLES = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "1000"))

SYNTAX = list('?*:"()[]{}~^-\\/\'&§.,;!<>=+|') + ["AND", "OR", "NOT", "ANDNOT", "TO", "*:*", '""', "()"]
FIELDS = ["party:", "type:", "title:", "foia:", "flag:", "year:", "id:", "nosuch:", "effective:", "expires:",
          "effective:2020..2022", "expires:<2027-01-01", "effective:2020-13", "ingested:>=2024-06"]
WORDS = ["memorandum", "agreement", "texas", "ohio", "pilot", "records", "287(g)", "b6", "(b)(7)(C)", "U.S.",
         "I&A", "7600A", "mou", "expiring", "next", "year", "in", "90", "days", "the", "of", "data", "sharing",
         "agree*", "biometr*", "fingreprint~2", "a*", "x?z", "expired", "signed", "2019", "March", "2020"]
PARAGRAPH = ("The parties agree (subject to 6 U.S.C. § 124h) to share \"law-enforcement sensitive\" data: "
             "see Section 3(b)(6) and [Annex A]; questions? Contact I&A / CBP at {ext 42} ~ 50% ^ note.\n"
             "infor-\nmation shall be protected; AND OR NOT - * ?")

token = st.one_of(st.sampled_from(SYNTAX), st.sampled_from(FIELDS), st.sampled_from(WORDS),
                  st.text(max_size=8))
joined = st.lists(token, max_size=14).flatmap(
    lambda parts: st.lists(st.sampled_from(["", " ", "  ", "\n", "\t"]), min_size=len(parts), max_size=len(parts))
    .map(lambda gaps: "".join(g + p for g, p in zip(gaps, parts))))
pasted = st.integers(0, len(PARAGRAPH)).flatmap(
    lambda start: st.integers(start, len(PARAGRAPH)).map(lambda end: PARAGRAPH[start:end] * 3))
queries = st.one_of(joined, pasted, st.text(max_size=60))


@pytest.fixture
def services(config):
    services = Services(config)
    add_users(services.store)
    corpus = add_documents(services.store)
    services.documents_changed(list(corpus.ids.values()))
    yield services
    services.close()


@pytest.mark.slow
def test_any_text_is_a_valid_query(services):
    from corpus.accounts import find_active
    principal = find_active(services.store, "sam").principal
    rules = set()

    @given(query=queries, sort=st.sampled_from(["relevance", "title", "type", "-effective"]),
           page=st.integers(1, 3))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not EXPLORE,
              suppress_health_check=list(HealthCheck))
    def check(query, sort, page):
        # snippets (a store read) are left to the surface test below, which renders them
        results = services.index.search(query, principal=principal, page=page, per_page=1, sort=sort,
                                        snippets=False)
        assert 1 <= results.page <= max(1, results.total)
        rules.add(results.rule)

    check()
    assert rules >= {"browse", "all", "most", "syntax"}   # the strings reached every rule


@pytest.mark.slow
def test_any_text_is_a_valid_query_on_web_api_and_cli(config, services):
    app = create_app(config, services)
    web = app.test_client()
    form = web.get("/login").text
    csrf = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert web.post("/login", data={"username": "sam", "password": PASSWORD, "csrf_token": csrf}).status_code == 302
    bearer = {"Authorization": f"Bearer {accounts.issue_token(services.store, 'sam')}"}
    runner = CliRunner()
    seen = {"web": set(), "api": set()}

    @given(query=queries)
    @settings(max_examples=SURFACE_EXAMPLES, deadline=None, database=None, derandomize=not EXPLORE,
              suppress_health_check=list(HealthCheck))
    def check(query):
        page = web.get("/search", query_string={"q": query})
        assert page.status_code < 500, (query, page.status_code)
        seen["web"].add(page.status_code)
        api = web.get("/api/search", query_string={"q": query}, headers=bearer)
        assert api.status_code < 500, (query, api.status_code)
        assert api.status_code == 200, (query, api.get_json())
        seen["api"].add(api.status_code)
        if query.strip() and "\x00" not in query:   # an empty argument is click's usage error
            result = runner.invoke(search_command, ["--limit", "3", "--", query], obj=services)
            assert result.exit_code == 0, (query, result.output, result.exception)

    check()
    assert seen == {"web": {200}, "api": {200}}


def test_synonym_settings_page_and_api_page_past_the_last(config, services):
    """Admins edit the concept groups on a page (applied to the next search, no reindex);
    other roles cannot; a malformed table is refused with the text kept. The API answers a
    page past the last with a 400 that names the page count."""
    app = create_app(config, services)

    def client(name):
        c = app.test_client()
        csrf = c.get("/login").text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        assert c.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": csrf}).status_code == 302
        return c

    ada, sam = client("ada"), client("sam")
    assert sam.get("/admin/synonyms").status_code == 403
    page = ada.get("/admin/synonyms")
    assert page.status_code == 200 and "share, disclose" in page.text
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    bad = ada.post("/admin/synonyms", data={"groups": "lonely\n", "csrf_token": csrf})
    assert bad.status_code == 400 and "fewer than two words" in bad.text and "lonely" in bad.text
    bearer = {"Authorization": f"Bearer {accounts.issue_token(services.store, 'sam')}"}
    assert sam.get("/api/search", query_string={"q": "telemetry"}, headers=bearer).get_json()["total"] == 0
    saved = ada.post("/admin/synonyms", data={"groups": "verification, telemetry\n", "csrf_token": csrf})
    assert saved.status_code == 200 and config.synonyms_file.read_text() == "verification, telemetry\n"
    found = sam.get("/api/search", query_string={"q": "telemetry"}, headers=bearer).get_json()
    assert any("texas" in h["filename"] for h in found["hits"])   # says "verification" only
    past = sam.get("/api/search", query_string={"q": "", "page": 9}, headers=bearer)
    assert past.status_code == 400 and "1 page(s)" in past.get_json()["message"]
