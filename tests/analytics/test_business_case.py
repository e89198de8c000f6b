"""Business case: the seed-002 break-even sheet and edited inputs."""

from __future__ import annotations

import pytest

from fleetplan.analytics.business_case import (
    BusinessCaseInputs,
    ScenarioSaving,
    VehicleRunningCost,
    break_even,
)


def test_sheet_example_gives_2_8_then_2_vehicles() -> None:
    """Seed 002 §5: 61,984.44 kr per car; 173,040 / 61,984.44 = 2.79 (0.93 % of 300);
    123,040 / 61,984.44 = 1.985; 173,040 / 300 = 576.80 kr per fleet vehicle."""
    case = break_even()
    assert case.saving_per_removed_vehicle_dkk == pytest.approx(61_984.44, abs=0.01)
    first, second = case.years[:2]
    assert first.cost_dkk == 173_040.0
    assert first.vehicles_to_phase_out == pytest.approx(2.7917, abs=1e-4)
    assert first.share_of_fleet == pytest.approx(0.0093, abs=1e-4)
    assert second.vehicles_to_phase_out == pytest.approx(1.985, abs=1e-3)
    assert case.cost_per_fleet_vehicle_dkk == pytest.approx(576.80)
    assert len(case.years) == 5


def test_fleet_management_and_fixed_saving() -> None:
    """With 850 kr × 300 = 255,000 kr fleet management and a fixed 50,000 kr saving:
    year 1 (123,040 + 255,000 + 50,000) / 50,000 = 8.5608; later 7.5608."""
    inputs = BusinessCaseInputs(
        include_fleet_management=True, saving_per_removed_vehicle_dkk=50_000.0
    )
    case = break_even(inputs)
    assert case.years[0].vehicles_to_phase_out == pytest.approx(8.5608)
    assert case.years[1].vehicles_to_phase_out == pytest.approx(7.5608)


def test_ev_running_cost_and_co2_price() -> None:
    """An EV: 20,000 km × 180 Wh/km = 3,600 kWh × 2 kr = 7,200 kr; CO2e 3.6 MWh ×
    0.09 = 0.324 t × 1,500 kr = 486 kr; plus 38,400 + 4,200 + 740 + 4,200."""
    ev = VehicleRunningCost(
        km_per_l=0.0,
        wh_per_km=180.0,
        electricity_dkk_per_kwh=2.0,
        co2_price_dkk_per_t=1_500.0,
    )
    assert ev.total_dkk_per_year == pytest.approx(47_540.0 + 7_200.0 + 486.0)


def test_scenario_saving() -> None:
    """1,000,000 -> 900,000 kr/yr with a 123,040 kr tool: net -23,040 kr."""
    saving = ScenarioSaving(1_000_000.0, 900_000.0, 123_040.0, 40.0, 25.5)
    assert saving.gross_saving_dkk_per_year == 100_000.0
    assert saving.net_saving_dkk_per_year == -23_040.0
    assert saving.co2e_saving_t_per_year == 14.5


def test_bad_inputs_raise() -> None:
    with pytest.raises(ValueError, match="vehicles"):
        BusinessCaseInputs(vehicles=0)
    with pytest.raises(ValueError, match="saving"):
        break_even(BusinessCaseInputs(saving_per_removed_vehicle_dkk=0.0))


def test_scenario_goes_into_the_case_and_its_rows() -> None:
    """The tool cost with 500 kr × 300 fleet management: 123,040 + 150,000."""
    from fleetplan.analytics.business_case import tool_cost_dkk_per_year

    inputs = BusinessCaseInputs(
        include_fleet_management=True, fleet_management_dkk_per_vehicle_year=500.0
    )
    assert tool_cost_dkk_per_year(inputs) == 273_040.0
    saving = ScenarioSaving(2_651_804.0, 2_171_246.0, 273_040.0, 97.1, 47.1)
    case = break_even(inputs, saving)
    assert case.to_rows()["scenario"][0]["net_saving_dkk_per_year"] == 207_518.0
    assert case.to_dict()["scenario"]["co2e_saving_t_per_year"] == 50.0
    assert "scenario" not in break_even().to_rows()
