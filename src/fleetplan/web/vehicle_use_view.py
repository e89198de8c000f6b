"""Which cars can go: the per-vehicle use table (sortable, xlsx) and the charts
behind it (km per day per vehicle, vehicles free per location, one vehicle's
trips). Køretøjer's "Udnyttelse" tab and Analyse both show them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from nicegui import ui

from fleetplan.analytics.utilisation import UtilisationReport, utilisation
from fleetplan.analytics.vehicle_use import (
    Availability,
    VehicleUse,
    availability,
    vehicle_trips,
    vehicle_use,
)
from fleetplan.domain import FactorSet, Period, Roundtrip, Vehicle
from fleetplan.texts.numbers import format_date, format_number, format_share
from fleetplan.web.analysis_widgets import table_with_export
from fleetplan.web.charts import chart, run_selection, set_chart_selection
from fleetplan.web.translate import t
from fleetplan.web.vehicle_use_charts import (
    availability_options,
    km_heatmap_options,
    timeline_options,
)

USE_COLUMNS = (
    "vehicle",
    "location",
    "category",
    "days_used",
    "share_used",
    "hours",
    "km",
    "trips",
    "tco_per_km",
    "idle",
)


@dataclass(frozen=True, slots=True)
class UseFigures:
    period: Period
    vehicles: tuple[Vehicle, ...]
    roundtrips: tuple[Roundtrip, ...]
    report: UtilisationReport
    rows: tuple[VehicleUse, ...]
    free: Availability


def use_figures(
    vehicles: Sequence[Vehicle],
    roundtrips: Sequence[Roundtrip],
    period: Period,
    factors: FactorSet | None,
) -> UseFigures:
    """Everything the views show, computed once (call it in a worker thread)."""
    report = utilisation(vehicles, roundtrips, period)
    return UseFigures(
        period,
        tuple(vehicles),
        tuple(roundtrips),
        report,
        tuple(vehicle_use(vehicles, roundtrips, period, factors, report)),
        availability(vehicles, roundtrips, period),
    )


def vehicle_label(vehicle: Vehicle | VehicleUse, plate: str | None = None) -> str:
    """ "Renault 5 E-Tech (AB 12 345)": the model and the plate, else the id."""
    return f"{vehicle.name} ({plate or vehicle.vehicle_id})"


def use_rows(
    figures: UseFigures, names: dict[str, str], idle_only: bool = False
) -> list[dict[str, Any]]:
    """Raw table rows (numbers stay numbers for sorting and the xlsx)."""
    plates = {v.vehicle_id: v.plate for v in figures.vehicles}
    return [
        {
            "vehicle": vehicle_label(u, plates.get(u.vehicle_id)),
            "location": names.get(u.location_id or "", u.location_id or ""),
            "category": t(f"register.category.{u.category}"),
            "days_used": u.days_used,
            "share_used": round(u.share_of_working_days_used, 4),
            "hours": round(u.hours_in_use, 1),
            "km": round(u.distance_km, 1),
            "trips": u.trips,
            "tco_per_km": None
            if u.tco_dkk_per_km is None
            else round(u.tco_dkk_per_km, 2),
            "idle": t("use.yes") if u.is_idle else t("use.no"),
        }
        for u in figures.rows
        if u.is_idle or not idle_only
    ]


def _shown(language: str) -> Any:
    def shown(key: str, value: Any) -> str:
        if value is None:
            return "–"
        if key == "share_used":
            return format_share(value, language)
        if key in ("hours", "km"):
            return format_number(value, 1 if key == "hours" else 0, language)
        if key == "tco_per_km":
            return format_number(value, 2, language)
        if key in ("days_used", "trips"):
            return format_number(value, 0, language)
        return str(value)

    return shown


def use_table(
    figures: UseFigures, names: dict[str, str], language: str, idle_only: bool = False
) -> None:
    """The sortable per-vehicle table with its xlsx button."""
    rows = use_rows(figures, names, idle_only)
    table_with_export(
        "vehicle-use",
        t("use.title"),
        [(c, t(f"use.col.{c}")) for c in USE_COLUMNS],
        rows,
        _shown(language),
    )
    threshold = format_share(figures.report.idle_below_share, language)
    ui.label(t("use.caption", share=threshold)).classes("text-caption")


def period_text(period: Period, language: str) -> str:
    last = (period.end - timedelta(microseconds=1)).date()
    return (
        f"{format_date(period.start.date(), language)} – {format_date(last, language)}"
    )


def use_charts(figures: UseFigures, names: dict[str, str], language: str) -> None:
    """The km heatmap, vehicles free per location and the trip timeline."""
    span = period_text(figures.period, language)
    period = (figures.period.start, figures.period.end)
    set_chart_selection(run_selection(language, period=period))  # in each PNG
    labels = [vehicle_label(v, v.plate) for v in figures.vehicles]
    days = [format_date(d, language) for d in figures.report.days]
    ui.label(t("use.heatmap")).classes("text-subtitle1")
    chart(
        km_heatmap_options(labels, days, figures.report.km_per_day.tolist(), language),
        t(
            "use.heatmap.caption",
            period=span,
            vehicles=t("use.vehicles", count=len(labels)),
        ),
        "fleetplan-km-pr-dag",
        "chart-vehicle-km",
        height="h-[36rem]",
    )
    free = figures.free
    hours = [
        f"{format_date(free.hour(i).date(), language)} {free.hour(i):%H}"
        for i in range(free.free.shape[1])
    ]
    ui.label(t("use.free")).classes("text-subtitle1")
    chart(
        availability_options(
            hours,
            [
                (names.get(loc, loc) or t("use.no_location"), row.tolist())
                for loc, row in zip(free.location_ids, free.free, strict=True)
            ],
            language,
        ),
        t("use.free.caption", period=span),
        "fleetplan-ledige-koeretoejer",
        "chart-free",
    )
    _timeline(figures, labels, language, span)


def _timeline_data(
    figures: UseFigures, vehicle_id: str, language: str
) -> tuple[list[str], list[tuple[int, float, float, str]]]:
    """Day rows of the vehicle's trips and one bar per trip and day it touches."""
    trips = vehicle_trips(figures.roundtrips, vehicle_id, figures.period)
    days: list[str] = []
    bars: list[tuple[int, float, float, str]] = []
    for trip in trips:
        day = trip.start_time.date()
        while day <= trip.end_time.date():
            label = format_date(day, language)
            if not days or days[-1] != label:
                days.append(label)
            begin = max(trip.start_time, _midnight(day))
            end = min(trip.end_time, _midnight(day) + timedelta(days=1))
            text = t(
                "use.timeline.trip",
                start=f"{trip.start_time:%H:%M}",
                end=f"{trip.end_time:%H:%M}",
                km=format_number(trip.distance_km, 1, language),
            )
            bars.append((len(days) - 1, _hours(begin, day), _hours(end, day), text))
            day += timedelta(days=1)
    return days, bars


