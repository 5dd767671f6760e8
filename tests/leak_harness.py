"""The differential leak harness (issue #10): for a user U, every page and API answer of the app
must be the same as the answer of an app over a copy of the store (and index) in which the
documents hidden from U never existed. Whatever differs is something U learnt about a document
U may not see.

- The corpus is the demo generator's (born-digital documents, so no OCR slows the test),
  ingested through the product path (`Services.ingest_batch`, what `accord ingest` and uploads
  call) in two jobs: one run by the records user "rita" for documents owned by "sam", one by the
  CLI operator. Restrictions are set by the admin through the API (PUT /api/documents/ID/visibility).
- "Never existed" is a copy of the store with the hidden documents' rows erased (their pages,
  fields, labels, ACL, relations, sources and journal rows go with them) and the index rebuilt by
  `accord reindex`'s function. Ids are kept, so answers are compared exactly, up to timestamps,
  hashes and CSRF tokens (normalised away).
- Every route of the URL map is requested by every role (and anonymously); `ROUTE_STEPS` maps each
  endpoint to its requests, and the test fails when the URL map has an endpoint it does not cover.
"""
from __future__ import annotations

import hashlib
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from leak_corpus import (  # noqa: F401  (the names test_leaks.py reaches through this module)
    MISSING_UPLOAD, PASSWORD, USERS, Template, build_template, copy_home, csrf_of, erase_documents, hidden_from,
    logged_in, make_config, restrict_randomly)
from corpus.sorting import SORTS
from web.app import create_app
from web.services import Services

QUERIES = ("agreement", "memorandum of understanding", "data sharing", "agrement", "NOT agreement",
           '"terms of the agreement"', "effective:2000..2030", "party:department", "immigration enforcement")


@dataclass
class Context:
    """What one user's run requests: the same on both apps."""
    user: str | None                  # None: not signed in
    token: str
    doc_ids: list[int]                # hidden ones, some visible ones, a missing one
    write_ids: list[int]              # fewer for writes (each write commits to the index)
    image_ids: list[int]
    flag: str
    type_code: str
    csrf: str = ""


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    api: bool = False                 # bearer token instead of the session
    form: dict | None = None          # adds the CSRF token
    body: dict | None = None          # JSON


def _id_args(ids: list[int]) -> str:
    return "&".join(f"id={i}" for i in ids)


def _BULK_ACTIONS(ctx: Context) -> list[str]:
    """The bulk actions of the confirmation page, with their values."""
    return ["zip", f"type&value={ctx.type_code}", "visibility&value=restricted&groups=legal",
            "category&value=transitory", "hold&value=h1&reason=FOIA"]


def _ids(ctx: Context, template: str) -> Iterator[Call]:
    for doc_id in ctx.doc_ids:
        yield Call("GET", template.format(doc_id))


