"""One OpenID Connect login in progress: its state, nonce and PKCE verifier.

They travel in a signed, HttpOnly cookie that lives for ten minutes, so any
web process can finish a login another one started. Each flow is finished at
most once per process: its nonce is remembered until the cookie would have
expired, so a copied cookie and callback URL cannot be replayed (the provider's
single-use codes fence other processes).
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

from fleetplan.api.oidc_client import LOGIN_EXPIRED, OidcRefused

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


class UsedNonces:
    """Nonces of finished flows, each kept until its cookie has expired."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def use(self, nonce: str) -> None:
        """Mark ``nonce`` used; refused when it was already."""
        now = time.monotonic()
        with self._lock:
            self._until = {n: t for n, t in self._until.items() if t > now}
            if nonce in self._until:
                raise OidcRefused(LOGIN_EXPIRED, "this login flow was already used")
            self._until[nonce] = now + FLOW_MAX_AGE_S


used_nonces = UsedNonces()
