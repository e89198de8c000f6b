"""Life-cycle CO2e: production by size class and battery, spread over km."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.domain import Fuel, Vehicle, VehicleType
from fleetplan.economics import (
    SizeClass,
    battery_kwh,
    lifecycle_co2e_kg_per_km,
    lifecycle_co2e_kg_per_year,
    production_co2e_kg,
    size_class,
)
from tests.economics.helpers import dk, ev, petrol


def test_size_classes() -> None:
    assert size_class(petrol()) is SizeClass.MEDIUM_CAR
    assert size_class(petrol(seats=4)) is SizeClass.SMALL_CAR
    assert size_class(petrol(seats=9)) is SizeClass.MINIBUS
    assert size_class(petrol(seats=5, wheelchair_lift=True)) is SizeClass.MINIBUS
    assert size_class(petrol(cargo_m3=3.3)) is SizeClass.VAN
    bike = Vehicle("b", VehicleType.BIKE, Fuel.NONE)
    cargo = Vehicle("c", VehicleType.EBIKE, Fuel.ELECTRIC, cargo_m3=0.3)
    assert size_class(bike) is SizeClass.BIKE
    assert size_class(cargo) is SizeClass.CARGO_BIKE


def test_production_of_bodies() -> None:
    """Klimarådet small 5,400 / minibus 10,600; Pedal Me van 7,500, cargo bike 280
    + e-bike battery 0.5 kWh × 83.5 = 41.75 → 321.75; bike 96 kg."""
    f = dk()
    assert production_co2e_kg(petrol(seats=4), f) == 5_400.0
    assert production_co2e_kg(petrol(seats=9), f) == 10_600.0
    assert production_co2e_kg(petrol(cargo_m3=4.0), f) == 7_500.0
    cargo = Vehicle("c", VehicleType.EBIKE, Fuel.ELECTRIC, cargo_m3=0.3)
    assert production_co2e_kg(cargo, f) == pytest.approx(321.75)
    assert production_co2e_kg(Vehicle("b", VehicleType.BIKE, Fuel.NONE), f) == 96.0


def test_battery_from_model_name() -> None:
    """ZOE R110 41 kWh: medium car 8,000 + 41 × 83.5 = 11,423.5 kg."""
    zoe = ev(165.0, model="ZOE R110 41 kWh")
    assert battery_kwh(zoe, dk()) == 41.0
    assert production_co2e_kg(zoe, dk()) == pytest.approx(11_423.5)


def test_battery_field_and_design_range() -> None:
    """battery_kwh 64 → 64 × 83.5 = 5,344 + 8,000; unknown: 300 km × 0.17 = 51 kWh
    → 4,258.5 + 8,000 = 12,258.5 kg."""
    assert production_co2e_kg(ev(170.0, battery_kwh=64.0), dk()) == pytest.approx(
        13_344.0
    )
    assert battery_kwh(ev(170.0), dk()) == pytest.approx(51.0)
    assert production_co2e_kg(ev(170.0), dk()) == pytest.approx(12_258.5)


def test_register_figure_wins() -> None:
    assert production_co2e_kg(ev(production_co2e_kg=9_999.0), dk()) == 9_999.0


def test_lifecycle_per_km_over_service_life() -> None:
    """ZOE, 17,000 km/yr × 15 yr = 255,000 km: 11,423.5 ÷ 255,000 = 0.044798
    + use 0.165 × 0.07 = 0.01155 → 0.056348 kg/km."""
    zoe = ev(165.0, model="ZOE R110 41 kWh")
    assert lifecycle_co2e_kg_per_km(zoe, dk(), yearly_km=17_000) == pytest.approx(
        0.056348, abs=1e-6
    )


def test_lifecycle_per_km_given_lifetime() -> None:
    """Petrol small car, 200,000 km: 5,400 ÷ 200,000 = 0.027 + 0.1355 = 0.1625."""
    car = petrol(20.0, seats=4)
    assert lifecycle_co2e_kg_per_km(car, dk(), lifetime_km=200_000) == pytest.approx(
        0.1625
    )


def test_default_lifetime_and_idle_vehicle() -> None:
    """Default 15,000 km × 15 yr = 225,000 km: 5,400 ÷ 225,000 = 0.024 + 0.1355."""
    car = petrol(20.0, seats=4)
    assert lifecycle_co2e_kg_per_km(car, dk()) == pytest.approx(0.1595)
    assert lifecycle_co2e_kg_per_km(car, dk(), yearly_km=0.0) == math.inf


def test_lifecycle_per_year() -> None:
    """5,400 ÷ 15 = 360 + 10,000 km × 0.1355 = 1,355 → 1,715 kg/yr."""
    car = petrol(20.0, seats=4)
    assert lifecycle_co2e_kg_per_year(car, dk(), 10_000) == pytest.approx(1_715.0)


@settings(deadline=None)
@given(low=st.floats(100.0, 50_000.0), extra=st.floats(1.0, 50_000.0))
def test_well_used_vehicle_scores_better(low: float, extra: float) -> None:
    """More km a year spreads production thinner: LCA per km falls."""
    zoe = ev(165.0, model="ZOE R110 41 kWh")
    assert lifecycle_co2e_kg_per_km(zoe, dk(), yearly_km=low + extra) < (
        lifecycle_co2e_kg_per_km(zoe, dk(), yearly_km=low)
    )
