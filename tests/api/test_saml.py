"""SAML 2.0 login end to end against a local pysaml2 IdP (tests/saml_idp.py)
playing KOMBIT's Context Handler (issue 19, item 4): the app's signed
AuthnRequest, the IdP's signed assertion with OIOSAML attributes, and the
refusals the login page explains in Danish and English."""

from __future__ import annotations

import html
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from fleetplan.api import AppServices, Role, create_api, create_user
from fleetplan.api.routes import saml as saml_route
from fleetplan.api.saml_config import XMLSEC1
from fleetplan.api.saml_identity import REASONS
from fleetplan.api.users_db import SqlUserRepository
from fleetplan.config import get_settings
from fleetplan.store import create_engine_for
from fleetplan.store.organisations import (
    add_organisation,
    find_organisation,
    get_organisation,
)
from fleetplan.store.scoped import using_organisation
from fleetplan.web.translate import translate
from tests.api.conftest import PASSWORD
from tests.saml_idp import (
    CVR_ATTRIBUTE,
    IDP_ENTITY_ID,
    PRIVILEGES_ATTRIBUTE,
    UID_ATTRIBUTE,
    AuthnRequest,
    SamlIdp,
    make_keypair,
    privileges,
)
from tests.store.db import sqlite_template as sqlite_template  # the fixture
from tests.web.test_pages import web as web  # the NiceGUI app fixture

BALLERUP, HERLEV, GENTOFTE = "58271713", "63640719", "19438414"
EDITOR = "http://fleetplan.dk/roles/editor"
ADMIN = "http://fleetplan.dk/roles/admin"
SP_ENTITY_ID = "https://fleetplan.test/saml"
LOGIN, ACS = "/api/v1/saml/login", "/api/v1/saml/acs"

# pysaml2 signs and checks with the xmlsec1 program (Debian: apt-get install
# xmlsec1; .ci/run installs it)
pytestmark = pytest.mark.skipif(
    not Path(XMLSEC1).exists(), reason="xmlsec1 is not installed"
)


def attributes(
    uid: str = "jhansen",
    cvr: str = BALLERUP,
    groups: dict[str, list[str]] | None = None,
) -> dict[str, list[str]]:
    """OIOSAML attributes as the Context Handler sends them."""
    return {
        UID_ATTRIBUTE: [uid],
        CVR_ATTRIBUTE: [cvr],
        PRIVILEGES_ATTRIBUTE: [privileges(groups or {cvr: [EDITOR]})],
    }


@pytest.fixture
def saml_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SamlIdp]:
    """SAML settings for an SP whose keys and IdP metadata are in tmp_path."""
    idp = SamlIdp(tmp_path)
    key, cert = make_keypair(tmp_path, "sp")
    env = {
        "SP_ENTITY_ID": SP_ENTITY_ID,
        "IDP_METADATA_FILE": str(idp.metadata_file),
        "SP_KEY_FILE": str(key),
        "SP_CERT_FILE": str(cert),
        # Gentofte's CVR names an organisation the database does not have.
        "ORGANISATIONS": json.dumps(
            {BALLERUP: "ballerup", HERLEV: "herlev", GENTOFTE: "gentofte"}
        ),
        "ROLE_PRIVILEGES": json.dumps({EDITOR: "write", ADMIN: "admin"}),
    }
    for name, value in env.items():
        monkeypatch.setenv(f"FLEETPLAN_SAML_{name}", value)
    get_settings.cache_clear()
    yield idp
    get_settings.cache_clear()


@pytest.fixture
def browser(
    services: AppServices, saml_env: SamlIdp, sqlite_template: Path, tmp_path: Path
) -> Iterator[TestClient]:
    """A client over https (the request cookie is Secure) whose SP the IdP
    trusts; users in a migrated database with organisations ballerup and
    herlev (besides the migration's first one)."""
    path = tmp_path / "fleetplan.sqlite"
    shutil.copyfile(sqlite_template, path)
    engine = create_engine_for(f"sqlite:///{path}")
    for slug in ("ballerup", "herlev"):
        add_organisation(engine, slug, slug.title())
    services.users = SqlUserRepository(engine)
    client = TestClient(create_api(services), base_url="https://testserver")
    metadata = client.get("/api/v1/saml/metadata")
    assert metadata.status_code == 200, metadata.text
    saml_env.trust_sp(metadata.text)
    yield client
    engine.dispose()


def _organisation_of(services: AppServices, username: str) -> str:
    account = services.users.get(username)
    assert account is not None and account.organisation_id is not None
    engine = services.users.engine  # type: ignore[attr-defined]
    organisation = get_organisation(engine, account.organisation_id)
    assert organisation is not None
    return organisation.slug


