"""``/api/v1/docs`` works offline: no external script, style or link."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from fleetplan.api.docs_page import render_docs
from fleetplan.api.security import Role
from tests.web.test_pages import web as web  # the NiceGUI app fixture


def test_docs_page_references_nothing_outside_the_app(client: TestClient) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert re.findall(r"(?i)https?:|//[a-z0-9.-]+\.[a-z]{2,}", page) == []
    assert "<script" not in page.lower()
    for target in re.findall(r'(?:href|src)="([^"]*)"', page):
        assert target.startswith(("/api/v1/", "#")), target


def test_docs_page_lists_every_operation_with_its_role(client: TestClient) -> None:
    page = client.get("/api/v1/docs").text
    spec = client.get("/api/v1/openapi.json").json()
    operations = sum(
        method in item
        for item in spec["paths"].values()
        for method in ("get", "post", "put", "patch", "delete")
    )
    assert page.count('class="op"') == operations
    assert page.count("<code>/api/v1/users/{username}/revoke-sessions</code>") == 1
    assert re.search(
        r'<span class="role">role: admin or higher</span>'
        r'<span class="m post">POST</span>'
        r"<code>/api/v1/users/\{username\}/revoke-sessions</code>",
        page,
    )
    assert '<a href="/api/v1/openapi.json">' in page


def test_render_escapes_and_shows_parameters() -> None:
    """Text from the spec is escaped; parameters and bodies are listed."""
    spec = {
        "info": {"title": "T<x>", "version": "1"},
        "paths": {
            "/api/v1/things/{thing_id}": {
                "patch": {
                    "tags": ["things"],
                    "summary": "Change <b>a</b> thing",
                    "parameters": [
                        {
                            "name": "thing_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "dry_run",
                            "in": "query",
                            "schema": {
                                "anyOf": [{"type": "boolean"}, {"type": "null"}]
                            },
                        },
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ThingIn"}
                            }
                        }
                    },
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
        "components": {
            "schemas": {
                "ThingIn": {
                    "properties": {
                        "names": {"type": "array", "items": {"type": "string"}}
                    },
                    "required": ["names"],
                }
            }
        },
    }
    roles = {("PATCH", "/api/v1/things/{thing_id}"): Role.WRITE}
    page = render_docs(spec, roles, "/api/v1/openapi.json")
    assert "Change &lt;b&gt;a&lt;/b&gt; thing" in page and "T&lt;x&gt;" in page
    assert (
        "<td><code>thing_id</code></td><td>path</td><td>string</td><td>yes</td>" in page
    )
    assert "<td>boolean | null</td><td>no</td>" in page
    assert "<code>application/json</code>: <code>ThingIn</code>" in page
    assert "<td><code>names</code></td><td>list[string]</td><td>yes</td>" in page
    assert "role: write or higher" in page


def test_openapi_json_is_still_served(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/users/{username}/revoke-sessions" in spec["paths"]
    assert "429" in spec["paths"]["/api/v1/auth/login"]["post"]["responses"]


def test_docs_at_the_usual_address_in_the_whole_app(web: TestClient) -> None:
    """With the UI mounted at ``/``, ``/docs`` leads to the offline page."""
    moved = web.get("/docs", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (307, "/api/v1/docs")
    page = web.get("/docs").text
    assert "<h1>Fleetplan API 1</h1>" in page and "<script" not in page.lower()
