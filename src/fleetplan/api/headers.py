"""Security headers on every response, and the Content-Security-Policy's nonce.

What NiceGUI 3.18 needs, and so why the policy is not stricter:

- Its page is built from inline ``<script>`` blocks (the import map, the Vue app
  with the page's elements). Instead of ``'unsafe-inline'``, each HTML response
  gets a fresh nonce, written into every ``<script`` tag of the page as the
  server rendered it. That is safe because NiceGUI escapes ``<`` in the
  elements' JSON, so user text never forms a tag there. With a nonce, browsers
  ignore inline event handlers (``onerror=``) and injected ``<script>``: an
  HTML injection that slips past escaping still does not run.
- ``'unsafe-eval'``: Vue compiles slot templates in the browser, and NiceGUI
  evaluates ``:``-props (chart formatters) and ``run_javascript`` with
  ``eval``/``new Function``. None of that code contains user text.
- ``style-src 'unsafe-inline'``: Quasar, Vue style bindings and NiceGUI's
  Tailwind add inline styles (styles cannot run code).
- ``img-src`` allows the OpenStreetMap tile server, which the location map
  contacts only when the user switches online tiles on.
"""

from __future__ import annotations

import gzip
import re
import secrets

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TILE_SERVER = "https://tile.openstreetmap.org"
_SCRIPT_TAG = re.compile(rb"<script(?=[\s>])", re.IGNORECASE)


_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]+)?$|^\[[0-9A-Fa-f:.]+\](:[0-9]+)?$")


def content_security_policy(nonce: str, host: str) -> str:
    """The policy; ``host`` (the request's) names the websocket of this app
    (a host header that is no plain host[:port] adds nothing)."""
    ok = bool(_HOST.match(host))
    sockets = f" ws://{host} wss://{host}" if ok else ""
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {TILE_SERVER}",
            "font-src 'self' data:",
            f"connect-src 'self'{sockets}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def add_nonce(html: bytes, nonce: str) -> bytes:
    """Every ``<script`` tag of a server-rendered page, with ``nonce``."""
    return _SCRIPT_TAG.sub(b'<script nonce="' + nonce.encode() + b'"', html)


class SecurityHeaders:
    """ASGI middleware: CSP, ``nosniff`` and ``Referrer-Policy`` on every HTTP
    response; HTML bodies get the policy's nonce in their script tags
    (after NiceGUI's gzip, so a compressed page is unpacked and packed again)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        host = Headers(scope=scope).get("host", "")
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = content_security_policy(
                    nonce, host
                )
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                if headers.get("content-type", "").startswith("text/html"):
                    start = message  # held back until the body is complete
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = _with_nonce(b"".join(chunks), nonce, MutableHeaders(scope=start))
                await send(start)
                message = {"type": "http.response.body", "body": body}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _with_nonce(body: bytes, nonce: str, headers: MutableHeaders) -> bytes:
    if not body:  # HEAD, or an empty page
        return body
    zipped = headers.get("content-encoding", "") == "gzip"
    html = add_nonce(gzip.decompress(body) if zipped else body, nonce)
    body = gzip.compress(html) if zipped else html
    if "content-length" in headers:
        headers["content-length"] = str(len(body))
    return body
