"""Small builders for simulation tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from fleetplan.domain import Fuel, Roundtrip, Vehicle, VehicleType

T0 = datetime(2026, 3, 2)


def rt(
    rid: str,
    start_min: float,
    end_min: float,
    km: float,
    vehicle: str = "car",
    location: str = "L1",
) -> Roundtrip:
    """A roundtrip from minutes after 2026-03-02 00:00."""
    return Roundtrip(
        rid,
        vehicle,
        location,
        T0 + timedelta(minutes=start_min),
        T0 + timedelta(minutes=end_min),
        km,
    )


def ev(
    vid: str = "ev", wh: float = 150.0, range_km: float = 300.0, **kw: object
) -> Vehicle:
    return Vehicle(
        vid,
        VehicleType.EV,
        Fuel.ELECTRIC,
        wltp_wh_per_km=wh,
        range_km=range_km,
        location_id=kw.pop("location_id", "L1"),
        **kw,  # type: ignore[arg-type]
    )


def ice(vid: str = "ice", km_per_l: float = 20.0, **kw: object) -> Vehicle:
    return Vehicle(
        vid,
        VehicleType.ICE,
        Fuel.PETROL,
        wltp_km_per_l=km_per_l,
        location_id=kw.pop("location_id", "L1"),
        **kw,  # type: ignore[arg-type]
    )


def bike(vid: str = "bike", kind: VehicleType = VehicleType.BIKE) -> Vehicle:
    return Vehicle(vid, kind, Fuel.NONE, location_id="L1")