def test_good_assertion_logs_in_with_organisation_and_role(
    browser: TestClient, saml_env: SamlIdp, services: AppServices
) -> None:
    start = browser.get(LOGIN, follow_redirects=False)
    assert start.status_code == 307
    request = saml_env.read_request(start.headers["location"])
    form = saml_env.response(request, attributes())
    done = browser.post(ACS, data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/"
    me = browser.get("/api/v1/auth/me").json()
    assert (me["username"], me["role"]) == ("jhansen", "write")
    account = services.users.get("jhansen")
    assert account is not None and account.external_issuer == IDP_ENTITY_ID
    assert _organisation_of(services, "jhansen") == "ballerup"


def _start(browser: TestClient, idp: SamlIdp) -> AuthnRequest:
    """Ask the app to log in and read its AuthnRequest at the IdP."""
    start = browser.get(LOGIN, follow_redirects=False)
    assert start.status_code == 307, start.text
    return idp.read_request(start.headers["location"])


def _refused(response: Response, reason: str) -> None:
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/login?error=saml_{reason}"
    assert "fleetplan_session" not in response.cookies


def _logged_in_as(browser: TestClient) -> tuple[str, str] | None:
    me = browser.get("/api/v1/auth/me")
    return (me.json()["username"], me.json()["role"]) if me.status_code == 200 else None


@pytest.mark.parametrize(
    ("spoilt", "reason"),
    [
        ({"sign": False}, "signature"),
        ({"sign": False, "sign_response": True}, "signature"),  # only the envelope
        ({"forged": True}, "signature"),  # signed, by a key not in the metadata
        ({"forged": True, "sign_response": True}, "signature"),
        ({"issued_min_ago": 7}, "expired"),  # 2 min past, beyond 1 min of skew
        ({"audience": "https://other-system.test/saml"}, "audience"),
    ],
)
def test_unsigned_forged_expired_or_misaddressed_assertion_is_refused(
    browser: TestClient, saml_env: SamlIdp, spoilt: dict[str, Any], reason: str
) -> None:
    request = _start(browser, saml_env)
    form = saml_env.response(request, attributes(), **spoilt)
    _refused(browser.post(ACS, data=form, follow_redirects=False), reason)
    assert _logged_in_as(browser) is None


def test_replayed_assertion_is_refused(
    browser: TestClient, saml_env: SamlIdp, services: AppServices
) -> None:
    """The same response posted again, with the same request cookie, logs in
    once: the second time the assertion id is known."""
    request = _start(browser, saml_env)
    cookie = browser.cookies[saml_route.REQUEST_COOKIE]
    form = saml_env.response(request, attributes())
    assert browser.post(ACS, data=form, follow_redirects=False).status_code == 303
    browser.cookies.clear()
    browser.cookies.set(saml_route.REQUEST_COOKIE, cookie)
    _refused(browser.post(ACS, data=form, follow_redirects=False), "replay")
    assert _logged_in_as(browser) is None


def test_response_to_another_browsers_request_is_refused(
    browser: TestClient, saml_env: SamlIdp
) -> None:
    """InResponseTo must name the request of this browser's cookie: a response
    from someone else's login (login CSRF) or without a request is refused."""
    theirs = _start(browser, saml_env)
    form = saml_env.response(theirs, attributes(uid="attacker"))
    _start(browser, saml_env)  # this browser's own, newer request
    _refused(browser.post(ACS, data=form, follow_redirects=False), "request")
    browser.cookies.clear()
    _refused(browser.post(ACS, data=form, follow_redirects=False), "request")


def test_role_follows_the_privileges_at_every_login(
    browser: TestClient, saml_env: SamlIdp, services: AppServices
) -> None:
    def log_in(groups: dict[str, list[str]]) -> Response:
        form = saml_env.response(_start(browser, saml_env), attributes(groups=groups))
        return browser.post(ACS, data=form, follow_redirects=False)

    assert log_in({BALLERUP: [EDITOR]}).status_code == 303
    assert _logged_in_as(browser) == ("jhansen", "write")
    assert log_in({BALLERUP: [EDITOR, ADMIN]}).status_code == 303
    assert _logged_in_as(browser) == ("jhansen", "admin")
    # An admin privilege in another authority grants nothing in this one.
    assert log_in({BALLERUP: [EDITOR], HERLEV: [ADMIN]}).status_code == 303
    assert _logged_in_as(browser) == ("jhansen", "write")
    account = services.users.get("jhansen")
    assert account is not None and account.role is Role.WRITE
    # Privilege taken away at KOMBIT: refused, and the earlier session ends too.
    _refused(log_in({BALLERUP: ["urn:other:system:privilege"]}), "privilege")
    assert _logged_in_as(browser) is None


@pytest.mark.parametrize(
    "cvr", ["11111111", GENTOFTE], ids=["cvr not mapped", "no such organisation"]
)
def test_authority_without_an_organisation_is_refused(
    browser: TestClient, saml_env: SamlIdp, services: AppServices, cvr: str
) -> None:
    request = _start(browser, saml_env)
    form = saml_env.response(request, attributes(cvr=cvr))
    _refused(browser.post(ACS, data=form, follow_redirects=False), "organisation")
    assert services.users.get("jhansen") is None


def test_a_user_whose_authority_changed_moves_organisation(
    browser: TestClient, saml_env: SamlIdp, services: AppServices
) -> None:
    """The CVR decides the organisation at every login; the move ends the
    sessions that showed the other organisation's fleet."""
    form = saml_env.response(_start(browser, saml_env), attributes(cvr=BALLERUP))
    assert browser.post(ACS, data=form, follow_redirects=False).status_code == 303
    assert _organisation_of(services, "jhansen") == "ballerup"
    ballerup_cookies = dict(browser.cookies)
    form = saml_env.response(_start(browser, saml_env), attributes(cvr=HERLEV))
    assert browser.post(ACS, data=form, follow_redirects=False).status_code == 303
    assert _organisation_of(services, "jhansen") == "herlev"
    assert _logged_in_as(browser) == ("jhansen", "write")
    old = TestClient(
        browser.app, base_url="https://testserver", cookies=ballerup_cookies
    )
    assert old.get("/api/v1/auth/me").status_code == 401


def test_authn_request_is_signed(browser: TestClient, saml_env: SamlIdp) -> None:
    """The redirect carries an RSA-SHA256 signature that the IdP checks against
    the SP's metadata; without it the IdP (which wants signed requests) refuses."""
    location = browser.get(LOGIN, follow_redirects=False).headers["location"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    assert query["SigAlg"] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    assert saml_env.read_request(location).sp_entity_id == SP_ENTITY_ID
    unsigned = location.split("&Signature=")[0]
    with pytest.raises(Exception, match=r"(?i)signature|signed"):
        saml_env.read_request(unsigned)


def test_metadata_names_entity_acs_and_signing(browser: TestClient) -> None:
    response = browser.get("/api/v1/saml/metadata")
    assert response.headers["content-type"].startswith("application/samlmetadata+xml")
    xml = response.text
    assert f'entityID="{SP_ENTITY_ID}"' in xml
    assert 'AuthnRequestsSigned="true"' in xml
    assert 'WantAssertionsSigned="true"' in xml
    assert f'Location="https://testserver{ACS}"' in xml
    assert 'use="signing"' in xml and "X509Certificate" in xml


def test_saml_is_off_until_configured(client: TestClient) -> None:
    get_settings.cache_clear()
    for path in ("/api/v1/saml/metadata", LOGIN):
        assert client.get(path).status_code == 404
    assert client.post(ACS, data={"SAMLResponse": "x"}).status_code == 404


@pytest.mark.parametrize("reason", sorted(REASONS))
def test_login_page_explains_each_refusal_in_danish_and_english(
    web: TestClient, reason: str
) -> None:
    page = f"/login?error=saml_{reason}"
    danish = translate("da", f"saml.err.{reason}")
    english = translate("en", f"saml.err.{reason}")
    assert danish != english
    assert html.escape(danish, quote=False) in web.get(page).text
    web.get("/lang/en?next=/login")
    assert html.escape(english, quote=False) in web.get(page).text


def test_login_page_offers_saml_only_when_configured(
    web: TestClient, saml_env: SamlIdp
) -> None:
    assert '"href":"/api/v1/saml/login"' in web.get("/login").text
    for name in ("SP_ENTITY_ID", "IDP_METADATA_FILE"):
        os.environ.pop(f"FLEETPLAN_SAML_{name}")
    get_settings.cache_clear()
    assert "/api/v1/saml/login" not in web.get("/login").text


def test_encrypted_assertion_is_decrypted_with_the_sp_key(
    browser: TestClient, saml_env: SamlIdp
) -> None:
    """The Context Handler encrypts assertions for the SP's certificate."""
    form = saml_env.encrypted_response(_start(browser, saml_env), attributes())
    assert browser.post(ACS, data=form, follow_redirects=False).status_code == 303
    assert _logged_in_as(browser) == ("jhansen", "write")


def test_a_name_of_another_account_is_never_taken_over(
    browser: TestClient, saml_env: SamlIdp, services: AppServices
) -> None:
    """A local admin 'jhansen' in Herlev stays Herlev's and an admin when an
    assertion from Ballerup names a user 'jhansen': the login is refused."""
    engine = services.users.engine  # type: ignore[attr-defined]
    with using_organisation(find_organisation(engine, "herlev").organisation_id):
        create_user(services.users, "jhansen", PASSWORD, Role.ADMIN)
    form = saml_env.response(_start(browser, saml_env), attributes(cvr=BALLERUP))
    _refused(browser.post(ACS, data=form, follow_redirects=False), "name_taken")
    assert _organisation_of(services, "jhansen") == "herlev"
    local = services.users.get("jhansen")
    assert local is not None and local.role is Role.ADMIN and not local.is_external
