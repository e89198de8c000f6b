"""``/api/v1/docs``: the API reference as one self-contained HTML page.

FastAPI's Swagger UI loads its script and styles from a CDN, which this
app's networks cannot reach; the interactive page (``docs_try``) serves them
from the swagger-ui-bundle package. This page is rendered on the server from
the same OpenAPI document as ``/api/v1/openapi.json`` (routes, methods,
parameters, bodies, responses and schemas) plus the role each route requires,
with a contents list, inline styles and no script.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.routing import iter_route_contexts

from fleetplan.api.security import Role

router = APIRouter(include_in_schema=False)

_METHODS = ("get", "post", "put", "patch", "delete")
_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;
color:#1b1b1b;line-height:1.4;padding:0 1rem}
h1{color:#00695c}h2{border-bottom:2px solid #00695c;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eef5f4}code{font-size:.95em}
.op{border:1px solid #ccc;border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}
.m{display:inline-block;min-width:4.5rem;font-weight:bold;color:#fff;
border-radius:4px;padding:.1rem .4rem;text-align:center;margin-right:.5rem}
.get{background:#1565c0}.post{background:#2e7d32}.put,.patch{background:#ef6c00}
.delete{background:#c62828}.role{float:right;font-size:.9em}
"""


def _required_role(route: Any) -> Role | None:
    """The highest role a route's dependencies require (see ``require_role``)."""
    roles: list[Role] = []
    dependant = getattr(route, "dependant", None)
    stack = list(dependant.dependencies) if dependant is not None else []
    while stack:
        dep = stack.pop()
        role = getattr(dep.call, "required_role", None)
        if role is not None:
            roles.append(role)
        stack.extend(dep.dependencies)
    return max(roles, key=lambda r: r.rank) if roles else None


def route_roles(routes: Any) -> dict[tuple[str, str], Role | None]:
    """``(METHOD, path) -> role`` for every route of the app."""
    found: dict[tuple[str, str], Role | None] = {}
    for route in iter_route_contexts(routes):
        if not route.path:
            continue
        for method in route.methods or ():
            found[(method.upper(), route.path)] = _required_role(route)
    return found


def _type(schema: dict[str, Any]) -> str:
    """A short type text: ``Name``, ``list[str]``, ``int | null``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return " | ".join(_type(part) for part in schema[key])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list[{_type(schema.get('items', {}))}]"
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    return str(kind)


def _parameters(operation: dict[str, Any]) -> str:
    params = operation.get("parameters", [])
    if not params:
        return ""
    rows = "".join(
        f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
        f"<td>{escape(_type(p.get('schema', {})))}</td>"
        f"<td>{'yes' if p.get('required') else 'no'}</td></tr>"
        for p in params
    )
    return (
        "<table><tr><th>Parameter</th><th>In</th><th>Type</th>"
        f"<th>Required</th></tr>{rows}</table>"
    )


def _body(operation: dict[str, Any]) -> str:
    content = operation.get("requestBody", {}).get("content", {})
    parts = [
        f"<code>{escape(kind)}</code>: "
        f"<code>{escape(_type(c.get('schema', {})))}</code>"
        for kind, c in content.items()
    ]
    return f"<p>Body: {', '.join(parts)}</p>" if parts else ""


def _responses(operation: dict[str, Any]) -> str:
    items = []
    for code, response in operation.get("responses", {}).items():
        schema = response.get("content", {}).get("application/json", {})
        returned = (
            f" → <code>{escape(_type(schema['schema']))}</code>"
            if ("schema" in schema)
            else ""
        )
        text = escape(str(response.get("description", "")))
        items.append(f"<li><b>{escape(str(code))}</b> {text}{returned}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _role_text(role: Role | None) -> str:
    return f"role: {role.value} or higher" if role is not None else "no role needed"


def _operation(
    path: str, method: str, operation: dict[str, Any], role: Role | None
) -> str:
    summary = escape(str(operation.get("summary", "")))
    description = escape(str(operation.get("description", ""))).replace(
        "\n\n", "<br><br>"
    )
    return (
        f'<div class="op" id="{escape(str(operation.get("operationId", "")))}">'
        f'<span class="role">{_role_text(role)}</span>'
        f'<span class="m {method}">{method.upper()}</span><code>{escape(path)}</code>'
        f"<p><b>{summary}</b></p>"
        + (f"<p>{description}</p>" if description else "")
        + _parameters(operation)
        + _body(operation)
        + _responses(operation)
        + "</div>"
    )


def _schemas(spec: dict[str, Any]) -> str:
    out = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        rows = "".join(
            f"<tr><td><code>{escape(field)}</code></td>"
            f"<td>{escape(_type(prop))}</td>"
            f"<td>{'yes' if field in required else 'no'}</td></tr>"
            for field, prop in schema.get("properties", {}).items()
        )
        out.append(
            f'<h3 id="schema-{escape(name)}">{escape(name)}</h3>'
            + (
                "<table><tr><th>Field</th><th>Type</th><th>Required</th></tr>"
                f"{rows}</table>"
                if rows
                else f"<p><code>{escape(_type(schema))}</code></p>"
            )
        )
    return "".join(out)


def render_docs(
    spec: dict[str, Any], roles: dict[tuple[str, str], Role | None], spec_url: str
) -> str:
    """The whole page for the OpenAPI document ``spec``."""
    groups: dict[str, list[str]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            if method not in item:
                continue
            operation = item[method]
            tag = (operation.get("tags") or ["api"])[0]
            role = roles.get((method.upper(), path))
            groups.setdefault(tag, []).append(_operation(path, method, operation, role))
    info = spec.get("info", {})
    title = escape(f"{info.get('title', 'API')} API {info.get('version', '')}")
    sections = "".join(
        f'<h2 id="tag-{escape(tag)}">{escape(tag)}</h2>{"".join(ops)}'
        for tag, ops in sorted(groups.items())
    )
    contents = "".join(
        f'<li><a href="#tag-{escape(tag)}">{escape(tag)}</a> ({len(ops)})</li>'
        for tag, ops in sorted(groups.items())
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{title}</h1><p>Machine-readable: "
        f'<a href="{escape(spec_url)}">{escape(spec_url)}</a>. '
        "Log in with <code>POST /api/v1/auth/login</code>; send the returned "
        "<code>csrf_token</code> as <code>X-CSRF-Token</code> on every "
        "POST, PUT, PATCH and DELETE. "
        '<a href="/api/v1/docs/try">Try the API in the browser</a>.</p>'
        f'<h2>Contents</h2><ul class="toc">{contents}'
        '<li><a href="#schemas">Schemas</a></li></ul>'
        f'{sections}<h2 id="schemas">Schemas</h2>{_schemas(spec)}</body></html>'
    )


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    app = request.app
    spec_url = app.openapi_url or ""
    return HTMLResponse(render_docs(app.openapi(), route_roles(app.routes), spec_url))