# endpoint -> requests. Reads come first, then the writes, then the reads again (see STEP_ORDER).
ROUTE_STEPS: dict[str, Callable[[Context], Iterator[Call]]] = {
    "auth.login": lambda c: iter([Call("GET", "/login")]),
    "search.home": lambda c: iter([Call("GET", "/")]),
    "search.search_page": lambda c: iter(
        [Call("GET", "/search")] + [Call("GET", f"/search?q={q}") for q in QUERIES]
        + [Call("GET", f"/search?q=agreement&sort={s}") for s in SORTS]
        + [Call("GET", f"/search?q=agreement&f.type={c.type_code}"), Call("GET", f"/search?q=the&f.flag={c.flag}"),
           Call("GET", "/search?q=the&page=2"), Call("GET", "/search?expiring=3650")]),
    "search.search_csv": lambda c: iter([Call("GET", "/search.csv?q=agreement"), Call("GET", "/search.csv?q=the")]),
    "search.similar": lambda c: _ids(c, "/documents/{}/similar"),
    "documents.document_page": lambda c: iter([*_ids(c, "/documents/{}"),
                                               *_ids(c, "/documents/{}?q=agreement")]),
    "documents.page_image": lambda c: iter([Call("GET", f"/documents/{i}/pages/1.png?size=thumb")
                                            for i in c.image_ids]),
    "documents.download": lambda c: _ids(c, "/documents/{}/original"),
    "dashboard.dashboard": lambda c: iter([Call("GET", "/dashboard")]),
    "review.queue": lambda c: iter([Call("GET", "/review"), Call("GET", "/review?offset=5")]),
    "ingest.upload_page": lambda c: iter([Call("GET", "/ingest")]),
    "ingest.upload_progress": lambda c: iter([Call("GET", f"/ingest/uploads/{MISSING_UPLOAD}")]),
    "ingest.upload_report": lambda c: iter([Call("GET", f"/ingest/uploads/{MISSING_UPLOAD}/report.csv")]),
    "ingest.job_report_page": lambda c: iter([Call("GET", f"/ingest/jobs/{j}") for j in (1, 2, 99)]),
    "ingest.job_report_csv": lambda c: iter([Call("GET", f"/ingest/jobs/{j}/report.csv") for j in (1, 2, 99)]),
    "ingest.job_report_json": lambda c: iter([Call("GET", f"/ingest/jobs/{j}/report.json") for j in (1, 2, 99)]),
    "admin.users": lambda c: iter([Call("GET", "/admin/users")]),
    "audit.browse": lambda c: iter([Call("GET", "/audit"), Call("GET", "/audit?action=view")]),
    "audit.export": lambda c: iter([Call("GET", "/audit.csv")]),
    "audit.notifications": lambda c: iter([Call("GET", "/notifications")]),
    "api.openapi": lambda c: iter([Call("GET", "/api/openapi.json", api=True)]),
    "api.search": lambda c: iter([Call("GET", f"/api/search?q={q}&per_page=100", api=True) for q in QUERIES]
                                 + [Call("GET", f"/api/search?q=the&f.flag={c.flag}", api=True)]),
    "api.document": lambda c: iter([Call("GET", f"/api/documents/{i}?text=true", api=True) for i in c.doc_ids]),
    "api.similar": lambda c: iter([Call("GET", f"/api/documents/{i}/similar", api=True) for i in c.doc_ids]),
    "api.original": lambda c: iter([Call("GET", f"/api/documents/{i}/original", api=True) for i in c.doc_ids]),
    "api.page_image": lambda c: iter([Call("GET", f"/api/documents/{i}/pages/1.png", api=True)
                                      for i in c.image_ids]),
    "api.ingest_status": lambda c: iter([Call("GET", f"/api/ingest/{j}", api=True) for j in (1, 2, 99)]
                                        + [Call("GET", f"/api/ingest/{MISSING_UPLOAD}", api=True)]),
    "api.audit_events": lambda c: iter([Call("GET", "/api/audit?limit=1000", api=True)]),
    # writes: the same on both sides; a hidden document must answer as a missing one
    "documents.label_form": lambda c: iter([Call("POST", f"/documents/{i}/labels",
                                                 form={"kind": "flag", "value": c.flag, "action": "reject"})
                                            for i in c.write_ids]),
    "api.labels": lambda c: iter([Call("POST", f"/api/documents/{i}/labels", api=True,
                                       body={"kind": "type", "value": c.type_code, "action": "unsure"})
                                  for i in c.write_ids]),
    "review.decide": lambda c: iter([Call("POST", f"/review/{i}", form={"kind": "type", "value": c.type_code,
                                                                        "action": "unsure"}) for i in c.write_ids]),
    "review.bulk_accept_preview": lambda c: iter([Call("GET", "/review/bulk-accept?min_probability=0.5")]),
    "review.bulk_accept": lambda c: iter([Call("POST", "/review/bulk-accept", form={"min_probability": "0.5"})]),
    "documents.visibility_form": lambda c: iter([Call("POST", f"/documents/{i}/visibility",
                                                      form={"visibility": "restricted", "users": c.user or "x"})
                                                 for i in c.write_ids[-2:]]),
    "api.visibility": lambda c: iter([Call("PUT", f"/api/documents/{i}/visibility", api=True,
                                           body={"public": False, "users": [c.user or "x"]})
                                      for i in c.write_ids[:2]]),
    "documents.fields_form": lambda c: iter([Call("POST", f"/documents/{i}/fields",
                                                  form={"name": "party", "value": "County of Polk", "action": "set"})
                                             for i in c.write_ids]),
    "api.fields": lambda c: iter([Call("PUT", f"/api/documents/{i}/fields", api=True,
                                       body={"changes": [{"name": "expiry_date", "value": "2031-03-03"}]})
                                  for i in c.write_ids]),
    "ingest.upload_files": lambda c: iter([Call("POST", "/ingest/uploads", form={})]),
    "api.ingest": lambda c: iter([Call("POST", "/api/ingest", api=True, body={})]),
    "admin.add_user": lambda c: iter([Call("POST", "/admin/users", form={"name": "zed", "role": "searcher",
                                                                        "password": PASSWORD, "groups": ""})]),
    "admin.change_user": lambda c: iter([Call("POST", "/admin/users/zed", form={"action": "update",
                                                                              "role": "reviewer", "groups": "legal"})]),
    # search settings (admins); the write changes what searches match, read again in REREADS
    "admin.synonyms": lambda c: iter([Call("GET", "/admin/synonyms")]),
    "admin.save_synonyms": lambda c: iter([Call("POST", "/admin/synonyms",
                                                form={"groups": "agreement, accord, compact\nmou, memorandum"}),
                                           Call("POST", "/admin/synonyms", form={"groups": "a, b\na, c"})]),
    # records lifecycle: reads
    "records.plan_page": lambda c: iter([Call("GET", "/records/plan")]),
    "records_api.api_plan": lambda c: iter([Call("GET", "/api/records/plan", api=True)]),
    "records.holds_page": lambda c: iter([Call("GET", "/records/holds")]),
    "records_api.api_holds": lambda c: iter([Call("GET", "/api/holds", api=True)]),
    "records.queue_page": lambda c: iter([Call("GET", "/records/disposition")]),
    "records_api.api_due": lambda c: iter([Call("GET", "/api/disposition/due", api=True)]),
    "records_api.api_batch": lambda c: iter([Call("GET", f"/api/disposition/batches/{b}", api=True)
                                             for b in (1, 2, 3, 99)]),
    "records.certificates_page": lambda c: iter([Call("GET", "/records/certificates")]),
    "records_api.api_certificates": lambda c: iter([Call("GET", "/api/disposition/certificates", api=True)]),
    "records.certificate_file": lambda c: iter([Call("GET", f"/records/certificates/{b}/{i}.json")
                                                for b in (1, 2, 99) for i in c.doc_ids]),
    "records_api.api_certificate": lambda c: iter([Call("GET", f"/api/disposition/batches/{b}/certificates/{i}",
                                                        api=True) for b in (1, 2, 99) for i in c.doc_ids]),
    "records_api.api_transfer_bag": lambda c: iter([Call("GET", f"/api/disposition/batches/{b}/transfer-bag.zip",
                                                         api=True) for b in (1, 2, 3, 99)]),
    "records.trash_page": lambda c: iter([Call("GET", "/records/trash")]),
    "records.report_csv": lambda c: iter([Call("GET", f"/records/report.csv?report={r}")
                                          for r in ("due", "holds", "categories", "nothing")]),
    "records_api.api_report": lambda c: iter([Call("GET", "/api/records/report", api=True)]),
    "records_api.api_lifecycle": lambda c: iter([Call("GET", f"/api/records/documents/{i}", api=True)
                                                 for i in c.doc_ids]),
    # records lifecycle: writes, in the order records work goes (file, propose, hold, approve, run,
    # trash, restore); a hidden id must answer as a missing one at every step
    "records.file_form": lambda c: iter([Call("POST", f"/records/documents/{i}/file",
                                              form={"category": "transitory", "event_on": "2001-02-03"})
                                         for i in c.write_ids]),
    "records_api.api_file": lambda c: iter([Call("POST", f"/api/records/documents/{i}/file", api=True,
                                                 body={"category": "transitory"}) for i in c.write_ids]),
    "records.essential_form": lambda c: iter([Call("POST", f"/records/documents/{i}/essential",
                                                   form={"essential": "1"}) for i in c.write_ids[-2:]]),
    "records_api.api_essential": lambda c: iter([Call("PUT", f"/api/records/documents/{i}/essential", api=True,
                                                      body={"essential": i % 2 == 0}) for i in c.write_ids]),
    "records_api.api_propose": lambda c: iter([Call("POST", "/api/disposition/batches", api=True, body={"ids": [i]})
                                               for i in c.write_ids]
                                              + [Call("POST", "/api/disposition/batches", api=True,
                                                      body={"all_due": True})]),
    "records.propose_form": lambda c: iter([Call("POST", "/records/disposition", form={"id": str(i)})
                                            for i in c.write_ids]
                                           + [Call("POST", "/records/disposition", form={"all_due": "1"})]),
    "records.holds_form": lambda c: iter([Call("POST", "/records/holds", form={"name": f"form-{i}", "reason": "FOIA",
                                                                            "ids": str(i)}) for i in c.write_ids]
                                         + [Call("POST", "/records/holds", form={"name": "form-query", "reason": "FOIA",
                                                                                "query": "agreement"})]),
    "records_api.api_place_hold": lambda c: iter([Call("POST", "/api/holds", api=True,
                                                       body={"name": "api-ids", "reason": "litigation",
                                                             "ids": c.write_ids[-2:-1]}),
                                                  Call("POST", "/api/holds", api=True,
                                                       body={"name": "api-hidden", "reason": "litigation",
                                                             "ids": c.write_ids[:1]}),
                                                  Call("POST", "/api/holds", api=True,
                                                       body={"name": "api-query", "reason": "litigation",
                                                             "query": "data sharing"})]),
    "records.release_form": lambda c: iter([Call("POST", f"/records/holds/{n}/release", form={})
                                            for n in ("form-query", "form-query", "no-such-hold")]),
    "records_api.api_release_hold": lambda c: iter([Call("POST", f"/api/holds/{n}/release", api=True, body={})
                                                    for n in ("api-ids", "no-such-hold")]),
    "records.approve_form": lambda c: iter([Call("POST", f"/records/disposition/{b}/approve", form={})
                                            for b in (1, 99)]),
    "records_api.api_approve": lambda c: iter([Call("POST", f"/api/disposition/batches/{b}/approve", api=True,
                                                    body={}) for b in (2, 3, 1, 99)]),
    "records.run_form": lambda c: iter([Call("POST", f"/records/disposition/{b}/run", form={}) for b in (1, 99)]),
    "records.run_progress": lambda c: iter([Call("GET", f"/records/disposition/{b}/progress") for b in (1, 2, 99)]),
    "records_api.api_run": lambda c: iter([Call("POST", f"/api/disposition/batches/{b}/run", api=True, body={})
                                           for b in (2, 3, 99)]),
    "records_api.api_accept": lambda c: iter([Call("POST", f"/api/disposition/batches/{b}/accept", api=True,
                                                   body={}) for b in (1, 99)]),
    "records.trash_form": lambda c: iter([Call("POST", f"/records/documents/{i}/trash", form={})
                                          for i in c.write_ids[:1] + c.write_ids[-2:]]),
    "records_api.api_trash": lambda c: iter([Call("POST", f"/api/records/documents/{i}/trash", api=True, body={})
                                             for i in c.write_ids]),
    "records.restore_form": lambda c: iter([Call("POST", f"/records/documents/{i}/restore", form={})
                                            for i in c.write_ids[:1] + c.write_ids[-2:]]),
    "records_api.api_restore": lambda c: iter([Call("POST", f"/api/records/documents/{i}/restore", api=True,
                                                    body={}) for i in c.write_ids]),
    # issue 15: saved views, notes, bulk edit. Reads first...
    "saved_views.list_page": lambda c: iter([Call("GET", "/views")]),
    "saved_views.counts": lambda c: iter([Call("GET", "/views/counts")]),
    "saved_views_api.api_list": lambda c: iter([Call("GET", "/api/views", api=True)]),
    "saved_views_api.api_view": lambda c: iter([Call("GET", f"/api/views/{v}", api=True) for v in (1, 2, 99)]),
    "saved_views.open_view": lambda c: iter([Call("GET", f"/views/{v}") for v in (1, 99)]),
    "notes_api.api_notes": lambda c: iter([Call("GET", f"/api/documents/{i}/notes", api=True) for i in c.doc_ids]),
    "bulk.preview": lambda c: iter([Call("GET", f"/bulk?action={a}&{_id_args(c.doc_ids)}") for a in _BULK_ACTIONS(c)]
                                   + [Call("GET", "/bulk?action=zip&all=1&q=agreement"),
                                      Call("GET", f"/bulk?action=type&value={c.type_code}&all=1&q=the")]),
    "bulk.job_page": lambda c: iter([Call("GET", f"/bulk/jobs/{MISSING_UPLOAD}")]),
    "bulk_api.api_job": lambda c: iter([Call("GET", f"/api/bulk/{MISSING_UPLOAD}", api=True)]),
    # ... then the writes: views saved, renamed, shared, deleted; notes on hidden, visible, missing
    # documents; bulk changes over selections that mix them
    "saved_views.create_form": lambda c: iter([Call("POST", "/views", form={"name": "agreements", "q": "agreement",
                                                                           "groups": "legal"})]),
    "saved_views_api.api_create": lambda c: iter([Call("POST", "/api/views", api=True, body={
        "name": n, "query": "data sharing", "filters": {"type": [c.type_code]}, "users": ["rex"]})
        for n in ("api view", "to delete")]),
    "saved_views.change_form": lambda c: iter([Call("POST", f"/views/{v}", form={"name": "renamed", "groups": "review"})
                                               for v in (1, 99)]),
    "saved_views_api.api_change": lambda c: iter([Call("PUT", f"/api/views/{v}", api=True,
                                                       body={"query": "memorandum", "sort": "title"})
                                                  for v in (2, 99)]),
    "saved_views.delete_form": lambda c: iter([Call("POST", f"/views/{v}/delete", form={}) for v in (3, 99)]),
    "saved_views_api.api_delete": lambda c: iter([Call("DELETE", f"/api/views/{v}", api=True) for v in (3, 99)]),
    "notes.add_form": lambda c: iter([Call("POST", f"/documents/{i}/notes", form={"text": "form note on renewal"})
                                      for i in c.write_ids]),
    "notes_api.api_add": lambda c: iter([Call("POST", f"/api/documents/{i}/notes", api=True,
                                              body={"text": "api note on the annex"}) for i in c.write_ids]),
    "notes.edit_form": lambda c: iter([Call("POST", f"/documents/{i}/notes/{n}", form={"text": "edited note"})
                                       for i in c.write_ids for n in (1, 2)]),
    "notes_api.api_edit": lambda c: iter([Call("PUT", f"/api/documents/{i}/notes/2", api=True,
                                               body={"text": "edited by api"}) for i in c.write_ids]),
    "notes.delete_form": lambda c: iter([Call("POST", f"/documents/{i}/notes/1/delete", form={}) for i in c.write_ids]),
    "notes_api.api_delete": lambda c: iter([Call("DELETE", f"/api/documents/{i}/notes/2", api=True)
                                            for i in c.write_ids]),
    "bulk.run": lambda c: iter([Call("POST", "/bulk", form={"action": "type", "value": c.type_code,
                                                            "id": [str(i) for i in c.write_ids]}),
                                Call("POST", "/bulk", form={"action": "category", "value": "transitory",
                                                            "id": [str(i) for i in c.write_ids]}),
                                Call("POST", "/bulk", form={"action": "zip", "id": [str(i) for i in c.doc_ids]}),
                                Call("POST", "/bulk", form={"action": "zip", "all": "1", "q": "agreement"}),
                                Call("POST", "/bulk", form={"action": "visibility", "value": "restricted",
                                                            "users": c.user or "x",
                                                            "id": [str(i) for i in c.write_ids[-2:]]})]),
    "bulk_api.api_bulk": lambda c: iter([Call("POST", "/api/bulk", api=True, body={
        "action": "scope", "value": "in_scope", "ids": c.write_ids, "preview": True}),
        Call("POST", "/api/bulk", api=True, body={"action": "type", "value": c.type_code,
                                                  "search": {"query": "memorandum"}}),
        Call("POST", "/api/bulk", api=True, body={"action": "hold", "value": "bulk-hold", "reason": "FOIA",
                                                  "ids": c.write_ids}),
        Call("POST", "/api/bulk", api=True, body={"action": "zip", "ids": c.doc_ids})]),
    "auth.logout": lambda c: iter([Call("POST", "/logout", form={})]),
}
WRITES = ["documents.label_form", "api.labels", "documents.fields_form", "api.fields", "review.decide", "review.bulk_accept", "admin.users",
          "admin.add_user", "admin.change_user", "ingest.upload_files", "api.ingest",
          "admin.save_synonyms",
          # records: file, propose, hold, release, approve, run, accept, then trash and restore
          "records.file_form", "records_api.api_file", "records.essential_form", "records_api.api_essential",
          "records_api.api_propose", "records.propose_form", "records.holds_form", "records_api.api_place_hold",
          "records.release_form", "records_api.api_release_hold", "records.approve_form", "records_api.api_approve",
          "records.run_form", "records_api.api_run", "records_api.api_accept", "records.trash_form",
          "records_api.api_trash", "records.trash_page", "records.restore_form", "records_api.api_restore",
          "documents.visibility_form", "api.visibility",
          # issue 15: saved views, notes, bulk edit
          "saved_views.create_form", "saved_views_api.api_create", "saved_views.change_form",
          "saved_views_api.api_change", "saved_views.delete_form", "saved_views_api.api_delete",
          "notes.add_form", "notes_api.api_add", "notes.edit_form", "notes_api.api_edit", "notes.delete_form",
          "notes_api.api_delete", "bulk.run", "bulk_api.api_bulk"]
