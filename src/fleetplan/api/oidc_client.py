"""The OpenID provider as Fleetplan sees it, with Authlib and joserfc.

Discovery (``<issuer>/.well-known/openid-configuration``, cached for an hour),
the authorization URL (PKCE S256, state and nonce), the code exchange (server
to server, client secret and PKCE verifier), the ID token's validation
(signature by a key of the provider's JWKS, then issuer, audience, expiry,
issued-at, nonce, ``azp`` and ``at_hash``) and the provider's logout URL.

Every refusal is an :class:`OidcRefused` whose ``code`` is a catalogue key
(``da-sso.toml``/``en-sso.toml``) that the login page shows.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.integrations.httpx_client import OAuth2Client, OAuthError
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import (
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
)
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from fleetplan.api.settings import WebSettings

LEEWAY_S = 60  # clock skew allowed between the provider and this server
METADATA_TTL_S = 3600
HTTP_TIMEOUT_S = 10.0
# Asymmetric only: "none" and HS* (keyed with the client secret) are refused.
SIGNING_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
)

# Catalogue keys of refused logins (the login page shows them).
UNAVAILABLE = "sso.unavailable"
LOGIN_EXPIRED = "sso.login_expired"
PROVIDER_REFUSED = "sso.provider_refused"
INVALID_TOKEN = "sso.invalid_token"
EXPIRED_TOKEN = "sso.expired_token"
NONCE_MISMATCH = "sso.nonce_mismatch"
NO_USERNAME = "sso.no_username"
NO_ROLE = "sso.no_role"
NO_ORGANISATION = "sso.no_organisation"
DEACTIVATED = "sso.deactivated"
REFUSAL_CODES = frozenset(
    {
        UNAVAILABLE,
        LOGIN_EXPIRED,
        PROVIDER_REFUSED,
        INVALID_TOKEN,
        EXPIRED_TOKEN,
        NONCE_MISMATCH,
        NO_USERNAME,
        NO_ROLE,
        NO_ORGANISATION,
        DEACTIVATED,
    }
)


class OidcRefused(Exception):
    """A refused login; ``code`` is one of :data:`REFUSAL_CODES` and the
    message (English, for the log) says why."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


