"""Response schemas of the ``GET /analysis/...`` routes, and the conversions
from the analytics' records to them."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from fleetplan.analytics import PeakProfile, ShortTripRow
from fleetplan.api.params import LocalDateTime
from fleetplan.domain import Period


class PeriodPublic(BaseModel):
    start: LocalDateTime
    end: LocalDateTime  # exclusive


class FilterOptionsPublic(BaseModel):
    """What the filters can choose from, and the default period (last day included)."""

    start: date
    end: date
    locations: dict[str, str]  # id -> name
    departments: list[str]
    administrations: list[str]
    categories: list[str] = []  # VehicleCategory values of today's fleet


class ActivityPublic(BaseModel):
    """7 × 24 matrices: rows Monday..Sunday, columns hours 0..23."""

    period: PeriodPublic
    vehicles: int
    roundtrips: int
    days_of_weekday: list[int]
    mean_vehicles_away: list[list[float]]
    trip_starts: list[list[int]]
    hour_share_of_vehicles: list[float]
    hour_share_of_trips: list[float]


class PeakPublic(BaseModel):
    location_id: str  # "*" = all selected locations together
    vehicles_seen: int
    max_concurrent: int
    first_peak_at: LocalDateTime | None
    peak_hours: list[int]
    vehicles_for_coverage: dict[str, int]
    hour_max: list[int]
    hour_mean: list[float]


class PeaksPublic(BaseModel):
    period: PeriodPublic
    locations: list[PeakPublic]
    overall: PeakPublic


class ShortTripRowPublic(BaseModel):
    group: str  # location id, department name, or "*" for all
    trips: int
    distance_km: float
    short_trips: int
    short_km: float
    share_of_trips: float
    bike_trips: int
    bike_km: float
    bike_share_of_trips: float
    energy_cost_moved_dkk_per_year: float
    co2e_wtw_moved_kg_per_year: float


class ShortTripsPublic(BaseModel):
    max_km: float
    max_duration_h: float
    bike_vehicle_id: str | None
    overall: ShortTripRowPublic
    locations: list[ShortTripRowPublic]
    departments: list[ShortTripRowPublic]


class FindingPublic(BaseModel):
    kind: str
    vehicle_id: str | None
    location_id: str | None
    roundtrip_id: str | None
    value: float | None
    message: str


class DataQualityPublic(BaseModel):
    counts: dict[str, int]
    findings: list[FindingPublic]


def period_public(period: Period) -> PeriodPublic:
    return PeriodPublic(start=period.start, end=period.end)


def peak_public(p: PeakProfile) -> PeakPublic:
    return PeakPublic(
        location_id=p.location_id,
        vehicles_seen=p.vehicles_seen,
        max_concurrent=p.max_concurrent,
        first_peak_at=p.first_peak_at,
        peak_hours=list(p.peak_hours),
        vehicles_for_coverage=dict(p.vehicles_for_coverage),
        hour_max=list(p.hour_max),
        hour_mean=[round(x, 4) for x in p.hour_mean],
    )


def short_row_public(row: ShortTripRow, yearly_factor: float) -> ShortTripRowPublic:
    return ShortTripRowPublic(
        group=row.location_id,
        trips=row.trips,
        distance_km=round(row.distance_km, 3),
        short_trips=row.short_trips,
        short_km=round(row.short_km, 3),
        share_of_trips=round(row.share_of_trips, 4),
        bike_trips=row.bike_trips,
        bike_km=round(row.bike_km, 3),
        bike_share_of_trips=round(row.bike_share_of_trips, 4),
        energy_cost_moved_dkk_per_year=round(
            row.energy_cost_moved_dkk * yearly_factor, 2
        ),
        co2e_wtw_moved_kg_per_year=round(row.co2e_wtw_moved_kg * yearly_factor, 3),
    )