def _midnight(day: Any) -> Any:
    from datetime import datetime, time

    return datetime.combine(day, time())


def _hours(moment: Any, day: Any) -> float:
    return (moment - _midnight(day)).total_seconds() / 3600.0


def _timeline(figures: UseFigures, labels: list[str], language: str, span: str) -> None:
    ui.label(t("use.timeline")).classes("text-subtitle1")
    if not figures.vehicles:
        return
    choices = {
        v.vehicle_id: label for v, label in zip(figures.vehicles, labels, strict=True)
    }
    busiest = max(figures.rows, key=lambda u: u.trips).vehicle_id
    days, bars = _timeline_data(figures, busiest, language)
    select = ui.select(choices, value=busiest, label=t("use.timeline.vehicle"))
    select.props('outlined dense data-testid="timeline-vehicle"').classes(
        "min-w-[20rem]"
    )
    element = chart(
        timeline_options(days, bars),
        t("use.timeline.caption", period=span),
        "fleetplan-ture-pr-koeretoej",
        "chart-timeline",
        height="h-[32rem]",
    )

    def show(event: Any) -> None:
        chosen_days, chosen_bars = _timeline_data(figures, str(event.value), language)
        element.options.update(timeline_options(chosen_days, chosen_bars))
        element.update()

    select.on_value_change(show)