@dataclass(frozen=True, slots=True)
class Provider:
    """The parts of the discovery document Fleetplan uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None
    algorithms: tuple[str, ...]


_lock = threading.Lock()
_providers: dict[str, tuple[float, Provider]] = {}
_key_sets: dict[str, KeySet] = {}


def forget_providers() -> None:
    """Drop cached discovery documents and keys (tests; a changed provider)."""
    with _lock:
        _providers.clear()
        _key_sets.clear()


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=HTTP_TIMEOUT_S)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise OidcRefused(UNAVAILABLE, f"{url}: {exc}") from exc
    if not isinstance(data, dict):
        raise OidcRefused(UNAVAILABLE, f"{url}: not a JSON object")
    return data


def _discover(issuer: str) -> Provider:
    meta = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    # OIDC Discovery 4.3: the document must name the issuer it was asked for.
    if str(meta.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise OidcRefused(UNAVAILABLE, f"discovery names issuer {meta.get('issuer')}")
    methods = meta.get("code_challenge_methods_supported")
    if methods is not None and "S256" not in methods:
        raise OidcRefused(UNAVAILABLE, "the provider does not support PKCE S256")
    offered = meta.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = tuple(a for a in SIGNING_ALGORITHMS if a in offered)
    try:
        return Provider(
            issuer=str(meta["issuer"]),
            authorization_endpoint=str(meta["authorization_endpoint"]),
            token_endpoint=str(meta["token_endpoint"]),
            jwks_uri=str(meta["jwks_uri"]),
            end_session_endpoint=meta.get("end_session_endpoint"),
            algorithms=algorithms or ("RS256",),
        )
    except KeyError as exc:
        raise OidcRefused(UNAVAILABLE, f"discovery lacks {exc}") from exc


def provider(settings: WebSettings) -> Provider:
    """The configured provider from its discovery document (cached)."""
    issuer = settings.oidc_issuer
    with _lock:
        cached = _providers.get(issuer)
    if cached is not None and time.monotonic() - cached[0] < METADATA_TTL_S:
        return cached[1]
    found = _discover(issuer)
    with _lock:
        _providers[issuer] = (time.monotonic(), found)
    return found


def _client(settings: WebSettings, redirect_uri: str) -> OAuth2Client:
    return OAuth2Client(
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        scope=settings.oidc_scopes,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_post",
        timeout=HTTP_TIMEOUT_S,
    )


def authorization_url(
    settings: WebSettings, redirect_uri: str, state: str, nonce: str, verifier: str
) -> str:
    """Where to send the browser: the provider's login with this flow's state,
    nonce and the S256 challenge of ``verifier``."""
    endpoint = provider(settings).authorization_endpoint
    with _client(settings, redirect_uri) as client:
        url, _state = client.create_authorization_url(
            endpoint, state=state, nonce=nonce, code_verifier=verifier
        )
    return str(url)


def exchange_code(
    settings: WebSettings, redirect_uri: str, code: str, verifier: str
) -> dict[str, Any]:
    """The token response for ``code`` (the provider checks the verifier)."""
    endpoint = provider(settings).token_endpoint
    try:
        with _client(settings, redirect_uri) as client:
            token = client.fetch_token(endpoint, code=code, code_verifier=verifier)
    except OAuthError as exc:
        raise OidcRefused(PROVIDER_REFUSED, f"token endpoint: {exc}") from exc
    except (httpx.HTTPError, ValueError) as exc:
        raise OidcRefused(UNAVAILABLE, f"token endpoint: {exc}") from exc
    return dict(token)


def _key_set(uri: str, refresh: bool) -> KeySet:
    with _lock:
        keys = None if refresh else _key_sets.get(uri)
    if keys is None:
        try:
            keys = KeySet.import_key_set(_get_json(uri))  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError) as exc:
            raise OidcRefused(UNAVAILABLE, f"JWKS: {exc}") from exc
        with _lock:
            _key_sets[uri] = keys
    return keys


def _verified(found: Provider, id_token: str) -> jwt.Token:
    registry = JWSRegistry(algorithms=list(found.algorithms))
    try:
        return jwt.decode(id_token, _key_set(found.jwks_uri, False), registry=registry)
    except InvalidKeyIdError:
        # The provider may have rotated its keys since we fetched them.
        keys = _key_set(found.jwks_uri, True)
        return jwt.decode(id_token, keys, registry=registry)


def id_token_claims(
    settings: WebSettings, token: dict[str, Any], nonce: str
) -> dict[str, Any]:
    """The claims of the token response's ID token once every check passed."""
    found = provider(settings)
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise OidcRefused(INVALID_TOKEN, "the token response has no ID token")
    try:
        decoded = _verified(found, id_token)
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": found.issuer},
                "aud": {"essential": True, "value": settings.oidc_client_id},
            },
            {
                "nonce": nonce,
                "client_id": settings.oidc_client_id,
                "access_token": token.get("access_token"),
            },
        )
        claims.validate(leeway=LEEWAY_S)
    except ExpiredTokenError as exc:
        raise OidcRefused(EXPIRED_TOKEN, f"ID token: {exc}") from exc
    except InvalidClaimError as exc:
        code = NONCE_MISMATCH if exc.claim == "nonce" else INVALID_TOKEN
        raise OidcRefused(code, f"ID token: {exc}") from exc
    except (JoseError, ValueError) as exc:
        raise OidcRefused(INVALID_TOKEN, f"ID token: {exc}") from exc
    return dict(claims)


def logout_url(
    settings: WebSettings, id_token_hint: str, post_logout_redirect_uri: str
) -> str | None:
    """The provider's end-session URL (RP-Initiated Logout 1.0), or ``None``
    when the provider has none or cannot be reached."""
    try:
        endpoint = provider(settings).end_session_endpoint
    except OidcRefused:
        return None
    if not endpoint:
        return None
    params = {
        "client_id": settings.oidc_client_id,
        "post_logout_redirect_uri": post_logout_redirect_uri,
    }
    if id_token_hint:
        params["id_token_hint"] = id_token_hint
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"
