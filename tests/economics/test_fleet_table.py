"""The per-vehicle TCO/LCA table of a dataset."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest

from fleetplan.domain import Dataset, Location, Period, Roundtrip
from fleetplan.economics import EconKey, fleet_economics, km_by_vehicle
from tests.economics.helpers import dk, ev, petrol

START = datetime(2025, 3, 3)
PERIOD = Period(START, START + timedelta(days=10))


def _trip(trip_id: str, vehicle_id: str, day: int, km: float) -> Roundtrip:
    start = START + timedelta(days=day, hours=8)
    return Roundtrip(trip_id, vehicle_id, "L", start, start + timedelta(hours=2), km)


def _dataset() -> Dataset:
    return Dataset(
        locations=(Location("L", "Rådhus"),),
        vehicles=(
            ev(150.0, annual_cost_dkk=30_000.0),
            petrol(20.0, annual_cost_dkk=25_000.0),
        ),
        roundtrips=(
            _trip("1", "ev1", 0, 60.0),
            _trip("2", "ev1", 9, 40.0),
            _trip("3", "ev1", 10, 500.0),  # starts at the period end: outside
        ),
    )


def test_km_by_vehicle_counts_trips_starting_in_period() -> None:
    assert km_by_vehicle(_dataset().roundtrips, PERIOD) == {"ev1": 100.0}


def test_fleet_economics_hand_computed() -> None:
    """dk-2025 with a one-year evaluation (annuity of one year = the year-1 cost):
    100 km in 10 days → 3,650 km/yr; energy 3,650 × 0.15 × 2.31 = 1,264.725 kr;
    547.5 kWh × 0.07 = 38.325 kg → 57.4875 kr; total 30,000 + 1,264.725 + 57.4875
    = 31,322.2125 kr → 8.5814 kr/km. LCA: 8,000 + 300 km × 0.15 kWh/km × 83.5 =
    11,757.5 kg over 3,650 × 15 = 54,750 km = 0.214749 + 0.0105 = 0.225249 kg/km."""
    factors = dk().with_values({EconKey.EVALUATION_YEARS: 1}, "test")
    rows = {r.vehicle_id: r for r in fleet_economics(_dataset(), factors, PERIOD)}
    car = rows["ev1"]
    assert car.period_km == 100.0
    assert car.yearly_km == pytest.approx(3_650.0)
    assert car.energy_dkk_per_year == pytest.approx(1_264.725)
    assert car.co2e_kg_per_year == pytest.approx(38.325)
    assert car.societal_co2e_dkk_per_year == pytest.approx(57.4875)
    assert car.total_dkk_per_year == pytest.approx(31_322.2125)
    assert car.tco_dkk_per_km == pytest.approx(31_322.2125 / 3_650)
    assert car.lifecycle_co2e_kg_per_km == pytest.approx(0.225249, abs=1e-6)
    idle = rows["p1"]
    assert idle.yearly_km == 0.0
    assert idle.total_dkk_per_year == 25_000.0
    assert math.isinf(idle.tco_dkk_per_km)
    assert math.isinf(idle.lifecycle_co2e_kg_per_km)
    # 8,000 ÷ 15 = 533.33 kg a year of production for an idle medium car
    assert idle.lifecycle_co2e_kg_per_year == pytest.approx(533.333, abs=1e-3)


def test_no_roundtrips_no_period() -> None:
    data = Dataset(locations=(), vehicles=(ev(annual_cost_dkk=1.0),))
    (row,) = fleet_economics(data, dk())
    assert (row.yearly_km, row.total_dkk_per_year) == (0.0, 1.0)
