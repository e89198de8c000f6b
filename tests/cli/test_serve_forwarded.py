"""Forwarded headers and the login lockout on the real server (issue 13, item 4).

uvicorn trusts ``X-Forwarded-For`` from 127.0.0.1 unless told otherwise, which
let a client on the same host rotate its address past the lockout. Only
``FLEETPLAN_TRUSTED_PROXIES`` may make a forwarded header count.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.requests import Request
from uvicorn import Config

from fleetplan.api import (
    Role,
    SqlUserRepository,
    WebSettings,
    create_user,
    uvicorn_proxy_options,
)
from fleetplan.api.proxy import client_address
from fleetplan.store import create_engine_for, upgrade_database

PASSWORD = "correct horse battery"


SERVE = [sys.executable, "-c", "from fleetplan.cli import app; app()", "serve"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``fleetplan serve`` on a temporary SQLite file with one user, default
    settings (no trusted proxy), the way an operator starts it."""
    folder = tmp_path_factory.mktemp("serve")
    url = f"sqlite:///{folder / 'fleet.sqlite'}"
    engine = create_engine_for(url)
    upgrade_database(engine)
    create_user(SqlUserRepository(engine), "planner", PASSWORD, Role.WRITE)
    engine.dispose()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLEETPLAN_")}
    env.pop("FORWARDED_ALLOW_IPS", None)
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [*SERVE, "--db", url, "--port", str(port)],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base_url, log_path)
            yield base_url
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_until_up(base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/api/v1/health").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(log_path.read_text())


def test_rotating_forwarded_for_does_not_dodge_the_lockout(served: str) -> None:
    """12 wrong passwords (default limit 5), each with a new X-Forwarded-For:
    from the 5th on the server answers 429, also to the right password."""
    settings = WebSettings()
    tries = settings.login_max_failures + 7
    codes = []
    with httpx.Client(base_url=served) as client:
        for i in range(tries):
            response = client.post(
                "/api/v1/auth/login",
                json={"username": "planner", "password": f"wrong {i}"},
                headers={"X-Forwarded-For": f"198.51.100.{i + 1}"},
            )
            codes.append(response.status_code)
        right = client.post(
            "/api/v1/auth/login",
            json={"username": "planner", "password": PASSWORD},
            headers={"X-Forwarded-For": "203.0.113.77"},
        )
    first_lock = settings.login_max_failures - 1
    assert codes[:first_lock] == [401] * first_lock
    assert codes[first_lock:] == [429] * (tries - first_lock)
    assert right.status_code == 429


def _client_seen(settings: WebSettings, forwarded_for: str) -> tuple[str, str]:
    """(uvicorn's client host, Fleetplan's client address) for one request from
    127.0.0.1, through uvicorn's middleware stack as ``fleetplan serve`` sets it."""
    seen: dict[str, str] = {}

    async def app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        request = Request(scope)
        seen["uvicorn"] = request.client.host if request.client else ""
        seen["fleetplan"] = client_address(request, settings)

    config = Config(app, **uvicorn_proxy_options(settings))
    config.load()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"x-forwarded-for", forwarded_for.encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
    }
    asyncio.run(config.loaded_app(scope, None, None))
    return seen["uvicorn"], seen["fleetplan"]


def test_no_forwarded_header_is_believed_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")  # uvicorn's own knob is ignored
    settings = WebSettings(trusted_proxies="")
    assert uvicorn_proxy_options(settings)["proxy_headers"] is False
    assert _client_seen(settings, "198.51.100.7") == ("127.0.0.1", "127.0.0.1")


def test_a_trusted_proxy_names_the_client() -> None:
    """With 127.0.0.1 as the trusted proxy the right-most untrusted hop is the
    client, both for uvicorn and for the login limiter."""
    settings = WebSettings(trusted_proxies="127.0.0.1")
    assert _client_seen(settings, "203.0.113.5, 198.51.100.7") == (
        "198.51.100.7",
        "198.51.100.7",
    )
