"""Addresses that pages repeat many times, built with url_for once per pattern instead of once
per link: a search page has two links per hit and a dozen fixed links in its header, and
url_for (a route-map build each time) was over a quarter of the page's render time. Every
address still comes from url_for, the one place routes are turned into addresses; these only
repeat its answer."""
from __future__ import annotations

import threading
from typing import Callable
from urllib.parse import quote

from flask import current_app, has_request_context, request

PLACEHOLDER = 987654321987654   # a 15-digit id (the largest a route accepts has 15 digits), never a real one
FIXED_LIMIT = 512               # cached fixed addresses per process (endpoints x script roots: a few dozen)


def id_urls(endpoint: str, id_arg: str, **values) -> Callable[..., str]:
    """A function id -> url_for(endpoint, **{id_arg: id}, **values), and `anchor` -> "#anchor",
    from one url_for call: the id is the only part of the address that changes from link to
    link. The id goes only where url_for put it in the path, never into the query string."""
    sample = current_app.url_for(endpoint, **{id_arg: PLACEHOLDER}, **values)
    path, mark, query = sample.partition("?")
    head, found, tail = path.rpartition(str(PLACEHOLDER))
    if not found:   # a route that does not show the id in its path: one url_for a link
        return lambda ident, anchor=None: current_app.url_for(endpoint, **{id_arg: ident}, **values,
                                                              _anchor=anchor)
    rest = tail + mark + query

    def build(ident: int, anchor: str | None = None) -> str:
        url = f"{head}{int(ident)}{rest}"
        # quoted as url_for quotes an _anchor
        return url if anchor is None else f"{url}#{quote(anchor, safe='%!#$&()*+,/:;=?@' + chr(39))}"
    return build


class FixedUrls:
    """url_for for the templates, answering the calls without route arguments (the header's
    links, `static` files by name) from a per-process table: their address depends only on the
    endpoint, its arguments and the application's root path, which a request does not change
    (one table entry per root path). Any other call goes to url_for itself."""

    def __init__(self, url_for: Callable[..., str]):
        self.url_for = url_for
        self._known: dict[tuple, str] = {}
        self._lock = threading.Lock()

    def __call__(self, endpoint: str, **values) -> str:
        if (values and (set(values) != {"filename"} or not isinstance(values["filename"], str))) \
                or not has_request_context():   # outside a request url_for answers from the app's own settings
            return self.url_for(endpoint, **values)
        key = (endpoint, values.get("filename"), request.script_root)
        url = self._known.get(key)
        if url is None:
            url = self.url_for(endpoint, **values)
            with self._lock:
                if len(self._known) >= FIXED_LIMIT:
                    self._known.clear()
                self._known[key] = url
        return url
