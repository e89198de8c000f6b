"""The Analyse page's sections: activity (heatmap and time of day), peak
concurrency and short trips, each a chart with its table. The page itself
(``pages/analysis.py``) loads the figures and lays the sections out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from nicegui import ui

from fleetplan.api.routes.analysis import AnalysisFigures
from fleetplan.texts.numbers import format_number, format_share
from fleetplan.web.analysis_charts import (
    grouped_bars_options,
    heatmap_options,
    hourly_shares_options,
)
from fleetplan.web.analysis_filters import day_text
from fleetplan.web.analysis_widgets import table_with_export
from fleetplan.web.charts import chart
from fleetplan.web.translate import t


def _moment(value: datetime | None, language: str) -> str:
    return "" if value is None else f"{day_text(value.date(), language)} {value:%H:%M}"


def hour_ranges(hours: Sequence[int]) -> str:
    """Hours of the day as ranges: ``[8, 9, 10, 14]`` -> ``"08-11, 14-15"``."""
    ranges: list[list[int]] = []
    for hour in sorted(set(hours)):
        if ranges and ranges[-1][1] == hour:
            ranges[-1][1] = hour + 1
        else:
            ranges.append([hour, hour + 1])
    return ", ".join(f"{a:02d}-{b:02d}" for a, b in ranges)


def _weekdays() -> list[str]:
    return [t(f"analysis.weekday.{i}") for i in range(7)]


def heading(key: str, anchor: str) -> None:
    ui.label(t(key)).classes("text-h6 q-mt-md").props(f'id="{anchor}"')


def activity_sections(
    figures: AnalysisFigures, language: str, period_text: str
) -> None:
    report = figures.activity
    weekdays = _weekdays()
    heading("analysis.heatmap", "heatmap")
    chart(
        heatmap_options(
            report.mean_away, weekdays, t("analysis.mean_away"), language=language
        ),
        t(
            "analysis.heatmap.caption",
            period=period_text,
            vehicles=t("use.vehicles", count=figures.vehicles),
        ),
        "fleetplan-aktivitet",
        "chart-heatmap",
        height="h-96",
    )
    hours = [f"{h:02d}" for h in range(24)]
    table_with_export(
        "heatmap",
        t("analysis.heatmap"),
        [("weekday", t("analysis.col.weekday")), *((h, h) for h in hours)],
        [
            {
                "weekday": weekdays[d],
                **{
                    hours[h]: round(float(report.mean_away[d, h]), 2) for h in range(24)
                },
            }
            for d in range(7)
        ],
        lambda k, v: v if k == "weekday" else format_number(v, 1, language),
        folded=True,
    )
    heading("analysis.time", "time")
    vehicle_share = report.hour_share_of_vehicles
    trip_share = report.hour_share_of_trips
    chart(
        hourly_shares_options(
            [
                (t("analysis.share_vehicles"), vehicle_share),
                (t("analysis.share_trips"), trip_share),
            ],
            language,
        ),
        t(
            "analysis.time.caption",
            period=period_text,
            vehicles=figures.vehicles,
            trips=format_number(figures.roundtrips, 0, language),
        ),
        "fleetplan-tidsaktivitet",
        "chart-time",
    )
    table_with_export(
        "time",
        t("analysis.time"),
        [
            ("hour", t("analysis.col.hour")),
            ("vehicles", t("analysis.share_vehicles")),
            ("trips", t("analysis.share_trips")),
        ],
        [
            {
                "hour": f"{h:02d}-{h + 1:02d}",
                "vehicles": round(float(vehicle_share[h]), 4),
                "trips": round(float(trip_share[h]), 4),
            }
            for h in range(24)
        ],
        lambda k, v: v if k == "hour" else format_share(v, language),
        folded=True,
    )


def peaks_section(
    figures: AnalysisFigures, names: dict[str, str], language: str, period_text: str
) -> None:
    heading("analysis.peaks", "peaks")
    report = figures.peaks
    profiles = [*report.locations, report.overall]
    chart(
        grouped_bars_options(
            [names.get(p.location_id, p.location_id) for p in report.locations],
            [
                (
                    t("analysis.col.vehicles_seen"),
                    [p.vehicles_seen for p in report.locations],
                ),
                (
                    t("analysis.col.max_concurrent"),
                    [p.max_concurrent for p in report.locations],
                ),
                (
                    t("analysis.col.for_95"),
                    [p.vehicles_for_coverage.get("95%", 0) for p in report.locations],
                ),
            ],
            language=language,
        ),
        t("analysis.peaks.caption", period=period_text),
        "fleetplan-spidsbelastning",
        "chart-peaks",
    )
    table_with_export(
        "peaks",
        t("analysis.peaks"),
        [
            ("location", t("analysis.col.location")),
            ("vehicles_seen", t("analysis.col.vehicles_seen")),
            ("max_concurrent", t("analysis.col.max_concurrent")),
            ("first_peak_at", t("analysis.col.first_peak_at")),
            ("peak_hours", t("analysis.col.peak_hours")),
            ("for_100", t("analysis.col.for_100")),
            ("for_95", t("analysis.col.for_95")),
        ],
        [
            {
                "location": names.get(p.location_id, p.location_id),
                "vehicles_seen": p.vehicles_seen,
                "max_concurrent": p.max_concurrent,
                "first_peak_at": p.first_peak_at,
                "peak_hours": hour_ranges(p.peak_hours),
                "for_100": p.vehicles_for_coverage.get("100%", 0),
                "for_95": p.vehicles_for_coverage.get("95%", 0),
            }
            for p in profiles
        ],
        lambda k, v: _moment(v, language) if k == "first_peak_at" else str(v),
    )


_SHORT_COLUMNS = (
    "trips",
    "short_trips",
    "share_short",
    "bike_trips",
    "share_bike",
    "saving_dkk",
    "saving_co2e_kg",
)


def _short_rows(
    rows: Sequence[Any], names: dict[str, str], yearly_factor: float
) -> list[dict[str, Any]]:
    return [
        {
            "group": names.get(r.location_id, r.location_id),
            "trips": r.trips,
            "short_trips": r.short_trips,
            "share_short": round(r.share_of_trips, 4),
            "bike_trips": r.bike_trips,
            "share_bike": round(r.bike_share_of_trips, 4),
            "saving_dkk": round(r.energy_cost_moved_dkk * yearly_factor),
            "saving_co2e_kg": round(r.co2e_wtw_moved_kg * yearly_factor, 1),
        }
        for r in rows
    ]


def short_trips_section(
    figures: AnalysisFigures, names: dict[str, str], language: str
) -> None:
    heading("analysis.short", "short")
    report = figures.short_trips
    factor = report.yearly_factor
    overall = report.overall
    km = format_number(report.max_km, 0, language)
    ui.label(
        t(
            "analysis.short.summary",
            short=format_number(overall.short_trips, 0, language),
            trips=format_number(overall.trips, 0, language),
            share=format_share(overall.share_of_trips, language),
            km=km,
            bike=format_number(overall.bike_trips, 0, language),
            bike_share=format_share(overall.bike_share_of_trips, language),
            dkk=format_number(overall.energy_cost_moved_dkk * factor, 0, language),
            co2e=format_number(overall.co2e_wtw_moved_kg * factor, 0, language),
        )
    ).classes("text-body1").props('data-testid="short-summary"')
    chart(
        grouped_bars_options(
            [names.get(r.location_id, r.location_id) for r in report.locations],
            [
                (
                    t("analysis.col.share_short", km=km),
                    [r.share_of_trips for r in report.locations],
                ),
                (
                    t("analysis.col.share_bike"),
                    [r.bike_share_of_trips for r in report.locations],
                ),
            ],
            percent=True,
            language=language,
        ),
        t(
            "analysis.short.caption",
            km=km,
            hours=format_number(report.max_duration_h, 0, language),
        ),
        "fleetplan-korte-ture",
        "chart-short",
    )

    def shown(key: str, value: Any) -> str:
        if key == "group":
            return str(value)
        if key.startswith("share"):
            return format_share(value, language)
        return format_number(value, 1 if key == "saving_co2e_kg" else 0, language)

    columns = [(c, t(f"analysis.col.{c}", km=km)) for c in _SHORT_COLUMNS]
    table_with_export(
        "short-locations",
        t("analysis.short.by_location"),
        [("group", t("analysis.col.location")), *columns],
        _short_rows([*report.locations, overall], names, factor),
        shown,
    )
    if figures.short_by_department:
        ui.label(t("analysis.short.by_department")).classes("text-subtitle1")
        table_with_export(
            "short-departments",
            t("analysis.short.by_department"),
            [("group", t("analysis.col.department")), *columns],
            _short_rows(figures.short_by_department, names, factor),
            shown,
        )
