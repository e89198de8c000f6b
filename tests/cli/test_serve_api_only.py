"""``fleetplan serve --api-only``: the API without the pages (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fleetplan.cli import app


def test_api_only_on_sqlite_exits_with_the_reason(tmp_path: Path) -> None:
    database = tmp_path / "one.sqlite"
    result = CliRunner().invoke(
        app, ["serve", "--api-only", "--db", f"sqlite:///{database}"]
    )
    assert result.exit_code == 2
    assert "--api-only needs PostgreSQL" in result.output
    assert not database.exists()


def test_api_only_serves_the_api_app_not_the_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The option builds the API-only app on the given database and hands it
    to uvicorn with the usual keep-alive; the pages' app is never built."""
    built: list[tuple[str, str]] = []
    served: dict[str, Any] = {}
    api_app = object()

    def api_only(url: str, settings: object) -> object:
        built.append(("api", url))
        return api_app

    def pages(url: str, settings: object) -> object:
        built.append(("pages", url))
        return object()

    def run(web_app: object, **options: Any) -> None:
        served.update(options, app=web_app)

    monkeypatch.setattr("fleetplan.api.wiring.create_api_server_app", api_only)
    monkeypatch.setattr("fleetplan.web.server.create_server_app", pages)
    monkeypatch.setattr("uvicorn.run", run)
    url = "postgresql+psycopg://u@127.0.0.1:1/x"
    args = ["serve", "--api-only", "--db", url, "--port", "8181"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "API (no pages)" in result.output
    assert built == [("api", url)]
    assert served["app"] is api_app and served["port"] == 8181
    assert served["timeout_keep_alive"] == 90
    plain = CliRunner().invoke(app, ["serve", "--db", url])
    assert plain.exit_code == 0, plain.output
    assert built[-1] == ("pages", url)
