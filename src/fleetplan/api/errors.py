"""One error body for every API error, declared in the OpenAPI as it is sent.

Every 4xx of ``/api/v1`` answers ``{"code", "params", "message", "detail"}``:
``code`` is a catalogue key (``register.err.id_taken``, ``request.invalid``) or
``http.<status>``, ``message`` says what is wrong, and ``detail`` is the body
FastAPI gave before (kept for older clients). A path under ``/api/v1`` with no
route answers a JSON 404, and a known path with another method a JSON 405 with
``Allow``, rather than falling through to the user interface's HTML pages.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send


class ErrorBody(BaseModel):
    """The body of every API error."""

    code: str = Field(description="A message key, e.g. register.err.id_taken.")
    params: dict[str, Any] = Field(description="The values the message names.")
    message: str
    detail: Any = Field(description="The same error in FastAPI's own form.")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "Refused (see code and message)."},
    422: {"model": ErrorBody, "description": "Invalid request (request.invalid)."},
}
SERVICE_UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {"model": ErrorBody, "description": "No writable database."},
}


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _validation_body(exc: RequestValidationError) -> ErrorBody:
    errors = jsonable_encoder(exc.errors())
    fields = [_location(e.get("loc", ())) for e in errors]
    message = "; ".join(
        f"{field}: {e.get('msg', '')}" for field, e in zip(fields, errors, strict=True)
    )
    return ErrorBody(
        code="request.invalid",
        params={"fields": fields},
        message=message or "The request is invalid.",
        detail=errors,
    )


def _http_body(exc: StarletteHTTPException) -> ErrorBody:
    detail = exc.detail
    if isinstance(detail, dict) and {"code", "params", "message"} <= detail.keys():
        return ErrorBody(
            code=str(detail["code"]),
            params=dict(detail["params"]),
            message=str(detail["message"]),
            detail=detail,
        )
    return ErrorBody(
        code=f"http.{exc.status_code}", params={}, message=str(detail), detail=detail
    )


def install_error_handlers(app: FastAPI, prefix: str) -> None:
    """API errors as :class:`ErrorBody`; other paths keep FastAPI's handlers."""

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if not request.url.path.startswith(prefix):
            return await http_exception_handler(request, exc)
        body = _http_body(exc)
        return JSONResponse(
            body.model_dump(mode="json"), exc.status_code, headers=exc.headers
        )

    async def on_invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if not request.url.path.startswith(prefix):
            return await request_validation_exception_handler(request, exc)
        body = _validation_body(exc)
        return JSONResponse(
            body.model_dump(mode="json"), status.HTTP_422_UNPROCESSABLE_CONTENT
        )

    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_invalid)


def _error_response(status_code: int, message: str, **headers: str) -> Response:
    body = ErrorBody(
        code=f"http.{status_code}", params={}, message=message, detail=message
    )
    return JSONResponse(body.model_dump(mode="json"), status_code, headers=headers)


def mount_fallback(app: FastAPI, prefix: str) -> None:
    """Mount, after every API route, a JSON 405 (with ``Allow``) for an API path
    with other methods and a JSON 404 for any other path under ``prefix``.

    A mount rather than a route, so it is no operation of the API. The methods
    come from the OpenAPI: what is not declared there is not allowed.
    """
    paths: list[tuple[re.Pattern[str], set[str]]] = []

    def allowed_methods(path: str) -> set[str]:
        if not paths:
            for template, item in app.openapi()["paths"].items():
                pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
                paths.append((re.compile(pattern), {m.upper() for m in item}))
        return set().union(*(m for p, m in paths if p.fullmatch(path)))

    async def fallback(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope)
        # the full path (Starlette keeps it in a mount), relative to the app
        allowed = allowed_methods(
            scope["path"].removeprefix(scope.get("app_root_path", ""))
        )
        if allowed:
            methods = ", ".join(sorted(allowed))
            response = _error_response(
                status.HTTP_405_METHOD_NOT_ALLOWED,
                f"{request.method} is not allowed here; use {methods}.",
                Allow=methods,
            )
        else:
            response = _error_response(
                status.HTTP_404_NOT_FOUND, "There is no such API route."
            )
        await response(scope, receive, send)

    app.mount(prefix, fallback)
