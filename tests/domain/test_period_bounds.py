"""The shared period rules: days 2000-2099 as YYYY-MM-DD, at most N years."""

from __future__ import annotations

from datetime import date

import pytest

from fleetplan.domain import check_period, parse_iso_day
from fleetplan.domain.period_bounds import years_after


@pytest.mark.parametrize("text", ["0", "1", "1700000000", "2026-1-5", "26-01-05"])
def test_a_timestamp_or_a_short_form_is_not_a_day(text: str) -> None:
    """pydantic reads "0" as 1970-01-01; the rule wants the ISO form only."""
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_iso_day(text, "start")


@pytest.mark.parametrize(
    "text", ["0001-01-01", "1999-12-31", "2100-01-01", "3000-01-01"]
)
def test_days_outside_2000_to_2099_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="from 2000-01-01 to 2099-12-31"):
        parse_iso_day(text, "end")


def test_a_day_inside_the_bounds_is_read() -> None:
    assert parse_iso_day("2000-01-01", "start") == date(2000, 1, 1)
    assert parse_iso_day("2099-12-31", "end") == date(2099, 12, 31)
    with pytest.raises(ValueError, match="not a real day"):
        parse_iso_day("2026-02-30", "start")


def test_five_years_is_the_longest_period() -> None:
    """2021-01-01 to 2025-12-31 (last day included) is 5 years; one day more is not."""
    check_period(date(2021, 1, 1), date(2025, 12, 31), 5)
    with pytest.raises(ValueError, match="longer than 5 years"):
        check_period(date(2021, 1, 1), date(2026, 1, 1), 5)
    # with an exclusive end, 2026-01-01 is the same five years
    check_period(date(2021, 1, 1), date(2026, 1, 1), 5, last_included=False)


def test_the_end_must_not_be_before_the_start() -> None:
    check_period(date(2026, 3, 2), date(2026, 3, 2))  # one day
    with pytest.raises(ValueError, match="before it starts"):
        check_period(date(2026, 3, 2), date(2026, 3, 1))
    with pytest.raises(ValueError, match="before it starts"):
        check_period(date(2026, 3, 2), date(2026, 3, 2), last_included=False)


def test_years_after_a_leap_day() -> None:
    assert years_after(date(2024, 2, 29), 1) == date(2025, 2, 28)
