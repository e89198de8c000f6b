"""Organisationer (issue 19 item 1): the page only platform administrators
see, its table by names (no ids) with counts and admins, and its actions'
outcomes as translated messages (slug taken, bad slug, another
organisation's user), each re-checked on the server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role, UserAccount, WebSettings, create_user
from fleetplan.api.security import hash_password
from fleetplan.api.services import set_services
from fleetplan.store.organisations import find_organisation
from fleetplan.store.scoped import using_organisation
from fleetplan.web import platform_actions as act
from fleetplan.web.server import build_services
from fleetplan.web.translate import translate
from tests.api.conftest import PASSWORD
from tests.web.test_pages import _APP

ADMIN = UserAccount("platform", Role.ADMIN, platform_admin=True)


@pytest.fixture
def services(tmp_path: object) -> Iterator[AppServices]:
    """A migrated database: organisation 'default' with its admin 'anna', and
    a platform administrator."""
    url = f"sqlite:///{tmp_path}/platform.sqlite"
    services = build_services(url, WebSettings(secret_key="test-secret-0123456789"))
    services.users.save(replace(ADMIN, password_hash=hash_password(PASSWORD)))
    with using_organisation(_default(services)):
        create_user(services.users, "anna", PASSWORD, Role.ADMIN)
    set_services(services)
    yield services
    services.jobs.shutdown()  # type: ignore[attr-defined]


def _default(services: AppServices) -> int:
    engine = services.users.engine  # type: ignore[attr-defined]
    return find_organisation(engine, "default").organisation_id


@pytest.fixture
def web(services: AppServices) -> Iterator[TestClient]:
    from fleetplan.web import create_app
    from fleetplan.web.scenario_service import bind_scenario_store

    if "app" not in _APP:  # one NiceGUI app per process, shared with test_pages
        _APP["app"] = create_app(services)
    set_services(services)
    bind_scenario_store(None)
    with TestClient(_APP["app"]) as client:
        yield client


def _login(client: TestClient, username: str) -> None:
    response = client.post(
        "/login/submit",
        data={"username": username, "password": PASSWORD},
        follow_redirects=False,
    )
    assert (response.status_code, response.headers["location"]) == (303, "/")


def test_the_page_lists_organisations_by_name_for_the_platform_admin(
    web: TestClient, services: AppServices
) -> None:
    assert act.create(ADMIN, "herlev", "Herlev Kommune").ok
    _login(web, "platform")
    page = web.get("/platform").text
    assert "org-table" in page and "nav-platform" in page
    assert "Herlev Kommune" in page and "anna" in page  # names, admins by name
    assert "Kun platformsadministratorer" not in page


def test_an_organisation_admin_sees_neither_the_page_nor_its_link(
    web: TestClient,
) -> None:
    _login(web, "anna")
    page = web.get("/platform").text
    assert "Kun platformsadministratorer" in page
    assert "org-table" not in page and "Herlev" not in page
    assert "nav-platform" not in web.get("/settings").text


@pytest.mark.parametrize("language", ["da", "en"])
def test_refusals_are_translated(services: AppServices, language: str) -> None:
    bad = act.create(ADMIN, "Bad Slug!", "x")
    taken = act.create(ADMIN, "default", "Again")
    assert (bad.key, taken.key) == ("orgs.err.slug", "orgs.err.taken")
    assert act.create(ADMIN, "herlev", "Herlev").ok
    herlev = find_organisation(services.users.engine, "herlev")  # type: ignore[attr-defined]
    stolen = act.set_admin(ADMIN, herlev.organisation_id, "anna", "admin", "")
    short = act.set_admin(ADMIN, herlev.organisation_id, "bo", "admin", "kort")
    assert (stolen.key, short.key) == ("orgs.err.user_taken", "platform.err.password")
    for outcome, part in (
        (bad, "bad slug!"),  # as lower-cased
        (taken, "default"),
        (stolen, "anna"),
        (short, "8"),
    ):
        message = translate(language, outcome.key, **outcome.params)
        assert part in message and "{" not in message and outcome.key not in message


def test_actions_are_refused_once_the_user_is_no_platform_admin(
    services: AppServices,
) -> None:
    """The page's user is re-read from the database before each action: a
    platform administrator demoted since the page loaded cannot act, and an
    organisation's admin never can."""
    anna = services.users.get("anna")
    assert anna is not None
    assert act.create(anna, "herlev", "Herlev").key == "platform.err.forbidden"
    services.users.save(replace(ADMIN, password_hash=None, platform_admin=False))
    assert act.create(ADMIN, "herlev", "Herlev").key == "platform.err.forbidden"
    assert act.set_admin(ADMIN, 1, "bo", "admin", "").key == "platform.err.forbidden"
