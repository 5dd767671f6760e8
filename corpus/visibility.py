"""What a principal may see: THE one decision, used by every read of the store.

The rule itself is `corpus.access.may_see` (a caller sees a document when one of its tokens,
`principal_tokens`, is among the document's `visibility_tokens`; the search index stores the
same tokens). Here it is applied to the store:

- `visible_clause(principal)` is the rule as a SQL condition on documents, for queries that
  count or list many documents (dashboard figures, the review queue, ingest job reports);
- `visible_ids` filters a list of ids in one query (batch reads);
- `acls` reads the ACLs of many documents at once (search indexing, exports).

Nothing outside this module re-implements the rule: a change of it (e.g. a new kind of
principal) is made in `corpus.access` and here, and the differential leak test
(tests/test_leaks.py) checks every route against it.
"""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.orm import Session

from corpus.access import PUBLIC, Principal
from corpus.store import Store
from corpus.tables import AclRow, DocumentRow

# SQLite allows 32766 bound parameters per statement; PostgreSQL more. Ids go in chunks of this.
_CHUNK = 5000


def visible_clause(principal: Principal | None, *, include_removed: bool = False):
    """A SQL condition on `DocumentRow` true exactly for live documents `principal` may see
    (the same rule as `may_see`: public, owned by the caller, or listing the caller or one of
    its groups). None means the system itself (the CLI operator), who sees every live document.
    `include_removed`: also trashed and destroyed ones (their stubs), for the records views that
    list them (trash, holds, disposition batches, certificates): the same rule, without `live`."""
    live = DocumentRow.deleted_at.is_(None) if not include_removed else DocumentRow.id.is_not(None)
    if principal is None or principal.sees_everything:
        return live if principal is None or principal.may("read") else false()
    if not principal.may("read"):
        return false()
    listed = [and_(AclRow.principal_kind == "user", AclRow.principal == principal.name)]
    if principal.groups:
        listed.append(and_(AclRow.principal_kind == "group", AclRow.principal.in_(list(principal.groups))))
    on_acl = exists().where(AclRow.document_id == DocumentRow.id, or_(*listed))
    return and_(live, or_(DocumentRow.visibility == PUBLIC, DocumentRow.owner == principal.name, on_acl))


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def visible_ids_in(session: Session, principal: Principal | None, document_ids: Iterable[int], *,
                   include_removed: bool = False) -> set[int]:
    ids = sorted({int(i) for i in document_ids})
    out: set[int] = set()
    for chunk in _chunks(ids):
        out.update(session.scalars(select(DocumentRow.id).where(
            DocumentRow.id.in_(chunk), visible_clause(principal, include_removed=include_removed))))
    return out


def visible_ids(store: Store, principal: Principal | None, document_ids: Iterable[int], *,
                include_removed: bool = False) -> set[int]:
    """The ids among `document_ids` that `principal` may see (missing and deleted ones dropped,
    unless `include_removed`)."""
    ids = list(document_ids)
    if not ids:
        return set()
    with store.session() as session:
        return visible_ids_in(session, principal, ids, include_removed=include_removed)


def is_visible(session: Session, principal: Principal | None, document_id: int) -> bool:
    return bool(visible_ids_in(session, principal, [document_id]))


def acls(session: Session, document_ids: Iterable[int]) -> dict[int, tuple[list[str], list[str]]]:
    """(allowed users, allowed groups) of each document, sorted, in one query per chunk of ids."""
    ids = sorted({int(i) for i in document_ids})
    out: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in ids}
    for chunk in _chunks(ids):
        for row in session.scalars(select(AclRow).where(AclRow.document_id.in_(chunk))
                                   .order_by(AclRow.document_id, AclRow.principal_kind, AclRow.principal)):
            out[row.document_id][0 if row.principal_kind == "user" else 1].append(row.principal)
    return out


def everything_visible(principal: Principal | None) -> bool:
    """True when no document can be hidden from the caller (admins, auditors, the system)."""
    return principal is None or principal.sees_everything

