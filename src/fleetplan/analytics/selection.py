"""Filters and what they leave of a dataset: the period, vehicles and roundtrips.

A vehicle is selected when it is in today's fleet (``domain.fleet_on``) and
matches every given filter (its home location, administration, department, id);
a roundtrip when it overlaps the period, starts at
a selected location (if locations are given) and was driven by a selected vehicle
(if any vehicle filter is given). Per-period figures are annualised as
value × 365 / days of the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fleetplan.domain import (
    Dataset,
    FactorSet,
    Period,
    Roundtrip,
    Vehicle,
    category_of,
    todays_vehicles,
)
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set
from fleetplan.ingest import factor_overrides_from_meta


@dataclass(frozen=True, slots=True)
class AnalysisFilter:
    period: Period | None = None
    location_ids: tuple[str, ...] = ()
    administrations: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    vehicle_ids: tuple[str, ...] = ()
    use_shifts: bool = True
    categories: tuple[str, ...] = ()  # ``VehicleCategory`` values (car, van, ...)
    today: date | None = None  # whose fleet is counted (None: today's)


@dataclass(frozen=True, slots=True)
class Selection:
    """What a filter leaves of a dataset."""

    period: Period
    vehicles: tuple[Vehicle, ...]  # current vehicles
    candidates: tuple[Vehicle, ...]
    roundtrips: tuple[Roundtrip, ...]

    @property
    def yearly_factor(self) -> float:
        return 365.0 / self.period.days


def default_period(dataset: Dataset) -> Period:
    """The meta.json period, else the whole days the roundtrips span."""
    period = dataset.meta.get("period") if dataset.meta else None
    if isinstance(period, dict) and period.get("start") and period.get("end"):
        return Period(
            datetime.fromisoformat(period["start"]),
            datetime.fromisoformat(period["end"]),
        )
    span = dataset.data_span()
    if span is None:
        today = datetime.combine(date.today(), datetime.min.time())
        return Period(today, today + timedelta(days=1))
    start = datetime.combine(span.start.date(), datetime.min.time())
    end = datetime.combine(span.end.date(), datetime.min.time()) + timedelta(days=1)
    return Period(start, end)


def select(dataset: Dataset, flt: AnalysisFilter | None = None) -> Selection:
    flt = flt or AnalysisFilter()
    period = flt.period or default_period(dataset)

    def keep(v: Vehicle) -> bool:
        return (
            (not flt.location_ids or v.location_id in flt.location_ids)
            and (not flt.administrations or v.administration in flt.administrations)
            and (not flt.departments or v.department in flt.departments)
            and (not flt.vehicle_ids or v.vehicle_id in flt.vehicle_ids)
            and (not flt.categories or category_of(v).value in flt.categories)
        )

    # today's fleet (``domain.fleet_on``): a deactivated vehicle is not counted,
    # the trips it drove stay (they happened, and are demand to cover)
    vehicles = tuple(v for v in todays_vehicles(dataset, flt.today) if keep(v))
    by_vehicle = (
        flt.administrations or flt.departments or flt.vehicle_ids or flt.categories
    )
    chosen = {v.vehicle_id for v in vehicles}
    trips = tuple(
        r
        for r in dataset.roundtrips
        if r.end_time > period.start
        and r.start_time < period.end
        and (not flt.location_ids or r.location_id in flt.location_ids)
        and (not by_vehicle or r.vehicle_id in chosen)
    )
    return Selection(period, vehicles, dataset.candidate_vehicles, trips)


def factor_set_for(dataset: Dataset, name: str = DEFAULT_FACTOR_SET_NAME) -> FactorSet:
    """A built-in set with the dataset's meta.json settings applied on top."""
    factors = get_builtin_factor_set(name)
    overrides = factor_overrides_from_meta(dataset.meta)
    if overrides:
        factors = factors.with_values(overrides, source="dataset meta.json settings")
    return factors


def yearly_km_by_vehicle(selection: Selection) -> dict[str, float]:
    km: dict[str, float] = {}
    for trip in selection.roundtrips:
        km[trip.vehicle_id] = km.get(trip.vehicle_id, 0.0) + trip.distance_km
    return {vid: value * selection.yearly_factor for vid, value in km.items()}
