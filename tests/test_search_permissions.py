"""A restricted document is invisible to other users through every search channel:
hit lists, counts, facets, snippets, suggestions and more-like-this; and visible to its
owner, its listed users and groups, and admins/auditors."""
from __future__ import annotations

import pytest

from corpus.access import SYSTEM, Principal
from corpus.documents import set_visibility
from corpus.errors import NotFound
from search import SearchIndex
from search.source import StoreSource
from test_search import add_doc, label

ALICE = Principal("alice", "searcher")
OWNER = Principal("olivia", "records")
LISTED = Principal("uma", "searcher")
GROUPED = Principal("gary", "reviewer", ("legal",))
ADMIN = Principal("root", "admin")
AUDITOR = Principal("audrey", "auditor")


@pytest.fixture
def index(config, store):
    add_doc(store, "public.pdf", ["Public memorandum on fingerprint exchange and biometric records."],
            title="Public MOU", type_="mou", fields=[("party", "County Jail"), ("foia_code", "b5")])
    secret = add_doc(store, "secret.pdf", ["Restricted annex on fingerprint exchange with Zanzibar telemetry "
                                           "and biometric records."],
                     title="Zanzibar annex", type_="isa", owner="olivia",
                     fields=[("party", "Secretco Holdings"), ("foia_code", "b6"), ("effective_date", "2024-02-02")])
    label(store, secret, "flag", "law_enforcement_sensitive")
    set_visibility(store, secret, public=False, users=["uma"], groups=["legal"])
    return SearchIndex(config.index_dir, StoreSource(store))


def test_hit_lists_and_counts(index):
    assert index.search("zanzibar", principal=ALICE).total == 0
    assert index.search("party:secretco", principal=ALICE).hits == []
    results = index.search("fingerprint", principal=ALICE)
    assert [h.id for h in results.hits] == [1] and results.total == 1
    assert index.search("", principal=ALICE).total == 1


def test_facets(index):
    facets = index.search("", principal=ALICE).facets
    assert dict(facets["type"]) == {"mou": 1}
    assert "Secretco Holdings" not in dict(facets["party"])
    assert dict(facets["foia"]) == {"b5": 1}
    assert facets["flag"] == [] and "2024" not in dict(facets["year"])


def test_snippets(index):
    for hit in index.search("fingerprint OR telemetry", principal=ALICE).hits:
        assert "Zanzibar" not in hit.snippet and "telemetry" not in hit.snippet


def test_suggestions(index):
    # Only the restricted document contains "zanzibar": no hint of it for Alice.
    assert index.search("zanzibr", principal=ALICE).suggestion is None
    assert index.suggest("zanzibr", principal=ALICE) is None
    assert index.suggest("zanzibr", principal=OWNER) == "zanzibar"


def test_more_like_this(index):
    assert 2 not in [h.id for h in index.more_like_this(1, principal=ALICE)]
    assert 2 in [h.id for h in index.more_like_this(1, principal=OWNER)]
    with pytest.raises(NotFound):
        index.more_like_this(2, principal=ALICE)


@pytest.mark.parametrize("principal", [OWNER, LISTED, GROUPED, ADMIN, AUDITOR, SYSTEM])
def test_visible_to_owner_listed_users_groups_and_admins(index, principal):
    results = index.search("zanzibar", principal=principal)
    assert [h.id for h in results.hits] == [2] and results.total == 1
    hit = results.hits[0]
    assert "Zanzibar" in [hit.snippet[a:b] for a, b in hit.spans]
    assert ("Secretco Holdings", 1) in index.search("", principal=principal).facets["party"]


def test_making_it_public_shows_it_live(index, store):
    set_visibility(store, 2, public=True)
    index.update_document(2)
    assert index.search("zanzibar", principal=ALICE).total == 1
