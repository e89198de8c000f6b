"""The council reports as files: ``/reports/council/{kind}`` answers a PDF or an
xlsx (``format``) in Danish or English (``lang``).

- ``climate-assessment``: 2-4 options; each ``option`` is ``<scenario id>`` (the
  scenario's simulated fleet) or ``<scenario id>:today`` (the fleet of today it
  compared with).
- ``procurement``: one ``option``, a scenario id.
- ``green-accounts``: ``start``/``end`` (dates, end exclusive) choose the period;
  default: the data's own.

The figures are built by ``fleetplan.reports`` (the CLI's ``fleetplan report``
and the Rapporter page call the same), on the stored dataset and scenarios.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status

from fleetplan.analytics import AnalysisFilter
from fleetplan.api.deps import CanRead, ServicesDep
from fleetplan.api.params import PeriodQuery, period_query
from fleetplan.domain import Period, Scenario
from fleetplan.reports import ReportFormat, ReportKind, council_report

router = APIRouter(
    prefix="/reports/council", tags=["council-reports"], dependencies=[CanRead]
)

PeriodDep = Annotated[
    PeriodQuery, Depends(period_query(last_included=False, both_or_none=True))
]
OPTION = re.compile(r"\d{1,9}(:today)?")


def _filter(period: PeriodQuery) -> AnalysisFilter:
    """The period, already checked (both or none, in order, bounded)."""
    if period.start is None or period.end is None:
        return AnalysisFilter()
    midnight = datetime.min.time()
    return AnalysisFilter(
        period=Period(
            datetime.combine(period.start, midnight),
            datetime.combine(period.end, midnight),
        )
    )


def _options(services: ServicesDep, options: list[str]) -> list[tuple[Scenario, str]]:
    """The (scenario, side) pairs of ``options``; a 404 names a missing one."""
    out = []
    for option in options:
        scenario_id, _, today = option.partition(":")
        scenario = services.open_scenario(int(scenario_id))
        if scenario is None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"scenario {scenario_id} not found."
            )
        out.append((scenario, "current" if today else "simulated"))
    return out


@router.get(
    "/{kind}",
    response_class=Response,
    responses={
        200: {
            "content": {
                "application/pdf": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            },
            "description": "The report as a file (Content-Disposition: attachment).",
        }
    },
)
def council_report_file(
    kind: ReportKind,
    services: ServicesDep,
    period: PeriodDep,
    format: ReportFormat = ReportFormat.PDF,
    lang: Literal["da", "en"] = "da",
    option: Annotated[
        list[str] | None,
        Query(
            max_length=4,
            description="Scenario id, or '<id>:today' for the fleet it compared with.",
        ),
    ] = None,
) -> Response:
    """One council report as a PDF or xlsx file."""
    for value in option or []:
        if OPTION.fullmatch(value) is None:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                f"option {value!r} must be a scenario id or '<id>:today'.",
            )
    options = _options(services, option or [])
    try:
        report = council_report(
            kind,
            format,
            lang,
            services.load_dataset(),
            options=options,
            flt=_filter(period),
        )
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return Response(
        report.content,
        media_type=report.media_type,
        headers={"Content-Disposition": f'attachment; filename="{report.filename}"'},
    )
