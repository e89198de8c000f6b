"""Front-page key figures on a hand-made three-vehicle fleet."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from fleetplan.api.overview import key_figures, month_of
from fleetplan.domain import Dataset, Fuel, Location, Roundtrip, Vehicle, VehicleType
from fleetplan.economics import (
    DEFAULT_FACTOR_SET_NAME,
    get_builtin_factor_set,
    usage_rates,
)

EV = Vehicle("ev1", VehicleType.EV, Fuel.ELECTRIC, wltp_wh_per_km=200, location_id="L")
PETROL = Vehicle(
    "ice1", VehicleType.ICE, Fuel.PETROL, wltp_km_per_l=20, location_id="L"
)
NO_WLTP = Vehicle("ice2", VehicleType.ICE, Fuel.PETROL, location_id="L")


def _trip(n: int, vehicle: str, start: datetime, km: float) -> Roundtrip:
    return Roundtrip(f"r{n}", vehicle, "L", start, start + timedelta(hours=1), km)


def _dataset() -> Dataset:
    monday = datetime(2026, 11, 2, 8)
    trips = [_trip(i, "ev1", monday + timedelta(days=i), 20.0) for i in range(5)]
    trips += [
        _trip(10, "ice1", monday, 50.0),
        _trip(11, "ice2", monday, 10.0),
        _trip(12, "ev1", datetime(2026, 10, 30, 8), 999.0),  # October: not counted
    ]
    return Dataset((Location("L"),), (EV, PETROL, NO_WLTP), tuple(trips))


def test_key_figures_of_newest_month() -> None:
    """November 2026: km = 5×20 + 50 + 10 = 160; fossil-free share = 100/160 =
    0.625; CO2e = 100 km × EV rate + 50 km × petrol rate (ice2 has no WLTP and is
    listed, not guessed); 21 working days (2–6, 9–13, 16–20, 23–27, 30 Nov): ev1
    used on 5 (23.8 % >= 20 %), ice1 and ice2 on 1 each -> 2 idle; location L's
    mean share of working days used = (5 + 1 + 1) / (3 × 21) = 7/63."""
    factors = get_builtin_factor_set(DEFAULT_FACTOR_SET_NAME)
    figures = key_figures(_dataset(), factors)
    assert figures.vehicles == 3
    assert figures.month == month_of(datetime(2026, 11, 15))
    assert figures.distance_km == pytest.approx(160.0)
    assert figures.fossil_free_km_share == pytest.approx(0.625)
    expected = (
        100 * usage_rates(EV, factors).co2e_kg_per_km
        + 50 * usage_rates(PETROL, factors).co2e_kg_per_km
    )
    assert figures.co2e_kg == pytest.approx(expected)
    assert figures.co2e_kg > 0
    assert figures.co2e_missing_vehicles == ("ice2",)
    assert figures.idle_vehicles == 2
    (use,) = figures.location_use  # mean of 5/21, 1/21, 1/21 = 7/63
    assert (use.location_id, use.vehicles) == ("L", 3)
    assert use.mean_share_of_working_days_used == pytest.approx(7 / 63)


def test_key_figures_without_trips_or_factors() -> None:
    empty = Dataset((Location("L"),), (EV,))
    figures = key_figures(empty, None)
    assert (figures.vehicles, figures.month, figures.co2e_kg) == (1, None, None)
    assert key_figures(_dataset(), None).co2e_kg is None


def test_month_of_december_rolls_over() -> None:
    period = month_of(datetime(2026, 12, 31, 23, 59))
    assert (period.start, period.end) == (datetime(2026, 12, 1), datetime(2027, 1, 1))
