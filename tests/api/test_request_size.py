"""Oversized request bodies are refused with 413 before any route reads them (a
hand-made upload of gigabytes to NiceGUI's upload route would otherwise be read
whole before the import page could look at its size)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from fleetplan.api.body_limit import BodyLimit, max_body_bytes

LIMIT = 1_000


def _app() -> tuple[FastAPI, list[int]]:
    app = FastAPI()
    seen: list[int] = []

    @app.post("/upload")
    async def upload(request: Request) -> dict[str, int]:
        body = await request.body()
        seen.append(len(body))
        return {"bytes": len(body)}

    app.add_middleware(BodyLimit, max_bytes=LIMIT)
    return app, seen


def test_a_declared_oversized_body_is_refused_unread() -> None:
    app, seen = _app()
    response = TestClient(app).post("/upload", content=b"x" * (LIMIT + 1))
    assert response.status_code == 413
    assert response.json()["code"] == "request.too_large"
    assert seen == []


def test_a_chunked_body_is_refused_once_it_passes_the_limit() -> None:
    """No Content-Length: the bytes are counted as they come."""
    app, seen = _app()

    def chunks():
        for _ in range(5):
            yield b"y" * 400

    response = TestClient(app).post("/upload", content=chunks())
    assert response.status_code == 413
    assert seen == []


def test_a_body_within_the_limit_passes() -> None:
    app, seen = _app()
    response = TestClient(app).post("/upload", content=b"z" * LIMIT)
    assert response.status_code == 200 and seen == [LIMIT]


def test_the_app_refuses_a_body_over_the_import_limit(client: TestClient) -> None:
    """The real app: the import file limit (20 MB) plus 1 MB, on any route."""
    limit = max_body_bytes()
    assert limit == 21 * 1024 * 1024
    response = client.post(
        "/api/v1/auth/login",
        content=b"a",
        headers={"content-length": str(limit + 1)},
    )
    assert response.status_code == 413
