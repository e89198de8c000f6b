"""``GET /analysis/...``: the Analyse page's figures, read-only, with its filters.

Filters (query parameters, all optional): ``start`` and ``end`` (dates; ``end`` is
the last day included), and repeatable ``location``, ``department`` and
``administration``. The work of a request grows with its period and its trips:
the period is at most ``WebSettings.max_period_years`` (checked with a 422 before
anything is loaded), figures are cached per filter, and the routes are plain
``def``, so they run in the thread pool and never hold the event loop. The page
(``fleetplan.web.pages.analysis``) calls the same :func:`analysis_figures`, so
both show the same numbers.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel

from fleetplan.analytics import (
    AnalysisFilter,
    AnalysisKind,
    DataQualityReport,
    PeakProfile,
    PeakReport,
    ShortTripReport,
    ShortTripRow,
    analyse,
    select,
)
from fleetplan.analytics.activity import ActivityReport, activity
from fleetplan.analytics.selection import default_period
from fleetplan.api.deps import CanRead, ServicesDep
from fleetplan.api.derived import derived
from fleetplan.api.params import Ids, LocalDateTime, PeriodQuery, period_query
from fleetplan.api.services import AppServices
from fleetplan.domain import (
    DEFAULT_MAX_PERIOD_YEARS,
    Dataset,
    Period,
    category_of,
    check_period,
    todays_vehicles,
)

router = APIRouter(prefix="/analysis", tags=["analysis"], dependencies=[CanRead])

CACHE_SIZE = 16


# --- the figures -----------------------------------------------------------------


def analysis_filter(
    dataset: Dataset,
    start: date | None = None,
    end: date | None = None,
    locations: tuple[str, ...] = (),
    departments: tuple[str, ...] = (),
    administrations: tuple[str, ...] = (),
    max_years: int = DEFAULT_MAX_PERIOD_YEARS,
    *,
    categories: tuple[str, ...] = (),
) -> AnalysisFilter:
    """The analytics filter of the page's choices; ``end`` is the last day included.

    A missing start or end is taken from the dataset's own period. Raises
    ``ValueError`` when the period would end before it starts or is longer than
    ``max_years`` (the analyses' arrays grow with the period's days).
    """
    period = None
    if start is not None or end is not None:
        base = default_period(dataset)
        first = datetime.combine(start, time()) if start else base.start
        last = datetime.combine(end + timedelta(days=1), time()) if end else base.end
        check_period(first.date(), last.date(), max_years, last_included=False)
        period = Period(first, last)
    return AnalysisFilter(
        period=period,
        location_ids=locations,
        departments=departments,
        administrations=administrations,
        categories=categories,
    )


@dataclass(frozen=True, slots=True)
class AnalysisFigures:
    """Everything the Analyse page shows for one filter."""

    period: Period
    vehicles: int
    roundtrips: int
    activity: ActivityReport
    peaks: PeakReport
    short_trips: ShortTripReport
    # one row per department (``location_id`` holds the department's name)
    short_by_department: tuple[ShortTripRow, ...]
    data_quality: DataQualityReport


def compute_figures(
    dataset: Dataset, flt: AnalysisFilter, today: date | None = None
) -> AnalysisFigures:
    sel = select(dataset, flt)
    short = analyse(AnalysisKind.SHORT_TRIPS, dataset, flt)
    departments = sorted({v.department for v in sel.vehicles if v.department})
    by_department = tuple(
        replace(
            analyse(
                AnalysisKind.SHORT_TRIPS,
                dataset,
                replace(flt, departments=(name,)),
            ).overall,  # type: ignore[attr-defined]
            location_id=name,
        )
        for name in departments
    )
    return AnalysisFigures(
        period=sel.period,
        vehicles=len(sel.vehicles),
        roundtrips=len(sel.roundtrips),
        activity=activity(sel.roundtrips, sel.period, len(sel.vehicles)),
        peaks=analyse(AnalysisKind.PEAKS, dataset, flt),  # type: ignore[arg-type]
        short_trips=short,  # type: ignore[arg-type]
        short_by_department=by_department,
        data_quality=analyse(  # type: ignore[arg-type]
            AnalysisKind.DATA_QUALITY, dataset, flt, today=today
        ),
    )


def fingerprint(dataset: Dataset) -> int:
    """A hash of the dataset's content (a few ms for 30,000 roundtrips), so a
    reloaded but unchanged dataset keeps its cached figures."""
    meta = json.dumps(dict(dataset.meta), sort_keys=True, default=str)
    return hash((dataset.locations, dataset.vehicles, dataset.roundtrips, meta))


_cache: OrderedDict[tuple[int, AnalysisFilter, date], AnalysisFigures] = OrderedDict()
_lock = threading.Lock()


def analysis_figures(
    dataset: Dataset, flt: AnalysisFilter, today: date | None = None
) -> AnalysisFigures:
    """:func:`compute_figures`, cached per dataset content, filter and day (the
    last ``CACHE_SIZE`` combinations)."""
    # hashing every roundtrip took a few ms per request: once per copy instead
    content = derived(dataset, "fingerprint", lambda: fingerprint(dataset))
    key = (content, flt, today or date.today())
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    figures = compute_figures(dataset, flt, key[2])
    with _lock:
        _cache[key] = figures
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return figures


# --- schemas -----------------------------------------------------------------------


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


def _period(period: Period) -> PeriodPublic:
    return PeriodPublic(start=period.start, end=period.end)


def _peak(p: PeakProfile) -> PeakPublic:
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


def _short_row(row: ShortTripRow, yearly_factor: float) -> ShortTripRowPublic:
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


# --- routes ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FilterParams:
    start: date | None
    end: date | None
    location: tuple[str, ...]
    department: tuple[str, ...]
    administration: tuple[str, ...]
    category: tuple[str, ...] = ()


def filter_params(
    period: Annotated[PeriodQuery, Depends(period_query(last_included=True))],
    location: Ids = [],  # noqa: B006  (FastAPI copies defaults)
    department: Ids = [],  # noqa: B006
    administration: Ids = [],  # noqa: B006
    category: Ids = [],  # noqa: B006  (car, van, minibus, truck, bike, ...)
) -> FilterParams:
    """The shared filters: ``end`` is the last day included; the lists repeat."""
    return FilterParams(
        period.start,
        period.end,
        tuple(location),
        tuple(department),
        tuple(administration),
        tuple(category),
    )


FiltersDep = Annotated[FilterParams, Depends(filter_params)]


def _figures(services: AppServices, filters: FilterParams) -> AnalysisFigures:
    dataset = services.load_dataset()
    try:
        flt = analysis_filter(
            dataset,
            filters.start,
            filters.end,
            filters.location,
            filters.department,
            filters.administration,
            services.settings.max_period_years,
            categories=filters.category,
        )
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return analysis_figures(dataset, flt)


def filter_choices(dataset: Dataset) -> FilterOptionsPublic:
    """What the filters can choose from, and the dataset's default period."""
    period = default_period(dataset)
    vehicles = todays_vehicles(dataset)
    return FilterOptionsPublic(
        start=period.start.date(),
        end=(period.end - timedelta(microseconds=1)).date(),
        locations={
            loc.location_id: loc.name or loc.location_id for loc in dataset.locations
        },
        departments=sorted({v.department for v in vehicles if v.department}),
        administrations=sorted(
            {v.administration for v in vehicles if v.administration}
        ),
        categories=sorted({category_of(v).value for v in vehicles}),
    )


