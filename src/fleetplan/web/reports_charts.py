"""ECharts options of the Plan og rapporter page (pure: records in, options out).

Labels come in already translated, so these helpers need no page context.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

FOSSIL = "#8d6e63"
FOSSIL_FREE = "#00897b"
PALETTE = ["#00897b", "#5c6bc0", "#8d6e63", "#f9a825", "#c62828", "#6d4c41"]


def _bar(name: str, data: Sequence[float], colour: str | None = None, **extra: Any):
    series: dict[str, Any] = {"name": name, "type": "bar", "data": list(data)}
    if colour:
        series["itemStyle"] = {"color": colour}
    return {**series, **extra}


LOCALES = {"da": "da-DK", "en": "en-GB"}


def number_formatter(language: str, decimals: int = 1) -> str:
    """A JavaScript function that writes a number with the language's separators
    (NiceGUI runs option keys starting with ":" as JavaScript)."""
    locale = LOCALES.get(language, "da-DK")
    return (
        f"v => (typeof v === 'number') ? v.toLocaleString('{locale}', "
        f"{{maximumFractionDigits: {decimals}}}) : v"
    )


def _base(
    categories: Sequence[str], y_name: str, language: str = "da"
) -> dict[str, Any]:
    """Axis chart with every category labelled and numbers in the language's style."""
    return {
        "tooltip": {
            "trigger": "axis",
            ":valueFormatter": number_formatter(language),
        },
        "legend": {"top": 0},
        "grid": {
            "left": 20,
            "right": 30,
            "top": 40,
            "bottom": 20,
            "containLabel": True,
        },
        "xAxis": {
            "type": "category",
            "data": list(categories),
            "axisLabel": {"interval": 0, "hideOverlap": False},
        },
        "yAxis": {
            "type": "value",
            "name": y_name,
            "axisLabel": {":formatter": number_formatter(language, 0)},
        },
    }


def fleet_mix_options(
    fleet: Sequence[Mapping[str, Any]],
    years: Sequence[str],
    fossil: str,
    fossil_free: str,
    y_name: str,
    language: str = "da",
) -> dict[str, Any]:
    """Stacked bars: fossil and fossil-free vehicles per plan year."""
    return {
        **_base(years, y_name, language),
        "series": [
            _bar(fossil, [r["fossil_vehicles"] for r in fleet], FOSSIL, stack="n"),
            _bar(
                fossil_free,
                [r["fossil_free_vehicles"] for r in fleet],
                FOSSIL_FREE,
                stack="n",
            ),
        ],
    }


def co2e_options(
    fleet: Sequence[Mapping[str, Any]],
    years: Sequence[str],
    ttw: str,
    wtw: str,
    y_name: str,
    language: str = "da",
) -> dict[str, Any]:
    """Bars: CO2e tank-to-wheel and well-to-wheel (t) per plan year."""
    return {
        **_base(years, y_name, language),
        "series": [
            _bar(ttw, [r["co2e_ttw_t"] for r in fleet], FOSSIL),
            _bar(wtw, [r["co2e_wtw_t"] for r in fleet], "#5c6bc0"),
        ],
    }


def grouped_options(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    y_name: str,
    horizontal: bool = False,
    language: str = "da",
) -> dict[str, Any]:
    """One bar series per entry of ``series`` over ``categories``."""
    options = {
        **_base(categories, y_name, language),
        "series": [
            _bar(name, values, PALETTE[i % len(PALETTE)])
            for i, (name, values) in enumerate(series.items())
        ],
    }
    if horizontal:
        options["xAxis"], options["yAxis"] = options["yAxis"], options["xAxis"]
        options["yAxis"]["inverse"] = True  # first category at the top, as in tables
        options["xAxis"] |= {"nameLocation": "middle", "nameGap": 28}
        options["grid"] = {**options["grid"], "bottom": 36}  # room for the name
    return options


def business_options(
    per_year: Sequence[Mapping[str, Any]],
    net: str,
    cumulative: str,
    y_name: str,
    language: str = "da",
) -> dict[str, Any]:
    """Bars of the net saving per year and a line of the cumulative net."""
    years = [str(r["year"]) for r in per_year]
    return {
        **_base(years, y_name, language),
        "series": [
            _bar(net, [r["net_saving_dkk"] for r in per_year], FOSSIL_FREE),
            {
                "name": cumulative,
                "type": "line",
                "data": [r["cumulative_dkk"] for r in per_year],
                "itemStyle": {"color": "#5c6bc0"},
            },
        ],
    }
