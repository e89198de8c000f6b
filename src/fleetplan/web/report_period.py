"""The Plan og rapporter page's period: two typed ISO days in, a filter out,
bounded as the API bounds it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fleetplan.analytics import AnalysisFilter
from fleetplan.domain import (
    DEFAULT_MAX_PERIOD_YEARS,
    Period,
    check_period,
    parse_iso_day,
)
from fleetplan.web.reports_tables import period_days


def period_filter(
    start: str, last_day: str, max_years: int = DEFAULT_MAX_PERIOD_YEARS
) -> AnalysisFilter:
    """A filter for the days ``start`` to ``last_day`` (both ISO dates, inclusive);
    no period when both are empty. Raises ``ValueError`` on a bad or empty range,
    or one the API would refuse too (``domain.period_bounds``)."""
    if not start and not last_day:
        return AnalysisFilter()
    first = parse_iso_day(start, "start")
    check_period(first, parse_iso_day(last_day, "end"), max_years)
    end = date.fromisoformat(last_day) + timedelta(days=1)
    midnight = datetime.min.time()
    return AnalysisFilter(
        period=Period(
            datetime.combine(first, midnight), datetime.combine(end, midnight)
        )
    )


def period_fields(period: Period) -> tuple[str, str]:
    """The first and last day of ``period`` (its end is exclusive) as ISO dates."""
    first, last = period_days(period)
    return first.isoformat(), last.isoformat()
