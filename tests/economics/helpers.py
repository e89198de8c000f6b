"""Small vehicles and factor sets for the economics tests."""

from __future__ import annotations

from fleetplan.domain import FactorSet, Fuel, Vehicle, VehicleType
from fleetplan.economics import get_builtin_factor_set


def dk() -> FactorSet:
    return get_builtin_factor_set("dk-2025")


def os2() -> FactorSet:
    return get_builtin_factor_set("os2-defaults")


def ev(wh_per_km: float = 165.0, **kw: object) -> Vehicle:
    return Vehicle("ev1", VehicleType.EV, Fuel.ELECTRIC, wltp_wh_per_km=wh_per_km, **kw)  # type: ignore[arg-type]


def petrol(km_per_l: float = 20.0, **kw: object) -> Vehicle:
    return Vehicle("p1", VehicleType.ICE, Fuel.PETROL, wltp_km_per_l=km_per_l, **kw)  # type: ignore[arg-type]
