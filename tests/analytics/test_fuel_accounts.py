"""Green-accounts figures by fuel on three hand-made vehicles."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from fleetplan.analytics.fuel_accounts import UNKNOWN_FUEL, fuel_accounts
from fleetplan.domain import Fuel, Roundtrip, Vehicle, VehicleType
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set

PETROL = Vehicle("p", VehicleType.ICE, Fuel.PETROL, wltp_km_per_l=20)
EV = Vehicle("e", VehicleType.EV, Fuel.ELECTRIC, wltp_wh_per_km=200)
NO_WLTP = Vehicle("x", VehicleType.ICE, Fuel.PETROL)


def _trip(n: int, vid: str, year: int, km: float) -> Roundtrip:
    start = datetime(year, 3, 1, 8) + timedelta(days=n)
    return Roundtrip(f"r{n}", vid, "L", start, start + timedelta(hours=1), km)


def test_litres_kwh_and_co2e_per_year_and_fuel() -> None:
    """dk-2025: petrol 2.25 kg TTW and 2.71 kg WTW per litre; electricity 0.07 kg
    WTW per kWh. 2025 petrol: p 100 km at 20 km/l = 5 l -> 11.25 / 13.55 kg; x adds
    50 km unrated. 2025 electric: 300 km × 0.2 = 60 kWh -> 4.2 kg WTW. 2026: p 40 km
    = 2 l; a vehicle not in the register adds 10 km under (unknown)."""
    factors = get_builtin_factor_set(DEFAULT_FACTOR_SET_NAME)
    trips = [
        _trip(0, "p", 2025, 60),
        _trip(1, "p", 2025, 40),
        _trip(2, "x", 2025, 50),
        _trip(3, "e", 2025, 300),
        _trip(4, "p", 2026, 40),
        _trip(5, "gone", 2026, 10),
    ]
    result = fuel_accounts([PETROL, EV, NO_WLTP], trips, factors)
    rows = {(r.year, r.fuel): r for r in result.rows}
    assert list(rows) == [
        (2025, "electric"),
        (2025, "petrol"),
        (2026, UNKNOWN_FUEL),
        (2026, "petrol"),
    ]
    petrol = rows[(2025, "petrol")]
    assert (petrol.vehicles, petrol.distance_km) == (2, 150)
    assert petrol.fuel_l == pytest.approx(5.0)
    assert (petrol.co2e_ttw_kg, petrol.co2e_wtw_kg) == pytest.approx((11.25, 13.55))
    electric = rows[(2025, "electric")]
    assert electric.electricity_kwh == pytest.approx(60.0)
    assert (electric.co2e_ttw_kg, electric.co2e_wtw_kg) == pytest.approx((0, 4.2))
    assert rows[(2026, "petrol")].fuel_l == pytest.approx(2.0)
    assert rows[(2026, UNKNOWN_FUEL)].distance_km == 10
    assert result.unrated == ("x",)
    assert result.to_rows()["by_fuel"][1]["co2e_wtw_t"] == pytest.approx(0.0136)
