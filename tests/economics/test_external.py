"""Taxi, rental and mileage allowance; the cheapest option."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.economics import (
    allowance_cost_dkk_per_year,
    cheapest_external_option,
    external_options,
    is_taxi_day_tariff,
    rental_days,
)
from tests.economics.helpers import dk, os2

TUESDAY_10 = datetime(2025, 3, 4, 10, 0)
SATURDAY_10 = datetime(2025, 3, 8, 10, 0)


def test_options_short_weekday_trip() -> None:
    """10 km, 30 min, Tuesday 10:00, dk-2025:
    taxi 90.48 + 10 × 13.57 + 0.5 × 452.40 = 452.38 kr, 10 ÷ 20 × 2.71 = 1.355 kg;
    rental 500 + 0 extra km + 10 × 0.17 × 2.31 = 503.927 kr, 1.7 × 0.07 = 0.119 kg;
    allowance 10 × 3.81 = 38.10 kr, 1.355 kg."""
    taxi, rental, allowance = external_options(
        10.0, TUESDAY_10, TUESDAY_10 + timedelta(minutes=30), dk()
    )
    assert (taxi.kind, rental.kind, allowance.kind) == ("taxi", "rental", "allowance")
    assert taxi.cost_dkk == pytest.approx(452.38)
    assert taxi.co2e_kg == pytest.approx(1.355)
    assert rental.cost_dkk == pytest.approx(503.927)
    assert rental.co2e_kg == pytest.approx(0.119)
    assert allowance.cost_dkk == pytest.approx(38.10)
    assert allowance.co2e_kg == pytest.approx(1.355)


def test_allowance_wins_short_trip() -> None:
    """38.10 kr < 452.38 < 503.93 (see above)."""
    best = cheapest_external_option(
        10.0, TUESDAY_10, TUESDAY_10 + timedelta(minutes=30), dk()
    )
    assert best.kind == "allowance"


def test_taxi_wins_without_private_car() -> None:
    """Same trip without the allowance: taxi 452.38 < rental 503.93."""
    best = cheapest_external_option(
        10.0,
        TUESDAY_10,
        TUESDAY_10 + timedelta(minutes=30),
        dk(),
        allowed={"taxi", "rental"},
    )
    assert best.kind == "taxi"
    assert best.cost_dkk == pytest.approx(452.38)


def test_rental_wins_long_day_trip() -> None:
    """300 km, 08:00–16:00: rental 500 + 200 × 2.1 + 300 × 0.17 × 2.31 = 1,037.81;
    allowance 300 × 3.81 = 1,143.00; taxi 90.48 + 4,071 + 8 × 452.40 = 7,780.68."""
    start = datetime(2025, 3, 4, 8, 0)
    options = external_options(300.0, start, start + timedelta(hours=8), dk())
    assert [o.cost_dkk for o in options] == pytest.approx([7_780.68, 1_037.81, 1_143.0])
    best = cheapest_external_option(300.0, start, start + timedelta(hours=8), dk())
    assert best.kind == "rental"


def test_evening_weekend_tariff() -> None:
    """Saturday 10:00, 10 km, 30 min: 101.79 + 192.30 + 254.47 = 548.56 kr."""
    taxi = external_options(
        10.0, SATURDAY_10, SATURDAY_10 + timedelta(minutes=30), dk()
    )[0]
    assert taxi.cost_dkk == pytest.approx(548.56)


@pytest.mark.parametrize(
    ("start", "day"),
    [
        (datetime(2025, 3, 3, 6, 0), True),  # Monday 06:00
        (datetime(2025, 3, 3, 5, 59), False),  # Monday before 06
        (datetime(2025, 3, 7, 17, 59), True),  # Friday 17:59
        (datetime(2025, 3, 7, 18, 0), False),  # Friday 18:00
        (datetime(2025, 3, 9, 12, 0), False),  # Sunday
    ],
)
def test_day_tariff_window(start: datetime, day: bool) -> None:
    assert is_taxi_day_tariff(start, dk()) is day


def test_rental_days_are_started_days() -> None:
    assert rental_days(TUESDAY_10, TUESDAY_10) == 1
    assert rental_days(TUESDAY_10, TUESDAY_10 + timedelta(hours=24)) == 1
    assert rental_days(TUESDAY_10, TUESDAY_10 + timedelta(hours=25)) == 2


def test_allowance_two_rates() -> None:
    """25,000 km: 20,000 × 3.81 + 5,000 × 2.23 = 87,350 (dk);
    20,000 × 3.70 + 5,000 × 2.17 = 84,850 (os2); 10,000 km × 3.81 = 38,100."""
    assert allowance_cost_dkk_per_year(25_000, dk()) == pytest.approx(87_350.0)
    assert allowance_cost_dkk_per_year(25_000, os2()) == pytest.approx(84_850.0)
    assert allowance_cost_dkk_per_year(10_000, dk()) == pytest.approx(38_100.0)


def test_trip_crossing_the_threshold() -> None:
    """19,995 km paid already, 10 km trip: 5 × 3.81 + 5 × 2.23 = 30.20 kr."""
    allowance = external_options(
        10.0, TUESDAY_10, TUESDAY_10, dk(), allowance_km_before=19_995.0
    )[2]
    assert allowance.cost_dkk == pytest.approx(30.20)


def test_bad_allowed_sets() -> None:
    with pytest.raises(ValueError, match="at least one"):
        cheapest_external_option(1.0, TUESDAY_10, TUESDAY_10, dk(), allowed=())
    with pytest.raises(ValueError, match="bus"):
        cheapest_external_option(1.0, TUESDAY_10, TUESDAY_10, dk(), allowed={"bus"})


@settings(deadline=None)
@given(
    km=st.floats(0.0, 500.0),
    minutes=st.integers(0, 3 * 24 * 60),
    offset_h=st.integers(0, 24 * 7),
)
def test_cheapest_is_no_dearer_than_any(km: float, minutes: int, offset_h: int) -> None:
    start = datetime(2025, 3, 3) + timedelta(hours=offset_h)
    end = start + timedelta(minutes=minutes)
    best = cheapest_external_option(km, start, end, dk())
    assert all(
        best.cost_dkk <= o.cost_dkk for o in external_options(km, start, end, dk())
    )
