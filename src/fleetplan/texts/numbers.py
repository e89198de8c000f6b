"""Numbers, dates and plural forms for the page's language through Babel (CLDR):
Danish (da_DK) writes 1.234,5 and 01.09.2026, English (en_GB) 1,234.5 and
01/09/2026. Every page formats through here, so a language has one date format."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

LOCALES = {"da": "da_DK", "en": "en_GB"}


def locale_of(language: str) -> str:
    return LOCALES.get(language, LOCALES["da"])


def format_number(value: float, decimals: int, language: str) -> str:
    """``value`` rounded to ``decimals`` with the language's separators."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    return format_decimal(rounded, pattern, locale=locale_of(language))


def format_share(share: float, language: str) -> str:
    """A share 0..1 as a percentage with one decimal (0.625 -> "62,5 %")."""
    return f"{format_number(100.0 * share, 1, language)} %"


def format_date(day: date, language: str) -> str:
    """A day in the language's one short form: 01.09.2026 or 01/09/2026."""
    if isinstance(day, datetime):
        day = day.date()
    return _babel_date(day, "short", locale=locale_of(language)).replace(
        f".{day:%y}", f".{day:%Y}"
    )


def format_moment(moment: datetime, language: str) -> str:
    """A day and a clock time: 01.09.2026 08:30."""
    return f"{format_date(moment.date(), language)} {moment:%H:%M}"


def plural_form(count: float, language: str) -> str:
    """CLDR's plural category of ``count`` ("one" or "other" in da and en)."""
    return str(Locale.parse(locale_of(language)).plural_form(abs(count)))


def format_plain(value: float, language: str) -> str:
    """A number with up to two decimals, none when whole: 36.000, 21,1."""
    return format_decimal(float(value), "#,##0.##", locale=locale_of(language))


def format_month(day: date, language: str) -> str:
    """A month as words: "maj 2026", "May 2026"."""
    return _babel_date(day, "LLLL y", locale=locale_of(language))
