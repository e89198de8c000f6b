"""A tiny municipality for optimiser tests: one location, one day of trips."""

from __future__ import annotations

from datetime import datetime, timedelta

from fleetplan.domain import (
    Dataset,
    Fuel,
    Location,
    Period,
    Roundtrip,
    Vehicle,
    VehicleType,
)
from fleetplan.economics import get_builtin_factor_set
from fleetplan.simulate import SimulationInput, make_input

DAY = datetime(2026, 3, 2)


def car(vid: str, annual_dkk: float = 30_000.0, **kw: object) -> Vehicle:
    return Vehicle(
        vid,
        VehicleType.ICE,
        Fuel.PETROL,
        make="Toyota",
        model="Yaris",
        wltp_km_per_l=20.0,
        annual_cost_dkk=annual_dkk,
        location_id="L1",
        **kw,  # type: ignore[arg-type]
    )


def ev(vid: str = "zoe", annual_dkk: float = 34_000.0) -> Vehicle:
    return Vehicle(
        vid,
        VehicleType.EV,
        Fuel.ELECTRIC,
        make="Renault",
        model="Zoe",
        wltp_wh_per_km=150.0,
        range_km=300.0,
        annual_cost_dkk=annual_dkk,
        is_candidate=True,
    )


def trip(
    rid: str, start_h: float, end_h: float, km: float, vid: str = "c1"
) -> Roundtrip:
    return Roundtrip(
        rid,
        vid,
        "L1",
        DAY + timedelta(hours=start_h),
        DAY + timedelta(hours=end_h),
        km,
    )


# (start h, end h, km): peak overlap 3 (9:30-10:00), two long trips
TRIPS = (
    trip("r1", 8.0, 10.0, 40.0, "c1"),
    trip("r2", 9.0, 11.0, 12.0, "c2"),
    trip("r3", 9.5, 10.5, 5.0, "c3"),
    trip("r4", 10.5, 12.0, 25.0, "c1"),
    trip("r5", 13.0, 15.0, 60.0, "c2"),
    trip("r6", 14.0, 16.0, 8.0, "c3"),
)


def dataset(
    current: tuple[Vehicle, ...] | None = None,
    candidates: tuple[Vehicle, ...] | None = None,
    trips: tuple[Roundtrip, ...] = TRIPS,
) -> Dataset:
    current = current if current is not None else (car("c1"), car("c2"), car("c3"))
    candidates = candidates if candidates is not None else (ev(),)
    return Dataset((Location("L1"),), current + candidates, trips)


def make(ds: Dataset, factors: str = "dk-2025") -> SimulationInput:
    """One day (annualisation 365) with the given factor set."""
    return make_input(
        ds,
        None,
        get_builtin_factor_set(factors),
        period=Period(DAY, DAY + timedelta(days=1)),
    )
