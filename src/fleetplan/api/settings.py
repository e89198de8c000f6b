"""Settings of the web app (sessions, cookies, OpenID Connect) from ``FLEETPLAN_*``."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from fleetplan.domain import DEFAULT_MAX_PERIOD_YEARS


class WebSettings(BaseSettings):
    """Web settings; ``secret_key`` signs session cookies and must stay secret.

    OpenID Connect (code flow with PKCE, ``api.oidc_client``) is on when
    ``oidc_client_id`` and ``oidc_issuer`` are set; the endpoints come from the
    issuer's discovery document. Claims are read from the verified ID token:
    the username from ``oidc_username_claim``; the role from
    ``oidc_role_claim`` (a dotted path, values translated by ``oidc_role_map``,
    ``"Provider.Admin=admin,Provider.Editor=write"``) at every login, else
    ``oidc_default_role`` (empty: such a login is refused); the organisation
    from ``oidc_organisation_claim``. See docs/sso.md.

    Cookies are ``Secure`` when ``https_only`` is set or the request came over
    https; ``X-Forwarded-Proto``/``-For`` count only from ``trusted_proxies``
    (comma-separated addresses of reverse proxies), by Fleetplan and by uvicorn;
    by default no forwarded header is believed. A session ends after
    ``session_max_age_s`` in all, or after ``session_idle_timeout_s`` without a
    request. After ``login_max_failures``
    failed logins for one username from one client address (or
    ``login_ip_max_failures`` from one address for any usernames) within
    ``login_window_s``, logins are refused for ``login_lockout_s``.
    """

    model_config = SettingsConfigDict(env_prefix="FLEETPLAN_", extra="ignore")

    secret_key: str = ""
    https_only: bool = False
    trusted_proxies: str = ""
    session_max_age_s: int = 8 * 3600
    session_idle_timeout_s: int = 3600
    login_max_failures: int = 5
    login_ip_max_failures: int = 50
    login_window_s: int = 15 * 60
    login_lockout_s: int = 15 * 60
    # The longest period an analysis or report may cover (their work grows with it).
    max_period_years: int = Field(default=DEFAULT_MAX_PERIOD_YEARS, ge=1, le=99)
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_issuer: str = ""
    oidc_redirect_uri: str = ""
    oidc_post_logout_redirect_uri: str = ""
    oidc_scopes: str = "openid profile email"
    oidc_username_claim: str = "preferred_username"
    oidc_role_claim: str = ""
    oidc_role_map: str = ""
    oidc_default_role: str = "read"
    oidc_organisation_claim: str = ""

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_client_id and self.oidc_issuer)
