"""The Plan og rapporter page through HTTP: its empty states say what to do."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role
from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.web.translate import translate
from tests.api.conftest import services as services  # the fixture
from tests.web.test_pages import _login
from tests.web.test_pages import web as web  # the fixture

EV = Vehicle(
    "E1",
    VehicleType.EV,
    Fuel.ELECTRIC,
    wltp_wh_per_km=180,
    annual_cost_dkk=40_000,
    location_id="L",
    battery_kwh=50,
)
PERIOD = {"start": datetime(2026, 1, 1).isoformat(), "end": "2026-01-11T00:00:00"}


def test_no_vehicles_says_how_to_load_them(
    web: TestClient, services: AppServices
) -> None:
    services.load_dataset = lambda: Dataset((), ())
    _login(web, Role.READ)
    page = web.get("/reports").text
    assert "fleetplan demo" in page
    assert translate("da", "rep.tab.green") not in page


def test_an_all_electric_fleet_without_trips(
    web: TestClient, services: AppServices
) -> None:
    """Nothing to replace, no trips for the green accounts: both say so."""
    data = Dataset((Location("L", name="Rådhuset"),), (EV,), meta={"period": PERIOD})
    services.load_dataset = lambda: data
    _login(web, Role.READ)
    page = web.get("/reports").text
    assert translate("da", "rep.tab.green") in page
    assert "intet at udskifte" in page
    assert "Der er ingen ture i den valgte periode" in page
