"""Server-side page checks through HTTP: redirects, roles, language, content."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role
from fleetplan.api.services import set_services
from fleetplan.web.shell import NAVIGATION
from tests.api.conftest import PASSWORD
from tests.api.conftest import needs_dataset as needs_dataset  # the fixture
from tests.api.conftest import services as services  # the fixture

_APP: dict[str, FastAPI] = {}


@pytest.fixture
def web(services: AppServices) -> Iterator[TestClient]:
    """One NiceGUI app per process (NiceGUI is global); fresh services per test."""
    from fleetplan.web import create_app
    from fleetplan.web.scenario_service import bind_scenario_store

    if "app" not in _APP:
        _APP["app"] = create_app(services)
    set_services(services)
    # an earlier test's build_services (schemathesis, test_server) bound its own
    # database process-wide; Scenarier would list that instead of these services'
    bind_scenario_store(None)
    with TestClient(_APP["app"]) as client:
        yield client


def _login(client: TestClient, role: Role) -> None:
    response = client.post(
        "/login/submit",
        data={"username": f"{role.value}er", "password": PASSWORD},
        follow_redirects=False,
    )
    assert (response.status_code, response.headers["location"]) == (303, "/")


@pytest.mark.parametrize("path", [p for p, _k, _i in NAVIGATION])
def test_pages_redirect_to_login_without_session(web: TestClient, path: str) -> None:
    response = web.get(path, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login")


def test_login_form_rejects_wrong_password_and_foreign_origin(web: TestClient) -> None:
    wrong = web.post(
        "/login/submit",
        data={"username": "reader", "password": "nope"},
        follow_redirects=False,
    )
    assert wrong.headers["location"] == "/login?error=1"
    foreign = web.post(
        "/login/submit",
        data={"username": "reader", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert foreign.headers["location"] == "/login?error=1"
    assert "fleetplan_session" not in web.cookies


def test_wrong_password_keeps_the_typed_name_and_points_to_an_admin(
    web: TestClient,
) -> None:
    web.post(
        "/login/submit",
        data={"username": "bø.læser", "password": "forkert-kode"},
        follow_redirects=False,
    )
    page = web.get("/login?error=1").text
    assert "bø.læser" in page and "forkert-kode" not in page
    assert "spørg en administrator" in page and "fleetplan user add" not in page
    # Only after a failed attempt: a fresh visit starts with an empty field.
    _login(web, Role.READ)
    assert "bø.læser" not in web.get("/login").text


@pytest.mark.usefixtures("needs_dataset")
def test_every_page_renders_for_a_reader_in_danish(web: TestClient) -> None:
    _login(web, Role.READ)
    for path, _key, _icon in NAVIGATION:
        response = web.get(path)
        assert response.status_code == 200, path
        assert "Forside" in response.text and "Indstillinger" in response.text
    settings = web.get("/settings").text
    assert "Kun administratorer" in settings
    assert "user-table" not in settings


@pytest.mark.usefixtures("needs_dataset")
def test_admin_sees_users_and_language_switches(web: TestClient) -> None:
    _login(web, Role.ADMIN)
    settings = web.get("/settings").text
    assert "user-table" in settings and "disable-user" in settings
    switch = web.get("/lang/en?next=/vehicles", follow_redirects=False)
    assert (switch.status_code, switch.headers["location"]) == (303, "/vehicles")
    page = web.get("/vehicles").text
    assert "Vehicles" in page and "Make and model" in page
    off_site = web.get("/lang/da?next=https://evil.example/", follow_redirects=False)
    assert off_site.headers["location"] == "/"


@pytest.mark.usefixtures("needs_dataset")
def test_home_shows_key_figures(web: TestClient) -> None:
    _login(web, Role.WRITE)
    page = web.get("/").text
    for testid in ("kf-vehicles", "kf-km", "kf-co2e", "kf-fossil-free", "kf-idle"):
        assert testid in page


def test_simulation_page_shows_stored_result_and_hides_run_from_readers(
    web: TestClient, services: AppServices
) -> None:
    """A finished job's result is shown by its link; without one each user sees
    their own newest run only (issue 16: a reader never opens on a writer's)."""
    job_id = services.jobs.submit(
        "simulate.current", services.job_kinds["simulate.current"]({}), owner="writeer"
    )
    assert services.jobs.wait(job_id, timeout_s=120).result is not None
    _login(web, Role.READ)
    assert "sim-figures" not in web.get("/simulation").text
    page = web.get(f"/simulation?job={job_id}").text
    assert "sim-figures" in page and "Samlede omkostninger" in page
    assert "sim-run" not in page
    assert "Din rolle kan se resultater" in page
    web.cookies.clear()
    _login(web, Role.WRITE)
    assert "sim-figures" in web.get("/simulation").text  # the writer's own run
    page = web.get(f"/simulation?job={job_id}").text
    assert "sim-run" in page and "sim-figures" in page


def test_still_allowed_rereads_the_user(services: AppServices) -> None:
    """A user demoted or deactivated after the page loaded can no longer act."""
    from fleetplan.api.users import update_user
    from fleetplan.web.auth import still_allowed

    set_services(services)
    writer = services.users.get("writeer")
    assert writer is not None and still_allowed(writer, Role.WRITE)
    update_user(services.users, "writeer", role=Role.READ)
    assert not still_allowed(writer, Role.WRITE)
    update_user(services.users, "writeer", role=Role.WRITE, active=False)
    assert not still_allowed(writer, Role.WRITE)


@pytest.mark.usefixtures("needs_dataset")
def test_a_deactivated_user_is_refused_at_the_next_page(
    web: TestClient, services: AppServices
) -> None:
    """The page login reads the session and the user in a worker thread, still
    on every page: deactivation bites at once, and the redirect is the login."""
    from fleetplan.api.users import update_user

    _login(web, Role.WRITE)
    for path in ("/", "/vehicles"):
        assert web.get(path, follow_redirects=False).status_code == 200, path
    update_user(services.users, "writeer", active=False)
    for path in ("/", "/vehicles", "/analysis"):
        refused = web.get(path, follow_redirects=False)
        assert (refused.status_code, refused.headers["location"]) == (303, "/login")
    update_user(services.users, "writeer", active=True)  # its sessions stay ended
    assert web.get("/vehicles", follow_redirects=False).status_code == 303
    _login(web, Role.WRITE)
    assert web.get("/vehicles", follow_redirects=False).status_code == 200


@pytest.mark.usefixtures("needs_dataset")
def test_scenarios_listed_on_home_and_scenarios_page(
    web: TestClient, services: AppServices
) -> None:
    from datetime import datetime

    from fleetplan.domain import Scenario, ScenarioKind

    saved = Scenario(
        "Færre benzinbiler",
        ScenarioKind.SIMULATION,
        "dk-2025",
        {},
        created_at=datetime(2026, 11, 20, 9, 30),
        scenario_id=7,
    )
    services.list_scenarios = lambda: [saved]
    _login(web, Role.READ)
    for path in ("/", "/scenarios"):
        page = web.get(path).text
        assert "scenario-table" in page and "Færre benzinbiler" in page, path
    assert "lowest-use" in web.get("/").text


def test_vehicle_filters_from_the_url(web: TestClient, services: AppServices) -> None:
    """?fuel=electric shows only the electric vehicles (count in the caption)."""
    data = services.load_dataset()
    electric = sum(1 for v in data.current_vehicles if v.fuel.value == "electric")
    assert 0 < electric < len(data.current_vehicles)
    _login(web, Role.READ)
    page = web.get("/vehicles?fuel=electric").text
    assert f"{electric} køretøjer" in page
    assert f"{len(data.current_vehicles)} køretøjer" in web.get("/vehicles").text


def test_filter_rows_combines_filters() -> None:
    from fleetplan.web.pages.vehicles import filter_rows

    rows = [
        {"location": "1", "fuel": "petrol", "status_values": ["ok"]},
        {"location": "1", "fuel": "electric", "status_values": ["inactive"]},
        {"location": "2", "fuel": "electric", "status_values": ["ok", "lease_ended"]},
    ]
    assert filter_rows(rows, {}) == rows
    assert filter_rows(rows, {"fuel": "electric"}) == rows[1:]
    assert filter_rows(rows, {"fuel": "electric", "location": "2"}) == rows[2:]
    assert filter_rows(rows, {"status": "lease_ended"}) == rows[2:]
    assert filter_rows(rows, {"status": "ok", "location": "1"}) == rows[:1]


@pytest.mark.usefixtures("needs_dataset")
def test_import_panel_only_for_writers(web: TestClient, services: AppServices) -> None:
    """The import (a write) is not even offered to readers; the server checks
    again on upload and save (still_allowed)."""

    def never(path: object, dry_run: bool) -> None:
        raise AssertionError("rendering the page must not import anything")

    services.import_tables = never  # type: ignore[assignment]
    _login(web, Role.READ)
    assert "import-upload" not in web.get("/vehicles").text
    web.cookies.clear()
    _login(web, Role.WRITE)
    page = web.get("/vehicles?imported=1").text
    assert "import-upload" in page and "import-saved" in page
