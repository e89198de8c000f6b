"""``fleetplan serve`` keeps an idle connection open longer than a user's pause.

With uvicorn's default (5 s) a connection idle for 5 s was closed, and a request
sent as the server closed it was lost: the issue 18 load test's
RemoteProtocolError, with simulated users pausing seconds between pages."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

from tests.cli.test_serve_forwarded import served  # noqa: F401  (the server)

REQUEST = b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def _answer(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data or not data.endswith(b"}"):
        chunk = sock.recv(4096)
        if not chunk:
            return data  # closed by the server
        data += chunk
    return data


def test_an_idle_connection_outlives_a_pause_of_seconds(served: str) -> None:  # noqa: F811
    """Two requests on one connection with 6.5 s between them: both answered."""
    address = urlsplit(served)
    with socket.create_connection((address.hostname, address.port), timeout=30) as s:
        s.sendall(REQUEST)
        assert _answer(s).startswith(b"HTTP/1.1 200")
        time.sleep(6.5)
        s.sendall(REQUEST)
        assert _answer(s).startswith(b"HTTP/1.1 200")
