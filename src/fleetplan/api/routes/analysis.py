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

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status

from fleetplan.analytics.selection import default_period
from fleetplan.api.analysis_figures import AnalysisFigures as AnalysisFigures
from fleetplan.api.analysis_figures import analysis_figures as analysis_figures
from fleetplan.api.analysis_figures import analysis_filter as analysis_filter
from fleetplan.api.analysis_schemas import (
    ActivityPublic,
    DataQualityPublic,
    FindingPublic,
    PeaksPublic,
    ShortTripsPublic,
    peak_public,
    period_public,
    short_row_public,
)
from fleetplan.api.analysis_schemas import FilterOptionsPublic as FilterOptionsPublic
from fleetplan.api.deps import CanRead, ServicesDep
from fleetplan.api.params import Ids, PeriodQuery, period_query
from fleetplan.api.services import AppServices
from fleetplan.domain import Dataset, category_of, todays_vehicles

router = APIRouter(prefix="/analysis", tags=["analysis"], dependencies=[CanRead])


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
        period=period_public(f.period),
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
        period=period_public(peaks.period),
        locations=[peak_public(p) for p in peaks.locations],
        overall=peak_public(peaks.overall),
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
        overall=short_row_public(short.overall, factor),
        locations=[short_row_public(r, factor) for r in short.locations],
        departments=[short_row_public(r, factor) for r in f.short_by_department],
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
