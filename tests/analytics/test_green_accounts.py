"""Green accounts: hand-checked km, CO2e and fossil-free share per year."""

from __future__ import annotations

from datetime import datetime

import pytest

from fleetplan.analytics.green_accounts import green_accounts
from fleetplan.analytics.rates import KmRates
from fleetplan.domain import Fuel
from tests.analytics.helpers import car, trip


def test_per_year_and_administration() -> None:
    """Petrol car P (Social, 0.12/0.15/0.18 kg/km) and EV E (Teknik, 0/0.015/0.05).

    2025: P 100 km -> TTW 12 kg, WTW 15, LCA 18; E 50 km -> 0, 0.75, 2.5.
    Total 2025: 150 km, fossil-free 50/150 = 1/3, WTW 15.75 kg.
    2026: E 10 km only -> share 1.0. A ghost vehicle's 5 km is "(unknown)".
    """
    vehicles = [
        car("P", administration="Social"),
        car("E", administration="Teknik", fuel=Fuel.ELECTRIC),
    ]
    rates = {"P": KmRates(1.0, 0.12, 0.15, 0.18), "E": KmRates(0.3, 0.0, 0.015, 0.05)}
    trips = [
        trip("1", "P", datetime(2025, 5, 1, 8), datetime(2025, 5, 1, 9), km=100.0),
        trip("2", "E", datetime(2025, 5, 2, 8), datetime(2025, 5, 2, 9), km=50.0),
        trip("3", "E", datetime(2026, 1, 2, 8), datetime(2026, 1, 2, 9), km=10.0),
        trip("4", "X", datetime(2026, 1, 3, 8), datetime(2026, 1, 3, 9), km=5.0),
    ]
    accounts = green_accounts(vehicles, trips, rates)
    keys = [(r.year, r.administration) for r in accounts.rows]
    assert keys == [
        (2025, "Social"),
        (2025, "Teknik"),
        (2025, "*"),
        (2026, "(unknown)"),
        (2026, "Teknik"),
        (2026, "*"),
    ]
    total = accounts.total(2025)
    assert total.distance_km == 150.0
    assert total.fossil_free_share == pytest.approx(1 / 3)
    assert total.co2e_ttw_kg == pytest.approx(12.0)
    assert total.co2e_wtw_kg == pytest.approx(15.75)
    assert total.co2e_lifecycle_kg == pytest.approx(20.5)
    assert accounts.total(2026).fossil_free_share == pytest.approx(10 / 15)
    assert accounts.to_dict()["rows"][2]["co2e_wtw_t"] == 0.0158
    with pytest.raises(KeyError):
        accounts.total(2024)
