"""ECharts options of the Analyse page's charts, built from plain numbers and labels
(no translation lookups here, so they can be tested without a page)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

HOUR_LABELS: tuple[str, ...] = tuple(f"{h:02d}" for h in range(24))
PALETTE = ("#00695c", "#ef6c00", "#5c6bc0", "#8d6e63")
LOCALES = {"da": "da-DK", "en": "en-GB"}


def _number_js(language: str, decimals: int) -> str:
    """A JavaScript expression turning number ``v`` into the language's text
    (ECharts' own tooltips write 42.5 also on a Danish page)."""
    locale = LOCALES.get(language, LOCALES["da"])
    return f"v.toLocaleString('{locale}', {{maximumFractionDigits: {decimals}}})"


def value_formatter(language: str, decimals: int, suffix: str = "") -> str:
    """A tooltip ``valueFormatter`` (a NiceGUI ``:``-key holds JavaScript)."""
    number = _number_js(language, decimals)
    return f"v => (typeof v === 'number' ? {number} : v) + {json.dumps(suffix)}"


def heatmap_options(
    matrix: Sequence[Sequence[float]],
    weekday_labels: Sequence[str],
    value_name: str,
    decimals: int = 1,
    language: str = "da",
) -> dict[str, Any]:
    """Weekday rows (first at the top) × hour columns, coloured by value; the
    tooltip names the day and hour ("Mandag 09-10: 42,5")."""
    data = [
        [hour, day, round(float(value), decimals)]
        for day, row in enumerate(matrix)
        for hour, value in enumerate(row)
    ]
    top = max((cell[2] for cell in data), default=0.0)
    hour_ranges = [f"{h:02d}-{h + 1:02d}" for h in range(24)]
    days = json.dumps(list(weekday_labels), ensure_ascii=False)
    return {
        "tooltip": {
            "position": "top",
            ":formatter": (
                f"p => {{ const v = p.value[2]; const days = {days};"
                f" return days[p.value[1]] + ' ' + {json.dumps(hour_ranges)}"
                f"[p.value[0]] + ': ' + {_number_js(language, decimals)}; }}"
            ),
        },
        "grid": {"left": 90, "right": 20, "top": 10, "bottom": 80},
        "xAxis": {"type": "category", "data": list(HOUR_LABELS), "splitArea": {}},
        "yAxis": {
            "type": "category",
            "data": list(weekday_labels),
            "inverse": True,
            "splitArea": {"show": True},
        },
        "visualMap": {
            "min": 0,
            "max": max(top, 1.0),
            "calculable": True,
            "orient": "horizontal",
            "left": "center",
            "bottom": 0,
            "inRange": {"color": ["#f1f8e9", "#26a69a", "#004d40"]},
        },
        "series": [{"name": value_name, "type": "heatmap", "data": data}],
    }


def hourly_shares_options(
    series: Sequence[tuple[str, Sequence[float]]],
    language: str = "da",
) -> dict[str, Any]:
    """Lines over the 24 hours of the day; shares 0..1 shown as percent."""
    return {
        "tooltip": {
            "trigger": "axis",
            ":valueFormatter": value_formatter(language, 1, " %"),
        },
        "legend": {"top": 0},
        "grid": {"left": 60, "right": 20, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": list(HOUR_LABELS)},
        "yAxis": {"type": "value", "axisLabel": {"formatter": "{value} %"}},
        "series": [
            {
                "name": name,
                "type": "line",
                "smooth": False,
                "areaStyle": {"opacity": 0.15},
                "color": PALETTE[i % len(PALETTE)],
                "data": [round(100.0 * float(v), 1) for v in values],
            }
            for i, (name, values) in enumerate(series)
        ],
    }


def grouped_bars_options(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    percent: bool = False,
    language: str = "da",
) -> dict[str, Any]:
    """One group of bars per category (e.g. location), one bar per series."""
    scale = 100.0 if percent else 1.0
    return {
        "tooltip": {
            "trigger": "axis",
            "axisPointer": {"type": "shadow"},
            ":valueFormatter": value_formatter(language, 1, " %" if percent else ""),
        },
        "legend": {"top": 0},
        "grid": {"left": 60, "right": 20, "top": 40, "bottom": 60},
        "xAxis": {
            "type": "category",
            "data": list(categories),
            "axisLabel": {
                "interval": 0,
                "width": 150,
                "overflow": "break",
                "lineHeight": 16,
            },
        },
        "yAxis": {
            "type": "value",
            "axisLabel": {"formatter": "{value} %" if percent else "{value}"},
        },
        "series": [
            {
                "name": name,
                "type": "bar",
                "barMaxWidth": 60,
                "color": PALETTE[i % len(PALETTE)],
                "data": [round(scale * float(v), 1) for v in values],
            }
            for i, (name, values) in enumerate(series)
        ],
    }
