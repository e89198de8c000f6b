"""What a fossil vehicle's replacement must match (``transition``): its outfitting
class and fit, the peak use of its group, and the range its days need against a
candidate's WLTP range."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import numpy as np

from fleetplan.analytics.peaks import concurrency_steps
from fleetplan.analytics.trip_arrays import encode, to_arrays
from fleetplan.domain import Roundtrip, Vehicle, VehicleType

USABLE_BATTERY_SHARE = 0.9
CARGO_TOLERANCE = 0.9


def outfitting_class(vehicle: Vehicle) -> tuple[bool, bool, bool]:
    """(wheelchair lift, more than 5 seats, cargo space): vehicles of one class at one
    location can stand in for each other."""
    return (
        bool(vehicle.wheelchair_lift),
        (vehicle.seats or 0) > 5,
        (vehicle.cargo_m3 or 0.0) > 0,
    )


def outfitting_fits(candidate: Vehicle, vehicle: Vehicle) -> bool:
    """The candidate has the lift, seats and cargo space the vehicle has."""
    if vehicle.wheelchair_lift and not candidate.wheelchair_lift:
        return False
    if vehicle.seats and (candidate.seats or 0) < vehicle.seats:
        return False
    return not (
        vehicle.cargo_m3
        and (candidate.cargo_m3 or 0.0) < CARGO_TOLERANCE * vehicle.cargo_m3
    )


def group_peaks(
    vehicles: Sequence[Vehicle], roundtrips: Sequence[Roundtrip]
) -> dict[tuple[str | None, tuple[bool, bool, bool]], int]:
    """Peak number of a group's vehicles away at once (group = home location and
    outfitting class), from the roundtrips they drove."""
    group_of = {v.vehicle_id: (v.location_id, outfitting_class(v)) for v in vehicles}
    own = [t for t in roundtrips if t.vehicle_id in group_of]
    trips = to_arrays(own)
    _, vehicle_index = encode(trips.vehicle_ids)
    groups = [group_of[t.vehicle_id] for t in own]
    peaks: dict[tuple[str | None, tuple[bool, bool, bool]], int] = {}
    for group in set(group_of.values()):
        mask = np.array([g == group for g in groups], dtype=bool)
        _, levels = concurrency_steps(
            vehicle_index[mask], trips.start_min[mask], trips.end_min[mask]
        )
        peaks[group] = int(levels.max()) if len(levels) else 0
    return peaks


def daily_km(
    roundtrips: Sequence[Roundtrip],
    range_factor_by_month: Sequence[float] | None = None,
) -> dict[str, list[float]]:
    """Km per vehicle per day driven (a roundtrip counts on its start day); with
    ``range_factor_by_month`` (January first) each day's km ÷ its month's factor:
    the WLTP range that day needs."""
    per_day: dict[tuple[str, date], float] = defaultdict(float)
    for trip in roundtrips:
        per_day[(trip.vehicle_id, trip.start_time.date())] += trip.distance_km
    out: dict[str, list[float]] = defaultdict(list)
    for (vid, day), km in sorted(per_day.items()):
        factor = range_factor_by_month[day.month - 1] if range_factor_by_month else 1.0
        out[vid].append(km / factor)
    return dict(out)


def wltp_range_km(vehicle: Vehicle) -> float | None:
    """An EV's full-battery range: ``range_km``, else kWh × 1000 ÷ Wh/km (None:
    unknown); None for other vehicles (no range limit here)."""
    if vehicle.vehicle_type is not VehicleType.EV:
        return None
    if vehicle.range_km:
        return float(vehicle.range_km)
    if vehicle.battery_kwh and vehicle.wltp_wh_per_km:
        return vehicle.battery_kwh * 1000.0 / vehicle.wltp_wh_per_km
    return None


def range_covers(candidate: Vehicle, need_km: float) -> bool:
    """The candidate's range covers the need; an EV of unknown range never does."""
    if candidate.vehicle_type is not VehicleType.EV:
        return candidate.range_km is None or candidate.range_km >= need_km
    wltp = wltp_range_km(candidate)
    return wltp is not None and wltp >= need_km


def needed_range_km(days: Sequence[float], percentile: float = 95.0) -> float:
    """Percentile of the daily km (linear interpolation); 0 with no days."""
    return float(np.percentile(days, percentile)) if len(days) else 0.0


def kwh_per_km(vehicle: Vehicle) -> float:
    return (vehicle.wltp_wh_per_km or 0.0) / 1000.0


def usable_battery_kwh(vehicle: Vehicle) -> float:
    if vehicle.battery_kwh:
        return USABLE_BATTERY_SHARE * vehicle.battery_kwh
    return (vehicle.range_km or 0.0) * kwh_per_km(vehicle)
