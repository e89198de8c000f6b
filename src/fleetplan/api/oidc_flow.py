"""One OpenID Connect login in progress: its state, nonce and PKCE verifier.

They travel in a signed, HttpOnly cookie that lives for ten minutes, so any
web process can finish a login another one started. Each flow is finished at
most once: its nonce is marked used in the database (``api.replay``) until the
cookie would have expired, so a copied cookie and callback URL cannot be
replayed, to this process or another.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

from fleetplan.api.oidc_client import LOGIN_EXPIRED, OidcRefused
from fleetplan.api.replay import OIDC_NONCE, ReplayMarks

FLOW_COOKIE = "fleetplan_oidc_state"
FLOW_MAX_AGE_S = 600


@dataclass(frozen=True, slots=True)
class Flow:
    state: str
    nonce: str
    verifier: str  # PKCE (RFC 7636): 43-128 characters

    @classmethod
    def new(cls) -> Flow:
        return cls(
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            verifier=secrets.token_urlsafe(64),  # 86 characters
        )


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="fleetplan-oidc-state")


def dump_flow(flow: Flow, secret: str) -> str:
    """The cookie value of ``flow``."""
    return _serializer(secret).dumps(
        {"state": flow.state, "nonce": flow.nonce, "verifier": flow.verifier}
    )


def load_flow(cookie: str | None, secret: str) -> Flow:
    """The flow of a cookie; refused when missing, altered, old or incomplete."""
    try:
        data = _serializer(secret).loads(cookie or "", max_age=FLOW_MAX_AGE_S)
    except BadSignature as exc:
        raise OidcRefused(LOGIN_EXPIRED, "no valid login-state cookie") from exc
    if not isinstance(data, dict):
        raise OidcRefused(LOGIN_EXPIRED, "login-state cookie is not a flow")
    values = [data.get(name) for name in ("state", "nonce", "verifier")]
    if not all(isinstance(value, str) and value for value in values):
        raise OidcRefused(LOGIN_EXPIRED, "login-state cookie lacks a value")
    return Flow(*values)  # type: ignore[arg-type]


def matches(given: str, expected: str) -> bool:
    """Constant-time comparison (bytes, so any text is accepted)."""
    return secrets.compare_digest(given.encode(), expected.encode())


def use_nonce(marks: ReplayMarks, nonce: str) -> None:
    """Mark the flow's ``nonce`` used until its cookie has expired; refused
    when it was already (by any web process sharing ``marks``' database)."""
    if not marks.first_use(OIDC_NONCE, nonce, time.time() + FLOW_MAX_AGE_S):
        raise OidcRefused(LOGIN_EXPIRED, "this login flow was already used")