READS = [e for e in ROUTE_STEPS if e not in WRITES and not e.startswith("auth.")]
# What the writes change, read again (their effects must not differ either); then sign out.
REREADS = ["search.search_page", "api.search", "dashboard.dashboard", "review.queue", "api.document",
           "records.holds_page", "records_api.api_holds", "records.queue_page", "records_api.api_due",
           "records_api.api_batch", "records.run_progress", "records.certificates_page", "records_api.api_certificates",
           "records.certificate_file", "records_api.api_certificate", "records_api.api_transfer_bag",
           "records.trash_page", "records.report_csv", "records_api.api_report", "records_api.api_lifecycle",
           "saved_views.list_page", "saved_views.counts", "saved_views_api.api_list", "saved_views_api.api_view",
           "notes_api.api_notes", "documents.document_page"]
STEP_ORDER = ["auth.login", *READS, *WRITES, *REREADS, "auth.logout", "search.search_page"]
ANONYMOUS_STEPS = ["auth.login", *READS]


def covered_endpoints() -> set[str]:
    return set(ROUTE_STEPS)


# --- normalising and comparing ----------------------------------------------------------------
_VOLATILE = [
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?"), "<time>"),
    # a time in words, as pages show it (web/time_display.py): "7 Dec 2026, 00:45 UTC", "7 Dec 2026"
    (re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}(, \d{2}:\d{2} UTC)?"), "<time>"),
    (re.compile(r'(name="csrf_token" value=")[^"]+'), r"\1<csrf>"),
    (re.compile(r'("csrf[_-]token"\s+content=")[^"]+'), r"\1<csrf>"),
    (re.compile(r"([?&;]pass=)[\w.-]+"), r"\1<pass>"),   # the viewer's signed thumbnail pass (web/viewer.py)
    (re.compile(r"\b[0-9a-f]{64}\b"), "<hash>"),
    (re.compile(r'"seconds": [0-9.]+'), '"seconds": <n>'),
]


