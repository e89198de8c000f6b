"""Yearly figures of one vehicle, with the arithmetic in the docstrings."""

from __future__ import annotations

from datetime import datetime

import pytest

from fleetplan.domain import Dataset, Location, Period
from fleetplan.economics import get_builtin_factor_set
from fleetplan.simulate import make_input
from fleetplan.simulate.results import vehicle_figures, working_minutes, yearly_factor
from tests.simulate.helpers import ev, rt


def test_working_minutes_weekdays_07_to_17() -> None:
    """Mon 2026-03-02 06:00-08:00 counts 60 min; Sat 2026-03-07 10:00-11:00 none;
    Mon 16:00 to Tue 08:00 counts 60 + 60."""
    assert working_minutes(datetime(2026, 3, 2, 6), datetime(2026, 3, 2, 8)) == 60
    assert working_minutes(datetime(2026, 3, 7, 10), datetime(2026, 3, 7, 11)) == 0
    assert working_minutes(datetime(2026, 3, 2, 16), datetime(2026, 3, 3, 8)) == 120


def test_vehicle_figures_annualised_over_the_period() -> None:
    """os2-defaults (÷ 1.04, el 0.089 kg/kWh in year 1), period 2026-03-02..03-12
    (10 days, data span 10:00 Mon to 12:00 Tue = 1.0833 d), one EV at 150 Wh/km, two
    trips of 50 km on two days: km/yr = 100 × 365 / 1.0833 = 33,692.3; energy cost =
    33,692.3 × 0.15 × 2.13 / 1.04 = 10,350.7 kr; CO2e = 33,692.3 × 0.15 × 0.089 =
    449.8 kg; days used 2 of 10."""
    car = ev("e", wh=150.0)
    trips = [rt("a", 600, 660, 50.0, "e"), rt("b", 1440 + 600, 1440 + 720, 50.0, "e")]
    data = Dataset((Location("L1"),), (car,), tuple(trips))
    period = Period(datetime(2026, 3, 2), datetime(2026, 3, 12))
    inp = make_input(data, None, get_builtin_factor_set("os2-defaults"), period=period)
    factor = yearly_factor(inp)
    assert factor == pytest.approx(365 / (26 / 24))
    spans = [(r.start_time, r.end_time, r.distance_km) for r in trips]
    fig = vehicle_figures(inp, "e", car, spans, factor)
    assert fig.km_per_year == pytest.approx(33_692.3, abs=0.1)
    assert fig.energy_cost_dkk == pytest.approx(10_350.7, abs=0.1)
    assert fig.co2e_t * 1000 == pytest.approx(449.8, abs=0.1)
    assert fig.share_of_days_used == pytest.approx(0.2)
    assert fig.trips == 2
