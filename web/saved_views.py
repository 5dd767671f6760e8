"""Saved views as the pages and the API use them: a view <-> the search page's query string,
and its live counts, always the search run for the caller (over the documents the caller may
see, never the owner's). Shared by the saved-views blueprint, the dashboard and the search page."""
from __future__ import annotations

import threading
from urllib.parse import urlencode

from flask import url_for

from corpus import saved_views
from corpus.access import Principal
from corpus.sorting import DEFAULT_SORT
from web import access
from web.operations import search_args_from_json, search_arguments, split_names

NEW_FILTER = "after_id"


def search_args(view: saved_views.SavedView) -> list[tuple[str, str]]:
    """The search page's query string of a view (the inverse of `search_arguments`)."""
    args = [("q", view.query)] if view.query else []
    for name, values in sorted(view.filters.items()):
        if name == "expiring_days":
            args.append(("expiring", str(values[0])))
        else:
            args.extend((f"f.{name}", str(v)) for v in values)
    if view.sort and view.sort != DEFAULT_SORT:
        args.append(("sort", view.sort))
    return args


def search_url(view: saved_views.SavedView) -> str:
    args = search_args(view)
    return url_for("search.search_page") + ("?" + urlencode(args) if args else "")


def spec_from_args(args) -> dict:
    """(query, filters, sort) of a search as the page sends it (q, f.NAME, expiring, sort),
    checked by the same function as the search itself."""
    spec = search_arguments(args)
    filters = {k: v for k, v in (spec["filters"] or {}).items() if k != NEW_FILTER}
    return {"query": spec["query"], "filters": filters, "sort": spec["sort"]}


def spec_from_json(body: dict) -> dict:
    """The API's {"query", "filters": {name: [values]}, "sort"} read through the same check."""
    return spec_from_args(search_args_from_json(body))


class _CountsOfOneIndexState:
    """Counts already run against one state of the search index. A count depends only on the
    index (visibility lives in its tokens) and on who asks, so it is reused until the index
    changes: the dashboard, the views page and the search page's list do not re-run every
    view's search on each load. A new index state (any commit) drops them all."""

    def __init__(self):
        self._lock = threading.Lock()
        self._state = None
        self._counts: dict[tuple, int] = {}

    def get(self, state, key: tuple) -> int | None:
        with self._lock:
            if state is not self._state:
                self._state, self._counts = state, {}
            return self._counts.get(key)

    def put(self, state, key: tuple, total: int) -> None:
        with self._lock:
            if state is self._state and len(self._counts) < 10_000:
                self._counts[key] = total


_counted = _CountsOfOneIndexState()


def count(view: saved_views.SavedView, who: Principal, *, after_id: int | None = None) -> int:
    """How many documents the view finds for `who` now (above `after_id`: the new ones)."""
    filters = dict(view.filters)
    if after_id is not None:
        filters[NEW_FILTER] = [str(after_id)]
    index = access.services().index
    state = index.current_view()
    key = (view.query, repr(sorted(filters.items())), view.sort, who.name, who.role, tuple(sorted(who.groups)))
    known = _counted.get(state, key)
    if known is not None:
        return known
    results = index.search(view.query, principal=who, per_page=1, sort=view.sort,
                           filters=filters or None, snippets=False, facets=False)
    _counted.put(state, key, results.total)
    return results.total


def with_counts(who: Principal, *, counted: bool = True) -> list[dict]:
    """Every view `who` may use, with its live count and the count of documents new since
    `who` last opened it (all of them before the first visit). counted=False leaves both None:
    the search page lists the views without running one or two searches per view before its
    own results; accord.js fills the counts from GET /views/counts once the results are shown."""
    store = access.services().store
    views = saved_views.views_for(store, who)
    visits = saved_views.last_visits(store, who) if views and counted else {}
    out = []
    for view in views:
        total = new = None
        if counted:
            total = count(view, who)
            seen = visits.get(view.id)
            new = total if seen is None or not total else count(view, who, after_id=seen)
        out.append({"view": view, "count": total, "new": new, "mine": view.owner == who.name,
                    "href": url_for("saved_views.open_view", view_id=view.id)})
    return out


def view_json(item: dict) -> dict:
    return {**item["view"].to_dict(), "count": item["count"], "new": item["new"],
            "search": search_url(item["view"])}


def shares_from_form(form) -> tuple[list[str], list[str]]:
    return split_names(*form.getlist("users")), split_names(*form.getlist("groups"))


def save(spec: dict, *, name: str, users: list[str], groups: list[str], view_id: int | None = None):
    """Create or change a view of the caller (its search checked by running it once)."""
    who = access.principal()
    view = saved_views.SavedView(0, who.name, name, spec["query"], spec["filters"], spec["sort"])
    count(view, who)   # an unknown filter or a query the index refuses is a 400 now, not on the dashboard
    store = access.services().store
    saved = saved_views.save_view(store, who, name=name, query=spec["query"], filters=spec["filters"],
                                  sort=spec["sort"], users=users, groups=groups, view_id=view_id,
                                  ip=access.client_ip())
    if view_id is None:
        saved_views.record_visit(store, saved.id, who)   # its owner has just seen what it finds
    return saved
