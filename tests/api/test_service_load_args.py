"""``benchmarks.service_load --api-url``: API reads to another base URL with
the session cookie of one login on the pages' base (issue 18)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from benchmarks import service_load
from benchmarks.service_load import API_READS, PAGES, parse_args, targets

PAGES_BASE, API_BASE = "http://127.0.0.1:8080", "http://127.0.0.1:8081"


def test_api_url_is_optional_and_must_be_http() -> None:
    plain = parse_args([PAGES_BASE, "--user", "u", "--password", "p"])
    assert plain.api_url is None
    split = parse_args([PAGES_BASE, "--user", "u", "--password", "p",
                        "--api-url", API_BASE + "/"])  # fmt: skip
    assert split.api_url == API_BASE + "/"
    for wrong in ("127.0.0.1:8081", "http://localhost:8081"):
        with pytest.raises(SystemExit):
            parse_args([PAGES_BASE, "--user", "u", "--password", "p",
                        "--api-url", wrong])  # fmt: skip


def test_targets_send_api_reads_to_the_api_base_only() -> None:
    split = targets(PAGES_BASE, API_BASE + "/")
    assert [u for g, u in split if g == "api"] == [API_BASE + p for p in API_READS]
    assert [u for g, u in split if g == "page"] == [PAGES_BASE + p for p in PAGES]
    assert {u[: len(PAGES_BASE)] for _, u in targets(PAGES_BASE)} == {PAGES_BASE}
    with pytest.raises(ValueError, match="same host"):
        targets(PAGES_BASE, "http://localhost:8081")  # the cookie would not go


class _TwoHosts:
    """The pages' app and the API's on loopback: a login sets the session
    cookie as ``start_session`` does (host-only, path /); the API process
    answers only requests that carry it, and no API read may reach the pages."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []  # GETs: (base, path)
        self.started = 0  # optimisations started

    def __call__(self, request: httpx.Request) -> httpx.Response:
        where = f"{request.url.scheme}://{request.url.host}:{request.url.port}"
        path = request.url.path
        if request.method == "GET":
            self.seen.append((where, path))
        signed_in = "fleetplan_session=token" in request.headers.get("cookie", "")
        if path == "/api/v1/auth/login" and where == PAGES_BASE:
            return httpx.Response(
                200,
                json={"csrf_token": "c"},
                headers={"set-cookie": "fleetplan_session=token; HttpOnly; "
                         "Path=/; SameSite=lax"},
            )  # fmt: skip
        if not signed_in:
            return httpx.Response(401)
        if path == "/api/v1/jobs" and request.method == "POST":
            self.started += 1
            return httpx.Response(202, json={"job_id": f"j{self.started}"})
        if path.startswith("/api/v1/jobs/"):  # the keeper's poll: each ends at once
            return httpx.Response(200, json={"state": "done"})
        api = path.startswith("/api/")
        return httpx.Response(200 if api == (where != PAGES_BASE) else 500)


def _serve(monkeypatch: pytest.MonkeyPatch, hosts: _TwoHosts) -> None:
    """Every client ``service_load`` makes talks to ``hosts``."""
    transport = httpx.MockTransport(hosts)
    real = httpx.AsyncClient

    def client(**kwargs: Any) -> httpx.AsyncClient:
        return real(transport=transport, **kwargs)

    monkeypatch.setattr(service_load.httpx, "AsyncClient", client)


def test_one_login_serves_both_ports(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cookie from the pages' port reaches the API's port (a host-only
    cookie ignores the port); every read answers 200, none without it."""
    api_base = API_BASE
    hosts = _TwoHosts()
    _serve(monkeypatch, hosts)
    result = asyncio.run(
        service_load.run(PAGES_BASE, "u", "p", users=2, seconds=0.3, think_s=0,
                         api_base=api_base)
    )  # fmt: skip
    assert result["errors"] == 0, result["error_sample"]
    assert result["api_url"] == api_base
    reads = [(w, p) for w, p in hosts.seen if p in API_READS]
    assert reads and {w for w, _ in reads} == {api_base}
    assert {w for w, p in hosts.seen if p in PAGES} == {PAGES_BASE}


def test_an_optimisation_runs_the_whole_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each optimisation here ends before the next poll: the keeper starts the
    next one at every poll and counts the polls' gaps as time with none."""
    hosts = _TwoHosts()
    _serve(monkeypatch, hosts)
    monkeypatch.setattr(service_load, "POLL_S", 0.05)
    result = asyncio.run(
        service_load.run(PAGES_BASE, "u", "p", users=1, seconds=0.5, think_s=0)
    )
    started = len(result["optimise_jobs"])
    assert result["optimise_jobs"] == [f"j{i}" for i in range(1, started + 1)]
    assert 4 <= started <= 11  # one at the start and one per 0.05 s poll
    # rounded to 0.1 s in the result
    assert result["no_optimisation_s"] == pytest.approx(0.05 * (started - 1), abs=0.05)
