"""A request body may be at most so large, before anything reads it.

NiceGUI's upload route reads the whole body before the import page can look at its
size, so a hand-made request could send gigabytes. This middleware refuses a body
over the limit with 413: at once when ``Content-Length`` says so, else (chunked
bodies) as soon as the bytes received pass it. The limit is the import file limit
(``FLEETPLAN_IMPORT_MAX_FILE_MB``) plus 1 MB for the multipart envelope and forms.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENVELOPE_BYTES = 1024 * 1024


def max_body_bytes() -> int:
    """The import file limit plus the envelope."""
    from fleetplan.config import get_settings

    return int(get_settings().import_max_file_mb * 1024 * 1024) + ENVELOPE_BYTES


class BodyTooLarge(Exception):
    """Raised inside ``receive`` when a chunked body passes the limit."""


def _refusal(limit: int) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    body = json.dumps(
        {
            "code": "request.too_large",
            "params": {"max_bytes": limit},
            "message": f"The request body is larger than {limit} bytes.",
            "detail": "request.too_large",
        }
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    return body, headers


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Send) -> None:
        body, headers = _refusal(self.max_bytes)
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if (
            declared is not None
            and declared.isdigit()
            and int(declared) > self.max_bytes
        ):
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)
