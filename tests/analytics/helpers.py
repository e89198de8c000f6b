"""Small builders for analytics tests."""

from __future__ import annotations

from datetime import date, datetime

from fleetplan.domain import Fuel, Roundtrip, Vehicle, VehicleType

DAY = datetime(2026, 3, 2)  # a Monday


def at(hhmm: str, day: int = 0) -> datetime:
    """2026-03-02 plus ``day`` days at ``hhmm``."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return datetime(2026, 3, 2 + day, hours, minutes)


def trip(
    rid: str,
    vehicle: str,
    start: datetime,
    end: datetime,
    km: float = 10.0,
    location: str = "L1",
) -> Roundtrip:
    return Roundtrip(rid, vehicle, location, start, end, km)


def car(
    vid: str,
    *,
    location: str | None = "L1",
    fuel: Fuel = Fuel.PETROL,
    lease_end: date | None = None,
    candidate: bool = False,
    **extra: object,
) -> Vehicle:
    vtype = VehicleType.EV if fuel == Fuel.ELECTRIC else VehicleType.ICE
    defaults: dict[str, object] = {
        "make": "Make",
        "model": "Model",
        "plate": f"AB{vid}",
        "department": "Dept",
        "administration": "Adm",
        "annual_cost_dkk": 40_000.0,
    }
    if fuel == Fuel.ELECTRIC:
        defaults.update(wltp_wh_per_km=160.0, range_km=400.0, battery_kwh=60.0)
    elif fuel in (Fuel.PETROL, Fuel.DIESEL, Fuel.HVO):
        defaults["wltp_km_per_l"] = 20.0
    defaults.update(extra)
    return Vehicle(
        vehicle_id=vid,
        vehicle_type=vtype,
        fuel=fuel,
        location_id=location,
        lease_end=lease_end,
        is_candidate=candidate,
        **defaults,  # type: ignore[arg-type]
    )
