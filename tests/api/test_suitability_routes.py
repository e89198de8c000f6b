"""GET /suitability on a hand-made fleet: the January oracle through the API.

P1 (petrol) parks 16 h a night and drives 170 km on 12-14 Jan and 190 km on 1-3
Jun; the catalogue EV E200 has 200 km at 200 Wh/km (40 kWh). A full battery in
January gives 200 × 0.80 = 160 km < 170: it fails on 3 January days only. E1 (an
EV of the register) parks at the same location.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role
from fleetplan.domain import Dataset, Fuel, Location, Roundtrip, Vehicle, VehicleType
from tests.api.conftest import login

P1 = Vehicle(
    "P1", VehicleType.ICE, Fuel.PETROL, wltp_km_per_l=20, location_id="L", seats=5
)
E1 = Vehicle(
    "E1",
    VehicleType.EV,
    Fuel.ELECTRIC,
    wltp_wh_per_km=200,
    battery_kwh=60,
    range_km=300,
    location_id="L",
    seats=5,
)
E200 = Vehicle(
    "E200",
    VehicleType.EV,
    Fuel.ELECTRIC,
    make="Test",
    model="EV 200",
    wltp_wh_per_km=200,
    battery_kwh=40,
    range_km=200,
    seats=5,
    is_candidate=True,
)


def _trip(rid: str, vid: str, month: int, day: int, km: float) -> Roundtrip:
    start = datetime(2026, month, day, 8)
    return Roundtrip(rid, vid, "L", start, start.replace(hour=16), km)


TRIPS = [_trip("j0", "P1", 1, 5, 50)]
TRIPS += [_trip(f"j{d}", "P1", 1, d, 170) for d in (12, 13, 14)]
TRIPS += [_trip(f"s{d}", "P1", 6, d, 190) for d in (1, 2, 3)]
TRIPS += [_trip(f"e{d}", "E1", 6, d, 100) for d in (1, 2, 3)]
DATA = Dataset(
    (Location("L", name="Rådhuset"),),
    (P1, E1, E200),
    tuple(TRIPS),
    meta={"period": {"start": "2026-01-01T00:00:00", "end": "2026-07-01T00:00:00"}},
)


@pytest.fixture
def reader(services: AppServices, client: TestClient) -> TestClient:
    services.load_dataset = lambda: DATA
    login(client, Role.READ)
    return client


def test_the_january_vehicle_in_both_languages(reader: TestClient) -> None:
    """Danish by default, English with lang=en; the reason is also data."""
    body = reader.get("/api/v1/suitability").json()
    (row,) = body["vehicles"]
    assert (row["vehicle_id"], row["suitable"], row["days_driven"]) == ("P1", [], 7)
    (fit,) = row["candidates"]
    assert fit["text"] == "3 dage i januar over 160 km med 16 t hjemme"
    assert fit["reasons"] == [
        {
            "code": "short_days",
            "key": "suit.why.short_days",
            "params": {"count": 3, "month": 1, "km": 160, "hours": 16.0},
        }
    ]
    assert [d["day"] for d in fit["short_days"]] == [
        "2026-01-12",
        "2026-01-13",
        "2026-01-14",
    ]
    english = reader.get("/api/v1/suitability", params={"lang": "en"}).json()
    text = english["vehicles"][0]["candidates"][0]["text"]
    assert text == "3 days in January above 160 km with 16 h at home"
    assert body["factor_set"] == "dk-2025"


def test_chargers_today_and_with_the_suitable_evs(reader: TestClient) -> None:
    """Today E1 alone at L: 1 point of 11 kW, 30,000 + 11 × 1,000 = 41,000 kr.
    P1 has no suitable EV, so 'all suitable' is the same. A 22 kW point at L
    (location_kw L:22) does not help P1: 16 h at 11 kW already fill the 40 kWh
    battery, and the battery limits January; the points become 22 kW."""
    body = reader.get("/api/v1/suitability").json()
    (today,) = body["chargers_today"]
    assert (today["location_id"], today["evs"], today["charge_points"]) == ("L", 1, 1)
    assert (today["kw_per_point"], today["cost_dkk"]) == (11.0, 41_000.0)
    assert body["chargers_all_suitable"] == body["chargers_today"]
    fast = reader.get("/api/v1/suitability", params={"location_kw": "L:22"}).json()
    assert fast["vehicles"][0]["charger_kw"] == 22.0
    assert fast["vehicles"][0]["suitable"] == []
    assert fast["chargers_today"][0]["kw_per_point"] == 22.0


@pytest.mark.parametrize("bad", ["L", "L:0", "L:x", ":22", "L:1000"])
def test_a_malformed_location_kw_is_refused(reader: TestClient, bad: str) -> None:
    response = reader.get("/api/v1/suitability", params={"location_kw": bad})
    assert response.status_code == 422
    assert "id:kW" in response.json()["message"]
