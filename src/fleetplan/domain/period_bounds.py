"""The periods a user may ask for: days from 2000 to 2099, at most a few years.

Analyses and simulations build arrays per day (and per hour or minute) of their
period, so the period's length, not only the data, bounds their time and memory:
a request for year 1 to 2026 took minutes and gigabytes. The API (``PeriodQuery``)
and the job parameters check every period here before any work.
"""

from __future__ import annotations

import re
from datetime import date

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
DEFAULT_MAX_PERIOD_YEARS = 5
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_day(text: object, name: str) -> date:
    """``text`` as a YYYY-MM-DD day within the bounds; ``ValueError`` naming
    ``name`` otherwise (so ``0``, a timestamp, is not read as 1970-01-01)."""
    if isinstance(text, date):
        day = text
    elif isinstance(text, str) and _ISO_DAY.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{name} is not a real day: {text!r}.") from None
    else:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, got {text!r}.")
    check_day(day, name)
    return day


def check_day(day: date, name: str) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"{name} must be from {FIRST_DAY.isoformat()} to "
            f"{LAST_DAY.isoformat()}, got {day.isoformat()}."
        )


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_period(
    first: date,
    last: date,
    max_years: int = DEFAULT_MAX_PERIOD_YEARS,
    *,
    last_included: bool = True,
) -> None:
    """``first`` to ``last`` must be in order and span at most ``max_years``.

    ``last_included``: ``last`` is the period's last day (else its end, exclusive,
    which must then be after ``first``).
    """
    end = date.fromordinal(last.toordinal() + 1) if last_included else last
    if end <= first:
        raise ValueError(
            f"the period ends ({last.isoformat()}) before it starts "
            f"({first.isoformat()})."
        )
    if end > years_after(first, max_years):
        raise ValueError(
            f"the period from {first.isoformat()} to {last.isoformat()} is longer "
            f"than {max_years} years; choose a shorter one."
        )
