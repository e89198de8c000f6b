"""Discounting, yearly multipliers, annualisation and OS2's electricity projection."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.domain import FactorKey, Period
from fleetplan.economics import (
    EconKey,
    annualisation_factor,
    annuity_factor,
    yearly_multiplier,
)
from fleetplan.economics.method import (
    OS2_ELECTRIC_PROJECTION_KG_PER_KWH,
    discount_factors,
    electric_co2e_factors,
)
from tests.economics.helpers import dk, os2

PERIOD = Period(datetime(2022, 3, 1), datetime(2022, 4, 1))  # 31 days
SPAN = Period(datetime(2022, 3, 1, 7, 33, 59), datetime(2022, 3, 31, 22, 43, 10))


def test_discount_factors_at_4_percent() -> None:
    """(1.04)^-1 = 0.961538, (1.04)^-2 = 0.924556."""
    assert discount_factors(0.04, 2) == pytest.approx([0.961538, 0.924556], abs=1e-6)


def test_annuity_factor() -> None:
    """0.04 / (1 − 1.04^−4) = 0.04 / 0.145196 = 0.275490; r = 0 gives 1/n."""
    assert annuity_factor(0.04, 4) == pytest.approx(0.275490, abs=1e-6)
    assert annuity_factor(0.0, 5) == pytest.approx(0.2)


def test_os2_yearly_multiplier_is_one_year_discounted() -> None:
    """OS2: one year, discounted mean: 1 / 1.04 = 0.961538."""
    assert yearly_multiplier(os2(), 0.0167) == pytest.approx(1 / 1.04)


def test_dk_yearly_multiplier_with_price_development() -> None:
    """dk-2025, petrol g = 1.39 %, n = 4, annuity:
    Σ 1.0139^(k−1)/1.04^k = 0.961538 + 0.937408 + 0.913883 + 0.890947 = 3.703776;
    × 0.275490 = 1.020353."""
    assert yearly_multiplier(dk(), 0.0139) == pytest.approx(1.020353, abs=1e-6)


@settings(deadline=None)
@given(
    rate=st.floats(0.0, 0.2),
    years=st.integers(1, 30),
)
def test_annuity_of_a_constant_stream_is_itself(rate: float, years: int) -> None:
    """With g = 0 the equivalent annual amount of a constant cost is that cost."""
    factors = dk().with_values(
        {EconKey.DISCOUNT_RATE: rate, EconKey.EVALUATION_YEARS: years}, "test"
    )
    assert yearly_multiplier(factors, 0.0) == pytest.approx(1.0)


def test_annualisation_over_selected_period() -> None:
    """dk-2025 uses the selected period: 365 / 31 = 11.774194."""
    assert annualisation_factor(PERIOD, SPAN, dk()) == pytest.approx(365 / 31)


def test_annualisation_over_data_span() -> None:
    """os2-defaults uses the data span: 365 / 30.631377 = 11.915886."""
    assert SPAN.days == pytest.approx(30.6314, abs=1e-4)
    assert annualisation_factor(PERIOD, SPAN, os2()) == pytest.approx(11.915886, 1e-6)
    assert annualisation_factor(PERIOD, None, os2()) == pytest.approx(365 / 31)


def test_os2_projection_only_when_factor_is_0_09() -> None:
    """0.09 → 0.089, 0.07, 0.058 (the TCO tool's series); 0.1 stays 0.1."""
    key = FactorKey.CO2E_WTW_ELECTRIC_KG_PER_KWH
    assert electric_co2e_factors(os2(), key, 3) == [0.089, 0.07, 0.058]
    other = os2().with_values({key: 0.1}, "test")
    assert electric_co2e_factors(other, key, 2) == [0.1, 0.1]
    assert len(OS2_ELECTRIC_PROJECTION_KG_PER_KWH) == 30
    assert electric_co2e_factors(os2(), key, 40)[-1] == 0.012


def test_projection_off_in_dk_set() -> None:
    """dk-2025 has the option off: a factor of 0.09 stays 0.09."""
    key = FactorKey.CO2E_WTW_ELECTRIC_KG_PER_KWH
    assert electric_co2e_factors(dk().with_values({key: 0.09}, "t"), key, 1) == [0.09]
