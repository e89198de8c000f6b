"""``/api/v1/docs/try``: Swagger UI served by the app (no CDN), with roles."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_try_page_loads_only_the_apps_own_files(client: TestClient) -> None:
    page = client.get("/api/v1/docs/try").text
    assert re.findall(r"(?i)https?:|//[a-z0-9.-]+\.[a-z]{2,}", page) == []
    sources = re.findall(r'(?:href|src)="([^"]*)"', page)
    assert sources and all(s.startswith("/api/v1/docs") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    bundle = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert "SwaggerUIBundle" in bundle.text and len(bundle.content) > 500_000
    assert "<script>" not in page  # inline scripts would break the CSP


def test_unknown_assets_are_not_served(client: TestClient) -> None:
    for name in ("index.html", "..%2Fsecrets", "swagger-initializer.js"):
        assert client.get(f"/api/v1/docs/assets/{name}").status_code == 404


def test_the_interactive_spec_names_each_routes_role(client: TestClient) -> None:
    spec = client.get("/api/v1/docs/openapi-roles.json").json()
    revoke = spec["paths"]["/api/v1/users/{username}/revoke-sessions"]["post"]
    assert revoke["x-required-role"] == "admin"
    assert revoke["summary"].startswith("[role: admin] ")
    health = next(iter(spec["paths"]["/api/v1/health"].values()))
    assert health["x-required-role"] is None


def test_reference_page_has_contents_and_links_to_try_it(client: TestClient) -> None:
    page = client.get("/api/v1/docs").text
    assert '<a href="/api/v1/docs/try">' in page
    assert re.search(r'<li><a href="#tag-analysis">analysis</a> \(\d+\)</li>', page)
    assert '<h2 id="tag-analysis">analysis</h2>' in page
