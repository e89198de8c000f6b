"""A vehicle's category (its body) and which bodies may take a trip.

A trip needs the body of the vehicle that drove it (DESIGN.md "Engine"): a van's
trip carries tools or materials, a minibus's trip carries a group. The category is
the register's ``category`` column, else derived by ``derive_category``.
"""

from __future__ import annotations

from fleetplan.domain.vehicle import Vehicle, VehicleCategory, VehicleType

# A car's boot is at most about 1.7 m³ with the rear seats folded (large estates);
# the smallest panel vans (Fiat Fiorino, VW Caddy) hold 2.5-3.2 m³.
VAN_MIN_CARGO_M3 = 2.0
# Seven-seat MPVs are cars; a minibus has 8 or 9 seats (category M1 with more
# than 8 passenger seats is a bus).
MINIBUS_MIN_SEATS = 8

_C = VehicleCategory
_BIKES = frozenset({_C.BIKE, _C.EBIKE, _C.CARGO_BIKE})

# Which categories may take a trip driven by a vehicle of the key's category.
# Seats, lift, child seats and cargo volume are checked on top of this.
SERVED_BY: dict[VehicleCategory, frozenset[VehicleCategory]] = {
    _C.CAR: frozenset({_C.CAR, _C.VAN, _C.MINIBUS}),
    _C.VAN: frozenset({_C.VAN, _C.CARGO_BIKE}),
    _C.MINIBUS: frozenset({_C.MINIBUS}),
    _C.TRUCK: frozenset({_C.TRUCK}),
    _C.SPECIAL: frozenset({_C.SPECIAL}),
    _C.BIKE: _BIKES | {_C.CAR, _C.VAN, _C.MINIBUS},
    _C.EBIKE: _BIKES | {_C.CAR, _C.VAN, _C.MINIBUS},
    _C.CARGO_BIKE: frozenset({_C.CARGO_BIKE, _C.CAR, _C.VAN}),
}


def derive_category(
    vehicle_type: VehicleType, seats: int | None, cargo_m3: float | None
) -> VehicleCategory:
    """The category a register row without one gets.

    - bike or e-bike: ``cargo_bike`` with a cargo volume > 0, else ``bike``/``ebike``;
    - car (ev, ice): ``minibus`` with at least ``MINIBUS_MIN_SEATS`` seats, ``van``
      with at least ``VAN_MIN_CARGO_M3`` m³ cargo, else ``car``.

    Trucks and special vehicles cannot be told from these columns (a truck is
    defined by its weight, over 3.5 t); the register must name them.
    """
    if vehicle_type in (VehicleType.BIKE, VehicleType.EBIKE):
        if cargo_m3 is not None and cargo_m3 > 0:
            return VehicleCategory.CARGO_BIKE
        if vehicle_type is VehicleType.EBIKE:
            return VehicleCategory.EBIKE
        return VehicleCategory.BIKE
    if seats is not None and seats >= MINIBUS_MIN_SEATS:
        return VehicleCategory.MINIBUS
    if cargo_m3 is not None and cargo_m3 >= VAN_MIN_CARGO_M3:
        return VehicleCategory.VAN
    return VehicleCategory.CAR


def category_of(vehicle: Vehicle) -> VehicleCategory:
    """The register's category, else the derived one."""
    if vehicle.category is not None:
        return vehicle.category
    return derive_category(vehicle.vehicle_type, vehicle.seats, vehicle.cargo_m3)


def body_fits(driver: Vehicle, vehicle: Vehicle) -> bool:
    """May ``vehicle`` take a trip that ``driver`` drove, by body?

    Its category must be in ``SERVED_BY[driver's category]``, and its cargo volume
    at least the driver's when both are known (a Caddy's 3.1 m³ trip does not go
    to a cargo bike's 0.25 m³, nor a Crafter's 9.9 m³ trip to a Caddy).
    """
    if category_of(vehicle) not in SERVED_BY[category_of(driver)]:
        return False
    need, have = driver.cargo_m3, vehicle.cargo_m3
    return need is None or have is None or have + 1e-9 >= need
