"""Read-only planning reports: transition plan, green accounts, business case.

Each answers the same tables the web page shows and exports (``tables``: name ->
rows), computed by ``fleetplan.analytics.report_service`` on the stored dataset
with the dataset's factor set. ``start``/``end`` (dates, end exclusive) choose the
period; default: the data's own period.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel

from fleetplan.analytics import AnalysisFilter, BusinessCaseInputs
from fleetplan.analytics.report_service import (
    PlanSettings,
    business_report,
    green_report,
    transition_report,
)
from fleetplan.api.deps import CanRead, ServicesDep
from fleetplan.domain import Period

router = APIRouter(prefix="/reports", tags=["reports"], dependencies=[CanRead])

Rows = list[dict[str, Any]]


class ReportTables(BaseModel):
    period_start: datetime | None = None
    period_end: datetime | None = None
    tables: dict[str, Rows]
    notes: dict[str, list[str]] = {}


def _filter(start: date | None, end: date | None) -> AnalysisFilter:
    if (start is None) != (end is None):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, "Give both start and end, or none."
        )
    if start is None or end is None:
        return AnalysisFilter()
    if end <= start:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, "end must be after start."
        )
    return AnalysisFilter(
        period=Period(
            datetime.combine(start, datetime.min.time()),
            datetime.combine(end, datetime.min.time()),
        )
    )


def _unprocessable(exc: ValueError) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc))


Start = Annotated[date | None, Query(description="Period start (date).")]
End = Annotated[date | None, Query(description="Period end (date, exclusive).")]
Today = Annotated[
    date | None, Query(description="The plan's first year is this date's year.")
]


Co2Price = Annotated[
    float | None,
    Query(description="CO2 price (DKK/t) when choosing models; default: factor set."),
]


def _settings(
    target_year: int = 2030,
    range_percentile: float = 95.0,
    charger_kw: float = 11.0,
    overnight_h: float = 12.0,
    co2_price_dkk_per_t: Co2Price = None,
) -> PlanSettings:
    """The plan's query parameters, shared by the transition plan and the
    business case (a dependency, so both routes document the same inputs)."""
    try:
        return PlanSettings(
            target_year=target_year,
            range_percentile=range_percentile,
            charger_kw=charger_kw,
            overnight_h=overnight_h,
            co2_price_dkk_per_t=co2_price_dkk_per_t,
        )
    except ValueError as exc:
        raise _unprocessable(exc) from exc


Settings = Annotated[PlanSettings, Depends(_settings)]


@router.get("/transition")
def transition(
    services: ServicesDep,
    settings: Settings,
    start: Start = None,
    end: End = None,
    today: Today = None,
) -> ReportTables:
    """Plan steps, the fleet per plan year (cost, CO2e) and charge points."""
    try:
        report = transition_report(
            services.load_dataset(),
            _filter(start, end),
            today=today,
            settings=settings,
        )
    except ValueError as exc:
        raise _unprocessable(exc) from exc
    return ReportTables(
        period_start=report.period.start,
        period_end=report.period.end,
        tables=report.to_rows(),
        notes={
            "missing_rates": list(report.outlook.missing_rates),
            "missing_cost": list(report.outlook.missing_cost),
        },
    )


@router.get("/green-accounts")
def green_accounts(
    services: ServicesDep, start: Start = None, end: End = None
) -> ReportTables:
    """Km, fossil-free share and CO2e per year by administration and by fuel."""
    report = green_report(services.load_dataset(), _filter(start, end))
    return ReportTables(
        period_start=report.period.start,
        period_end=report.period.end,
        tables=report.to_rows(),
        notes={"unrated": list(report.fuels.unrated)},
    )


@router.get("/business-case")
def business_case(
    services: ServicesDep,
    settings: Settings,
    start: Start = None,
    end: End = None,
    today: Today = None,
    tool_dkk_per_year: float | None = None,
    one_off_dkk: float | None = None,
    fleet_management_dkk_per_vehicle_year: float | None = None,
    saving_per_removed_vehicle_dkk: float | None = None,
    charge_point_dkk: float = 0.0,
) -> ReportTables:
    """Investment, savings per plan year, payback, CO2e reduction, break-even."""
    given = {
        "tool_dkk_per_year": tool_dkk_per_year,
        "one_off_dkk": one_off_dkk,
        "fleet_management_dkk_per_vehicle_year": fleet_management_dkk_per_vehicle_year,
    }
    try:
        inputs = BusinessCaseInputs(
            saving_per_removed_vehicle_dkk=saving_per_removed_vehicle_dkk,
            include_fleet_management=fleet_management_dkk_per_vehicle_year is not None,
            **{name: value for name, value in given.items() if value is not None},
        )
        result = business_report(
            services.load_dataset(),
            _filter(start, end),
            today=today,
            settings=settings,
            inputs=inputs,
            charge_point_dkk=charge_point_dkk,
        )
    except ValueError as exc:
        raise _unprocessable(exc) from exc
    return ReportTables(
        tables={
            **result.to_rows(),
            "running_cost": [result.case.inputs.running.breakdown_dkk()],
        }
    )
