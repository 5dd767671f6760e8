"""Legal holds, and the one check every destructive path calls (`require_not_held`).

A hold covers documents picked by id, or by a saved search query: the documents matching it
when it is placed, and documents ingested later that match it (web/services.py runs the query
for each newly stored batch and calls `join_query_holds`). Placing and releasing are audited.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus import audit
from corpus.access import Principal
from corpus.errors import Conflict, NotFound, OnLegalHold, PermissionDenied, UsageError
from corpus.store import Store
from corpus.tables import DocumentRow, LegalHoldDocumentRow, LegalHoldRow, utcnow
from corpus.visibility import visible_ids_in

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._:/()-]{0,127}$")


def holding(session: Session, document_ids: Iterable[int]) -> dict[int, list[str]]:
    """The active holds on each of the documents (only documents that are held appear)."""
    ids = sorted({int(i) for i in document_ids})
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    for doc_id, name in session.execute(
            select(LegalHoldDocumentRow.document_id, LegalHoldRow.name)
            .join(LegalHoldRow, LegalHoldRow.id == LegalHoldDocumentRow.hold_id)
            .where(LegalHoldDocumentRow.document_id.in_(ids), LegalHoldRow.released_at.is_(None))
            .order_by(LegalHoldRow.name)):
        out.setdefault(doc_id, []).append(name)
    return out


def require_not_held(session: Session, document_ids: Iterable[int], action: str) -> None:
    """THE check: a held document is never destroyed, transferred, trashed or replaced. Every
    path (UI, API, CLI, bulk, workers) reaches those changes through corpus.records, which
    calls this inside the same transaction as the change."""
    held = holding(session, document_ids)
    if held:
        doc_id, names = next(iter(sorted(held.items())))
        more = f" (and {len(held) - 1} more held documents)" if len(held) > 1 else ""
        raise OnLegalHold(f"document {doc_id} is under legal hold {', '.join(names)}: it cannot be {action}{more}")


def place_hold(store: Store, name: str, *, reason: str, issuer: str, document_ids: Iterable[int] = (),
               query: str | None = None, ip: str = "", who: Principal | None = None,
               matched_ids: Iterable[int] = ()) -> dict:
    """A new hold on `document_ids` (named by `who`: one hidden from them answers as a missing
    one) and `matched_ids` (the documents the query matches now, whoever may see them: a hold
    covers every record of the matter)."""
    name, reason = (name or "").strip(), (reason or "").strip()
    if not NAME_PATTERN.match(name):
        raise UsageError(f"invalid hold name {name[:64]!r}", hint="Use letters, digits, spaces and . _ : / ( ) -.")
    if not reason:
        raise UsageError("a legal hold needs a reason", hint="Say which matter or request the hold serves.")
    named = sorted({int(i) for i in document_ids})
    ids = sorted(set(named) | {int(i) for i in matched_ids})
    if not ids and not query:
        raise UsageError("a hold needs documents: give document ids or a search query",
                         hint="Fill in “Document ids” or “a search query” (web), --id or --query (command line).")
    with store.session() as session:
        if session.scalar(select(LegalHoldRow.id).where(LegalHoldRow.name == name)) is not None:
            raise Conflict(f"a hold named {name!r} already exists", hint="Choose another name.")
        known = (set(session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(named)))) if who is None
                 else visible_ids_in(session, who, named, include_removed=True))
        unknown = [i for i in named if i not in known]
        if unknown:
            raise NotFound(f"no document {unknown[0]}")
        row = LegalHoldRow(name=name, reason=reason, issuer=issuer, query=query or None)
        session.add(row)
        session.flush()
        for doc_id in ids:
            session.add(LegalHoldDocumentRow(hold_id=row.id, document_id=doc_id, added_by=issuer))
        hold_id = row.id
        shown = ids if who is None else sorted(visible_ids_in(session, who, ids, include_removed=True))
    audit.record(store, issuer, "hold", name, ip=ip,
                 details={"reason": reason, "query": query, "documents": ids[:1000], "count": len(ids)})
    return {"id": hold_id, "name": name, "documents": shown, "query": query}


def may_release(who: Principal, issuer: str) -> bool:
    """The hold's issuer (still records staff), a records officer or an administrator."""
    return (who.may("records") and who.name == issuer) or who.may("release_any_hold")


