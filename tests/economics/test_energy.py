"""Energy, energy cost and CO2e per km (TTW and WTW apart)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.domain import FactorKey, Fuel, Vehicle, VehicleType
from fleetplan.economics import EconOption, usage_rates
from tests.economics.helpers import dk, ev, os2, petrol


def test_worked_example_os2() -> None:
    """16,993 km × 0.165 kWh/km × 2.13 kr/kWh ÷ 1.04 = 5,742.4 kr."""
    rates = usage_rates(ev(165.0), os2())
    assert rates.energy_unit == "kWh"
    assert rates.energy_per_km == pytest.approx(0.165)
    assert 16_993 * rates.energy_cost_dkk_per_km == pytest.approx(5_742.4, abs=0.1)


def test_ev_os2_emissions_use_year_one_projection() -> None:
    """0.165 kWh/km × 0.089 = 0.014685 kg/km WTW, 0 TTW;
    societal 0.014685 ÷ 1000 × 1500 ÷ 1.04 = 0.021180 kr/km."""
    rates = usage_rates(ev(165.0), os2())
    assert rates.co2e_wtw_kg_per_km == pytest.approx(0.014685)
    assert rates.co2e_ttw_kg_per_km == 0.0
    assert rates.societal_co2e_cost_dkk_per_km == pytest.approx(0.021180, abs=1e-6)


def test_petrol_os2() -> None:
    """20 km/l: 0.05 l/km; 0.05 × 12.33 ÷ 1.04 = 0.592788 kr/km; 0.05 × 2.52 = 0.126
    kg/km; societal 0.126 × 1.5 ÷ 1.04 = 0.181731 kr/km."""
    rates = usage_rates(petrol(20.0), os2())
    assert (rates.energy_unit, rates.energy_per_km) == ("l", pytest.approx(0.05))
    assert rates.energy_cost_dkk_per_km == pytest.approx(0.592788, abs=1e-6)
    assert rates.co2e_wtw_kg_per_km == pytest.approx(0.126)
    assert rates.societal_co2e_cost_dkk_per_km == pytest.approx(0.181731, abs=1e-6)


def test_petrol_dk_ttw_and_wtw_apart() -> None:
    """dk-2025, 20 km/l: WTW 0.05 × 2.71 = 0.1355, TTW 0.05 × 2.25 = 0.1125 kg/km;
    cost 0.05 × 13.60 × 1.020353 = 0.693840 kr/km; societal (WTW basis, annuity of a
    constant = itself) 0.1355 × 1.5 = 0.20325 kr/km."""
    rates = usage_rates(petrol(20.0), dk())
    assert rates.co2e_wtw_kg_per_km == pytest.approx(0.1355)
    assert rates.co2e_ttw_kg_per_km == pytest.approx(0.1125)
    assert rates.energy_cost_dkk_per_km == pytest.approx(0.693840, abs=1e-6)
    assert rates.societal_co2e_cost_dkk_per_km == pytest.approx(0.20325)
    assert rates.co2e_kg_per_km == rates.co2e_wtw_kg_per_km


def test_ttw_basis_values_ttw() -> None:
    """With co2e_basis = ttw the societal cost is 0.1125 × 1.5 = 0.16875 kr/km."""
    factors = dk()
    ttw = type(factors)(
        name="ttw",
        valid_from=factors.valid_from,
        values=factors.values,
        options={**factors.options, EconOption.CO2E_BASIS: EconOption.BASIS_TTW},
    )
    rates = usage_rates(petrol(20.0), ttw)
    assert rates.societal_co2e_cost_dkk_per_km == pytest.approx(0.16875)
    assert rates.co2e_kg_per_km == pytest.approx(0.1125)


def test_hvo_dk() -> None:
    """HVO at 18 km/l: WTW 0.24 ÷ 18 = 0.013333 kg/km, TTW 0 (biogenic);
    cost 19.84 ÷ 18 × M(1 %) where M = annuity of 1.01^(k−1)/1.04^k over 4 years."""
    v = Vehicle("h", VehicleType.ICE, Fuel.HVO, wltp_km_per_l=18.0)
    rates = usage_rates(v, dk())
    assert rates.co2e_wtw_kg_per_km == pytest.approx(0.013333, abs=1e-6)
    assert rates.co2e_ttw_kg_per_km == 0.0
    # M(1 %) = 0.275490 × (0.961538 + 0.933802 + 0.906866 + 0.880706) = 1.014605
    assert rates.energy_cost_dkk_per_km == pytest.approx(19.84 / 18 * 1.014605, 1e-5)


def test_plug_in_hybrid_uses_electric_share() -> None:
    """PHEV 50 km/l + 150 Wh/km, share 0.5, os2 set: 0.075 kWh/km and 0.01 l/km;
    cost (0.075 × 2.13 + 0.01 × 12.33) ÷ 1.04 = 0.272163 kr/km;
    WTW 0.075 × 0.089 + 0.01 × 2.52 = 0.031875 kg/km."""
    v = petrol(50.0, wltp_wh_per_km=150.0)
    rates = usage_rates(v, os2())
    assert rates.electric_kwh_per_km == pytest.approx(0.075)
    assert rates.fuel_l_per_km == pytest.approx(0.01)
    assert (rates.energy_unit, rates.energy_per_km) == ("l", pytest.approx(0.01))
    assert rates.energy_cost_dkk_per_km == pytest.approx(0.272163, abs=1e-6)
    assert rates.co2e_wtw_kg_per_km == pytest.approx(0.031875)


def test_bike_and_ebike() -> None:
    """Bike: nothing. E-bike 10 Wh/km, dk: 0.01 kWh/km, WTW 0.01 × 0.07 = 0.0007."""
    bike = usage_rates(Vehicle("b", VehicleType.BIKE, Fuel.NONE), dk())
    assert (bike.energy_unit, bike.energy_per_km, bike.energy_cost_dkk_per_km) == (
        "none",
        0.0,
        0.0,
    )
    assert bike.co2e_wtw_kg_per_km == 0.0
    ebike = Vehicle("e", VehicleType.EBIKE, Fuel.ELECTRIC, wltp_wh_per_km=10.0)
    rates = usage_rates(ebike, dk())
    assert rates.energy_per_km == pytest.approx(0.01)
    assert rates.co2e_wtw_kg_per_km == pytest.approx(0.0007)
    fuel_none = Vehicle("e3", VehicleType.EBIKE, Fuel.NONE, wltp_wh_per_km=10.0)
    assert usage_rates(fuel_none, dk()).energy_per_km == pytest.approx(0.01)
    assert (
        usage_rates(Vehicle("e2", VehicleType.EBIKE, Fuel.ELECTRIC), dk()).energy_per_km
        == 0.0
    )


def test_missing_wltp_names_the_vehicle() -> None:
    with pytest.raises(ValueError, match=r"vehicle ev9.*wltp_wh_per_km"):
        usage_rates(Vehicle("ev9", VehicleType.EV, Fuel.ELECTRIC), dk())
    with pytest.raises(ValueError, match=r"vehicle d1.*wltp_km_per_l"):
        usage_rates(Vehicle("d1", VehicleType.ICE, Fuel.DIESEL), dk())


@settings(deadline=None)
@given(wh=st.floats(1.0, 400.0), scale=st.floats(1.01, 3.0))
def test_costs_scale_with_consumption(wh: float, scale: float) -> None:
    """Every per-km figure is proportional to the consumption."""
    low, high = usage_rates(ev(wh), dk()), usage_rates(ev(wh * scale), dk())
    assert high.energy_cost_dkk_per_km == pytest.approx(
        low.energy_cost_dkk_per_km * scale
    )
    assert high.co2e_wtw_kg_per_km == pytest.approx(low.co2e_wtw_kg_per_km * scale)


def test_price_override_flows_through() -> None:
    """A meta override of the price: 0.165 × 3.00 ÷ 1.04 = 0.475962 kr/km."""
    factors = os2().with_values({FactorKey.PRICE_ELECTRIC_DKK_PER_KWH: 3.0}, "meta")
    assert usage_rates(ev(), factors).energy_cost_dkk_per_km == pytest.approx(
        0.475962, abs=1e-6
    )
