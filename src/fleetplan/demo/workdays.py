"""Danish working calendar for the demo: public holidays and quiet weeks.

Public holidays follow the Danish calendar (Store Bededag abolished from 2024);
Grundlovsdag (5 June) counts as a day off in the public sector. The summer holiday
is weeks 28-30 (the common Danish "industriferie") and the autumn holiday week 42.
"""

from __future__ import annotations

from datetime import date, timedelta


def easter_sunday(year: int) -> date:
    """Gregorian Easter (anonymous algorithm); 2026 -> 5 April."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> dict[date, str]:
    """Days off in Danish municipalities in ``year``."""
    easter = easter_sunday(year)
    moving = {
        -3: "Skærtorsdag",
        -2: "Langfredag",
        0: "Påskedag",
        1: "2. påskedag",
        39: "Kristi himmelfartsdag",
        49: "Pinsedag",
        50: "2. pinsedag",
    }
    days = {easter + timedelta(days=n): name for n, name in moving.items()}
    days.update(
        {
            date(year, 1, 1): "Nytårsdag",
            date(year, 6, 5): "Grundlovsdag",
            date(year, 12, 24): "Juleaftensdag",
            date(year, 12, 25): "Juledag",
            date(year, 12, 26): "2. juledag",
        }
    )
    return days


def is_day_off(day: date) -> bool:
    """Saturday, Sunday or a public holiday."""
    return day.weekday() >= 5 or day in public_holidays(day.year)


def office_activity(day: date) -> float:
    """Share of a normal working day's office driving (0 on days off).

    1.0 normally; 0.45 in the summer holiday (ISO weeks 28-30); 0.75 in the autumn
    holiday (week 42); 0.5 on the Friday after Ascension (a common bridge day).
    """
    if is_day_off(day):
        return 0.0
    week = day.isocalendar().week
    if 28 <= week <= 30:
        return 0.45
    if week == 42:
        return 0.75
    if day - timedelta(days=1) == easter_sunday(day.year) + timedelta(days=39):
        return 0.5
    return 1.0
