"""The plan's business case on the hand-made plan of test_plan_outlook."""

from __future__ import annotations

import pytest

from fleetplan.analytics.business_case import BusinessCaseInputs, break_even
from fleetplan.analytics.plan_business import plan_business_case
from fleetplan.analytics.plan_outlook import plan_outlook
from tests.analytics.test_plan_outlook import E1, F1, F2, KM, PLAN, RATES, C

INPUTS = BusinessCaseInputs(
    vehicles=3,
    tool_dkk_per_year=1_000,
    one_off_dkk=5_000,
    saving_per_removed_vehicle_dkk=10_000,
    years=2,
)


def test_investment_savings_and_payback() -> None:
    """Fleet cost today 111,500; 2026: 110,500; 2027: 88,800 (test_plan_outlook).
    2026: saving 1,000 − tool 6,000 (1,000 + one-off 5,000) − 1 point × 2,000 =
    −7,000; 2027: 22,700 − 1,000 = 21,700, cumulative 14,700 -> payback 2027.
    CO2e reduction (WTW): (4,750 − 2,650)/1000 = 2.1 t; (4,750 − 1,380)/1000 = 3.37 t.
    Break-even: 6,000 / 10,000 = 0.6 and 1,000 / 10,000 = 0.1 vehicles."""
    outlook = plan_outlook(PLAN, [F1, F2, E1], [C], RATES, KM)
    result = plan_business_case(outlook, break_even(INPUTS), charge_point_dkk=2_000)
    y26, y27 = result.years
    assert result.investment_dkk == pytest.approx(7_000)
    assert result.summary()["new_charge_points"] == 1
    assert (y26.year, y26.tool_cost_dkk, y26.charge_points_dkk) == (2026, 6_000, 2_000)
    assert y26.fleet_saving_dkk == pytest.approx(1_000)
    assert y26.net_saving_dkk == pytest.approx(-7_000)
    assert y26.co2e_reduction_t == pytest.approx(2.1)
    assert (y26.vehicles_to_phase_out, y26.vehicles_removed) == (0.6, 0)
    assert (y27.tool_cost_dkk, y27.charge_points_dkk) == (1_000, 0)
    assert y27.fleet_saving_dkk == pytest.approx(22_700)
    assert y27.cumulative_dkk == pytest.approx(14_700)
    assert y27.co2e_reduction_t == pytest.approx(3.37)
    assert (y27.vehicles_to_phase_out, y27.vehicles_removed) == (0.1, 1)
    assert result.payback_year == 2027
    assert result.summary()["final_net_saving_dkk"] == pytest.approx(21_700)


def test_no_payback_within_plan_and_bad_inputs() -> None:
    """A 100,000 kr one-off is not paid back by 23,700 kr of savings."""
    outlook = plan_outlook(PLAN, [F1, F2, E1], [C], RATES, KM)
    dear = BusinessCaseInputs(
        vehicles=3, one_off_dkk=100_000, saving_per_removed_vehicle_dkk=1.0, years=2
    )
    assert plan_business_case(outlook, break_even(dear)).payback_year is None
    short = BusinessCaseInputs(vehicles=3, saving_per_removed_vehicle_dkk=1, years=1)
    with pytest.raises(ValueError, match="break-even sheet has 1 years"):
        plan_business_case(outlook, break_even(short))
    with pytest.raises(ValueError, match="charge_point_dkk"):
        plan_business_case(outlook, break_even(INPUTS), charge_point_dkk=-1)


def test_only_new_charge_points_are_invested() -> None:
    """E1 already needs the 1 point at L: investment = the 5,000 one-off only;
    2026 net 1,000 − 6,000 = −5,000; cumulative 2027 −5,000 + 21,700 = 16,700."""
    outlook = plan_outlook(PLAN, [F1, F2, E1], [C], RATES, KM, today_points={"L": 1})
    result = plan_business_case(outlook, break_even(INPUTS), charge_point_dkk=2_000)
    y26, y27 = result.years
    assert (result.investment_dkk, result.new_charge_points) == (5_000, 0)
    assert (y26.charge_points_dkk, y26.net_saving_dkk) == (0, pytest.approx(-5_000))
    assert y27.cumulative_dkk == pytest.approx(16_700)
    assert result.payback_year == 2027
