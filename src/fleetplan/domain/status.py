"""Vehicle status, computed from the register and the roundtrips (pure).

A vehicle can have several statuses at once:

- ``candidate``: not in the fleet (a catalogue model offered to simulations);
- ``missing_metadata``: fields the engines need are empty (named in
  ``missing_fields``): the consumption for its type (``wltp_km_per_l`` for ice,
  ``wltp_wh_per_km`` for ev), ``annual_cost_dkk``, for an EV ``range_km`` unless
  ``battery_kwh`` and ``wltp_wh_per_km`` give it (``ev_range_missing``) and, for
  fleet vehicles, ``location_id`` and ``lease_type``;
- ``lease_ended``: ``lease_end`` is before today;
- ``inactive``: no trip in the last ``inactive_days`` days before the newest trip of
  the whole dataset (its other vehicles still report, so this one may have a GPS
  fault); measured against the data, not the calendar, so old data is judged fairly;
- ``location_changed``: most of its recent trips start at another location than its
  registered one;
- ``ok``: none of the above.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from fleetplan.domain.dataset import Dataset
from fleetplan.domain.roundtrip import Roundtrip
from fleetplan.domain.vehicle import Vehicle, VehicleType

RECENT_TRIPS = 20
"""How many of a vehicle's newest trips decide ``location_changed``."""
MIN_TRIPS_FOR_LOCATION = 3


class VehicleStatus(StrEnum):
    OK = "ok"
    CANDIDATE = "candidate"
    MISSING_METADATA = "missing_metadata"
    LEASE_ENDED = "lease_ended"
    INACTIVE = "inactive"
    LOCATION_CHANGED = "location_changed"


@dataclass(frozen=True, slots=True)
class VehicleStatusReport:
    """The statuses of one vehicle and the facts behind them."""

    vehicle_id: str
    statuses: tuple[VehicleStatus, ...]
    missing_fields: tuple[str, ...] = ()
    last_trip_end: datetime | None = None
    inactive_days: float | None = None
    usual_location_id: str | None = None

    def has(self, status: VehicleStatus) -> bool:
        return status in self.statuses


def ev_range_missing(vehicle: Vehicle) -> bool:
    """An EV whose range is unknown: no ``range_km`` and not both ``battery_kwh``
    and ``wltp_wh_per_km`` to derive it from."""
    return (
        vehicle.vehicle_type is VehicleType.EV
        and not vehicle.range_km
        and not (vehicle.battery_kwh and vehicle.wltp_wh_per_km)
    )


def missing_fields(vehicle: Vehicle) -> tuple[str, ...]:
    """Names of the empty fields the engines need for this vehicle."""
    needed: list[str] = []
    if vehicle.vehicle_type is VehicleType.ICE:
        needed.append("wltp_km_per_l")
    elif vehicle.vehicle_type is VehicleType.EV:
        needed.append("wltp_wh_per_km")
    needed.append("annual_cost_dkk")
    if not vehicle.is_candidate:
        needed += ["location_id", "lease_type"]
    missing = [name for name in needed if getattr(vehicle, name) is None]
    if ev_range_missing(vehicle):
        missing.append("range_km")
    return tuple(missing)


def usual_location(trips: Sequence[Roundtrip]) -> str | None:
    """The start location of most of the newest ``RECENT_TRIPS`` trips (ties: the
    newest trip's), or None with fewer than ``MIN_TRIPS_FOR_LOCATION`` trips."""
    if len(trips) < MIN_TRIPS_FOR_LOCATION:
        return None
    recent = sorted(trips, key=lambda r: r.start_time)[-RECENT_TRIPS:]
    counts = Counter(r.location_id for r in recent)
    best = max(counts.values())
    if best * 2 <= len(recent):
        return None  # no majority
    for trip in reversed(recent):
        if counts[trip.location_id] == best:
            return trip.location_id
    return None


def vehicle_status(
    vehicle: Vehicle,
    trips: Sequence[Roundtrip],
    *,
    today: date,
    data_end: datetime | None,
    inactive_days: int = 14,
) -> VehicleStatusReport:
    """Statuses of one vehicle given its own trips and the newest trip end of the
    dataset (``data_end``; None when the dataset has no trips)."""
    statuses: list[VehicleStatus] = []
    missing = missing_fields(vehicle)
    if vehicle.is_candidate:
        statuses.append(VehicleStatus.CANDIDATE)
    if missing:
        statuses.append(VehicleStatus.MISSING_METADATA)
    last_end = max((r.end_time for r in trips), default=None)
    idle_days = None
    usual = None
    if not vehicle.is_candidate:
        if vehicle.lease_end is not None and vehicle.lease_end < today:
            statuses.append(VehicleStatus.LEASE_ENDED)
        if data_end is not None:
            if last_end is not None:
                idle_days = (data_end - last_end).total_seconds() / 86_400
            if last_end is None or data_end - last_end > timedelta(days=inactive_days):
                statuses.append(VehicleStatus.INACTIVE)
        usual = usual_location(trips)
        if (
            usual is not None
            and vehicle.location_id is not None
            and usual != vehicle.location_id
        ):
            statuses.append(VehicleStatus.LOCATION_CHANGED)
    if not statuses:
        statuses.append(VehicleStatus.OK)
    return VehicleStatusReport(
        vehicle.vehicle_id, tuple(statuses), missing, last_end, idle_days, usual
    )


def fleet_status(
    dataset: Dataset, *, today: date, inactive_days: int = 14
) -> tuple[VehicleStatusReport, ...]:
    """The status of every vehicle of the dataset, in its vehicle order."""
    by_vehicle: dict[str, list[Roundtrip]] = defaultdict(list)
    for trip in dataset.roundtrips:
        by_vehicle[trip.vehicle_id].append(trip)
    data_end = max((r.end_time for r in dataset.roundtrips), default=None)
    return tuple(
        vehicle_status(
            v,
            by_vehicle.get(v.vehicle_id, []),
            today=today,
            data_end=data_end,
            inactive_days=inactive_days,
        )
        for v in dataset.vehicles
    )


def status_counts(reports: Iterable[VehicleStatusReport]) -> Mapping[str, int]:
    """Vehicles per status (a vehicle counts once under each of its statuses)."""
    counts = {status.value: 0 for status in VehicleStatus}
    for report in reports:
        for status in report.statuses:
            counts[status.value] += 1
    return counts
