"""corpus.visibility applies to the store the same rule the search index applies with tokens
(corpus.access.may_see over visibility_tokens/principal_tokens): checked on random ACLs."""
from __future__ import annotations

import random

from corpus.access import Principal, may_see
from corpus.document import Document
from corpus.documents import delete_document, save_document, set_visibility
from corpus.visibility import acls, visible_ids

NAMES = ("ann", "bob", "cy")
GROUPS = ("legal", "ops")


def test_store_visibility_is_the_token_rule_for_every_principal(store):
    rng = random.Random(7)
    facts = {}
    for n in range(40):
        owner = rng.choice(("", *NAMES))
        doc_id, _ = save_document(store, Document(source_path=f"/in/{n}.txt", filename=f"{n}.txt", sha256=f"{n:064x}",
                                                  size=1, mime="text/plain", owner=owner))
        public = rng.random() < 0.4
        users = [u for u in NAMES if rng.random() < 0.3]
        groups = [g for g in GROUPS if rng.random() < 0.3]
        set_visibility(store, doc_id, public=public, users=users, groups=groups)
        facts[doc_id] = ("public" if public else "restricted", owner, sorted(set(users)) if not public else [],
                         sorted(set(groups)) if not public else [])
    gone = rng.choice(sorted(facts))
    delete_document(store, gone)
    with store.session() as session:
        assert {i: acls(session, [i])[i] for i in facts} == {i: (f[2], f[3]) for i, f in facts.items()}
    principals = [Principal(n, role, tuple(g)) for n in (*NAMES, "dee") for role in ("searcher", "reviewer")
                  for g in ((), ("legal",), GROUPS)] + [Principal("root", "admin"), Principal("eve", "auditor"),
                                                       Principal("nobody", "no-such-role")]
    for principal in principals:
        expected = {i for i, (vis, owner, users, groups) in facts.items()
                    if i != gone and may_see(principal, vis, owner, users, groups)}
        assert visible_ids(store, principal, facts) == expected, principal
    assert visible_ids(store, None, facts) == set(facts) - {gone}    # the operator