def release_hold(store: Store, name: str, *, who: Principal, ip: str = "") -> None:
    by = who.name
    with store.session() as session:
        row = session.scalar(select(LegalHoldRow).where(LegalHoldRow.name == name))
        if row is None:
            raise NotFound(f"no legal hold named {name!r}", hint="`accord hold list` names the holds.")
        if row.released_at is not None:
            raise Conflict(f"legal hold {name!r} was already released")
        if not may_release(who, row.issuer):
            raise PermissionDenied(f"{who.name!r} may not release legal hold {name!r}, placed by {row.issuer!r}",
                                   hint="Only the hold's issuer, a records officer or an administrator releases it.")
        row.released_at, row.released_by = utcnow(), by
        count = len(session.scalars(select(LegalHoldDocumentRow.document_id)
                                    .where(LegalHoldDocumentRow.hold_id == row.id)).all())
    audit.record(store, by, "hold_release", name, ip=ip, details={"documents": count})


def query_holds(store: Store) -> list[tuple[int, str]]:
    """(hold id, query) of the active holds defined by a query."""
    with store.session() as session:
        return [(r.id, r.query) for r in session.scalars(
            select(LegalHoldRow).where(LegalHoldRow.released_at.is_(None), LegalHoldRow.query.is_not(None)))]


def join_query_holds(store: Store, document_ids: Iterable[int],
                     matching: Callable[[str, list[int]], set[int]]) -> dict[str, list[int]]:
    """Newly stored documents join every active query hold whose query they match.
    `matching(query, ids)` says which of `ids` match (the search index, wired in web/services.py)."""
    ids = sorted({int(i) for i in document_ids})
    joined: dict[str, list[int]] = {}
    if not ids:
        return joined
    for hold_id, query in query_holds(store):
        found = sorted(matching(query, ids) & set(ids))
        if not found:
            continue
        with store.session() as session:
            hold = session.get(LegalHoldRow, hold_id)
            present = set(session.scalars(select(LegalHoldDocumentRow.document_id).where(
                LegalHoldDocumentRow.hold_id == hold_id, LegalHoldDocumentRow.document_id.in_(found))))
            new = [i for i in found if i not in present]
            for doc_id in new:
                session.add(LegalHoldDocumentRow(hold_id=hold_id, document_id=doc_id, added_by="query"))
            name = hold.name
        if new:
            joined[name] = new
            audit.record(store, "system", "hold", name, details={"joined": new, "by": "query"})
    return joined


def list_holds(store: Store, *, include_released: bool = False, principal: Principal | None = None) -> list[dict]:
    """The holds; with `principal`, each lists only the documents that principal may see (the
    hold itself, its name and reason, is records staff's shared knowledge)."""
    with store.session() as session:
        statement = select(LegalHoldRow).order_by(LegalHoldRow.placed_at, LegalHoldRow.id)
        if not include_released:
            statement = statement.where(LegalHoldRow.released_at.is_(None))
        out = []
        for row in session.scalars(statement):
            docs = list(session.scalars(select(LegalHoldDocumentRow.document_id)
                                        .where(LegalHoldDocumentRow.hold_id == row.id)
                                        .order_by(LegalHoldDocumentRow.document_id)))
            if principal is not None:
                shown = visible_ids_in(session, principal, docs, include_removed=True)
                docs = [i for i in docs if i in shown]
            out.append({"name": row.name, "reason": row.reason, "issuer": row.issuer,
                        "placed_at": row.placed_at.isoformat() if row.placed_at else None, "query": row.query,
                        "released_at": row.released_at.isoformat() if row.released_at else None,
                        "released_by": row.released_by or None, "documents": docs,
                        **({"may_release": may_release(principal, row.issuer)} if principal is not None else {})})
        return out
