"""Saved views: a named search (query, facet filters, sort) of one owner, shared with users or
groups, and each user's last visit of it.

A view stores the search, never its results: its counts are the search run for whoever looks
(over that caller's visible documents, not the owner's), so sharing a view shares no document.
Which searches are valid (sorts, filter names) is the search layer's to say: the web layer
checks a view with the same function that reads a search's query string before saving it.
Changes are audited here (action "saved_view").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, func, or_, select

from corpus import accounts, audit
from corpus.access import Principal
from corpus.errors import Conflict, NotFound, PermissionDenied, UsageError
from corpus.sorting import DEFAULT_SORT
from corpus.store import Store
from corpus.tables import DocumentRow, SavedViewRow, SavedViewShareRow, SavedViewVisitRow, utcnow
from corpus.visibility import visible_clause

MAX_NAME_CHARS = 128


@dataclass(frozen=True)
class SavedView:
    id: int
    owner: str
    name: str
    query: str
    filters: dict = field(default_factory=dict)     # facet name -> values (as the search page's f.NAME)
    sort: str = DEFAULT_SORT
    users: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    updated_at: datetime | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "owner": self.owner, "name": self.name, "query": self.query,
                "filters": self.filters, "sort": self.sort, "users": list(self.users), "groups": list(self.groups),
                "updated_at": self.updated_at.isoformat() if self.updated_at else None}


def _shared_with(who: Principal):
    listed = [and_(SavedViewShareRow.principal_kind == "user", SavedViewShareRow.principal == who.name)]
    if who.groups:
        listed.append(and_(SavedViewShareRow.principal_kind == "group",
                           SavedViewShareRow.principal.in_(list(who.groups))))
    return SavedViewRow.id.in_(select(SavedViewShareRow.view_id).where(or_(*listed)))


def _views(session, where) -> list[SavedView]:
    rows = session.scalars(select(SavedViewRow).where(where).order_by(func.lower(SavedViewRow.name),
                                                                      SavedViewRow.id)).all()
    shares: dict[int, tuple[list, list]] = {r.id: ([], []) for r in rows}
    if rows:
        for share in session.scalars(select(SavedViewShareRow).where(SavedViewShareRow.view_id.in_(list(shares)))
                                     .order_by(SavedViewShareRow.principal)):
            shares[share.view_id][0 if share.principal_kind == "user" else 1].append(share.principal)
    return [SavedView(r.id, r.owner, r.name, r.query or "", dict(r.filters or {}), r.sort or DEFAULT_SORT,
                      tuple(shares[r.id][0]), tuple(shares[r.id][1]), r.updated_at) for r in rows]


# Whether `who` has any view at all, built once: every search page asks, and most users have none.
_ANY_VIEW = select(SavedViewRow.id).where(or_(
    SavedViewRow.owner == bindparam("name"),
    SavedViewRow.id.in_(select(SavedViewShareRow.view_id).where(or_(
        and_(SavedViewShareRow.principal_kind == "user", SavedViewShareRow.principal == bindparam("name")),
        and_(SavedViewShareRow.principal_kind == "group",
             SavedViewShareRow.principal.in_(bindparam("groups", expanding=True)))))))).limit(1)


def views_for(store: Store, who: Principal) -> list[SavedView]:
    """The views `who` owns or that are shared with them or one of their groups, by name."""
    with store.connection() as connection:
        if connection.execute(_ANY_VIEW, {"name": who.name, "groups": list(who.groups)}).first() is None:
            return []
    with store.session() as session:
        return _views(session, or_(SavedViewRow.owner == who.name, _shared_with(who)))


def get_view(store: Store, view_id: int, who: Principal) -> SavedView:
    """One view `who` may use; someone else's unshared view answers as a missing one."""
    with store.session() as session:
        found = _views(session, and_(SavedViewRow.id == view_id,
                                     or_(SavedViewRow.owner == who.name, _shared_with(who))))
    if not found:
        raise NotFound(f"saved view {view_id} not found", hint="The views you may use are listed on the dashboard.")
    return found[0]


