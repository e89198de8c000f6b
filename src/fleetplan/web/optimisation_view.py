"""Pure helpers of the Optimering page: form defaults and parameters, the slider's
meaning, the side-by-side solutions table and the Pareto chart's options.

Nothing here touches NiceGUI, so the page's logic is tested without a browser.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fleetplan.domain import Dataset
from fleetplan.ingest import run_settings_from_meta

DEFAULT_DAYS = 28
DEFAULT_TIME_LIMIT_S = 10.0
# the optimiser's tie-breaker: each side keeps at least 1 % of the weight
WEIGHT_FLOOR = 0.01


def form_defaults(dataset: Dataset) -> dict[str, Any]:
    """The form's start values: the data's last 4 weeks, the dataset's service
    level and shifts, all candidates, today's models only going down."""
    settings = run_settings_from_meta(dataset.meta)
    span = dataset.data_span()
    last = span.end.date() if span is not None else date.today()
    first = max(
        last - timedelta(days=DEFAULT_DAYS - 1),
        span.start.date() if span is not None else last,
    )
    return {
        "start": first.isoformat(),
        "end": last.isoformat(),
        "locations": [],
        "candidate_mode": "all",
        "candidates": [],
        "current": "reduce",
        "max_unallocated": settings.slack_unallocated_trips,
        "max_undriven_km": settings.max_undriven_km,
        "keep": [],
        "fossil_free_share_pct": 0,
        "max_new_vehicles": None,
        "budget_dkk_per_year": None,
        "use_shifts": bool(settings.shifts),
        "pooling": False,
        "transfer_minutes": 0,
        "early_return": False,  # leased vehicles stay until their lease ends
        "factors": "",  # not chosen: meta.json's values, else dk-2025's
        "ignore_meta": False,
        "require_range": False,
        "weight": 5.0,
        "time_limit_s": DEFAULT_TIME_LIMIT_S,
    }


def _whole(value: Any) -> int | None:
    return None if value is None or value == "" else round(float(value))


