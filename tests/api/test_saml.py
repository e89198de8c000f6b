"""SAML 2.0 login end to end against a local pysaml2 IdP (tests/saml_idp.py)
playing KOMBIT's Context Handler (issue 19, item 4): the app's signed
AuthnRequest, the IdP's signed assertion with OIOSAML attributes, and the
refusals the login page explains in Danish and English."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, create_api
from fleetplan.api.routes import saml as saml_route
from fleetplan.api.saml_replay import AssertionIds
from fleetplan.config import get_settings
from tests.saml_idp import (
    CVR_ATTRIBUTE,
    IDP_ENTITY_ID,
    PRIVILEGES_ATTRIBUTE,
    UID_ATTRIBUTE,
    SamlIdp,
    make_keypair,
    privileges,
)

BALLERUP, HERLEV = "58271713", "63640719"
EDITOR = "http://fleetplan.dk/roles/editor"
ADMIN = "http://fleetplan.dk/roles/admin"
SP_ENTITY_ID = "https://fleetplan.test/saml"
LOGIN, ACS = "/api/v1/saml/login", "/api/v1/saml/acs"


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
        "ORGANISATIONS": json.dumps({BALLERUP: "ballerup", HERLEV: "herlev"}),
        "ROLE_PRIVILEGES": json.dumps({EDITOR: "write", ADMIN: "admin"}),
    }
    for name, value in env.items():
        monkeypatch.setenv(f"FLEETPLAN_SAML_{name}", value)
    monkeypatch.setattr(saml_route, "seen_assertions", AssertionIds())
    get_settings.cache_clear()
    yield idp
    get_settings.cache_clear()


@pytest.fixture
def browser(services: AppServices, saml_env: SamlIdp) -> TestClient:
    """A client over https (the request cookie is Secure) whose SP the IdP trusts."""
    client = TestClient(create_api(services), base_url="https://testserver")
    metadata = client.get("/api/v1/saml/metadata")
    assert metadata.status_code == 200, metadata.text
    saml_env.trust_sp(metadata.text)
    return client


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
