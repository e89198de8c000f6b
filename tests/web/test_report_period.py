"""The reports page's period is bounded like the API's (issue 13, item 3): a
typed year 1 or 3000 is refused before a report is computed."""

from __future__ import annotations

import pytest

from fleetplan.web.pages.reports import period_filter


@pytest.mark.parametrize(
    ("start", "last_day", "message"),
    [
        ("0001-01-01", "2026-10-31", "from 2000-01-01 to 2099-12-31"),
        ("2026-05-01", "3000-01-01", "from 2000-01-01 to 2099-12-31"),
        ("2020-01-01", "2026-10-31", "longer than 5 years"),
        ("2026-03-05", "2026-03-03", "before it starts"),
        ("0", "2026-01-01", "YYYY-MM-DD"),
    ],
)
def test_an_unbounded_period_is_refused(
    start: str, last_day: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        period_filter(start, last_day)


def test_a_bounded_period_is_a_filter() -> None:
    flt = period_filter("2026-03-02", "2026-03-08")
    assert flt.period is not None and flt.period.days == 7
    assert period_filter("", "").period is None
    with pytest.raises(ValueError, match="longer than 1 years"):
        period_filter("2025-01-01", "2026-06-30", max_years=1)
