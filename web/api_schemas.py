"""Named JSON schemas of the API's bodies and answers (the OpenAPI document's components).

An operation (web/openapi.py `api_operation`) names one of these, or gives its own schema
inline; a schema used by more than one operation, or worth a name in the document, goes here.
Enumerations come from their one definition (labels, field corrections), never copied.
"""
from __future__ import annotations

from corpus.field_corrections import CORRECTABLE, DATE_ROLES, MAX_VALUE_LENGTH, REMOVE, SET
from corpus.labels import ACTIONS, KINDS

ERROR = {"type": "object", "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                                          "hint": {"type": "string"}},
         "required": ["error", "message"]}

HIT = {"type": "object", "properties": {
    "id": {"type": "integer"}, "filename": {"type": "string"}, "title": {"type": "string"},
    "score": {"type": "number"}, "page": {"type": "integer", "nullable": True},
    "snippet": {"type": "string", "description": "Plain text from the document (not HTML; escape it to show it)"},
    "spans": {"type": "array", "description": "[start, end) character offsets of the matched words in snippet",
              "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}},
    "type": {"type": "string", "nullable": True}, "scope": {"type": "string", "nullable": True},
    "parties": {"type": "array", "items": {"type": "string"}},
    "effective_date": {"type": "string", "nullable": True}, "expiry_date": {"type": "string", "nullable": True}},
    "required": ["id", "filename", "title", "score", "page", "snippet"]}

SCHEMAS: dict[str, dict] = {
    "Hit": HIT,
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
    "NoteText": {"type": "object", "properties": {"text": {"type": "string", "minLength": 1}}, "required": ["text"]},
    "Note": {"type": "object", "properties": {
        "id": {"type": "integer"}, "document_id": {"type": "integer"}, "author": {"type": "string"},
        "text": {"type": "string", "description": "empty once deleted"},
        "created_at": {"type": "string", "format": "date-time"},
        "edited_at": {"type": "string", "format": "date-time", "nullable": True},
        "deleted_at": {"type": "string", "format": "date-time", "nullable": True},
        "deleted_by": {"type": "string", "nullable": True}},
        "required": ["id", "document_id", "author", "text", "created_at"]},
    "Notes": {"type": "object", "properties": {"id": {"type": "integer"}, "notes": {
        "type": "array", "items": {"$ref": "#/components/schemas/Note"}}}},
    "SavedViewSpec": {"type": "object", "properties": {
        "name": {"type": "string"}, "query": {"type": "string"},
        "filters": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "sort": {"type": "string"}, "users": {"type": "array", "items": {"type": "string"}},
        "groups": {"type": "array", "items": {"type": "string"}}}},
    "SavedView": {"type": "object", "description": "A saved search; counts are over what the caller may see.",
                  "properties": {"id": {"type": "integer"}, "owner": {"type": "string"}, "name": {"type": "string"},
                                 "query": {"type": "string"}, "filters": {"type": "object"},
                                 "sort": {"type": "string"}, "count": {"type": "integer"},
                                 "new": {"type": "integer", "description": "matches new since the caller's last visit"},
                                 "search": {"type": "string", "description": "the search page's address"}}},
    "SavedViews": {"type": "object", "properties": {"views": {
        "type": "array", "items": {"$ref": "#/components/schemas/SavedView"}}}},
    "BulkRequest": {"type": "object", "properties": {
        "action": {"type": "string", "description": "type, scope, visibility, category, hold or zip"},
        "value": {"type": "string"}, "ids": {"type": "array", "items": {"type": "integer"}},
        "search": {"type": "object", "description": "select all matching: {query, filters, sort}"},
        "users": {"type": "array", "items": {"type": "string"}},
        "groups": {"type": "array", "items": {"type": "string"}},
        "reason": {"type": "string"}, "preview": {"type": "boolean", "default": False}},
        "required": ["action"]},
    "BulkSummary": {"type": "object", "properties": {
        "action": {"type": "string"}, "value": {"type": "string"}, "change": {"type": "integer"},
        "skipped": {"type": "integer"}, "reasons": {"type": "object"}, "preview": {"type": "boolean"},
        "job": {"type": "object"}}},
    "BulkJob": {"type": "object", "properties": {
        "id": {"type": "string"}, "status": {"type": "string"}, "total": {"type": "integer"},
        "done": {"type": "integer"}, "percent": {"type": "integer"}, "result": {"type": "object", "nullable": True}}},
}
