"""Elbil-egnethed: the page's table names vehicles, models and locations (never
ids alone), lists the EVs that fit and says why the others do not."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from fleetplan.analytics.suitability_service import suitability_report
from fleetplan.api import AppServices, Role
from fleetplan.domain import Dataset, Fuel, Location, Roundtrip
from fleetplan.web.pages.suitability import suitability_table
from fleetplan.web.reports_tables import headers, xlsx_rows
from fleetplan.web.translate import translate
from tests.analytics.helpers import car
from tests.api.conftest import services as services  # the fixture
from tests.web.test_pages import _login
from tests.web.test_pages import web as web  # the fixture


def _data() -> Dataset:
    """P1 (a lift van, 60 km a day) at Rådhuset; two catalogue EVs of 300 km:
    one with a lift (fits), one without (why not: the lift)."""
    trips = tuple(
        Roundtrip(
            f"r{d}",
            "P1",
            "L1",
            datetime(2026, 3, d, 8),
            datetime(2026, 3, d, 15),
            60.0,
        )
        for d in (2, 3, 4)
    )
    van = car("P1", wheelchair_lift=True, seats=5)
    evs = [
        car(
            vid,
            fuel=Fuel.ELECTRIC,
            candidate=True,
            location=None,
            range_km=300.0,
            wltp_wh_per_km=200.0,
            battery_kwh=60.0,
            wheelchair_lift=lift,
            seats=5,
            model=name,
        )
        for vid, lift, name in (("E1", True, "Lift-EV"), ("E2", False, "Plain-EV"))
    ]
    return Dataset((Location("L1", name="Rådhuset"),), (van, *evs), roundtrips=trips)


def test_table_names_fits_and_why_not() -> None:
    data = _data()
    report = suitability_report(data)
    table = suitability_table(report.vehicles, data, "da")
    (row,) = table.records
    assert row["plate"] == "ABP1" and row["location"] == "Rådhuset"
    assert "Lift-EV" in row["fitting"] and "Plain-EV" not in row["fitting"]
    assert row["why_not"].split(":")[0].endswith("Plain-EV")  # its make and model
    assert translate("da", "suit.why.lift") in row["why_not"]
    assert translate("en", "rep.col.suitability.fitting") in headers(table, "en")
    assert xlsx_rows(table, "da")[0][:3] == ["ABP1", "Make Model", "Rådhuset"]


def test_page_answers(web: TestClient, services: AppServices) -> None:
    services.load_dataset = _data
    _login(web, Role.READ)
    response = web.get("/suitability")
    assert response.status_code == 200
    assert translate("da", "suit.page.intro") in response.text
