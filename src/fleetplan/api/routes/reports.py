"""Read-only planning reports: transition plan, green accounts, business case.

Each answers the same tables the web page shows and exports (``tables``: name ->
rows), computed by ``fleetplan.analytics.report_service`` on the stored dataset
with the dataset's factor set. ``start``/``end`` (dates, end exclusive) choose the
period; default: the data's own period. The period is bounded like every other
(``fleetplan.api.params``) and every number has a range, so a request is refused
with a 422 before any work rather than computing for years of empty days.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel

from fleetplan.analytics import AnalysisFilter, BusinessCaseInputs
from fleetplan.analytics.report_service import (
    Planner,
    PlanSettings,
    business_report,
    green_report,
    transition_report,
)
from fleetplan.api.deps import CanRead, ServicesDep
from fleetplan.api.params import LocalDateTime, PeriodQuery, TodayQuery, period_query
from fleetplan.domain import Period
from fleetplan.ingest.field_rules import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_CHARGE_KW,
    MAX_CO2_PRICE_DKK_PER_T,
    MAX_DKK,
    MAX_DKK_PER_YEAR,
    MIN_CHARGE_KW,
    PlanInputs,
    field_problems,
)
from fleetplan.optimise import milp_planner

router = APIRouter(prefix="/reports", tags=["reports"], dependencies=[CanRead])

Rows = list[dict[str, Any]]


class ReportTables(BaseModel):
    period_start: LocalDateTime | None = None
    period_end: LocalDateTime | None = None  # exclusive
    tables: dict[str, Rows]
    notes: dict[str, list[str]] = {}


def _filter(period: PeriodQuery) -> AnalysisFilter:
    """The period, already checked (both or none, in order, bounded)."""
    if period.start is None or period.end is None:
        return AnalysisFilter()
    return AnalysisFilter(
        period=Period(
            datetime.combine(period.start, datetime.min.time()),
            datetime.combine(period.end, datetime.min.time()),
        )
    )


def _unprocessable(exc: ValueError) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc))


PeriodDep = Annotated[
    PeriodQuery, Depends(period_query(last_included=False, both_or_none=True))
]
# the ranges are the forms' (``ingest.field_rules``: one set of input rules)

Co2Price = Annotated[
    float | None,
    Query(
        ge=0,
        le=MAX_CO2_PRICE_DKK_PER_T,
        description="CO2 price (DKK/t) when choosing models; default: factor set.",
    ),
]
Dkk = Annotated[float | None, Query(ge=0, le=MAX_DKK_PER_YEAR)]


def _settings(
    target_year: Annotated[int, Query(ge=FIRST_YEAR, le=LAST_YEAR)] = 2030,
    range_percentile: Annotated[float, Query(ge=50, le=100)] = 95.0,
    charger_kw: Annotated[
        float, Query(ge=MIN_CHARGE_KW, le=MAX_CHARGE_KW, description="kW per point")
    ] = 11.0,
    overnight_h: Annotated[float, Query(gt=0, le=24)] = 12.0,
    co2_price_dkk_per_t: Co2Price = None,
    co2e_view: Annotated[
        Literal["wtw", "lca"],
        Query(description="CO2e the MILP values: well-to-wheel or life cycle."),
    ] = "wtw",
    budget_dkk_per_year: Annotated[
        float | None,
        Query(
            ge=0,
            le=MAX_DKK,
            description="MILP: yearly cap on the transitioned vehicles' fixed "
            "costs, early-return fees and charge points bought.",
        ),
    ] = None,
    charger_cap: Annotated[
        int | None,
        Query(description="MILP: charge points per location at most (today's too)."),
    ] = None,
    early_return: Annotated[
        bool, Query(description="MILP: every lease may be returned early (its fee).")
    ] = False,
) -> PlanSettings:
    """The plan's query parameters, shared by the transition plan and the
    business case (a dependency, so both routes document the same inputs)."""
    # the web form's model checks the MILP's inputs (one set of rules)
    problems = field_problems(
        PlanInputs,
        {
            "co2e_view": co2e_view,
            "budget": budget_dkk_per_year,
            "charger_cap": charger_cap,
            "early_return": early_return,
        },
    )
    if problems:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [
                {"field": q.field, "code": q.code, "message": q.message}
                for q in problems
            ],
        )
    try:
        return PlanSettings(
            target_year=target_year,
            range_percentile=range_percentile,
            charger_kw=charger_kw,
            overnight_h=overnight_h,
            co2_price_dkk_per_t=co2_price_dkk_per_t,
            co2e_view=co2e_view,
            budget_dkk_per_year=budget_dkk_per_year,
            max_points_per_location=charger_cap,
            early_return_all=early_return,
        )
    except ValueError as exc:
        raise _unprocessable(exc) from exc


Settings = Annotated[PlanSettings, Depends(_settings)]


def _planner(
    engine: Annotated[
        Literal["milp", "rule"],
        Query(
            description="milp: the exact multi-year plan (its row 'engine' gives "
            "the proven gap and the rule's total); rule: replace at lease end."
        ),
    ] = "milp",
) -> Planner | None:
    return milp_planner() if engine == "milp" else None


PlannerDep = Annotated[Planner | None, Depends(_planner)]


@router.get("/transition")
def transition(
    services: ServicesDep,
    settings: Settings,
    planner: PlannerDep,
    period: PeriodDep,
    today: TodayQuery = None,
) -> ReportTables:
    """Plan steps, the fleet per plan year (cost, CO2e) and charge points."""
    try:
        report = transition_report(
            services.load_dataset(),
            _filter(period),
            today=today,
            settings=settings,
            planner=planner,
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
def green_accounts(services: ServicesDep, period: PeriodDep) -> ReportTables:
    """Km, fossil-free share and CO2e per year by administration and by fuel."""
    report = green_report(services.load_dataset(), _filter(period))
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
    planner: PlannerDep,
    period: PeriodDep,
    today: TodayQuery = None,
    tool_dkk_per_year: Dkk = None,
    one_off_dkk: Annotated[float | None, Query(ge=0, le=MAX_DKK)] = None,
    fleet_management_dkk_per_vehicle_year: Dkk = None,
    saving_per_removed_vehicle_dkk: Dkk = None,
    charge_point_dkk: Dkk = None,  # None: the factor set prices the points
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
            _filter(period),
            today=today,
            settings=settings,
            inputs=inputs,
            charge_point_dkk=charge_point_dkk,
            planner=planner,
        )
    except ValueError as exc:
        raise _unprocessable(exc) from exc
    return ReportTables(
        tables={
            **result.to_rows(),
            "running_cost": [result.case.inputs.running.breakdown_dkk()],
        }
    )
