"""Vehicle category: its derivation and which bodies may take a trip."""

from __future__ import annotations

import pytest

from fleetplan.domain import (
    Fuel,
    Vehicle,
    VehicleCategory,
    VehicleType,
    body_fits,
    category_of,
    derive_category,
)

C = VehicleCategory


def car(vid: str = "car", **kw: object) -> Vehicle:
    return Vehicle(vid, VehicleType.ICE, Fuel.DIESEL, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("vtype", "seats", "cargo", "want"),
    [
        (VehicleType.ICE, 5, None, C.CAR),
        (VehicleType.EV, None, None, C.CAR),
        (VehicleType.ICE, 7, None, C.CAR),  # a seven-seat MPV
        (VehicleType.ICE, 8, None, C.MINIBUS),
        (VehicleType.EV, 9, None, C.MINIBUS),
        (VehicleType.ICE, 2, 1.9, C.CAR),  # an estate's boot
        (VehicleType.ICE, 2, 2.0, C.VAN),
        (VehicleType.EV, 3, 3.3, C.VAN),  # Kangoo E-Tech
        (VehicleType.ICE, 9, 3.0, C.MINIBUS),  # seats decide first
        (VehicleType.BIKE, 1, None, C.BIKE),
        (VehicleType.EBIKE, 1, None, C.EBIKE),
        (VehicleType.EBIKE, 1, 0.25, C.CARGO_BIKE),
        (VehicleType.BIKE, 1, 0.1, C.CARGO_BIKE),
    ],
)
def test_derive_category(
    vtype: VehicleType, seats: int | None, cargo: float | None, want: C
) -> None:
    """Bikes: cargo > 0 makes a cargo bike; cars: >= 8 seats a minibus, else
    >= 2.0 m³ cargo a van, else a car."""
    assert derive_category(vtype, seats, cargo) is want


def test_register_category_wins_over_derivation() -> None:
    """A 3-seat 2.5 m³ vehicle the register calls a truck is a truck."""
    assert category_of(car(seats=3, cargo_m3=2.5)) is C.VAN
    assert category_of(car(seats=3, cargo_m3=2.5, category=C.TRUCK)) is C.TRUCK


def test_body_compatibility_table() -> None:
    """A car's trip: car, van or minibus; a van's: a van (or a cargo bike with the
    volume); a minibus's, truck's and special vehicle's: only their own kind."""
    a_car, a_van = car(), car(seats=2, cargo_m3=3.1)
    bus = car(seats=9)
    truck, special = car(category=C.TRUCK), car(category=C.SPECIAL)
    assert body_fits(a_car, a_van) and body_fits(a_car, bus)
    assert not body_fits(a_van, a_car)
    assert not body_fits(a_van, bus)
    assert not body_fits(bus, a_van) and not body_fits(bus, a_car)
    assert body_fits(truck, truck) and not body_fits(truck, a_van)
    assert body_fits(special, special) and not body_fits(special, truck)
    assert not body_fits(a_car, truck)


def test_cargo_volume_is_a_need_when_known() -> None:
    """A Crafter's 9.9 m³ trip does not fit a Caddy's 3.1 m³; the other way does;
    a van of unknown volume may take either. A cargo bike of 0.25 m³ does not take
    a 3.1 m³ van's trip, one of 3.5 m³ would."""
    caddy, crafter = car(cargo_m3=3.1), car(cargo_m3=9.9)
    unknown_van = car(category=C.VAN)
    assert not body_fits(crafter, caddy)
    assert body_fits(caddy, crafter)
    assert body_fits(crafter, unknown_van) and body_fits(unknown_van, caddy)
    small = Vehicle("cb", VehicleType.EBIKE, Fuel.NONE, cargo_m3=0.25)
    big = Vehicle("cb2", VehicleType.EBIKE, Fuel.NONE, cargo_m3=3.5)
    assert not body_fits(caddy, small)
    assert body_fits(caddy, big)
