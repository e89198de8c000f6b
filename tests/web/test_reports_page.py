"""The Plan og rapporter page through HTTP (sent at once, filled in over the
websocket) and the report facts its empty states rest on."""

from __future__ import annotations

from datetime import date, datetime

from fastapi.testclient import TestClient

from fleetplan.analytics.report_service import (
    PlanSettings,
    business_report,
    green_report,
    transition_report,
)
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
DATA = Dataset((Location("L", name="Rådhuset"),), (EV,), meta={"period": PERIOD})


def test_page_is_sent_at_once_with_a_spinner(
    web: TestClient, services: AppServices
) -> None:
    """The reports are computed after the browser connects, so a slow dataset
    cannot hit NiceGUI's 3 s page-build limit."""
    services.load_dataset = lambda: DATA
    _login(web, Role.READ)
    response = web.get("/reports")
    assert response.status_code == 200
    assert translate("da", "rep.loading") in response.text


def test_an_all_electric_fleet_without_trips() -> None:
    """What the page shows as empty states: no plan steps, no green-accounts rows;
    the EV that never drove needs no charge point; the business case still runs
    (nothing changes: fleet saving 0, net = −the tool's cost)."""
    today = date(2026, 6, 1)
    settings = PlanSettings(target_year=2027)
    report = transition_report(DATA, today=today, settings=settings)
    assert report.plan.steps == ()
    (row,) = report.outlook.chargers
    assert (row.evs, row.charge_points, row.new_points) == (1, 0, 0)
    green = green_report(DATA)
    assert green.fuels.rows == () and green.to_rows()["by_fuel"] == []
    case = business_report(DATA, today=today, settings=settings)
    first, second = case.years
    assert (first.fleet_saving_dkk, second.fleet_saving_dkk) == (0, 0)
    assert second.net_saving_dkk == -second.tool_cost_dkk
