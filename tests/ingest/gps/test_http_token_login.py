"""The generic JSON connector with a token login (OAuth2 client credentials):
the token is fetched, sent, and fetched again when the API refuses it."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
import pytest

from fleetplan.ingest.gps.connectors import ConnectorConfig, ConnectorError
from fleetplan.ingest.gps.http_connector import HttpJsonConnector

POINTS = [
    {"ts": f"2026-03-02T07:0{k}:00", "latitude": 55.73 + k / 1000, "longitude": 12.36}
    for k in range(5)
]


class TokenApi:
    """Tokens last ``uses`` calls; pages of 2 points by an offset token."""

    def __init__(self, uses: int = 2) -> None:
        self.uses = uses
        self.tokens: dict[str, int] = {}
        self.logins: list[dict[str, list[str]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            form = parse_qs(request.content.decode())
            self.logins.append(form)
            if form.get("client_secret") != ["s3cr3t-client"]:
                return httpx.Response(401, json={"error": "invalid_client"})
            token = f"a{len(self.logins)}"
            self.tokens[token] = self.uses
            return httpx.Response(200, json={"access_token": token, "expires_in": 3600})
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if self.tokens.get(token, 0) <= 0:
            return httpx.Response(401)
        self.tokens[token] -= 1
        if request.url.path == "/vehicles":
            return httpx.Response(200, json={"data": [{"id": "v1"}]})
        at = int(request.url.params.get("page_token", "0"))
        nxt = str(at + 2) if at + 2 < len(POINTS) else None
        return httpx.Response(200, json={"data": POINTS[at : at + 2], "next": nxt})


def _connector(
    api: TokenApi, monkeypatch: pytest.MonkeyPatch, secret: str
) -> HttpJsonConnector:
    monkeypatch.setenv("CLIENT_SECRET", secret)
    config = ConnectorConfig.model_validate(
        {
            "name": "oauth",
            "base_url": "https://api.example",
            "data_path": "/vehicles/{vehicle_id}/positions",
            "paging": {"mode": "token"},
            "fields": {"time": "ts", "lat": "latitude", "lon": "longitude"},
            "token_login": {
                "path": "/oauth/token",
                "fields": {
                    "grant_type": "client_credentials",
                    "client_id": "fleetplan",
                    "client_secret": "env:CLIENT_SECRET",
                },
            },
        }
    )
    return HttpJsonConnector(
        config, transport=httpx.MockTransport(api), sleep=lambda s: None
    )


def test_token_is_fetched_and_renewed_when_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """4 calls with tokens good for 2 each: 2 logins, every point read once."""
    api = TokenApi(uses=2)
    connector = _connector(api, monkeypatch, "s3cr3t-client")
    assert connector.list_vehicles() == ["v1"]
    frame = connector.fetch("v1", None)
    assert frame.height == len(POINTS)
    assert len(api.logins) == 2
    assert api.logins[0]["grant_type"] == ["client_credentials"]


def test_refused_login_names_the_status_not_the_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connector = _connector(TokenApi(), monkeypatch, "wrong-s3cr3t")
    with pytest.raises(
        ConnectorError, match="POST /oauth/token returned HTTP 401"
    ) as info:
        connector.list_vehicles()
    assert "s3cr3t" not in str(info.value)
