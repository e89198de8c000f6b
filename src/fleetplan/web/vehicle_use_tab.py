"""Køretøjer's "Udnyttelse" tab: the per-vehicle use of one month.

``/vehicles?tab=use&month=2026-05&idle=1``: the month (default: the newest with
trips, as on Forside) and optionally only the vehicles with low use. The fleet
is today's, as Forside counts it (deactivated vehicles left out), so Forside's
card and this list name the same vehicles.
"""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

from nicegui import ui

from fleetplan.api.overview import month_of
from fleetplan.domain import Dataset, Period, fleet_on
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set
from fleetplan.texts.numbers import format_month
from fleetplan.web.background import in_thread
from fleetplan.web.shell import empty_state
from fleetplan.web.translate import current_language, t
from fleetplan.web.vehicle_use_view import (
    UseFigures,
    period_text,
    use_charts,
    use_figures,
    use_table,
)


def trip_months(data: Dataset) -> list[str]:
    """The months with roundtrips, newest first, as ``YYYY-MM``."""
    return sorted({f"{r.start_time:%Y-%m}" for r in data.roundtrips}, reverse=True)


def month_period(data: Dataset, month: str | None) -> Period | None:
    """``month`` (``YYYY-MM``) when it has trips, else the newest month with trips;
    ``None`` without trips."""
    months = trip_months(data)
    if not months:
        return None
    chosen = month if month in months else months[0]
    return month_of(datetime.strptime(chosen, "%Y-%m"))


def month_figures(data: Dataset, period: Period) -> UseFigures:
    fleet = fleet_on(data, date.today()).current_vehicles
    factors = get_builtin_factor_set(DEFAULT_FACTOR_SET_NAME)
    return use_figures(fleet, data.roundtrips, period, factors)


def use_url(month: str | None = None, idle: bool = False) -> str:
    query = {"tab": "use", **({"month": month} if month else {})}
    if idle:
        query["idle"] = "1"
    return f"/vehicles?{urlencode(query)}"


async def use_tab(data: Dataset, month: str | None, idle: bool) -> None:
    period = month_period(data, month)
    if period is None:
        empty_state("use.no_trips")
        return
    language = current_language()
    chosen = f"{period.start:%Y-%m}"
    with ui.row().classes("items-center gap-4"):
        ui.select(
            {
                m: format_month(datetime.strptime(m, "%Y-%m"), language)
                for m in trip_months(data)
            },
            value=chosen,
            label=t("use.month"),
            on_change=lambda e: ui.navigate.to(use_url(e.value, idle)),
        ).props('outlined dense data-testid="use-month"').classes("min-w-[10rem]")
        ui.switch(
            t("use.idle_only"),
            value=idle,
            on_change=lambda e: ui.navigate.to(use_url(chosen, bool(e.value))),
        ).props('data-testid="use-idle-only"')
        ui.label(t("use.period", period=period_text(period, language)))
    figures = await in_thread(month_figures, data, period)
    names = {loc.location_id: loc.name or loc.location_id for loc in data.locations}
    use_table(figures, names, language, idle_only=idle)
    use_charts(figures, names, language)
