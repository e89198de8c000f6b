"""OpenID Connect login end to end against a local provider (tests/oidc_provider):
discovery, PKCE S256, state and nonce, and each ID token or flow that must be
refused (issue 19, item 3)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from fastapi.testclient import TestClient
from joserfc.jwk import RSAKey

from fleetplan.api import AppServices
from fleetplan.api.oidc_flow import FLOW_COOKIE, Flow, dump_flow
from tests.oidc_provider import (
    CALLBACK,
    CLIENT_ID,
    KEY_ID,
    LOGIN,
    LocalProvider,
    at_provider,
    idp,
    log_in,
    oidc_server,
)

__all__ = ["idp", "oidc_server"]  # fixtures


def _refused(response: httpx.Response, code: str) -> None:
    """Back to the login page with the reason, no session cookie set."""
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/login?error={code}"
    assert "fleetplan_session" not in response.headers.get("set-cookie", "")


def _no_session(client: TestClient, services: AppServices) -> None:
    assert "fleetplan_session" not in client.cookies
    assert client.get("/api/v1/auth/me").status_code == 401
    assert services.users.get("oidc.user") is None


def test_good_login_uses_discovery_pkce_state_and_nonce(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """The provider's endpoints come from discovery; the authorization request
    carries state, nonce and an S256 challenge whose verifier the token request
    sends; the ID token's identity becomes a session with the claimed role."""
    start = client.get(LOGIN, follow_redirects=False)
    target = urlsplit(start.headers["location"])
    assert f"{target.scheme}://{target.netloc}" == idp.issuer
    assert target.path == "/authorize" and idp.discovered >= 1
    done = client.get(at_provider(start), follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/")
    (asked,) = idp.authorized
    assert asked["code_challenge_method"] == "S256"
    assert asked["client_id"] == CLIENT_ID and "openid" in asked["scope"].split()
    assert len(asked["state"]) >= 32 and len(asked["nonce"]) >= 32
    (sent,) = idp.token_requests
    assert 43 <= len(sent["code_verifier"]) <= 128
    assert create_s256_code_challenge(sent["code_verifier"]) == asked["code_challenge"]
    me = client.get("/api/v1/auth/me").json()
    assert (me["username"], me["role"]) == ("oidc.user", "write")
    account = services.users.get("oidc.user")
    assert account is not None and account.password_hash is None
    assert (account.external_issuer, account.external_subject) == (idp.issuer, "s-100")


def test_a_token_signed_with_another_key_is_refused(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """Same key id as the published key, other private key: bad signature."""
    idp.bad.signing_key = RSAKey.generate_key(2048, {"kid": KEY_ID})
    _refused(log_in(client), "sso.invalid_token")
    _no_session(client, services)


def test_a_token_for_another_client_is_refused(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """Also when it names this app as the authorized party (``azp``), which
    alone does not make the app an audience."""
    idp.bad.audience = "another-app"
    _refused(log_in(client), "sso.invalid_token")
    idp.user["azp"] = CLIENT_ID
    _refused(log_in(client), "sso.invalid_token")
    _no_session(client, services)


def test_a_token_from_another_issuer_is_refused(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    idp.bad.issuer = "https://evil.example"
    _refused(log_in(client), "sso.invalid_token")
    _no_session(client, services)


def test_an_expired_token_is_refused(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """Expired two minutes ago: beyond the 60 s allowed for clock skew."""
    idp.bad.expires_in_s = -120
    _refused(log_in(client), "sso.expired_token")
    _no_session(client, services)


def test_a_replayed_id_token_is_refused_by_its_nonce(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """The provider (or someone in between) answers a new login with the ID
    token of an earlier one: valid signature, but another login's nonce."""
    assert log_in(client).status_code == 303
    client.cookies.clear()
    idp.bad.id_token = idp.id_tokens[0]
    _refused(log_in(client), "sso.nonce_mismatch")
    assert client.get("/api/v1/auth/me").status_code == 401
    idp.bad.id_token, idp.bad.nonce = None, "nonce-of-another-login"
    _refused(log_in(client), "sso.nonce_mismatch")


def test_a_finished_login_cannot_be_replayed(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """A copied state cookie and callback URL work once; the second time the
    flow's nonce is used up (the provider would not even get the code)."""
    start = client.get(LOGIN, follow_redirects=False)
    cookie = client.cookies[FLOW_COOKIE]
    callback = at_provider(start)
    assert client.get(callback, follow_redirects=False).status_code == 303
    client.cookies.clear()
    client.cookies.set(FLOW_COOKIE, cookie)
    _refused(client.get(callback, follow_redirects=False), "sso.login_expired")
    assert len(idp.token_requests) == 1
    assert client.get("/api/v1/auth/me").status_code == 401


def test_a_code_injected_from_another_login_fails_pkce(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """An attacker's code (bound to the attacker's challenge) pasted into the
    victim's callback: the victim's verifier does not match, the provider
    refuses the exchange, nobody is logged in."""
    attacker = TestClient(client.app)
    attacks = at_provider(attacker.get(LOGIN, follow_redirects=False))
    stolen = parse_qs(urlsplit(attacks).query)["code"][0]
    start = client.get(LOGIN, follow_redirects=False)
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    answer = client.get(
        CALLBACK, params={"code": stolen, "state": state}, follow_redirects=False
    )
    _refused(answer, "sso.provider_refused")
    assert len(idp.token_requests) == 1
    assert idp.token_requests[0]["code_verifier"] != ""
    _no_session(client, services)


def test_a_flow_without_a_pkce_verifier_is_refused(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """A state cookie lacking the verifier (even one signed with our key) is
    refused before any code is exchanged; the provider also refuses a token
    request without one."""
    start = client.get(LOGIN, follow_redirects=False)
    callback = at_provider(start)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    flow = Flow(state=state, nonce="n" * 32, verifier="")
    client.cookies.set(FLOW_COOKIE, dump_flow(flow, services.settings.secret_key))
    _refused(client.get(callback, follow_redirects=False), "sso.login_expired")
    assert idp.token_requests == []
    _no_session(client, services)


def test_a_forged_state_or_a_missing_cookie_is_refused(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    start = client.get(LOGIN, follow_redirects=False)
    callback = at_provider(start)
    forged = callback.replace("state=", "state=x")
    _refused(client.get(forged, follow_redirects=False), "sso.login_expired")
    client.cookies.clear()
    _refused(client.get(callback, follow_redirects=False), "sso.login_expired")
    assert idp.token_requests == []
    _no_session(client, services)


def test_provider_errors_and_an_unreachable_provider(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """The user cancels at the provider; later the provider is down."""
    start = client.get(LOGIN, follow_redirects=False)
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    denied = client.get(
        CALLBACK,
        params={"error": "access_denied", "state": state},
        follow_redirects=False,
    )
    _refused(denied, "sso.provider_refused")
    services.settings.oidc_issuer = "http://127.0.0.1:9"  # nothing listens
    _refused(client.get(LOGIN, follow_redirects=False), "sso.unavailable")
    _no_session(client, services)


@pytest.mark.parametrize("missing", ["oidc_client_id", "oidc_issuer"])
def test_oidc_is_off_until_configured(
    client: TestClient, services: AppServices, idp: LocalProvider, missing: str
) -> None:
    setattr(services.settings, missing, "")
    assert client.get(LOGIN, follow_redirects=False).status_code == 404
    assert client.get(CALLBACK, follow_redirects=False).status_code == 404


def test_state_cookie_is_secure_only_behind_a_trusted_tls_proxy(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    proxy = TestClient(
        client.app, client=("10.0.0.1", 50000), headers={"X-Forwarded-Proto": "https"}
    )

    def state_cookie() -> str:
        start = proxy.get(LOGIN, follow_redirects=False)
        return start.headers["set-cookie"].lower()

    assert "secure" not in state_cookie()  # anyone can send the header
    services.settings.trusted_proxies = "10.0.0.1"
    assert "; secure" in state_cookie()
