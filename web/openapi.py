"""The OpenAPI 3.0 description of /api (served at /api/openapi.json)."""
from __future__ import annotations

from functools import lru_cache

_ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_DOC_ID = {"name": "doc_id", "in": "path", "required": True,
           "schema": {"type": "integer", "minimum": 1, "maximum": 999999999999999}}

_BATCH_ID = {"name": "batch_id", "in": "path", "required": True,
             "schema": {"type": "integer", "minimum": 1, "maximum": 999999999999999}}


def _errors(*codes: int) -> dict:
    return {str(c): _ERROR for c in codes}


def _json(schema_ref: str, description: str = "OK") -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


@lru_cache(maxsize=1)
def openapi_document() -> dict:
    from corpus.field_corrections import CORRECTABLE, DATE_ROLES, MAX_VALUE_LENGTH, REMOVE, SET
    from corpus.labels import ACTIONS, KINDS
    from search.index import SORTS   # here, not at import: whoosh is loaded only when the document is asked for
    hit = {"type": "object", "properties": {
        "id": {"type": "integer"}, "filename": {"type": "string"}, "title": {"type": "string"},
        "score": {"type": "number"}, "page": {"type": "integer", "nullable": True},
        "snippet": {"type": "string", "description": "Plain text from the document (not HTML; escape it to show it)"},
        "spans": {"type": "array", "description": "[start, end) character offsets of the matched words in snippet",
                  "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}},
        "type": {"type": "string", "nullable": True}, "scope": {"type": "string", "nullable": True},
        "parties": {"type": "array", "items": {"type": "string"}},
        "effective_date": {"type": "string", "nullable": True}, "expiry_date": {"type": "string", "nullable": True}},
        "required": ["id", "filename", "title", "score", "page", "snippet"]}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Accord API", "version": "1",
                 "description": "Search and manage information sharing and access agreements. "
                                "Authenticate with `Authorization: Bearer TOKEN` (`accord token NAME`). "
                                "Documents you may not see answer 404, like missing ones."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                                                           "hint": {"type": "string"}},
                          "required": ["error", "message"]},
                "Hit": hit,
                "SearchResults": {"type": "object", "properties": {
                    "query": {"type": "string"}, "total": {"type": "integer"}, "page": {"type": "integer"},
                    "per_page": {"type": "integer"}, "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                    "facets": {"type": "object", "additionalProperties": {"type": "array", "items": {
                        "type": "object", "properties": {"value": {"type": "string"}, "count": {"type": "integer"}}}}},
                    "suggestion": {"type": "string", "nullable": True},
                    "pages": {"type": "integer"}, "relaxed": {"type": "boolean"}, "sort": {"type": "string"},
                    "rule": {"type": "string", "enum": ["browse", "all", "most", "any", "syntax"],
                             "description": "how the words were matched: every document (empty query), all words "
                                            "(up to three), most words (a longer question), some words (none had "
                                            "all or most), your query's own operators"},
                    "date_filters": {"type": "array", "items": {"type": "object", "properties": {
                        "label": {"type": "string"}, "phrase": {"type": "string"}}}}},
                    "required": ["query", "total", "page", "hits", "facets"]},
                "Document": {"type": "object", "description": "The record of `accord show --json`.",
                             "properties": {"id": {"type": "integer"}, "filename": {"type": "string"},
                                            "title": {"type": "string"}, "pages": {"type": "integer"},
                                            "visibility": {"type": "string"}, "fields": {"type": "array"},
                                            "labels": {"type": "object"}, "related": {"type": "array"}},
                             "required": ["id", "filename", "pages"]},
                "Similar": {"type": "object", "properties": {"id": {"type": "integer"}, "hits": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Hit"}}}},
                "Label": {"type": "object", "properties": {
                    "kind": {"type": "string", "enum": list(KINDS)},
                    "value": {"type": "string", "minLength": 1},
                    "action": {"type": "string", "enum": list(ACTIONS)}},
                    "required": ["value"]},
                "FieldChange": {"type": "object", "additionalProperties": False, "properties": {
                    "name": {"type": "string", "enum": list(CORRECTABLE),
                             "description": "title, term and the dates of a role with their own name hold one value "
                                            "(set replaces it); party, signatory, signature_date and date hold "
                                            "several"},
                    "value": {"type": "string", "maxLength": MAX_VALUE_LENGTH,
                              "description": "set: the new value (dates as 2027-09-30 or September 30, 2027); "
                                             "remove: the value removed (a party), or nothing (the title, term, "
                                             "expiry)"},
                    "action": {"type": "string", "enum": [SET, REMOVE], "default": SET},
                    "previous": {"type": "string", "maxLength": MAX_VALUE_LENGTH,
                                 "description": "set on a party, signatory or date: the value this one replaces"},
                    "role": {"type": "string", "enum": list(DATE_ROLES),
                             "description": "a date's role; with name 'date', 'effective', 'signature' and 'expiry' "
                                            "set effective_date, signature_date and expiry_date"}},
                    "required": ["name"]},
                "FieldChanges": {"type": "object", "properties": {"changes": {
                    "type": "array", "minItems": 1, "maxItems": 100,
                    "items": {"$ref": "#/components/schemas/FieldChange"}}},
                    "required": ["changes"]},
                "Fields": {"type": "object", "properties": {"id": {"type": "integer"}, "fields": {
                    "type": "array", "items": {"type": "object", "properties": {
                        "name": {"type": "string"}, "value": {"type": "string"},
                        "normalized": {"type": "string", "nullable": True},
                        "evidence": {"type": "object", "nullable": True}, "confirmed_by": {"type": "string"},
                        "confirmed_at": {"type": "string", "format": "date-time"}}}}}},
                "Visibility": {"type": "object", "properties": {
                    "public": {"type": "boolean"}, "users": {"type": "array", "items": {"type": "string"}},
                    "groups": {"type": "array", "items": {"type": "string"}}}},
                "Upload": {"type": "object", "properties": {
                    "id": {"type": "string"}, "status": {"type": "string"}, "total": {"type": "integer"},
                    "done": {"type": "integer"}, "failed": {"type": "integer"}, "percent": {"type": "integer"}}},
                "FilePlan": {"type": "object", "properties": {
                    "name": {"type": "string"}, "unscheduled": {"type": "string"},
                    "fiscal_year_end": {"type": "string"}, "categories": {"type": "array", "items": {
                        "type": "object", "properties": {
                            "code": {"type": "string"}, "title": {"type": "string"},
                            "types": {"type": "array", "items": {"type": "string"}},
                            "authority": {"type": "string"}, "approved": {"type": "boolean"},
                            "disposition": {"type": "string", "enum": ["destroy", "transfer", "permanent"]},
                            "cutoff_text": {"type": "string"}, "retention_text": {"type": "string"}}}}}},
                "Lifecycle": {"type": "object", "description": "A document's category and lifecycle dates with "
                                                               "the rule and event that set them.", "properties": {
                    "id": {"type": "integer"}, "category": {"type": "string"}, "authority": {"type": "string"},
                    "disposition": {"type": "string"}, "rule": {"type": "string"},
                    "event": {"type": "object", "nullable": True},
                    "cutoff_date": {"type": "string", "format": "date", "nullable": True},
                    "eligible_date": {"type": "string", "format": "date", "nullable": True},
                    "reason": {"type": "string"}, "state": {"type": "string"}, "essential": {"type": "boolean"},
                    "holds": {"type": "array", "items": {"type": "string"}}, "due": {"type": "boolean"}}},
                "Hold": {"type": "object", "properties": {
                    "name": {"type": "string", "maxLength": 128}, "reason": {"type": "string"},
                    "ids": {"type": "array", "items": {"type": "integer"}},
                    "query": {"type": "string", "nullable": True}}, "required": ["name", "reason"]},
                "Batch": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "status": {"type": "string"}, "proposed_by": {"type": "string"},
                    "approved_by": {"type": "string", "nullable": True}, "items": {"type": "array", "items": {
                        "type": "object", "properties": {
                            "id": {"type": "integer"}, "title": {"type": "string"}, "action": {"type": "string"},
                            "category": {"type": "string"}, "authority": {"type": "string"},
                            "status": {"type": "string"}, "certificate": {"type": "string", "nullable": True}}}}}},
                "AuditEvents": {"type": "object", "properties": {"events": {"type": "array", "items": {
                    "type": "object", "properties": {"id": {"type": "integer"}, "at": {"type": "string"},
                                                     "actor": {"type": "string"}, "action": {"type": "string"},
                                                     "target": {"type": "string"}, "ip": {"type": "string"},
                                                     "details": {"type": "object"}, "hash": {"type": "string"}}}}}},
            },
        },
        "paths": {
            "/api/search": {"get": {
                "summary": "Search the agreements you may see",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 500},
                     "description": 'Any text. Words, "phrases", field:value, AND/OR/NOT, dates in words '
                                    '("expiring next year"); empty lists every document'},
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000},
                     "description": "past the last page: 400 naming the number of pages"},
                    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    {"name": "sort", "in": "query",
                     "schema": {"type": "string", "enum": list(SORTS)}},
                    {"name": "expiring", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 3650}}],
                "responses": {"200": _json("SearchResults"), **_errors(400, 401, 403)}}},
            "/api/documents/{doc_id}": {"get": {
                "summary": "One document's record",
                "parameters": [_DOC_ID, {"name": "text", "in": "query", "schema": {"type": "boolean"}}],
                "responses": {"200": _json("Document"), **_errors(401, 404)}}},
            "/api/documents/{doc_id}/similar": {"get": {
                "summary": "Agreements similar to this one",
                "parameters": [_DOC_ID, {"name": "limit", "in": "query",
                                         "schema": {"type": "integer", "minimum": 1, "maximum": 100}}],
                "responses": {"200": _json("Similar"), **_errors(400, 401, 404)}}},
            "/api/documents/{doc_id}/original": {"get": {
                "summary": "Download the original file (audited)", "parameters": [_DOC_ID],
                "responses": {"200": {"description": "The original bytes",
                                      "content": {"application/octet-stream": {"schema": {"type": "string",
                                                                                          "format": "binary"}}}},
                              **_errors(401, 404)}}},
            "/api/documents/{doc_id}/pages/{page}.png": {"get": {
                "summary": "A page image rendered from the original",
                "parameters": [_DOC_ID, {"name": "page", "in": "path", "required": True,
                                         "schema": {"type": "integer", "minimum": 1, "maximum": 100000}},
                               {"name": "size", "in": "query", "schema": {"type": "string", "enum": ["thumb", "full"]}}],
                "responses": {"200": {"description": "PNG", "content": {"image/png": {"schema": {
                    "type": "string", "format": "binary"}}}}, **_errors(401, 404)}}},
            "/api/documents/{doc_id}/labels": {"post": {
                "summary": "Accept, correct or mark unsure a document's tag (reviewers)",
                "parameters": [_DOC_ID],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Label"}}}},
                "responses": {"200": {"description": "Stored"}, **_errors(400, 401, 403, 404)}}},
            "/api/documents/{doc_id}/fields": {"put": {
                "summary": "Correct metadata values: add, change, confirm or remove a party, a date with its role, the "
                           "title, the term, the expiry (records staff, reviewers, admins). Each value is stored as "
                           "confirmed by the caller, audited, searchable at once and kept by `accord reextract`",
                "parameters": [_DOC_ID],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/FieldChanges"}}}},
                "responses": {"200": _json("Fields", "The document's current values"), **_errors(400, 401, 403, 404)}}},
            "/api/documents/{doc_id}/visibility": {"put": {
                "summary": "Restrict a document to users/groups, or make it public (owner or admin)",
                "parameters": [_DOC_ID],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Visibility"}}}},
                "responses": {"200": {"description": "Changed"}, **_errors(400, 401, 403, 404)}}},
            "/api/ingest": {"post": {
                "summary": "Upload files (or zips) to ingest in the background (records staff)",
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "properties": {"files": {"type": "array", "items": {
                        "type": "string", "format": "binary"}}}, "required": ["files"]}}}},
                "responses": {"202": _json("Upload", "Accepted"), **_errors(400, 401, 403, 413)}}},
            "/api/ingest/{job}": {"get": {
                "summary": "Progress of an upload (its id) or an ingest job's report (a number)",
                "parameters": [{"name": "job", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "Progress or report"}, **_errors(401, 403, 404)}}},
            "/api/audit": {"get": {
                "summary": "Audit events, newest first (auditors)",
                "parameters": [
                    {"name": "actor", "in": "query", "schema": {"type": "string"}},
                    {"name": "action", "in": "query", "schema": {"type": "string"}},
                    {"name": "target", "in": "query", "schema": {"type": "string"}},
                    {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "until", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
                    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000000}}],
                "responses": {"200": _json("AuditEvents"), **_errors(400, 401, 403)}}},
            "/api/records/plan": {"get": {"summary": "The file plan: record categories and their schedule items",
                                          "responses": {"200": _json("FilePlan"), **_errors(401)}}},
            "/api/records/report": {"get": {"summary": "Dispositions due in 30/90/365 days, holds, counts by category "
                                                       "(records staff)",
                                            "responses": {"200": {"description": "Report"}, **_errors(401, 403)}}},
            "/api/records/documents/{doc_id}": {"get": {
                "summary": "A document's category and lifecycle dates with their reasons", "parameters": [_DOC_ID],
                "responses": {"200": _json("Lifecycle"), **_errors(401, 404)}}},
            "/api/records/documents/{doc_id}/file": {"post": {
                "summary": "File a document to a category (records staff; audited)", "parameters": [_DOC_ID],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"category": {"type": "string"},
                                                     "event_on": {"type": "string", "format": "date"}},
                    "required": ["category"]}}}},
                "responses": {"200": _json("Lifecycle"), **_errors(400, 401, 403, 404)}}},
            "/api/records/documents/{doc_id}/essential": {"put": {
                "summary": "Set or clear the essential-records flag (records officer only)", "parameters": [_DOC_ID],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"essential": {"type": "boolean"}}, "required": ["essential"]}}}},
                "responses": {"200": {"description": "Changed"}, **_errors(400, 401, 403, 404)}}},
            "/api/records/documents/{doc_id}/trash": {"post": {
                "summary": "Trash a wrongly ingested document (records staff; refused when held: 409)",
                "parameters": [_DOC_ID], "responses": {"200": {"description": "Trashed"},
                                                        **_errors(401, 403, 404, 409)}}},
            "/api/records/documents/{doc_id}/restore": {"post": {
                "summary": "Restore a trashed document", "parameters": [_DOC_ID],
                "responses": {"200": {"description": "Restored"}, **_errors(401, 403, 404)}}},
            "/api/holds": {
                "get": {"summary": "Active legal holds and the documents they cover (records staff)",
                        "responses": {"200": {"description": "Holds"}, **_errors(401, 403)}},
                "post": {"summary": "Place a legal hold by ids or a saved query (audited)",
                         "requestBody": {"required": True, "content": {"application/json": {"schema": {
                             "$ref": "#/components/schemas/Hold"}}}},
                         "responses": {"201": {"description": "Placed"}, **_errors(400, 401, 403, 404, 409)}}},
            "/api/holds/{name}/release": {"post": {
                "summary": "Release a legal hold (audited): its issuer, a records officer or an admin",
                "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "Released"}, **_errors(401, 403, 404, 409)}}},
            "/api/disposition/due": {"get": {"summary": "Records due for disposition (past eligible, not held); "
                                                        "`kept` counts why the others are not due (held, no "
                                                        "NARA-approved authority by category, unscheduled, "
                                                        "waiting) and `explanation` says how to proceed",
                                             "responses": {"200": {"description": "Due"}, **_errors(401, 403)}}},
            "/api/disposition/batches": {"post": {
                "summary": "Propose a disposition batch (records staff)",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"ids": {"type": "array", "items": {"type": "integer"}},
                                                     "all_due": {"type": "boolean"}}}}}},
                "responses": {"201": _json("Batch", "Proposed"), **_errors(400, 401, 403, 404, 409)}}},
            "/api/disposition/batches/{batch_id}": {"get": {
                "summary": "A batch: what each record is and under which authority it goes",
                "parameters": [_BATCH_ID], "responses": {"200": _json("Batch"), **_errors(401, 403, 404)}}},
            "/api/disposition/batches/{batch_id}/approve": {"post": {
                "summary": "Approve a batch (records officer or admin, not the proposer)", "parameters": [_BATCH_ID],
                "responses": {"200": _json("Batch"), **_errors(401, 403, 404, 409)}}},
            "/api/disposition/batches/{batch_id}/run": {"post": {
                "summary": "Run (or finish) an approved batch: destroy with certificates, transfer as BagIt; "
                           "answers when the run is done (409 while this server is already running it)",
                "parameters": [_BATCH_ID], "responses": {"200": _json("Batch"), **_errors(401, 403, 404, 409)}}},
            "/api/disposition/batches/{batch_id}/accept": {"post": {
                "summary": "Record NARA's acceptance of a batch's transfer", "parameters": [_BATCH_ID],
                "responses": {"200": {"description": "Recorded"}, **_errors(401, 403, 404, 409)}}},
            "/api/disposition/certificates": {"get": {
                "summary": "Disposition certificates", "responses": {"200": {"description": "Certificates"},
                                                                     **_errors(401, 403)}}},
        },
    }
