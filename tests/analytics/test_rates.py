"""Per-km rates and candidate scores come from fleetplan.economics."""

from __future__ import annotations

import pytest

from fleetplan.analytics.rates import KmRates, candidate_scores, rates_for
from fleetplan.domain import Fuel
from fleetplan.economics import (
    get_builtin_factor_set,
    lifecycle_co2e_kg_per_km,
    tco,
    usage_rates,
)
from tests.analytics.helpers import car

FACTORS = get_builtin_factor_set("dk-2025")


def test_rates_match_economics_and_skip_incomplete_vehicles() -> None:
    """A petrol car at 20 km/l gets exactly economics' usage rates; a petrol car
    without km/l is skipped (data quality reports it)."""
    good = car("P")
    bad = car("X", wltp_km_per_l=None)
    rates = rates_for([good, bad], FACTORS, {"P": 15_000.0})
    assert set(rates) == {"P"}
    usage = usage_rates(good, FACTORS)
    assert rates["P"].energy_cost_dkk_per_km == usage.energy_cost_dkk_per_km
    assert rates["P"].co2e_wtw_kg_per_km == usage.co2e_wtw_kg_per_km
    assert rates["P"].co2e_lifecycle_kg_per_km == lifecycle_co2e_kg_per_km(
        good, FACTORS, yearly_km=15_000.0
    )
    # petrol at 20 km/l: 0.05 l/km, so energy cost = 0.05 × the petrol price
    assert rates["P"].energy_cost_dkk_per_km > 0


def test_candidate_score_is_private_tco_per_km() -> None:
    """tco/km = (fixed + energy per year) / yearly km."""
    ev = car("E", fuel=Fuel.ELECTRIC, candidate=True, location=None)
    (score,) = candidate_scores([ev], FACTORS, 20_000.0).values()
    expected = tco(ev, 20_000.0, FACTORS).private_dkk_per_year / 20_000.0
    assert score.tco_dkk_per_km == pytest.approx(expected)
    with pytest.raises(ValueError, match="yearly_km"):
        candidate_scores([ev], FACTORS, 0.0)


def test_negative_rate_is_rejected() -> None:
    with pytest.raises(ValueError, match="energy_cost"):
        KmRates(-1.0, 0.0, 0.0, 0.0)
