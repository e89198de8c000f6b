"""The report routes on a hand-made two-car fleet with one candidate (hand-checked).

Period 1-11 Jan 2026 (10 days, yearly factor 36.5). F1 (petrol, 20 km/l) drives
50 km on 1 Jan and 30 km on 2 Jan; E1 (EV, 200 Wh/km) drives 100 km on 1 Jan, at the
same time as F1, so the group's peak is 2 and F1 cannot be removed: it is replaced
by the candidate C (the only one) in its lease-end year 2027.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role
from fleetplan.domain import Dataset, Fuel, Location, Roundtrip, Vehicle, VehicleType
from fleetplan.economics import (
    DEFAULT_FACTOR_SET_NAME,
    get_builtin_factor_set,
    usage_rates,
)
from tests.api.conftest import login

F1 = Vehicle(
    "F1",
    VehicleType.ICE,
    Fuel.PETROL,
    wltp_km_per_l=20,
    annual_cost_dkk=30_000,
    location_id="L",
    administration="Teknik",
    lease_end=date(2027, 3, 31),
    seats=5,
)
E1 = Vehicle(
    "E1",
    VehicleType.EV,
    Fuel.ELECTRIC,
    wltp_wh_per_km=200,
    annual_cost_dkk=40_000,
    location_id="L",
    administration="Social",
    battery_kwh=50,
    range_km=250,
    seats=5,
)
C = Vehicle(
    "C",
    VehicleType.EV,
    Fuel.ELECTRIC,
    make="Test",
    model="EV",
    wltp_wh_per_km=150,
    annual_cost_dkk=35_000,
    battery_kwh=60,
    range_km=400,
    seats=5,
    is_candidate=True,
)
TODAY = "2026-06-01"


def _trip(n: int, vid: str, start: datetime, km: float) -> Roundtrip:
    return Roundtrip(f"r{n}", vid, "L", start, start + timedelta(hours=3), km)


DATA = Dataset(
    (Location("L", name="Rådhuset"),),
    (F1, E1, C),
    (
        _trip(1, "F1", datetime(2026, 1, 1, 8), 50),
        _trip(2, "F1", datetime(2026, 1, 2, 8), 30),
        _trip(3, "E1", datetime(2026, 1, 1, 9), 100),
    ),
    meta={"period": {"start": "2026-01-01T00:00:00", "end": "2026-01-11T00:00:00"}},
)


@pytest.fixture
def reader(services: AppServices, client: TestClient) -> TestClient:
    services.load_dataset = lambda: DATA
    login(client, Role.READ)
    return client


def _energy(vehicle: Vehicle) -> float:
    factors = get_builtin_factor_set(DEFAULT_FACTOR_SET_NAME)
    return usage_rates(vehicle, factors).energy_cost_dkk_per_km


def test_transition_plan_fleet_per_year_and_chargers(reader: TestClient) -> None:
    """January: each day's km ÷ the range factor 0.80 (economics.winter). F1 needs
    the 95th percentile of [62.5, 37.5] = 37.5 + 0.95 × 25 = 61.25 km. Yearly km:
    F1 80 × 36.5 = 2,920, E1 3,650. TTW today 2,920 × 0.1125 = 328.5 kg; fixed
    70,000 today and in 2026, 75,000 in 2027. Chargers at L by the plug-in rule
    (``domain.charging``, the MILP's and the report's): E1 and C (driving F1's days)
    need a few kWh a night at 22 kW, an hour or two each in a stay of over 12 h,
    so they share one point in turn: 1 point, 22 kW, the one E1 needs today."""
    response = reader.get(
        "/api/v1/reports/transition",
        params={"today": TODAY, "target_year": 2027, "charger_kw": 22},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    (step,) = body["tables"]["plan"]
    assert step["vehicle_id"] == "F1"
    assert (step["action"], step["replacement_id"], step["year"]) == (
        "replace",
        "C",
        2027,
    )
    assert step["needed_range_km"] == pytest.approx(61.2)
    today, y26, y27 = body["tables"]["fleet_per_year"]
    assert today["year"] is None
    assert (today["fossil_vehicles"], today["fossil_km"]) == (1, 2920.0)
    assert today["fossil_free_km"] == 3650.0
    assert today["co2e_ttw_t"] == pytest.approx(0.3285)
    assert (today["fixed_cost_dkk"], y26["fixed_cost_dkk"]) == (70_000, 70_000)
    assert (y27["year"], y27["replaced"], y27["fossil_vehicles"]) == (2027, 1, 0)
    assert (y27["fixed_cost_dkk"], y27["co2e_ttw_t"]) == (75_000, 0)
    assert y27["energy_cost_dkk"] == pytest.approx(
        2920 * _energy(C) + 3650 * _energy(E1), abs=0.01
    )
    (charger,) = body["tables"]["chargers"]
    assert (charger["location_id"], charger["evs"], charger["charge_points"]) == (
        "L",
        2,
        1,
    )
    assert charger["total_kw"] == 22.0
    # E1 alone needs one point: no new point
    assert (charger["today_points"], charger["new_points"]) == (1, 0)
    assert body["period_start"].startswith("2026-01-01")


def test_green_accounts_by_administration_and_fuel(reader: TestClient) -> None:
    """2026: 180 km, fossil-free 100/180 = 0.5556; TTW 80 × 0.1125 = 9 kg. By fuel:
    petrol 80 km = 4 l; electric 100 km = 20 kWh. From 2 Jan: F1's 30 km only."""
    body = reader.get("/api/v1/reports/green-accounts").json()
    rows = {r["administration"]: r for r in body["tables"]["green_accounts"]}
    assert set(rows) == {"Social", "Teknik", "*"}
    assert rows["*"]["distance_km"] == 180
    assert rows["*"]["fossil_free_share"] == pytest.approx(0.5556)
    assert rows["*"]["co2e_ttw_t"] == pytest.approx(0.009)
    fuels = {r["fuel"]: r for r in body["tables"]["by_fuel"]}
    assert (fuels["petrol"]["distance_km"], fuels["petrol"]["fuel_l"]) == (80, 4)
    assert fuels["electric"]["electricity_kwh"] == 20
    later = reader.get(
        "/api/v1/reports/green-accounts",
        params={"start": "2026-01-02", "end": "2026-01-11"},
    ).json()
    assert [r["distance_km"] for r in later["tables"]["by_fuel"]] == [30]


def test_business_case_investment_savings_and_break_even(reader: TestClient) -> None:
    """Chargers by the plug-in rule (``domain.charging``): E1 (20 kWh a day) and C
    (7.35 kWh) charge in turn at 11 kW in stays of over 12 h (``overnight_h`` is
    only the first day's assumed stay): 1 point after the plan, 1 today -> none new.
    Investment 5,000. 2026 (nothing changes): net −(1,000 + 5,000) = −6,000; 2027:
    fleet saving = −5,000 (fixed) + 2,920 × (F1's − C's energy cost per km);
    break-even 6,000/10,000 = 0.6 then 0.1."""
    response = reader.get(
        "/api/v1/reports/business-case",
        params={
            "today": TODAY,
            "target_year": 2027,
            "tool_dkk_per_year": 1_000,
            "one_off_dkk": 5_000,
            "saving_per_removed_vehicle_dkk": 10_000,
            "charge_point_dkk": 2_000,
            "overnight_h": 2,
        },
    )
    assert response.status_code == 200, response.text
    tables = response.json()["tables"]
    (summary,) = tables["summary"]
    assert summary["investment_dkk"] == 5_000
    y26, y27 = tables["per_year"]
    assert (y26["fleet_saving_dkk"], y26["net_saving_dkk"]) == (0, -6_000)
    assert y26["vehicles_to_phase_out"] == 0.6
    saving = -5_000 + 2_920 * (_energy(F1) - _energy(C))
    assert y27["fleet_saving_dkk"] == pytest.approx(saving, abs=0.01)
    assert y27["net_saving_dkk"] == pytest.approx(saving - 1_000, abs=0.01)
    assert y27["co2e_reduction_t"] > 0.3285  # TTW gone; WTW is larger
    assert y27["vehicles_to_phase_out"] == 0.1
    assert summary["payback_year"] == (2027 if saving - 9_000 >= 0 else None)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("transition", {"today": TODAY, "target_year": 2020}),
        ("transition", {"charger_kw": 0}),
        ("transition", {"co2_price_dkk_per_t": -1}),
        ("transition", {"charger_cap": -1}),  # the form's PlanInputs rules
        ("business-case", {"charger_cap": 2_000}),
        ("green-accounts", {"start": "2026-01-02"}),
        ("green-accounts", {"start": "2026-01-05", "end": "2026-01-02"}),
        ("business-case", {"today": TODAY, "range_percentile": 120}),
    ],
)
def test_bad_inputs_are_422(reader: TestClient, path: str, params: dict) -> None:
    response = reader.get(f"/api/v1/reports/{path}", params=params)
    assert response.status_code == 422, response.text


def test_transition_engine_row_milp_by_default_rule_on_request(
    reader: TestClient,
) -> None:
    """The MILP plans by default and says so (status, proven gap, the rule's total
    by the same cost function, never below its own); engine=rule gives the rule's
    plan with no engine row; a bad CO2e view is a 422."""
    params = {"today": TODAY, "target_year": 2027}
    body = reader.get("/api/v1/reports/transition", params=params).json()
    (engine,) = body["tables"]["engine"]
    assert (engine["engine"], engine["status"]) == ("milp", "optimal")
    assert engine["gap"] <= 1e-4
    assert engine["total_dkk"] <= engine["rule_total_dkk"]
    assert engine["lower_bound_dkk"] <= engine["total_dkk"]
    rule = reader.get(
        "/api/v1/reports/transition", params={**params, "engine": "rule"}
    ).json()
    assert "engine" not in rule["tables"]
    lca = {**params, "co2e_view": "lca"}
    assert reader.get("/api/v1/reports/transition", params=lca).status_code == 200
    bad = {**params, "co2e_view": "ttw"}
    assert reader.get("/api/v1/reports/transition", params=bad).status_code == 422
