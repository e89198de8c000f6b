"""Who an OpenID Connect login is: role and organisation from configurable
claims at every login, identities matched by (issuer, sub) never by name,
logout at the provider, and refusals explained on the login page in Danish
and English (issue 19, item 3). Against the local provider of
tests/oidc_provider.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role, WebSettings, create_api, create_user
from fleetplan.api.oidc_accounts import claimed_role, organisation_from_claims
from fleetplan.api.oidc_client import REFUSAL_CODES, OidcRefused
from fleetplan.api.users import update_user
from fleetplan.api.users_db import SqlUserRepository
from fleetplan.store import create_engine_for
from fleetplan.store.organisations import (
    add_organisation,
    find_organisation,
    get_organisation,
)
from fleetplan.store.scoped import using_organisation
from fleetplan.web.translate import translate
from tests.api.conftest import PASSWORD
from tests.oidc_provider import (
    CLIENT_ID,
    LOGOUT,
    LocalProvider,
    idp,
    log_in,
    oidc_server,
)
from tests.store.db import sqlite_template
from tests.web.test_pages import web

__all__ = ["idp", "oidc_server", "sqlite_template", "web"]  # fixtures


def _role_after_login(client: TestClient, idp: LocalProvider, *roles: str) -> str:
    client.cookies.clear()
    idp.user["roles"] = list(roles)
    answer = log_in(client)
    assert answer.status_code == 303, answer.headers
    if answer.headers["location"] != "/":
        return answer.headers["location"]
    return str(client.get("/api/v1/auth/me").json()["role"])


def test_the_role_follows_the_claim_at_every_login(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """Editor, then admin, then only an unmapped group: read (the default,
    the lowest role). A session opened with the old role ends at the change."""
    assert _role_after_login(client, idp, "Fleetplan.Editor") == "write"
    editor_cookies = dict(client.cookies)
    assert _role_after_login(client, idp, "Fleetplan.Admin", "Other") == "admin"
    old = TestClient(client.app, cookies=editor_cookies)
    assert old.get("/api/v1/auth/me").status_code == 401
    assert _role_after_login(client, idp, "Some.Group") == "read"
    assert _role_after_login(client, idp) == "read"
    account = services.users.get("oidc.user")
    assert account is not None and account.role is Role.READ


def test_without_a_default_role_a_removed_claim_refuses_and_ends_sessions(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    services.settings.oidc_default_role = ""
    assert _role_after_login(client, idp, "Fleetplan.Admin") == "admin"
    admin_cookies = dict(client.cookies)
    assert _role_after_login(client, idp) == "/login?error=sso.no_role"
    old = TestClient(client.app, cookies=admin_cookies)
    assert old.get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/auth/me").status_code == 401


def test_an_admin_set_role_is_overruled_by_the_claim_but_kept_without_one(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """With a role claim configured the provider decides; without one the
    role given in Fleetplan stays at the next login."""
    assert _role_after_login(client, idp, "Fleetplan.Reader") == "read"
    update_user(services.users, "oidc.user", role=Role.ADMIN)
    assert _role_after_login(client, idp, "Fleetplan.Reader") == "read"
    services.settings.oidc_role_claim = ""
    update_user(services.users, "oidc.user", role=Role.ADMIN)
    assert _role_after_login(client, idp, "Fleetplan.Reader") == "admin"


def test_keycloak_realm_roles_by_dotted_path_without_a_map() -> None:
    settings = WebSettings(oidc_role_claim="realm_access.roles")
    claims = {"realm_access": {"roles": ["offline_access", "write", "read"]}}
    assert claimed_role(claims, settings) is Role.WRITE
    assert claimed_role({"realm_access": {}}, settings) is None
    assert claimed_role({"realm_access": "admin"}, settings) is None
    mapped = WebSettings(oidc_role_claim="group", oidc_role_map="fleet-admins=admin")
    assert claimed_role({"group": "fleet-admins"}, mapped) is Role.ADMIN
    assert claimed_role({"group": "admin"}, mapped) is None  # only mapped names
    with pytest.raises(ValueError, match="NAME=ROLE"):
        bad = WebSettings(oidc_role_claim="group", oidc_role_map="x=boss")
        claimed_role({"group": "x"}, bad)


@pytest.fixture
def sql_users(
    services: AppServices, sqlite_template: Path, tmp_path: Path
) -> Iterator[SqlUserRepository]:
    """The services' users in a migrated database (organisation 'default')."""
    path = tmp_path / "fleetplan.sqlite"
    shutil.copyfile(sqlite_template, path)
    services.users = users = SqlUserRepository(create_engine_for(f"sqlite:///{path}"))
    yield users
    users.engine.dispose()


@pytest.fixture
def sql_client(services: AppServices, sql_users: SqlUserRepository) -> TestClient:
    """The app on those users, with organisations ballerup and gladsaxe too."""
    for slug in ("ballerup", "gladsaxe"):
        add_organisation(sql_users.engine, slug, slug.title())
    return TestClient(create_api(services))


def _org_of(services: AppServices) -> str | None:
    account = services.users.get("oidc.user")
    assert account is not None and account.organisation_id is not None
    engine = services.users.engine  # type: ignore[attr-defined]
    organisation = get_organisation(engine, account.organisation_id)
    return None if organisation is None else organisation.slug


