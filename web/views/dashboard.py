"""The dashboard: counts by type/scope/year, expiring agreements, recent ingest failures,
review backlog and the current model's held-out accuracy."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for

from corpus import statistics
from corpus.errors import AccordError
from corpus.sorting import EXPIRING_SORT
from web import access
from web.job_reports import recent_failures
from web.operations import taxonomy
from web.saved_views import with_counts

blueprint = Blueprint("dashboard", __name__)
WINDOWS = (30, 90, 180)


def model_metrics():
    try:
        return access.services().classifier.current_metrics()   # None before the first model
    except (AccordError, ImportError):
        return None   # no model trained yet (or no classifier installed): the dashboard still shows everything else


@blueprint.route("/dashboard")
def dashboard():
    store = access.services().store
    who = access.principal()
    expiring = {days: statistics.expiring(store, who, days, limit=1000) for days in WINDOWS}
    return render_template(
        "dashboard.html", total=statistics.document_count(store, who),
        by_type=statistics.label_counts(store, "type", who), by_scope=statistics.label_counts(store, "scope", who),
        by_year=statistics.year_counts(store, who), expiring=expiring, windows=WINDOWS, expiring_sort=EXPIRING_SORT,
        failures=recent_failures(access.services(), who) if who.may("ingest") or who.may("audit") else None,
        backlog=statistics.review_backlog(store, who), metrics=model_metrics(), taxonomy=taxonomy(),
        search_for=search_for, saved_views=with_counts(who))


def search_for(facet: str):
    """href_of for a dashboard bar: the search filtered to that bar's value (f.type, f.scope, f.year)."""
    return lambda value: url_for("search.search_page", **{facet: value})
