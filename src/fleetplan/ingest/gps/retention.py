"""Retention of stored roundtrips: the cut-off date, counted in calendar months."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from fleetplan.domain import Roundtrip

DEFAULT_RETENTION_MONTHS = 24


def retention_cutoff(now: datetime, months: int = DEFAULT_RETENTION_MONTHS) -> datetime:
    """``now`` minus ``months`` calendar months (day clamped to the month's end).

    2026-11-24 minus 24 months is 2024-11-24; 2026-03-31 minus 1 month is
    2026-02-28 (February has 28 days in 2026).
    """
    if months < 0:
        raise ValueError(f"retention months must be >= 0, got {months}.")
    total = now.year * 12 + (now.month - 1) - months
    year, month0 = divmod(total, 12)
    month = month0 + 1
    next_first = datetime(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_first - datetime(year, month, 1)).days
    return now.replace(year=year, month=month, day=min(now.day, last_day))


def expired(
    roundtrips: Iterable[Roundtrip],
    now: datetime,
    months: int = DEFAULT_RETENTION_MONTHS,
) -> list[Roundtrip]:
    """Roundtrips that ended before the cut-off and must be deleted."""
    cutoff = retention_cutoff(now, months)
    return [r for r in roundtrips if r.end_time < cutoff]
