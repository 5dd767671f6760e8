"""The OpenAPI document is generated from the routes: every /api/ rule of the app is in it
with its method, path parameters and auth, it is a valid OpenAPI 3.0 document, and the
view modules do not import each other (shared operations live in web/operations.py)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import Blueprint, jsonify

from corpus.access import PERMISSIONS
from web import access
from web.app import create_app
from web.openapi import api_operation, api_rules, openapi_document, openapi_path, undocumented

VIEWS = Path(__file__).resolve().parents[1] / "web" / "views"


@pytest.fixture
def app(config):
    return create_app(config)


def test_every_api_route_is_in_the_document_with_its_method_and_auth(app):
    document = app.test_client().get("/api/openapi.json").json
    rules = api_rules(app)
    assert len(rules) >= 28
    assert undocumented(app) == []
    for method, rule, view in rules:
        operation = document["paths"][openapi_path(rule)][method.lower()]
        assert operation["summary"] and operation["responses"], (method, rule)
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert declared == set(view_args(rule)), (method, rule)
        permission = getattr(view, "accord_permission", access.DEFAULT_PERMISSION)
        if permission == access.PUBLIC:
            assert operation["security"] == []
        else:
            assert operation["security"] == [{"bearer": []}] and operation["x-accord-permission"] == permission
            assert "401" in operation["responses"]
            assert all(role in operation["description"] for role, allowed in PERMISSIONS.items()
                       if permission in allowed)
    # and nothing in the document that the app does not serve
    served = {(openapi_path(rule), method.lower()) for method, rule, _ in rules}
    assert {(path, method) for path, ops in document["paths"].items() for method in ops} == served


def view_args(rule: str) -> list[str]:
    import re
    return re.findall(r"<(?:\w+:)?(\w+)>", rule)


def test_the_document_is_valid_openapi(app):
    from openapi_spec_validator import validate   # a test dependency (pyproject.toml [test])
    validate(openapi_document(app))


def test_the_labels_operation_has_its_body_answer_and_permission(app):
    operation = openapi_document(app)["paths"]["/api/documents/{doc_id}/labels"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Label"}
    assert operation["x-accord-permission"] == "label" and "reviewer" in operation["description"]
    assert operation["parameters"][0]["schema"]["type"] == "integer"
    assert {"200", "400", "401", "403", "404"} <= set(operation["responses"])


def test_a_new_route_appears_once_declared_and_is_reported_until_then(config):
    app = create_app(config)
    extra = Blueprint("extra_api", __name__, url_prefix="/api")

    @extra.route("/notes/<int:doc_id>", methods=["POST"])
    @access.requires("label")
    @api_operation("Add a note", body={"type": "object"}, responses={201: {"type": "object"}}, errors=(404,))
    def add_note(doc_id: int):
        return jsonify({}), 201

    @extra.route("/undeclared")
    def undeclared():
        return jsonify({})

    app.register_blueprint(extra)
    assert undocumented(app) == ["GET /api/undeclared"]
    operation = openapi_document(app)["paths"]["/api/notes/{doc_id}"]["post"]
    assert operation["summary"] == "Add a note" and set(operation["responses"]) == {"201", "401", "404"}


def _imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_view_modules_do_not_import_each_other():
    """Shared operations go to web/operations.py or web/services.py, not from one view module into another."""
    modules = sorted(p for p in VIEWS.glob("*.py") if p.name != "__init__.py")
    assert len(modules) >= 10
    offenders = {p.name: sorted(n for n in _imports_of(p) if n.startswith("web.views.") or n == "web.views")
                 for p in modules}
    assert {name: found for name, found in offenders.items() if found} == {}
