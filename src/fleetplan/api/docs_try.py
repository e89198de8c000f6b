"""``/api/v1/docs/try``: the interactive API page (Swagger UI), offline.

Swagger UI's script and styles come from the ``swagger-ui-bundle`` package and
are served by the app itself (``/api/v1/docs/assets/...``), so no CDN is needed.
The page reads ``/api/v1/docs/openapi-roles.json``: the OpenAPI document with
each operation's required role in front of its summary ("[role: write] ..."),
so the role column of ``/api/v1/docs`` is kept. Its script (no inline script,
the CSP allows scripts of the app only) sends the session's CSRF token, read
from ``GET /api/v1/auth/me`` or a login's answer, on POST, PUT, PATCH and DELETE.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import swagger_ui_bundle
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from fleetplan.api.docs_page import route_roles

router = APIRouter(include_in_schema=False)

ASSETS = Path(swagger_ui_bundle.swagger_ui_path)
SERVED = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"})
_METHODS = ("get", "post", "put", "patch", "delete")

INIT_JS = """
(function () {
  let csrf = null;
  fetch('/api/v1/auth/me', {credentials: 'same-origin'})
    .then(r => r.ok ? r.json() : null).then(me => { if (me) csrf = me.csrf_token; });
  window.ui = SwaggerUIBundle({
    url: '/api/v1/docs/openapi-roles.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: true,
    requestInterceptor: req => {
      const m = (req.method || 'GET').toUpperCase();
      if (csrf && !['GET', 'HEAD', 'OPTIONS'].includes(m)) {
        req.headers['X-CSRF-Token'] = csrf;
      }
      return req;
    },
    responseInterceptor: res => {
      if (res.body && res.body.csrf_token) csrf = res.body.csrf_token;
      return res;
    },
  });
})();
"""

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Fleetplan API – try it</title>
<link rel="stylesheet" href="/api/v1/docs/assets/swagger-ui.css">
<link rel="icon" href="/api/v1/docs/assets/favicon-32x32.png"></head><body>
<p style="font-family:system-ui,sans-serif;margin:1rem 2rem">
<a href="/api/v1/docs">Reference with roles and contents</a> ·
log in with <code>POST /api/v1/auth/login</code> below (or in the app);
the page then sends the CSRF token itself.</p>
<div id="swagger-ui"></div>
<script src="/api/v1/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/assets/init.js"></script>
</body></html>"""


def as_openapi_30(node: Any) -> Any:
    """OpenAPI 3.1's ``anyOf: [X, {type: null}]`` as 3.0's ``X`` + ``nullable``:
    the packaged Swagger UI (4.15) reads 3.0 documents only."""
    if isinstance(node, list):
        return [as_openapi_30(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: as_openapi_30(value) for key, value in node.items()}
    options = out.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        del out["anyOf"]
        if len(rest) == 1:
            out.update(rest[0])
        else:
            out["anyOf"] = rest
        out["nullable"] = True
    if out.get("type") == "null":
        out.pop("type")
        out["nullable"] = True
    return out


def with_roles(
    spec: dict[str, Any], roles: dict[tuple[str, str], Any]
) -> dict[str, Any]:
    """A copy of ``spec`` (as OpenAPI 3.0) whose operations name their role in
    the summary and in ``x-required-role`` (None: no role needed)."""
    out = as_openapi_30(copy.deepcopy(spec))
    out["openapi"] = "3.0.3"
    for path, item in out.get("paths", {}).items():
        for method in _METHODS:
            if method not in item:
                continue
            role = roles.get((method.upper(), path))
            label = f"role: {role.value}" if role is not None else "no role"
            operation = item[method]
            operation["x-required-role"] = role.value if role is not None else None
            operation["summary"] = f"[{label}] {operation.get('summary', '')}".strip()
    return out


@router.get("/docs/try", response_class=HTMLResponse)
def api_try() -> HTMLResponse:
    return HTMLResponse(PAGE)


@router.get("/docs/openapi-roles.json")
def api_spec_with_roles(request: Request) -> JSONResponse:
    app = request.app
    return JSONResponse(with_roles(app.openapi(), route_roles(app.routes)))


@router.get("/docs/assets/{name}")
def api_docs_asset(name: str) -> Response:
    """Swagger UI's files from the installed package (a fixed list), and the
    page's own script."""
    if name == "init.js":
        return Response(INIT_JS, media_type="text/javascript")
    if name not in SERVED:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such file")
    return FileResponse(ASSETS / name, headers={"Cache-Control": "max-age=86400"})
