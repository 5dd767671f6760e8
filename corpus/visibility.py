"""Which of several documents a caller may see, in one query (for lists built elsewhere,
e.g. the review queue, that must not show a restricted document's name)."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select

from corpus.access import Principal, may_see
from corpus.store import Store
from corpus.tables import AclRow, DocumentRow


def visible_ids(store: Store, principal: Principal, document_ids: Iterable[int]) -> set[int]:
    ids = sorted({int(i) for i in document_ids})
    if not ids or not principal.may("read"):
        return set()
    with store.session() as session:
        rows = session.execute(select(DocumentRow.id, DocumentRow.visibility, DocumentRow.owner).where(
            DocumentRow.id.in_(ids), DocumentRow.deleted_at.is_(None))).all()
        if principal.sees_everything:
            return {r.id for r in rows}
        restricted = [r.id for r in rows if r.visibility != "public"]
        acl: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in restricted}
        if restricted:
            for row in session.scalars(select(AclRow).where(AclRow.document_id.in_(restricted))):
                acl[row.document_id][0 if row.principal_kind == "user" else 1].append(row.principal)
    return {r.id for r in rows
            if may_see(principal, r.visibility, r.owner, *acl.get(r.id, ([], [])))}