def normalise(text: str) -> str:
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


@dataclass
class Answer:
    call: str
    status: int
    headers: tuple
    body: str


def answer(response, call: Call, home: str = "") -> Answer:
    kind = response.headers.get("Content-Type", "")
    data = response.get_data()
    if kind.startswith(("text/", "application/json")):
        body = normalise(data.decode("utf-8", "replace"))
        # Each side runs on its own copy of ACCORD_HOME, and the admin's search-settings page
        # names its file there: the home's own path is the one difference that is not data.
        body = body.replace(home, "<home>") if home else body
    else:
        body = "sha256:" + hashlib.sha256(data).hexdigest()
    headers = tuple((k, normalise(response.headers.get(k, ""))) for k in ("Content-Type", "Content-Disposition",
                                                                          "Location"))
    return Answer(f"{call.method} {call.path}", response.status_code, headers, body)


@dataclass
class Run:
    answers: list[Answer] = field(default_factory=list)
    endpoints: set[str] = field(default_factory=set)


def run_user(app, ctx: Context, steps: list[str]) -> Run:
    """Sign in as ctx.user (unless anonymous) and make every call of `steps`, in order."""
    run = Run()
    seen = run.endpoints

    @app.after_request
    def note_endpoint(response):
        from flask import request
        if request.endpoint:
            seen.add(request.endpoint)
        return response

    client = app.test_client()
    home = str(app.extensions["accord"].config.home)
    for step in steps:
        for call in ROUTE_STEPS[step](ctx):
            if step == "auth.login" and ctx.user and call.method == "GET":
                page = client.get("/login")
                run.answers.append(answer(page, call))
                response = client.post("/login", data={"username": ctx.user, "password": PASSWORD,
                                                       "csrf_token": csrf_of(page.text)})
                run.answers.append(answer(response, Call("POST", "/login")))
                ctx.csrf = csrf_of(client.get("/search").text)
                continue
            headers = {"Authorization": f"Bearer {ctx.token}"} if call.api and ctx.token else {}
            kwargs: dict = {"headers": headers}
            if call.form is not None:
                kwargs["data"] = {**call.form, "csrf_token": ctx.csrf}
            if call.body is not None:
                kwargs["json"] = call.body
            response = client.open(call.path, method=call.method, **kwargs)
            # A label decision reaches the index in the background; both sides read it settled.
            app.extensions["accord"].wait_for_background()
            run.answers.append(answer(response, call, home))
        # A disposition run started from the page goes on in the background: wait for it, as
        # its page does, before the next step reads what it changed.
        app.extensions["accord_disposition_runs"].wait()
    return run


