"""The Analyse page's filters and their form in the URL's query string.

``?start=2026-05-01&end=2026-05-31&location=1&location=3&department=Vej+og+Park``:
dates are ISO days (``end`` is the last day included); ``location``,
``department``, ``administration`` and ``category`` (car, van, ...) repeat, one
value each. Values that cannot
be read are dropped, so an old or hand-edited link still opens a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from fleetplan.texts.numbers import format_date

PATH = "/analysis"
LISTS = ("location", "department", "administration", "category")


@dataclass(frozen=True, slots=True)
class FilterState:
    start: date | None = None
    end: date | None = None
    location: tuple[str, ...] = ()
    department: tuple[str, ...] = ()
    administration: tuple[str, ...] = ()
    category: tuple[str, ...] = ()  # VehicleCategory values

    @property
    def is_empty(self) -> bool:
        return self == FilterState()


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


_DAY_FIRST = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})")


def read_day(text: str) -> date | None:
    """A day typed into a date field: ISO (``2026-09-01``) or day first, as
    Danes write it (``1-9-2026``, ``01.09.2026``, ``1/9/2026``)."""
    iso = _day(text)
    if iso is not None:
        return iso
    found = _DAY_FIRST.fullmatch(text.strip())
    if found is None:
        return None
    try:
        return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        return None


def day_text(value: date, language: str) -> str:
    """A day as the page's language writes it (Babel: ``01.09.2026`` or
    ``01/09/2026``; every page uses this one format)."""
    return format_date(value, language)


def parse_filters(items: Iterable[tuple[str, str]]) -> FilterState:
    """The filters of a query string's ``(key, value)`` pairs.

    Unknown keys, empty values and unreadable dates are ignored; repeated list
    values are kept once, in their order. An ``end`` before ``start`` is dropped.
    """
    days: dict[str, date | None] = {"start": None, "end": None}
    lists: dict[str, list[str]] = {name: [] for name in LISTS}
    for key, value in items:
        if key in days:
            days[key] = _day(value) or days[key]
        elif key in lists and value.strip() and value.strip() not in lists[key]:
            lists[key].append(value.strip())
    start, end = days["start"], days["end"]
    if start is not None and end is not None and end < start:
        end = None
    return FilterState(
        start=start,
        end=end,
        location=tuple(lists["location"]),
        department=tuple(lists["department"]),
        administration=tuple(lists["administration"]),
        category=tuple(lists["category"]),
    )


def to_query(state: FilterState) -> str:
    """The query string of ``state`` (empty when nothing is chosen)."""
    pairs: list[tuple[str, str]] = []
    if state.start is not None:
        pairs.append(("start", state.start.isoformat()))
    if state.end is not None:
        pairs.append(("end", state.end.isoformat()))
    for name in LISTS:
        pairs += [(name, value) for value in getattr(state, name)]
    return urlencode(pairs)


def page_url(state: FilterState) -> str:
    query = to_query(state)
    return f"{PATH}?{query}" if query else PATH


def changed(state: FilterState, name: str, value: object) -> FilterState:
    """``state`` with one filter set: a date (or ``None``) or a list of values."""
    if name in LISTS:
        values = value if isinstance(value, list | tuple) else ()
        return replace(state, **{name: tuple(str(v) for v in values)})
    if name in ("start", "end"):
        day = value if isinstance(value, date) else _day(str(value or ""))
        return replace(state, **{name: day})
    raise ValueError(f"unknown filter {name!r}.")


def selection_text(
    state: FilterState, location_names: dict[str, str], language: str
) -> str:
    """The chosen filters in words, for an exported chart: "Udvalg: Lokationer:
    Ballerup Rådhus · Kategorier: Varebil" (all vehicles when nothing is chosen)."""
    from fleetplan.web.translate import translate

    parts = []
    for name in LISTS:
        values = getattr(state, name)
        if not values:
            continue
        if name == "location":
            shown = [location_names.get(v, v) for v in values]
        elif name == "category":
            shown = [translate(language, f"register.category.{v}") for v in values]
        else:
            shown = list(values)
        label = translate(language, f"analysis.filter.{name}")
        parts.append(f"{label}: {', '.join(shown)}")
    body = " · ".join(parts) if parts else translate(language, "chart.everything")
    return translate(language, "chart.selection", selection=body)