def _float(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def form_to_params(
    values: dict[str, Any], defaults: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The ``optimise`` job's parameters from the form's values (empty fields are
    left out, so the job's own defaults apply). With the form's ``defaults``, a
    service level left at the dataset's value is left out too: the job then takes
    it from the dataset (or, with ``ignore_meta``, Fleetplan's default) and the
    result does not call it the user's."""
    params: dict[str, Any] = {
        "start": values["start"],
        "end": values["end"],
        "current": values["current"],
        "weight": float(values["weight"]),
        "keep": list(values.get("keep") or []),
        "fossil_free_share_pct": float(values.get("fossil_free_share_pct") or 0),
        "use_shifts": bool(values.get("use_shifts")),
    }
    if values.get("factors"):
        params["factors"] = values["factors"]
    for flag in ("ignore_meta", "require_range", "early_return"):
        if values.get(flag):
            params[flag] = True
    if values.get("locations"):
        params["locations"] = list(values["locations"])
    if values.get("candidate_mode") != "all":
        params["candidates"] = list(values.get("candidates") or [])
    if values.get("pooling"):
        params["transfer_minutes"] = float(values.get("transfer_minutes") or 0)
    for key, convert in (
        ("max_unallocated", _whole),
        ("max_new_vehicles", _whole),
        ("max_undriven_km", _float),
        ("budget_dkk_per_year", _float),
        ("time_limit_s", _float),
    ):
        number = convert(values.get(key))
        untouched = (
            defaults is not None
            and key in ("max_unallocated", "max_undriven_km")
            and number == convert(defaults.get(key))
        )
        if number is not None and not untouched:
            params[key] = number
    return params


def params_to_form(dataset: Dataset, params: dict[str, Any]) -> dict[str, Any]:
    """The form's values for a run's ``params`` (``form_to_params``' inverse), so
    a shown optimisation can be changed and run again; what the run left out
    takes the form's defaults."""
    values = form_defaults(dataset)
    for key in (
        "start",
        "end",
        "current",
        "factors",
        "weight",
        "use_shifts",
        "ignore_meta",
        "require_range",
        "early_return",
    ):
        if key in params:
            values[key] = params[key]
    values["locations"] = list(params.get("locations") or [])
    values["keep"] = list(params.get("keep") or [])
    values["fossil_free_share_pct"] = params.get("fossil_free_share_pct") or 0
    if "candidates" in params:
        values["candidate_mode"] = "chosen"
        values["candidates"] = list(params["candidates"])
    if "transfer_minutes" in params:
        values["pooling"] = True
        values["transfer_minutes"] = params["transfer_minutes"]
    for key in (
        "max_unallocated",
        "max_new_vehicles",
        "max_undriven_km",
        "budget_dkk_per_year",
        "time_limit_s",
    ):
        if key in params:
            values[key] = params[key]
    return values


def weight_shares(weight: float) -> tuple[float, float]:
    """Percent of the objective on cost and on CO2e at slider ``weight``.

    The optimiser minimises (1 − a + 0.01)·C/C_today + (a + 0.01)·E/E_today with
    a = weight/10, so a 1 % change of cost weighs (1 − a + 0.01)/(a + 0.01) times
    a 1 % change of CO2e. Weight 5 gives 50/50.
    """
    a = weight / 10.0
    cost, co2e = 1.0 - a + WEIGHT_FLOOR, a + WEIGHT_FLOOR
    total = cost + co2e
    return 100.0 * cost / total, 100.0 * co2e / total


def model_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per vehicle model that is in today's fleet or any solution:
    today's count and each solution's count and change, models with changes first.
    Catalogue models that no fleet uses (0 everywhere) are left out.
    """
    solutions = result["solutions"]
    today: dict[str, int] = result["today"]["counts"]
    models = set(today)
    for s in solutions:
        models |= set(s["counts"])
    rows = []
    for model in models:
        counts = [int(s["counts"].get(model, 0)) for s in solutions]
        changes = [c - int(today.get(model, 0)) for c in counts]
        if not any(counts) and not today.get(model):
            continue
        rows.append(
            {
                "model": model,
                "today": int(today.get(model, 0)),
                "counts": counts,
                "changes": changes,
            }
        )
    rows.sort(key=lambda r: (not any(r["changes"]), r["model"]))
    return rows


def signed(number: int) -> str:
    return f"+{number}" if number > 0 else ("±0" if number == 0 else f"−{-number}")


def figure_rows(result: dict[str, Any]) -> list[tuple[str, list[float], float | None]]:
    """(figure key, value per solution, today's value) for the table's foot."""
    solutions = result["solutions"]
    today = result["today"]
    return [
        (
            "total_cost",
            [s["total_cost_dkk"] for s in solutions],
            today["total_cost_dkk"],
        ),
        ("co2e_t", [s["co2e_t"] for s in solutions], today["co2e_t"]),
        ("unallocated", [float(s["unallocated"]) for s in solutions], None),
        ("gap", [100.0 * s["gap"] for s in solutions], None),
    ]


def xlsx_rows(
    result: dict[str, Any], figure_labels: dict[str, str]
) -> tuple[list[str], list[list[Any]]]:
    """Headers (model, today, #1..#n count and change) and plain-value rows."""
    n = len(result["solutions"])
    headers = ["model", "today"]
    for number in range(1, n + 1):
        headers += [f"#{number}", f"#{number} ±"]
    rows: list[list[Any]] = []
    for row in model_rows(result):
        cells: list[Any] = [row["model"], row["today"]]
        for count, change in zip(row["counts"], row["changes"], strict=True):
            cells += [count, change]
        rows.append(cells)
    for key, values, today in figure_rows(result):
        cells = [figure_labels[key], today]
        for value in values:
            cells += [round(value, 4), None]
        rows.append(cells)
    return headers, rows


def _js_number(language: str, decimals: int) -> str:
    """A JavaScript axis formatter with the language's separators (NiceGUI runs
    option keys that start with ":" as JavaScript)."""
    locale = {"da": "da-DK", "en": "en-GB"}.get(language, "da-DK")
    return f"v => v.toLocaleString('{locale}', {{maximumFractionDigits: {decimals}}})"


def pareto_options(
    result: dict[str, Any], labels: dict[str, str], language: str = "da"
) -> dict[str, Any]:
    """ECharts options: the front as a line of points (cost, CO2e), today's fleet
    and the best fleet at the chosen weight (#1) highlighted.

    ``labels`` holds the axis and series names: ``x``, ``y``, ``front``, ``today``,
    ``chosen``; axis numbers are written in ``language``'s style.
    """
    front = sorted(
        ([p["total_cost_dkk"], p["co2e_t"]] for p in result["pareto"]),
        key=lambda p: p[0],
    )
    series: list[dict[str, Any]] = [
        {
            "name": labels["front"],
            "type": "line",
            "data": front,
            "symbolSize": 9,
            "itemStyle": {"color": "#00796b"},
        },
        {
            "name": labels["today"],
            "type": "scatter",
            "data": [[result["today"]["total_cost_dkk"], result["today"]["co2e_t"]]],
            "symbol": "diamond",
            "symbolSize": 14,
            "itemStyle": {"color": "#616161"},
        },
    ]
    if result["solutions"]:
        best = result["solutions"][0]
        series.append(
            {
                "name": labels["chosen"],
                "type": "scatter",
                "data": [[best["total_cost_dkk"], best["co2e_t"]]],
                "symbolSize": 18,
                "itemStyle": {"color": "#d32f2f"},
                "z": 5,
            }
        )
    return {
        "tooltip": {"trigger": "item"},
        "legend": {"top": 0},
        "grid": {"left": 70, "right": 30, "top": 40, "bottom": 50},
        "xAxis": {
            "type": "value",
            "name": labels["x"],
            "nameLocation": "middle",
            "nameGap": 30,
            "scale": True,
            "axisLabel": {":formatter": _js_number(language, 0)},
        },
        "yAxis": {
            "type": "value",
            "name": labels["y"],
            "nameLocation": "middle",
            "nameGap": 50,
            "scale": True,
            "axisLabel": {":formatter": _js_number(language, 1)},
        },
        "series": series,
    }


# the optimisation's parameters that set the scope a fleet is simulated in
FLEET_SCOPE_KEYS = (
    "start",
    "end",
    "locations",
    "factors",
    "use_shifts",
    "transfer_minutes",
    "limit_km",
)


def fleet_params(result: dict[str, Any], number: int, job_id: str) -> dict[str, Any]:
    """``simulate.fleet`` parameters for solution ``number`` (1-based): its fleet
    on the same trips, rules and prices the optimisation used."""
    if not 1 <= number <= len(result["fleets"]):
        raise ValueError(f"there is no solution #{number}.")
    echo = result.get("params") or {}
    params = {key: echo[key] for key in FLEET_SCOPE_KEYS if key in echo}
    params["fleet"] = dict(result["fleets"][number - 1])
    params["source"] = {"job": job_id, "solution": number}
    return params
