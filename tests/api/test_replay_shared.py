"""The replay caches live in the database (revision 0014): two app instances
on one database (two web processes behind a load balancer) each refuse an
OpenID Connect flow or a SAML assertion the other has used. With the marks
kept per process (``InMemoryReplayMarks``) the second instance would accept
the replay, so each test fails on that bug."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from fleetplan.api import AppServices, create_api
from fleetplan.api.oidc_flow import FLOW_COOKIE
from fleetplan.api.replay import SqlReplayMarks
from fleetplan.api.routes import saml as saml_route
from fleetplan.api.saml_config import XMLSEC1
from fleetplan.api.services import get_services
from fleetplan.api.users_db import SqlUserRepository
from fleetplan.store import create_engine_for
from fleetplan.store.organisations import add_organisation
from fleetplan.store.replay_marks import count_marks, first_use
from tests.api.test_saml import ACS, attributes
from tests.api.test_saml import saml_env as saml_env  # the fixture
from tests.oidc_provider import LOGIN, LocalProvider, at_provider, idp, oidc_server
from tests.saml_idp import SamlIdp
from tests.store.db import sqlite_template as sqlite_template  # the fixture

__all__ = ["idp", "oidc_server"]  # fixtures


@pytest.fixture
def database(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "shared.sqlite"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def two_apps(
    services: AppServices, database: str
) -> Iterator[Callable[[str], TestClient]]:
    """``instance(base_url)`` makes two apps, each with its own engine and
    services on the one database; returns a client of each, in order."""
    engines: list[Engine] = []

    def client_of(base_url: str) -> TestClient:
        engine = create_engine_for(database)
        engines.append(engine)
        own = dataclasses.replace(
            services,
            users=SqlUserRepository(engine),
            replay_marks=SqlReplayMarks(engine),
        )
        app = create_api(own)
        app.dependency_overrides[get_services] = lambda: own
        return TestClient(app, base_url=base_url)

    yield client_of
    for engine in engines:
        engine.dispose()


def test_expired_marks_are_cleaned_up_and_a_live_one_refused(database: str) -> None:
    """A mark refuses its value until it expires; a later mark deletes the
    expired ones, after which the value is accepted again."""
    engine = create_engine_for(database)
    assert first_use(engine, "saml.assertion", "id-1", expires_at=100.0, now=50.0)
    assert not first_use(engine, "saml.assertion", "id-1", expires_at=100.0, now=99.0)
    assert first_use(engine, "oidc.nonce", "id-1", expires_at=100.0, now=99.0)
    assert count_marks(engine) == 2
    assert first_use(engine, "oidc.nonce", "other", expires_at=300.0, now=200.0)
    assert count_marks(engine) == 1  # both expired marks went
    assert first_use(engine, "saml.assertion", "id-1", expires_at=400.0, now=200.0)
    engine.dispose()


def test_an_oidc_flow_finished_on_one_instance_is_refused_on_the_other(
    two_apps: Callable[[str], TestClient], idp: LocalProvider
) -> None:
    """The state cookie and callback URL of a finished login, replayed to the
    other instance, are refused there before the code is exchanged again."""
    first, second = two_apps("http://testserver"), two_apps("http://testserver")
    start = first.get(LOGIN, follow_redirects=False)
    cookie = first.cookies[FLOW_COOKIE]
    callback = at_provider(start)
    assert first.get(callback, follow_redirects=False).status_code == 303
    assert first.get("/api/v1/auth/me").status_code == 200
    second.cookies.set(FLOW_COOKIE, cookie)
    replayed: httpx.Response = second.get(callback, follow_redirects=False)
    assert replayed.status_code == 303
    assert replayed.headers["location"] == "/login?error=sso.login_expired"
    assert len(idp.token_requests) == 1
    assert second.get("/api/v1/auth/me").status_code == 401


@pytest.mark.skipif(not Path(XMLSEC1).exists(), reason="xmlsec1 is not installed")
def test_a_saml_assertion_used_on_one_instance_is_refused_on_the_other(
    two_apps: Callable[[str], TestClient], saml_env: SamlIdp, database: str
) -> None:
    """The same response with the same request cookie, posted to the other
    instance, is refused as a replay."""
    engine = create_engine_for(database)
    add_organisation(engine, "ballerup", "Ballerup")
    engine.dispose()
    first = two_apps("https://testserver")
    second = two_apps("https://testserver")
    saml_env.trust_sp(first.get("/api/v1/saml/metadata").text)
    start = first.get("/api/v1/saml/login", follow_redirects=False)
    request = saml_env.read_request(start.headers["location"])
    cookie = first.cookies[saml_route.REQUEST_COOKIE]
    form = saml_env.response(request, attributes())
    assert first.post(ACS, data=form, follow_redirects=False).status_code == 303
    assert first.get("/api/v1/auth/me").status_code == 200
    second.cookies.set(saml_route.REQUEST_COOKIE, cookie)
    replayed = second.post(ACS, data=form, follow_redirects=False)
    assert replayed.status_code == 303
    assert replayed.headers["location"] == "/login?error=saml_replay"
    assert second.get("/api/v1/auth/me").status_code == 401
