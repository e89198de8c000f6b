"""Key figures of the front page, computed by the analytics and economics services.

"Last month" is the newest calendar month that has roundtrips, so an old demo or
an export that stops early is judged on its own data, not on today's date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from fleetplan.analytics import utilisation
from fleetplan.domain import Dataset, FactorSet, Period
from fleetplan.economics import km_by_vehicle, usage_rates


@dataclass(frozen=True, slots=True)
class KeyFigures:
    vehicles: int
    month: Period | None
    distance_km: float
    co2e_kg: float | None
    co2e_missing_vehicles: tuple[str, ...]
    fossil_free_km_share: float | None
    idle_vehicles: int | None
    location_use: tuple[LocationUse, ...] = ()


@dataclass(frozen=True, slots=True)
class LocationUse:
    """Mean share of working days its vehicles were used in the month."""

    location_id: str
    vehicles: int
    mean_share_of_working_days_used: float


def month_of(moment: datetime) -> Period:
    """The calendar month containing ``moment``."""
    start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if start.month == 12:
        end = start.replace(year=start.year + 1, month=1)
    else:
        end = start.replace(month=start.month + 1)
    return Period(start, end)


def key_figures(data: Dataset, factors: FactorSet | None) -> KeyFigures:
    """Fleet size and, for the newest month with trips: km, CO2e (when a factor set
    is given; vehicles whose rates cannot be computed are listed, not guessed),
    fossil-free share of km and the number of idle vehicles."""
    fleet = data.current_vehicles
    if not data.roundtrips:
        return KeyFigures(len(fleet), None, 0.0, None, (), None, None)
    month = month_of(max(r.start_time for r in data.roundtrips))
    km = km_by_vehicle(data.roundtrips, month)
    by_id = {v.vehicle_id: v for v in fleet}
    total_km = sum(km.get(v, 0.0) for v in by_id)
    fossil_free_km = sum(km.get(v.vehicle_id, 0.0) for v in fleet if not v.is_fossil)
    co2e: float | None = None
    missing: list[str] = []
    if factors is not None:
        co2e = 0.0
        for vehicle_id, distance_km in sorted(km.items()):
            vehicle = by_id.get(vehicle_id)
            if vehicle is None or distance_km == 0.0:
                continue
            try:
                co2e += distance_km * usage_rates(vehicle, factors).co2e_kg_per_km
            except (KeyError, ValueError):
                missing.append(vehicle_id)
    report = utilisation(fleet, data.roundtrips, month)
    shares: dict[str, list[float]] = defaultdict(list)
    for use in report.vehicles:
        if use.location_id is not None:
            shares[use.location_id].append(use.share_of_working_days_used)
    location_use = sorted(
        (LocationUse(loc, len(v), sum(v) / len(v)) for loc, v in shares.items()),
        key=lambda u: (u.mean_share_of_working_days_used, u.location_id),
    )
    return KeyFigures(
        vehicles=len(fleet),
        month=month,
        distance_km=total_km,
        co2e_kg=co2e,
        co2e_missing_vehicles=tuple(missing),
        fossil_free_km_share=fossil_free_km / total_km if total_km > 0 else None,
        idle_vehicles=sum(1 for u in report.vehicles if u.is_idle),
        location_use=tuple(location_use),
    )