def test_the_organisation_claim_names_the_organisation_by_slug(
    sql_client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """Configured: a token without the claim, or naming no organisation, is
    refused; a known slug puts the account in that organisation, at every
    login (a move ends the sessions that showed the other fleet)."""
    client, settings = sql_client, services.settings
    assert organisation_from_claims({"org": "ballerup"}, settings) is None
    settings.oidc_organisation_claim = "org"
    assert organisation_from_claims({"org": [" ballerup "]}, settings) == "ballerup"
    with pytest.raises(OidcRefused):
        organisation_from_claims({"org": ""}, settings)
    refused = "/login?error=sso.no_organisation"
    assert _role_after_login(client, idp, "Fleetplan.Editor") == refused
    idp.user["org"] = "ukendt-kommune"
    assert _role_after_login(client, idp, "Fleetplan.Editor") == refused
    assert services.users.get("oidc.user") is None
    idp.user["org"] = "ballerup"
    assert _role_after_login(client, idp, "Fleetplan.Editor") == "write"
    assert _org_of(services) == "ballerup"
    ballerup_cookies = dict(client.cookies)
    idp.user["org"] = "gladsaxe"
    assert _role_after_login(client, idp, "Fleetplan.Editor") == "write"
    assert _org_of(services) == "gladsaxe"
    old = TestClient(client.app, cookies=ballerup_cookies)
    assert old.get("/api/v1/auth/me").status_code == 401


def test_a_provider_saying_admin_does_not_get_the_local_admin(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """preferred_username=admin with a local admin of that name: refused; the
    identity that logged in as oidc.user stays oidc.user whatever name it
    sends later."""
    create_user(services.users, "admin", PASSWORD, Role.ADMIN)
    idp.user.update(sub="evil-1", preferred_username="admin")
    assert log_in(client).headers["location"] == "/login?error=oidc_name_taken"
    assert client.get("/api/v1/auth/me").status_code == 401
    admin = services.users.get("admin")
    assert admin is not None and admin.external_subject is None
    idp.user.update(sub="s-100", preferred_username="oidc.user")
    assert log_in(client).headers["location"] == "/"
    client.cookies.clear()
    idp.user["preferred_username"] = "admin"
    assert log_in(client).headers["location"] == "/"
    assert client.get("/api/v1/auth/me").json()["username"] == "oidc.user"


def test_a_deactivated_user_is_refused(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    assert log_in(client).headers["location"] == "/"
    update_user(services.users, "oidc.user", active=False)
    client.cookies.clear()
    assert log_in(client).headers["location"] == "/login?error=sso.deactivated"
    assert client.get("/api/v1/auth/me").status_code == 401


def test_logout_ends_the_session_here_and_at_the_provider(
    client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """The provider's end_session_endpoint gets this login's ID token as the
    hint and sends the browser back to the login page."""
    assert log_in(client).headers["location"] == "/"
    session = dict(client.cookies)
    out = client.get(LOGOUT, follow_redirects=False)
    assert out.status_code == 303
    target = urlsplit(out.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{idp.issuer}/logout"
    query = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert query["id_token_hint"] == idp.id_tokens[-1]
    assert query["client_id"] == CLIENT_ID
    assert query["post_logout_redirect_uri"] == "http://testserver/login"
    old = TestClient(client.app, cookies=session)
    assert old.get("/api/v1/auth/me").status_code == 401
    # A local user's logout stays here.
    client.cookies.clear()
    assert client.get(LOGOUT, follow_redirects=False).headers["location"] == "/login"


def test_every_refusal_has_a_danish_and_english_message() -> None:
    for code in REFUSAL_CODES:
        assert translate("da", code) != translate("en", code)


def test_the_login_page_offers_oidc_and_explains_a_refusal(
    web: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """The button starts the flow; an expired token comes back to the login
    page with the reason, in Danish and then in English."""
    page = web.get("/login").text
    assert "/api/v1/auth/oidc/login" in page
    idp.bad.expires_in_s = -120
    refused = log_in(web)
    assert refused.headers["location"] == "/login?error=sso.expired_token"
    text = web.get(refused.headers["location"]).text
    assert translate("da", "sso.expired_token") in text
    web.get("/lang/en?next=/login")
    text = web.get(refused.headers["location"]).text
    assert translate("en", "sso.expired_token") in text
    assert "fleetplan_session" not in web.cookies


def test_a_name_taken_in_another_organisation_is_refused(
    sql_client: TestClient, services: AppServices, idp: LocalProvider
) -> None:
    """An account gladsaxe's admin made for oidc.user is not taken over by a
    login that says ballerup: refused as a taken name, the account untouched."""
    engine = services.users.engine  # type: ignore[attr-defined]
    gladsaxe = find_organisation(engine, "gladsaxe").organisation_id
    with using_organisation(gladsaxe):
        create_user(services.users, "oidc.user", None, Role.ADMIN)
    services.settings.oidc_organisation_claim = "org"
    idp.user["org"] = "ballerup"
    assert log_in(sql_client).headers["location"] == "/login?error=oidc_name_taken"
    assert sql_client.get("/api/v1/auth/me").status_code == 401
    assert _org_of(services) == "gladsaxe"
    account = services.users.get("oidc.user")
    assert account is not None and account.external_subject is None


def test_without_an_organisation_claim_a_new_user_needs_a_single_organisation(
    services: AppServices, sql_users: SqlUserRepository, idp: LocalProvider
) -> None:
    """One organisation: the new account joins it. Two: a new identity is
    refused (which fleet?) rather than failing; a known one stays where it is."""
    client = TestClient(create_api(services))
    assert _role_after_login(client, idp, "Fleetplan.Editor") == "write"
    assert _org_of(services) == "default"
    add_organisation(sql_users.engine, "ballerup", "Ballerup")
    assert _role_after_login(client, idp, "Fleetplan.Admin") == "admin"
    assert _org_of(services) == "default"
    idp.user.update(sub="s-200", preferred_username="new.user")
    refused = "/login?error=sso.no_organisation"
    assert _role_after_login(client, idp, "Fleetplan.Editor") == refused
    assert sql_users.get("new.user") is None
