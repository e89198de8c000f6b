"""Which fleet types may take which trips: ``feasible[i, t]`` of an allocation
problem (``problem.build_problem``).

Feasibility of trip i on type t (``feasible[i, t]``):
- home: without pooling (``transfer_min is None``) a type serves only trips of its
  own home location; with pooling any selected location, and a trip away from home
  keeps the vehicle busy ``transfer_min`` extra before and after (drive there and
  back);
- bikes and e-bikes: at most ``max_km_per_trip``; start and end inside one time slot
  of the same day; speed km ÷ hours at most ``bike_max_kmh`` / ``ebike_max_kmh``;
- outfitting: a trip needs the seats, wheelchair lift and child seats of the vehicle
  that drove it, unless that vehicle's department is exempted; unknown seats count
  as 5 for cars and 1 for bikes;
- body: a trip needs the category and cargo volume of the vehicle that drove it
  (``domain.category.body_fits``: a van's trip a van, a minibus's a minibus),
  unless that vehicle's department is exempted;
- EVs: one trip at most the usable range × the month's range factor
  (``range_factor_by_month``: the factor set's table, ``economics.winter``).

A type that holds the vehicle which drove a trip may always drive it (but for the
range): the data shows it could.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from fleetplan.domain import RunSettings, Vehicle, VehicleType, body_fits
from fleetplan.simulate.fleet import FleetType
from fleetplan.simulate.trips import TripSet

if TYPE_CHECKING:
    from fleetplan.simulate.problem import ProblemParams

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def _needs(vehicle: Vehicle | None, exempt: frozenset[str]) -> tuple[int, bool, int]:
    if vehicle is None or (vehicle.department or "") in exempt:
        return 0, False, 0
    return (
        vehicle.seats or 0,
        bool(vehicle.wheelchair_lift),
        vehicle.child_seats or 0,
    )


def body_matrix(
    trips: TripSet,
    types: Sequence[FleetType],
    current: Mapping[str, Vehicle],
    exempt: frozenset[str],
) -> BoolArray:
    """``[i, t]``: may type t take trip i by body (category and cargo volume)?
    Trips of unknown or exempted vehicles need no body."""
    rows: dict[str, BoolArray] = {}
    out = np.ones((len(trips), len(types)), dtype=bool)
    for i, vid in enumerate(trips.current_vehicle_ids):
        if vid not in rows:
            driver = current.get(vid)
            rows[vid] = (
                np.ones(len(types), dtype=bool)
                if driver is None or (driver.department or "") in exempt
                else np.array([body_fits(driver, t.template) for t in types], bool)
            )
        out[i] = rows[vid]
    return out


def _in_slot(
    start: datetime, end: datetime, slots: Sequence[tuple[time, time]]
) -> bool:
    if start.date() != end.date():
        return False
    return any(a <= start.time() and end.time() <= b for a, b in slots)


def _bike_ok(
    vehicle: Vehicle, km: float, start: datetime, end: datetime, s: RunSettings
) -> bool:
    rules = s.bike
    if km > rules.max_km_per_trip or not _in_slot(start, end, rules.slots):
        return False
    hours = (end - start).total_seconds() / 3600.0
    max_kmh = (
        rules.ebike_max_kmh
        if vehicle.vehicle_type is VehicleType.EBIKE
        else rules.bike_max_kmh
    )
    return km <= max_kmh * hours


def feasibility(
    trips: TripSet,
    types: Sequence[FleetType],
    settings: RunSettings,
    params: ProblemParams,
    current: Mapping[str, Vehicle],
    range_factor: FloatArray,
) -> BoolArray:
    """``feasible[i, t]`` by the rules in the module docstring."""
    n, m = len(trips), len(types)
    ok = np.ones((n, m), dtype=bool)
    needs = [
        _needs(current.get(v), params.exempt_departments)
        for v in trips.current_vehicle_ids
    ]
    # nested lists: indexing them in the loop is several times faster than numpy's
    body = body_matrix(trips, types, current, params.exempt_departments).tolist()
    for t, ftype in enumerate(types):
        v = ftype.template
        seats = v.seats if v.seats is not None else (1 if v.is_bike else 5)
        drivers = {fv.vehicle_id for fv in ftype.vehicles}
        for i in range(n):
            if trips.current_vehicle_ids[i] in drivers:
                # the vehicle that drove a trip can drive it: its home, outfitting
                # and the bike rules do not apply to its own work (a range does)
                ok[i, t] = ftype.capacity_km is None or (
                    float(trips.distance_km[i])
                    <= ftype.capacity_km * range_factor[i] + 1e-9
                )
                continue
            if params.transfer_min is None and trips.location_ids[i] != ftype.home:
                ok[i, t] = False
                continue
            need_seats, need_lift, need_child = needs[i]
            if (
                not body[i][t]
                or seats < need_seats
                or (need_lift and not v.wheelchair_lift)
                or (v.child_seats or 0) < need_child
            ):
                ok[i, t] = False
                continue
            km = float(trips.distance_km[i])
            if (
                v.is_bike
                and not _bike_ok(
                    v, km, trips.start_times[i], trips.end_times[i], settings
                )
            ) or (
                ftype.capacity_km is not None
                and (km > ftype.capacity_km * range_factor[i] + 1e-9)
            ):
                ok[i, t] = False
    return ok
