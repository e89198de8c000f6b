"""Query parameters shared by the routes: bounded periods, days, counts and times.

Every route that takes a period uses :func:`period_query`, so each refuses the same
way, with a 422 before any work: days as YYYY-MM-DD from 2000-01-01 to 2099-12-31
(``0``, which pydantic would read as 1970-01-01, is refused), the end not before
the start, and at most ``WebSettings.max_period_years`` between them. The rules
themselves are ``fleetplan.domain.period_bounds``, which the job parameters use too.
"""

# No ``from __future__ import annotations``: period_query builds its parameters
# with descriptions from its own arguments, which FastAPI must see evaluated.

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator, StringConstraints, WithJsonSchema

from fleetplan.api.deps import ServicesDep
from fleetplan.domain import FIRST_DAY, LAST_DAY, check_period, parse_iso_day

MAX_IDS = 500  # ids in one repeatable filter (more than any municipality has)
MAX_ID_LENGTH = 128

_DAY_RULE = f"YYYY-MM-DD from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"


def _iso_day(value: Any) -> date | None:
    return None if value is None else parse_iso_day(value, "the date")


IsoDay = Annotated[
    date,
    BeforeValidator(_iso_day),
    WithJsonSchema({"type": "string", "format": "date", "description": _DAY_RULE}),
]
"""A day as ``YYYY-MM-DD`` within the bounds (not a timestamp)."""

LocalDateTime = Annotated[
    datetime,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$",
            "description": "Local time of the data (no UTC offset).",
        },
        mode="serialization",
    ),
]
"""A naive datetime in the dataset's local time: declared without an offset,
because OpenAPI's ``date-time`` requires one."""

Id = Annotated[str, StringConstraints(max_length=MAX_ID_LENGTH)]
Ids = Annotated[list[Id], Query(max_length=MAX_IDS)]


@dataclass(frozen=True, slots=True)
class PeriodQuery:
    """A checked period of a request; either side may be missing."""

    start: date | None
    end: date | None


def _refuse(field: str, value: date | None, message: str) -> RequestValidationError:
    return RequestValidationError(
        [
            {
                "type": "value_error",
                "loc": ("query", field),
                "msg": message,
                "input": value.isoformat() if value else None,
            }
        ]
    )


def period_query(
    *, last_included: bool, both_or_none: bool = False
) -> Callable[..., PeriodQuery]:
    """The dependency of a route's ``start`` and ``end``.

    ``last_included``: ``end`` is the period's last day (else its exclusive end).
    ``both_or_none``: one side alone is refused.
    """
    end_text = "last day included" if last_included else "end, exclusive"

    def dependency(
        services: ServicesDep,
        start: Annotated[
            IsoDay | None, Query(description=f"First day of the period ({_DAY_RULE}).")
        ] = None,
        end: Annotated[
            IsoDay | None, Query(description=f"Period {end_text} ({_DAY_RULE}).")
        ] = None,
    ) -> PeriodQuery:
        if both_or_none and (start is None) != (end is None):
            missing = "end" if end is None else "start"
            raise _refuse(missing, None, "give both start and end, or none.")
        if start is not None and end is not None:
            try:
                check_period(
                    start,
                    end,
                    services.settings.max_period_years,
                    last_included=last_included,
                )
            except ValueError as exc:
                raise _refuse("end", end, str(exc)) from exc
        return PeriodQuery(start, end)

    return dependency


TodayQuery = Annotated[
    IsoDay | None, Query(description="The plan's first year is this day's year.")
]
