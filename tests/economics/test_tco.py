"""TCO per vehicle per year and per km (Miljøstyrelsen's method)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.domain import LeaseType
from fleetplan.economics import (
    fixed_cost_dkk_per_year,
    purchase_annuity_dkk_per_year,
    tco,
)
from tests.economics.helpers import dk, ev, os2, petrol


def test_os2_one_year_vehicle_209() -> None:
    """16,993 km, 165 Wh/km, 35,168 kr/yr: energy 5,742.49; CO2e 2,803.845 kWh ×
    0.089 = 249.54 kg; societal 0.24954 × 1,500 ÷ 1.04 = 359.92; total 41,270.4."""
    result = tco(ev(165.0, annual_cost_dkk=35_168.0), 16_993.0, os2())
    assert result.years == 1
    assert result.fixed_dkk_per_year == 35_168.0
    assert result.energy_dkk_per_year == pytest.approx(5_742.49, abs=0.01)
    assert result.co2e_kg_per_year == pytest.approx(249.54, abs=0.01)
    assert result.societal_co2e_dkk_per_year == pytest.approx(359.92, abs=0.01)
    assert result.total_dkk_per_year == pytest.approx(41_270.41, abs=0.02)
    assert result.total_dkk_per_km == pytest.approx(41_270.41 / 16_993, rel=1e-6)


def test_dk_one_year_petrol() -> None:
    """dk-2025, n = 1: 10,000 km at 20 km/l = 500 l × 13.60 = 6,800 kr (annuity of
    6,800 ÷ 1.04 over one year = 6,800); 500 × 2.71 = 1,355 kg × 1.5 = 2,032.50 kr;
    total 40,000 + 6,800 + 2,032.5 = 48,832.5; NPV 48,832.5 ÷ 1.04 = 46,954.33."""
    result = tco(petrol(20.0, annual_cost_dkk=40_000.0), 10_000.0, dk(), years=1)
    assert result.energy_dkk_per_year == pytest.approx(6_800.0)
    assert result.societal_co2e_dkk_per_year == pytest.approx(2_032.5)
    assert result.total_dkk_per_year == pytest.approx(48_832.5)
    assert result.total_dkk_per_km == pytest.approx(4.88325)
    assert result.npv_dkk == pytest.approx(46_954.33, abs=0.01)
    assert result.npv_private_dkk == pytest.approx(46_800.0 / 1.04)


def test_dk_two_years_price_development() -> None:
    """Year 2 energy 6,800 × 1.0139 = 6,894.52; NPV energy 6,800 ÷ 1.04 +
    6,894.52 ÷ 1.0816 = 6,538.462 + 6,374.371 = 12,912.833; × annuity 0.530196 =
    6,846.33 kr/yr. Fixed stays 40,000; NPV total = (40,000 + 2,032.5) × 1.8860947
    + 12,912.833 = 92,190.11."""
    result = tco(petrol(20.0, annual_cost_dkk=40_000.0), 10_000.0, dk(), years=2)
    assert [r.energy_dkk for r in result.rows] == pytest.approx([6_800.0, 6_894.52])
    assert result.energy_dkk_per_year == pytest.approx(6_846.33, abs=0.01)
    assert result.fixed_dkk_per_year == pytest.approx(40_000.0)
    assert result.npv_dkk == pytest.approx(92_190.11, abs=0.01)


def test_os2_projection_over_three_years() -> None:
    """1,000 kWh a year (6,060.6 km × 0.165): CO2e 89, 70, 58 kg in years 1..3."""
    result = tco(ev(165.0), 1_000 / 0.165, os2(), years=3)
    assert [r.co2e_kg for r in result.rows] == pytest.approx([89.0, 70.0, 58.0])
    # (89/1.04 + 70/1.0816 + 58/1.124864) = 85.5769 + 64.7189 + 51.5618
    # = 201.8576; × 1.5 / 3 (discounted mean) = 100.9288
    assert result.societal_co2e_dkk_per_year == pytest.approx(100.9288, abs=1e-3)


def test_idle_vehicle() -> None:
    result = tco(ev(annual_cost_dkk=35_168.0), 0.0, os2())
    assert result.total_dkk_per_year == 35_168.0
    assert math.isinf(result.total_dkk_per_km)


def test_fixed_cost_is_comparable_across_lease_types() -> None:
    """annual_cost_dkk is the comparable figure; None counts as 0."""
    for lease in LeaseType:
        assert (
            fixed_cost_dkk_per_year(
                ev(annual_cost_dkk=30_000.0, lease_type=lease), dk()
            )
            == 30_000.0
        )
    assert fixed_cost_dkk_per_year(ev(), dk()) == 0.0


def test_purchase_annuity() -> None:
    """P 200,000, R 80,000, 4 yr, 4 %: (200,000 − 80,000 × 0.854804) × 0.275490
    = 131,615.66 × 0.275490 = 36,258.81; at 0 %: 120,000 ÷ 4 = 30,000."""
    assert purchase_annuity_dkk_per_year(200_000, 80_000, 4, 0.04) == pytest.approx(
        36_258.81, abs=0.01
    )
    assert purchase_annuity_dkk_per_year(200_000, 80_000, 4, 0.0) == pytest.approx(
        30_000
    )


def test_negative_km_rejected() -> None:
    with pytest.raises(ValueError, match="yearly_km"):
        tco(ev(), -1.0, dk())


@settings(deadline=None)
@given(km=st.floats(0.0, 80_000.0), years=st.integers(1, 10))
def test_yearly_energy_matches_usage_rate(km: float, years: int) -> None:
    """The per-km rate of usage_rates and the TCO's yearly energy agree."""
    from fleetplan.economics import usage_rates
    from fleetplan.economics.keys import EconKey

    factors = dk().with_values({EconKey.EVALUATION_YEARS: years}, "test")
    result = tco(petrol(17.0), km, factors)
    rate = usage_rates(petrol(17.0), factors).energy_cost_dkk_per_km
    assert result.energy_dkk_per_year == pytest.approx(km * rate, abs=1e-6)