def _check(store: Store, name: str, users: list[str], groups: list[str]) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME_CHARS or not name.isprintable():
        raise UsageError(f"a saved view needs a name of 1 to {MAX_NAME_CHARS} characters",
                         hint="Name the search, e.g. \"Texas MOUs expiring\".")
    accounts.require_known_names(store, users, groups, hint="Share with existing users and groups (an "
                                                            "administrator adds them on the Users page).")
    return name


def save_view(store: Store, who: Principal, *, name: str, query: str, filters: dict, sort: str,
              users: list[str] = (), groups: list[str] = (), view_id: int | None = None, ip: str = "") -> SavedView:
    """Create a view (view_id None) or replace one `who` owns. Names are unique per owner."""
    who.require("read")
    users, groups = sorted(set(users) - {who.name}), sorted(set(groups))
    name = _check(store, name, users, groups)
    if view_id is not None:
        current = get_view(store, view_id, who)   # NotFound unless theirs or shared with them
        if current.owner != who.name:
            raise PermissionDenied(f"{who.name!r} may not change a view of {current.owner!r}",
                                   hint="Only its owner changes a view; save a copy under your name.")
    with store.session() as session:
        clash = session.scalar(select(SavedViewRow.id).where(SavedViewRow.owner == who.name, SavedViewRow.name == name,
                                                             SavedViewRow.id != (view_id or 0)))
        if clash is not None:
            raise Conflict(f"you already have a view named {name!r}", hint="Choose another name.")
        if view_id is None:
            row = SavedViewRow(owner=who.name, name=name, created_at=utcnow())
            session.add(row)
        else:
            row = session.get(SavedViewRow, view_id)
            session.execute(delete(SavedViewShareRow).where(SavedViewShareRow.view_id == view_id))
        row.name, row.query, row.filters, row.sort, row.updated_at = name, query, dict(filters), sort, utcnow()
        session.flush()
        session.add_all([SavedViewShareRow(view_id=row.id, principal_kind="user", principal=u) for u in users]
                        + [SavedViewShareRow(view_id=row.id, principal_kind="group", principal=g)
                           for g in groups])
        saved_id = row.id
    audit.record(store, who.name, "saved_view", str(saved_id), ip=ip,
                 details={"change": "add" if view_id is None else "update", "name": name, "query": query,
                          "filters": dict(filters), "sort": sort, "users": users, "groups": groups})
    return get_view(store, saved_id, who)


def delete_view(store: Store, view_id: int, who: Principal, *, ip: str = "") -> None:
    view = get_view(store, view_id, who)
    if view.owner != who.name:
        raise PermissionDenied(f"{who.name!r} may not delete a view of {view.owner!r}",
                               hint="Only its owner deletes a view.")
    with store.session() as session:
        session.execute(delete(SavedViewRow).where(SavedViewRow.id == view_id))
    audit.record(store, who.name, "saved_view", str(view_id), ip=ip, details={"change": "delete", "name": view.name})


def newest_visible_id(store: Store, who: Principal) -> int:
    """The highest id among the documents `who` may see (0 for none)."""
    with store.session() as session:
        return session.scalar(select(func.max(DocumentRow.id)).where(visible_clause(who))) or 0


def record_visit(store: Store, view_id: int, who: Principal) -> None:
    """`who` opened the view: what they can see now is no longer new to them."""
    newest = newest_visible_id(store, who)
    with store.session() as session:
        row = session.get(SavedViewVisitRow, (view_id, who.name))
        if row is None:
            session.add(SavedViewVisitRow(view_id=view_id, user=who.name, visited_at=utcnow(),
                                          last_document_id=newest))
        else:
            row.visited_at, row.last_document_id = utcnow(), max(row.last_document_id, newest)


def last_visits(store: Store, who: Principal) -> dict[int, int]:
    """view id -> the newest document id `who` could see at their last visit of it."""
    with store.session() as session:
        return dict(session.execute(select(SavedViewVisitRow.view_id, SavedViewVisitRow.last_document_id)
                                    .where(SavedViewVisitRow.user == who.name)).all())