@router.get("/options")
def filter_options(services: ServicesDep) -> FilterOptionsPublic:
    """The locations, departments and administrations to filter by."""
    return filter_choices(services.load_dataset())


@router.get("/activity")
def get_activity(services: ServicesDep, filters: FiltersDep) -> ActivityPublic:
    """Mean vehicles away and trip starts per weekday and hour, and per hour the
    share of the fleet away and of the trips that start."""
    f = _figures(services, filters)
    a = f.activity
    return ActivityPublic(
        period=_period(f.period),
        vehicles=f.vehicles,
        roundtrips=f.roundtrips,
        days_of_weekday=[int(d) for d in a.days_of_weekday],
        mean_vehicles_away=[[round(float(x), 4) for x in row] for row in a.mean_away],
        trip_starts=[[int(x) for x in row] for row in a.trip_starts],
        hour_share_of_vehicles=[round(float(x), 4) for x in a.hour_share_of_vehicles],
        hour_share_of_trips=[round(float(x), 4) for x in a.hour_share_of_trips],
    )


@router.get("/peaks")
def get_peaks(services: ServicesDep, filters: FiltersDep) -> PeaksPublic:
    """Vehicles in use at the same time per location, the peak and when."""
    peaks = _figures(services, filters).peaks
    return PeaksPublic(
        period=_period(peaks.period),
        locations=[_peak(p) for p in peaks.locations],
        overall=_peak(peaks.overall),
    )


@router.get("/short-trips")
def get_short_trips(services: ServicesDep, filters: FiltersDep) -> ShortTripsPublic:
    """Short trips and bike potential per location and department, with the
    yearly energy cost and CO2e a bike would save."""
    f = _figures(services, filters)
    short = f.short_trips
    factor = short.yearly_factor
    return ShortTripsPublic(
        max_km=short.max_km,
        max_duration_h=short.max_duration_h,
        bike_vehicle_id=short.bike_vehicle_id,
        overall=_short_row(short.overall, factor),
        locations=[_short_row(r, factor) for r in short.locations],
        departments=[_short_row(r, factor) for r in f.short_by_department],
    )


@router.get("/data-quality")
def get_data_quality(services: ServicesDep, filters: FiltersDep) -> DataQualityPublic:
    """The problems the analyses found, counted per kind, each naming the vehicle,
    location or roundtrip and what to do."""
    report = _figures(services, filters).data_quality
    return DataQualityPublic(
        counts=report.counts(),
        findings=[FindingPublic(**f.to_dict()) for f in report.findings],
    )
