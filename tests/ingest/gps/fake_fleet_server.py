"""A fake fleet-management JSON API on 127.0.0.1 for connector tests."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import polars as pl


@dataclass
class FakeFleet:
    """Points per vehicle as JSON items; ``failure`` makes every data request fail:
    "timeout" (answers after 1 s), "500" or "malformed"."""

    points: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    page_size: int = 100
    failure: str | None = None
    paging: str = "token"  # or "page"
    requests: list[str] = field(default_factory=list)

    def load(self, frame: pl.DataFrame) -> None:
        for (vehicle,), group in frame.group_by("vehicle_id", maintain_order=True):
            self.points[str(vehicle)] = [
                {"ts": t.isoformat(), "latitude": lat, "longitude": lon}
                for t, lat, lon in group.select("time", "lat", "lon").iter_rows()
            ]

    def respond(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        self.requests.append(path)
        if path == "/vehicles":
            first_page = query.get("page", ["1"])[0] == "1"
            vehicles = [{"id": v} for v in self.points] if first_page else []
            return 200, json.dumps({"data": vehicles}).encode()
        if self.failure == "timeout":
            time.sleep(1.0)
        if self.failure == "500":
            return 500, b'{"error": "internal"}'
        if self.failure == "malformed":
            return 200, b'{"data": [{"ts": "2026-'
        vehicle = path.split("/")[2]
        items = self.points.get(vehicle, [])
        since = query.get("from", [None])[0]
        if since is not None:
            items = [p for p in items if p["ts"] > since]
        if self.paging == "page":
            page = int(query.get("page", ["1"])[0])
            chunk = items[(page - 1) * self.page_size : page * self.page_size]
            return 200, json.dumps({"data": chunk}).encode()
        offset = int(query.get("page_token", ["0"])[0])
        chunk = items[offset : offset + self.page_size]
        nxt = offset + self.page_size
        body = {"data": chunk, "next": str(nxt) if nxt < len(items) else None}
        return 200, json.dumps(body).encode()


@contextmanager
def serve(fleet: FakeFleet) -> Iterator[str]:
    """Run the fake API in a thread; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            status, body = fleet.respond(url.path, parse_qs(url.query))
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