def differences(left: Run, right: Run, limit: int = 5) -> list[str]:
    out = []
    for a, b in zip(left.answers, right.answers):
        if (a.status, a.headers, a.body) != (b.status, b.headers, b.body):
            out.append(f"{a.call}: {a.status} vs {b.status}; {_first_difference(a.body, b.body)}")
    if len(left.answers) != len(right.answers):
        out.append(f"{len(left.answers)} answers vs {len(right.answers)}")
    return out[:limit] + ([f"... and {len(out) - limit} more"] if len(out) > limit else [])


def _first_difference(a: str, b: str) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"at {at}: {a[max(0, at - 80):at + 80]!r} vs {b[max(0, at - 80):at + 80]!r}"


def context_for(user: str | None, template: Template, hidden: set[int], rng: random.Random) -> Context:
    visible = [i for i in template.ids if i not in hidden]
    missing = max(template.ids) + 1
    # Every hidden document would be best; a sample keeps the run short (each set and user draws anew).
    doc_ids = (sorted(rng.sample(sorted(hidden), min(6, len(hidden))))
               + sorted(rng.sample(visible, min(3, len(visible)))) + [missing])
    images = sorted(rng.sample(sorted(hidden), min(2, len(hidden)))) + visible[:1]
    write_ids = doc_ids[:min(2, len(hidden))] + [doc_ids[-2], missing]
    return Context(user=user, token=template.tokens.get(user or "", ""), doc_ids=doc_ids, write_ids=write_ids,
                   image_ids=images,
                   flag=template.flag, type_code=template.type_code)


@dataclass
class Outcome:
    user: str | None
    hidden: int
    answers: int
    differences: list[str]
    endpoints: set[str]


def compare_user(root: Path, full: Path, template: Template, user: str | None, seed: int) -> Outcome:
    """U's answers from a copy of the restricted store vs from a copy where U's hidden documents
    never existed (each side a fresh copy, so one user's writes do not reach another's run)."""
    tag = user or "anonymous"
    hidden = hidden_from(full, user) if user else set(template.ids)
    seen_home = copy_home(full, root / f"{tag}-seen")
    ref_home = copy_home(full, root / f"{tag}-ref")
    erase_documents(ref_home, hidden)
    steps = STEP_ORDER if user else ANONYMOUS_STEPS
    runs = []
    for home in (seen_home, ref_home):
        ctx = context_for(user, template, hidden, random.Random(seed))
        services = Services(make_config(home))
        try:
            runs.append(run_user(create_app(services.config, services), ctx, steps))
        finally:
            services.close()
    for home in (seen_home, ref_home):
        shutil.rmtree(home, ignore_errors=True)
    return Outcome(user, len(hidden), len(runs[0].answers), differences(runs[0], runs[1]),
                   runs[0].endpoints | runs[1].endpoints)
