"""Danish holidays and the office activity factor."""

from __future__ import annotations

from datetime import date

from fleetplan.demo.workdays import (
    easter_sunday,
    is_day_off,
    office_activity,
    public_holidays,
)


def test_easter_sunday_known_dates() -> None:
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)


def test_public_holidays_2026() -> None:
    """Easter 5 April 2026: Ascension = +39 d = 14 May, Whit Monday = +50 d = 25 May."""
    days = public_holidays(2026)
    assert days[date(2026, 5, 14)] == "Kristi himmelfartsdag"
    assert days[date(2026, 5, 25)] == "2. pinsedag"
    assert date(2026, 6, 5) in days
    assert date(2026, 5, 1) not in days  # 1 May is not a public holiday


def test_day_off_and_activity() -> None:
    assert is_day_off(date(2026, 5, 2))  # Saturday
    assert not is_day_off(date(2026, 5, 4))
    assert office_activity(date(2026, 5, 4)) == 1.0
    assert office_activity(date(2026, 5, 14)) == 0.0  # Ascension
    assert office_activity(date(2026, 5, 15)) == 0.5  # bridge Friday
    assert office_activity(date(2026, 7, 8)) == 0.45  # week 28
    assert office_activity(date(2026, 7, 27)) == 1.0  # week 31
    assert office_activity(date(2026, 10, 14)) == 0.75  # week 42
