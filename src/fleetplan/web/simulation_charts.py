"""ECharts options for a simulation result (``report_to_dict`` shape).

Pure functions of the result and a language, so the numbers a chart shows are
tested without a browser; ``web.charts.chart`` draws them.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from fleetplan.texts.numbers import format_number
from fleetplan.web.translate import translate

# (catalogue key, field of a side's figures), stacked bottom to top.
COST_COMPONENTS = (
    ("sim.row.fixed_cost", "fixed_cost_dkk"),
    ("sim.row.energy_cost", "energy_cost_dkk"),
    ("sim.row.co2_cost", "societal_co2_cost_dkk"),
    ("sim.row.external_cost", "external_cost_dkk"),
)
COLOURS = ("#00695c", "#f9a825", "#6d4c41", "#5c6bc0", "#c62828", "#8e24aa")
LOCALES = {"da": "da-DK", "en": "en-GB"}


def js_number(language: str) -> str:
    """A JavaScript formatter writing whole numbers with the language's thousands
    separator (NiceGUI runs option keys that start with ":" as JavaScript)."""
    locale = LOCALES.get(language, "da-DK")
    return (
        f"v => (typeof v === 'number') ? v.toLocaleString('{locale}', "
        "{maximumFractionDigits: 0}) : v"
    )


def type_label(label: str, language: str) -> str:
    """A histogram label (``ev``, ``external:taxi``) in words."""
    if label.startswith("external:"):
        kind = label.split(":", 1)[1]
        return translate(language, "sim.external", kind=external_name(kind, language))
    try:
        return translate(language, f"sim.vtype.{label}")
    except KeyError:
        return label


def external_name(kind: str, language: str) -> str:
    try:
        return translate(language, f"sim.ext.{kind}")
    except KeyError:
        return kind


def cost_options(result: dict[str, Any], language: str) -> dict[str, Any]:
    """Yearly cost by component, current vs simulated, as stacked bars (kr.)."""
    sides = ("current", "simulated")
    return cost_bars(
        [(translate(language, f"sim.col.{s}"), result[s]) for s in sides], language
    )


def cost_bars(bars: list[tuple[str, dict[str, Any]]], language: str) -> dict[str, Any]:
    """One stacked bar of yearly cost components (kr.) per (label, figures) pair;
    the figures are one side of a result (``result["simulated"]``)."""
    # four long legend entries wrap, so the legend sits under the bars
    return {
        "tooltip": {
            "trigger": "axis",
            "axisPointer": {"type": "shadow"},
            ":valueFormatter": js_number(language),
        },
        "legend": {"bottom": 0},
        "grid": {
            "left": 20,
            "right": 20,
            "top": 35,
            "bottom": 60,
            "containLabel": True,
        },
        "xAxis": {"type": "category", "data": [label for label, _ in bars]},
        "yAxis": {
            "type": "value",
            "name": translate(language, "sim.chart.dkk"),
            "axisLabel": {":formatter": js_number(language)},
        },
        "color": list(COLOURS),
        "series": [
            {
                "name": translate(language, key),
                "type": "bar",
                "stack": "cost",
                "data": [round(float(side[field]), 0) for _, side in bars],
            }
            for key, field in COST_COMPONENTS
        ],
    }


def histogram_options(result: dict[str, Any], language: str) -> dict[str, Any]:
    """Trips per distance bin and simulated vehicle type (external options apart).

    Every label shares the bin edges, so the bars line up per bin.
    """
    histograms: dict[str, dict[str, list[float]]] = result.get("histograms") or {}
    edges = next(iter(histograms.values()))["edges_km"] if histograms else []
    bins = [
        f"{format_number(a, 0, language)}–{format_number(b, 0, language)}"
        for a, b in pairwise(edges)
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 60, "right": 20, "top": 40, "bottom": 50},
        "xAxis": {
            "type": "category",
            "data": bins,
            "name": translate(language, "sim.chart.km"),
            "nameLocation": "middle",
            "nameGap": 30,
        },
        "yAxis": {"type": "value", "name": translate(language, "sim.chart.trips")},
        "color": list(COLOURS),
        "series": [
            {
                "name": type_label(label, language),
                "type": "bar",
                "stack": "trips",
                "data": [int(c) for c in data["counts"]],
            }
            for label, data in histograms.items()
        ],
    }


def unallocated_options(result: dict[str, Any], language: str) -> dict[str, Any]:
    """Unallocated trips per day with at least one (days in date order)."""
    per_day: dict[str, int] = result.get("unallocated_per_day") or {}
    days = sorted(per_day)
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 60, "right": 20, "top": 30, "bottom": 40},
        "xAxis": {"type": "category", "data": days},
        "yAxis": {
            "type": "value",
            "minInterval": 1,
            "name": translate(language, "sim.chart.trips"),
        },
        "series": [
            {
                "name": translate(language, "sim.row.unallocated"),
                "type": "bar",
                "color": COLOURS[4],
                "data": [int(per_day[d]) for d in days],
            }
        ],
    }
