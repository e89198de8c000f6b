"""The model table: parsed figures, production CO2e and type/fuel consistency."""

from __future__ import annotations

from fleetplan.demo.catalogue import (
    CANDIDATE_KEYS,
    MODELS,
    SYNTH_CANDIDATE_KEYS,
    car_production_co2e_kg,
)
from fleetplan.domain import ALLOWED_FUELS, VehicleType


def test_production_co2e_oracle() -> None:
    """ID.3: compact body 6,500 kg + 58 kWh x 83.5 kg/kWh = 6,500 + 4,843 = 11,343."""
    assert car_production_co2e_kg("compact", 58) == 11_343.0
    assert MODELS["id3"].production_co2e_kg == 11_343.0
    # Yaris hybrid: 5,400 + 1.3 x 83.5 = 5,508.55 -> 5,509
    assert MODELS["yaris_hybrid"].production_co2e_kg == 5_509.0
    assert MODELS["kangoo_e"].production_co2e_kg == 8_800.0  # Pedal Me e-van
    assert MODELS["cargo_bike"].production_co2e_kg == 280.0


def test_table_rows_parse_to_consistent_models() -> None:
    assert MODELS["zoe"].wltp_wh_per_km == 163.0
    assert MODELS["zoe"].charge_kw == 22.0
    assert MODELS["transit_custom"].cargo_m3 == 6.0
    assert MODELS["sprinter_lift"].wheelchair_lift
    for spec in MODELS.values():
        assert spec.fuel in ALLOWED_FUELS[spec.vehicle_type]
        if spec.vehicle_type == VehicleType.EV:
            assert spec.wltp_wh_per_km and spec.range_km and spec.battery_kwh
        if spec.vehicle_type == VehicleType.ICE:
            assert spec.wltp_km_per_l and spec.wltp_wh_per_km is None
        assert spec.annual_cost_dkk > 0 and spec.cost_source in {"estimate", "synth"}


def test_candidate_keys_exist_and_vehicle_builds() -> None:
    assert set(CANDIDATE_KEYS) <= set(MODELS)
    assert set(SYNTH_CANDIDATE_KEYS) <= set(CANDIDATE_KEYS)
    lift = MODELS["proace_verso_e_lift"].vehicle("x", is_candidate=True)
    assert lift.wheelchair_lift and lift.is_candidate and lift.seats == 8
