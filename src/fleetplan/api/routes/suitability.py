"""EV suitability per fossil vehicle and charge points from the charging need.

``GET /suitability`` answers, for each fossil vehicle of the stored dataset, every
catalogue EV with whether it can do the vehicle's days (winter range, real time at
home, the location's charger kW, body and outfitting) and, where not, why: as data
(``reasons``: code + params, ``short_days``) and as a sentence in ``lang``. Beside
it, the charge points per location for today's EVs and with the suitable EVs in
place, priced by the dataset's factor set (``fleetplan.analytics.suitability_service``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel

from fleetplan.analytics import AnalysisFilter
from fleetplan.analytics.suitability_service import suitability_report
from fleetplan.api.deps import CanRead, ServicesDep
from fleetplan.api.params import LocalDateTime, PeriodQuery, period_query
from fleetplan.domain import Period
from fleetplan.ingest.field_rules import MAX_CHARGE_KW, MIN_CHARGE_KW
from fleetplan.reports.suitability_text import fit_row

router = APIRouter(prefix="/suitability", tags=["suitability"], dependencies=[CanRead])

Rows = list[dict[str, Any]]
PeriodDep = Annotated[
    PeriodQuery, Depends(period_query(last_included=False, both_or_none=True))
]
MAX_LOCATION_KW = 200  # entries of location_kw (more locations than any municipality)


class SuitabilityOut(BaseModel):
    factor_set: str
    period_start: LocalDateTime | None = None
    period_end: LocalDateTime | None = None  # exclusive
    vehicles: Rows
    chargers_today: Rows
    chargers_all_suitable: Rows


def _location_kw(entries: list[str]) -> dict[str, float]:
    """``id:kW`` pairs; a malformed one or a kW out of range is a 422."""
    out = {}
    for entry in entries:
        loc, sep, kw = entry.rpartition(":")
        try:
            value = float(kw)
        except ValueError:
            value = -1.0
        if not sep or not loc or not MIN_CHARGE_KW <= value <= MAX_CHARGE_KW:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                f"location_kw {entry!r}: give location id:kW with kW from "
                f"{MIN_CHARGE_KW:g} to {MAX_CHARGE_KW:g}, e.g. 3:22.",
            )
        out[loc] = value
    return out


@router.get("")
def suitability(
    services: ServicesDep,
    period: PeriodDep,
    lang: Literal["da", "en"] = "da",
    charger_kw: Annotated[
        float,
        Query(
            ge=MIN_CHARGE_KW,
            le=MAX_CHARGE_KW,
            description="kW of a charge point where location_kw names none.",
        ),
    ] = 11.0,
    location_kw: Annotated[
        list[str],
        Query(
            max_length=MAX_LOCATION_KW,
            description="A location's charge-point kW as id:kW (repeatable).",
        ),
    ] = [],  # noqa: B006 (FastAPI copies the default per request)
    shared_points: Annotated[
        bool,
        Query(
            description="EVs may share a point in sequence while parked (someone "
            "moves the plug, or points with load management); false: one point "
            "per EV parked at once."
        ),
    ] = True,
) -> SuitabilityOut:
    """Candidate EVs per fossil vehicle, why not, and the charge points needed."""
    flt = AnalysisFilter()
    if period.start is not None and period.end is not None:
        flt = AnalysisFilter(
            period=Period(
                datetime.combine(period.start, datetime.min.time()),
                datetime.combine(period.end, datetime.min.time()),
            )
        )
    report = suitability_report(
        services.load_dataset(),
        flt,
        charger_kw=charger_kw,
        charger_kw_by_location=_location_kw(location_kw),
        shared_points=shared_points,
    )
    vehicles = []
    for row in report.vehicles:
        data = row.to_dict()
        data["candidates"] = [fit_row(c, lang) for c in row.candidates]
        vehicles.append(data)
    return SuitabilityOut(
        factor_set=report.factor_set,
        period_start=report.period.start,
        period_end=report.period.end,
        vehicles=vehicles,
        chargers_today=[c.to_dict() for c in report.chargers_today],
        chargers_all_suitable=[c.to_dict() for c in report.chargers_all_suitable],
    )
