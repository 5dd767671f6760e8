"""The OpenAPI 3.0 document of /api (served at /api/openapi.json), generated from the routes.

Adding an API route is one step, next to its view:

    @blueprint.route("/documents/<int:doc_id>/notes", methods=["POST"])
    @access.requires("read")
    @api_operation("Add a note to a document (audited)", body="Note", responses={201: "Note"},
                   errors=(400, 404))
    def add_note(doc_id: int): ...

What the route already says is not repeated: the path and its parameters (types and bounds
from the route's converters), the method, and the auth (the permission declared with
@access.requires or @access.public: its security requirement, the roles that hold it and a
401 answer). The declaration gives the rest: a summary, query parameters (`query_param`), the
request body and the answers. A body or an answer is a schema name (a JSON object of that
named schema), an inline JSON schema (a dict), or a `Reply` for anything else (a file, an
empty answer). Named schemas live in web/api_schemas.py (`SCHEMAS`); a new one is added there.
tests/test_web_openapi.py fails for an /api/ route without a declaration, and checks the
document against the OpenAPI 3.0 specification.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import Flask
from werkzeug.routing import IntegerConverter, Rule

from corpus.access import PERMISSIONS
from web import access
from web.app import MAX_ID

OPENAPI_ATTRIBUTE = "accord_openapi"
IGNORED_METHODS = {"HEAD", "OPTIONS"}
_RULE_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Reply:
    """An answer that is not a JSON object of a named schema: a file, or no body worth describing."""
    description: str
    media_type: str | None = None          # None: the answer's body is not described
    schema: dict | None = None


@dataclass(frozen=True)
class Operation:
    summary: str
    parameters: tuple = ()
    body: str | dict | Reply | None = None
    responses: dict = field(default_factory=dict)
    errors: tuple = ()
    path_schemas: dict = field(default_factory=dict)


def query_param(name: str, schema: dict, description: str = "", *, required: bool = False) -> dict:
    return {"name": name, "in": "query", "schema": schema, "required": required,
            **({"description": description} if description else {})}


def api_operation(summary: str, *, parameters=(), body: str | dict | Reply | None = None,
                  responses: dict | None = None, errors=(), path_schemas: dict | None = None):
    """Declare an API view's place in the OpenAPI document (see the module docstring).
    `responses` maps status -> answer (default {200: Reply("OK")}); `errors` lists the statuses
    answered with the Error schema; `path_schemas` narrows a path parameter's schema."""
    def mark(view):
        setattr(view, OPENAPI_ATTRIBUTE, Operation(summary, tuple(parameters), body, dict(responses or {200: Reply("OK")}),
                                                   tuple(errors), dict(path_schemas or {})))
        return view
    return mark


def openapi_document(app: Flask) -> dict:
    """The document for `app`'s routes (built once per app: the routes do not change)."""
    cached = app.extensions.get(OPENAPI_ATTRIBUTE)
    if cached is None:
        cached = app.extensions[OPENAPI_ATTRIBUTE] = _build(app)
    return cached


def api_rules(app: Flask) -> list[tuple[str, str, object]]:
    """(method, rule, view) of every /api/ route."""
    return [(method, rule.rule, view) for method, rule, view in _api_rules(app)]


def _api_rules(app: Flask) -> list[tuple[str, Rule, object]]:
    return [(method, rule, app.view_functions[rule.endpoint]) for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/api/") for method in sorted((rule.methods or set()) - IGNORED_METHODS)]


def undocumented(app: Flask) -> list[str]:
    """'METHOD /rule' of each API route whose view has no @api_operation."""
    return [f"{method} {rule}" for method, rule, view in api_rules(app) if getattr(view, OPENAPI_ATTRIBUTE, None) is None]


def openapi_path(rule: str) -> str:
    """Flask's /documents/<int:doc_id> -> OpenAPI's /documents/{doc_id}."""
    return _RULE_ARGUMENT.sub(lambda m: "{" + m.group("name") + "}", rule)


def _build(app: Flask) -> dict:
    from web.api_schemas import ERROR, SCHEMAS
    paths: dict = {}
    for method, rule, view in _api_rules(app):
        paths.setdefault(openapi_path(rule.rule), {})[method.lower()] = _operation(rule, method, view)
    return {
        "openapi": "3.0.3",
        "info": {"title": "Accord API", "version": "1",
                 "description": "Search and manage information sharing and access agreements. "
                                "Authenticate with `Authorization: Bearer TOKEN` (`accord token NAME`). "
                                "Documents you may not see answer 404, like missing ones."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                       "schemas": {"Error": ERROR, **SCHEMAS}},
        "paths": dict(sorted(paths.items())),
    }


def _operation(rule: Rule, method: str, view) -> dict:
    declared: Operation = getattr(view, OPENAPI_ATTRIBUTE, None) or Operation(
        "Not described yet (add @api_operation to the view)")
    permission = getattr(view, "accord_permission", access.DEFAULT_PERMISSION)
    methods = (rule.methods or set()) - IGNORED_METHODS
    operation: dict = {"operationId": rule.endpoint.replace(".", "_") + ("" if len(methods) == 1 else f"_{method.lower()}"),
                       "summary": declared.summary}
    if permission == access.PUBLIC:
        operation["security"] = []
    else:
        roles = [role for role, allowed in PERMISSIONS.items() if permission in allowed]
        operation["description"] = f"Needs the `{permission}` permission (roles: {', '.join(roles)})."
        operation["security"] = [{"bearer": []}]
        operation["x-accord-permission"] = permission
    parameters = [_path_parameter(rule, m.group("name"), declared.path_schemas.get(m.group("name")))
                  for m in _RULE_ARGUMENT.finditer(rule.rule)] + list(declared.parameters)
    if parameters:
        operation["parameters"] = parameters
    if declared.body is not None:
        operation["requestBody"] = _body(declared.body)
    responses = {str(status): _response(answer) for status, answer in declared.responses.items()}
    errors = set(declared.errors) | ({401} if permission != access.PUBLIC else set())
    responses.update({str(code): _response(Reply("Error", "application/json", {"$ref": "#/components/schemas/Error"}))
                      for code in sorted(errors)})
    operation["responses"] = dict(sorted(responses.items()))
    return operation


def _path_parameter(rule: Rule, name: str, schema: dict | None) -> dict:
    if schema is None:
        converter = rule._converters.get(name)
        schema = ({"type": "integer", "minimum": 0, "maximum": MAX_ID} if isinstance(converter, IntegerConverter)
                  else {"type": "string"})
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _schema(value: str | dict) -> dict:
    return {"$ref": f"#/components/schemas/{value}"} if isinstance(value, str) else value


def _body(body: str | dict | Reply) -> dict:
    if isinstance(body, Reply):
        return {"required": True, "description": body.description,
                "content": {body.media_type or "application/json": {"schema": body.schema or {}}}}
    return {"required": True, "content": {"application/json": {"schema": _schema(body)}}}


def _response(answer: str | dict | Reply) -> dict:
    if isinstance(answer, Reply):
        if answer.media_type is None:
            return {"description": answer.description}
        return {"description": answer.description, "content": {answer.media_type: {"schema": answer.schema or {}}}}
    return {"description": "OK", "content": {"application/json": {"schema": _schema(answer)}}}
