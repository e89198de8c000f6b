"""ECharts options of the per-vehicle views: km per day per vehicle, vehicles free
per location over time, and one vehicle's trips (plain numbers and labels in, no
translation lookups, so they can be tested without a page)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from fleetplan.web.analysis_charts import PALETTE, value_formatter

# Slider and mouse-wheel zoom (ECharts dataZoom) on the given axes.
_ZOOM_SLIDER_PX = 22
ROWS_SHOWN = 30  # vehicles or days in view before zooming out


def zoom(
    x: bool = True, y: bool = False, y_rows: int | None = None
) -> list[dict[str, Any]]:
    """dataZoom for the chosen axes: a slider under (x) or beside (y) the chart
    and zoom by mouse wheel or pinch inside it; ``y_rows`` shows only the first
    rows at first (a label per row stays readable)."""
    out: list[dict[str, Any]] = []
    if x:
        out += [
            {"type": "slider", "xAxisIndex": 0, "height": _ZOOM_SLIDER_PX, "bottom": 4},
            {"type": "inside", "xAxisIndex": 0},
        ]
    if y:
        out += [
            {"type": "slider", "yAxisIndex": 0, "width": _ZOOM_SLIDER_PX, "right": 4},
            {"type": "inside", "yAxisIndex": 0, "zoomOnMouseWheel": False},
        ]
        if y_rows is not None:
            for item in out[-2:]:
                item.update(startValue=0, endValue=max(0, y_rows - 1))
    return out


def km_heatmap_options(
    vehicles: Sequence[str],
    days: Sequence[str],
    km: Sequence[Sequence[float]],
    language: str,
) -> dict[str, Any]:
    """Vehicle rows × day columns coloured by km; the tooltip reads
    "<vehicle> <day>: 42,5 km". Zoom on both axes (122 vehicles × 180 days)."""
    data = [
        [j, i, round(float(value), 1)]
        for i, row in enumerate(km)
        for j, value in enumerate(row)
        if value > 0
    ]
    top = max((cell[2] for cell in data), default=0.0)
    number = value_formatter(language, 1, " km")
    return {
        "tooltip": {
            "position": "top",
            ":formatter": (
                f"p => {{ const f = {number}; const rows = "
                f"{json.dumps(list(vehicles), ensure_ascii=False)}; const cols = "
                f"{json.dumps(list(days))}; return rows[p.value[1]] + ' ' + "
                "cols[p.value[0]] + ': ' + f(p.value[2]); }"
            ),
        },
        "grid": {"left": 170, "right": 40, "top": 10, "bottom": 90},
        "xAxis": {"type": "category", "data": list(days), "splitArea": {}},
        "yAxis": {"type": "category", "data": list(vehicles), "inverse": True},
        "visualMap": {
            "min": 0,
            "max": max(top, 1.0),
            "calculable": True,
            "orient": "horizontal",
            "left": "center",
            "bottom": 34,
            "inRange": {"color": ["#f1f8e9", "#26a69a", "#004d40"]},
        },
        "dataZoom": zoom(x=True, y=True, y_rows=ROWS_SHOWN),
        "series": [{"type": "heatmap", "data": data}],
    }


def availability_options(
    hours: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    language: str,
) -> dict[str, Any]:
    """One step line per location: vehicles free for the whole hour."""
    return {
        "color": [*PALETTE, "#7cb342", "#d81b60", "#3949ab"],
        "tooltip": {"trigger": "axis", ":valueFormatter": value_formatter(language, 0)},
        "legend": {"top": 0},
        "grid": {"left": 50, "right": 20, "top": 40, "bottom": 60},
        "xAxis": {"type": "category", "data": list(hours)},
        "yAxis": {"type": "value", "minInterval": 1},
        "dataZoom": zoom(),
        "series": [
            {
                "name": name,
                "type": "line",
                "step": "end",
                "symbol": "none",
                "data": [int(v) for v in values],
            }
            for name, values in series
        ],
    }


# A bar from a trip's start to its end hour on its day's row.
_RENDER_TRIP = (
    "(params, api) => { const s = api.coord([api.value(1), api.value(0)]);"
    " const e = api.coord([api.value(2), api.value(0)]);"
    " const h = api.size([0, 1])[1] * 0.6;"
    " return {type: 'rect', shape: {x: s[0], y: s[1] - h / 2,"
    " width: Math.max(e[0] - s[0], 2), height: h}, style: api.style()}; }"
)


def timeline_options(
    days: Sequence[str],
    trips: Sequence[tuple[int, float, float, str]],
) -> dict[str, Any]:
    """Day rows × hours 0-24; each trip ``(day row, start h, end h, label)`` is a
    bar (a trip past midnight is cut at 24 and goes on on the next row)."""
    return {
        "tooltip": {":formatter": "p => p.value[3]"},
        "grid": {"left": 100, "right": 40, "top": 10, "bottom": 40},
        "xAxis": {
            "type": "value",
            "min": 0,
            "max": 24,
            "interval": 2,
            "axisLabel": {":formatter": "v => String(v).padStart(2, '0') + ':00'"},
        },
        "yAxis": {"type": "category", "data": list(days), "inverse": True},
        "dataZoom": zoom(x=False, y=True, y_rows=ROWS_SHOWN),
        "series": [
            {
                "type": "custom",
                ":renderItem": _RENDER_TRIP,
                "itemStyle": {"color": PALETTE[0]},
                "encode": {"x": [1, 2], "y": 0},
                "data": [list(t) for t in trips],
            }
        ],
    }
