"""The Optimering page's results: the best fleets side by side, the Pareto chart,
xlsx export, and one fleet's full simulation (current vs simulated)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from nicegui import ui

from fleetplan.texts.numbers import format_date, format_number, format_share
from fleetplan.web.charts import chart, result_selection, set_chart_selection
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.optimisation_view import (
    figure_rows,
    model_rows,
    pareto_options,
    signed,
    xlsx_rows,
)
from fleetplan.web.simulation_setup import last_day
from fleetplan.web.simulation_tables import FIGURES, table_columns
from fleetplan.web.simulation_tables import VEHICLE_COLUMNS as SIM_VEHICLE_COLUMNS
from fleetplan.web.solver_status import status_text
from fleetplan.web.translate import current_language, t

FIGURE_DECIMALS = {"total_cost": 0, "co2e_t": 1, "unallocated": 0, "gap": 2}
# Simulering's key figures without the societal CO2e cost line.
SIM_FIGURES = tuple(f for f in FIGURES if f[0] != "co2_cost")
# The simulation's per-vehicle columns; the fleet comparison leaves TCO/km out.
VEHICLE_COLUMNS = tuple(c for c in SIM_VEHICLE_COLUMNS if c != "tco_dkk_per_km")


def _figure_labels() -> dict[str, str]:
    return {key: t(f"opt.fig.{key}") for key in FIGURE_DECIMALS}


def summary_line(result: dict[str, Any]) -> str:
    language = current_language()
    return t(
        "opt.summary",
        status=status_text(
            result["status"],
            result["solutions"][0].get("gap") if result.get("solutions") else None,
            language,
        ).capitalize(),
        start=format_date(datetime.fromisoformat(result["period"]["start"]), language),
        end=format_date(
            last_day(datetime.fromisoformat(result["period"]["end"])), language
        ),
        trips=result["trips"],
        weight=format_number(float(result["weight"]), 1, language),
        seconds=format_number(float(result["seconds"]), 1, language),
    )


def solutions_table(
    result: dict[str, Any], on_open: Callable[[int], None] | None
) -> None:
    """Models as rows, today and each solution as columns; figures at the foot."""
    language = current_language()
    n = len(result["solutions"])
    names = [f"s{i}" for i in range(1, n + 1)]
    columns = [
        {
            "name": "model",
            "label": t("opt.col.model"),
            "field": "model",
            "align": "left",
        },
        {
            "name": "today",
            "label": t("opt.col.today"),
            "field": "today",
            "align": "right",
        },
    ] + [
        {"name": name, "label": f"#{i}", "field": name, "align": "right"}
        for i, name in enumerate(names, start=1)
    ]
    rows: list[dict[str, Any]] = []
    for row in model_rows(result):
        cells = {"model": row["model"], "today": str(row["today"])}
        for name, count, change in zip(
            names, row["counts"], row["changes"], strict=True
        ):
            cells[name] = f"{count} ({signed(change)})" if change else str(count)
        rows.append(cells)
    for key, values, today in figure_rows(result):
        decimals = FIGURE_DECIMALS[key]
        cells = {
            "figure": True,
            "model": t(f"opt.fig.{key}"),
            "today": "" if today is None else format_number(today, decimals, language),
        }
        for name, value in zip(names, values, strict=True):
            cells[name] = format_number(value, decimals, language)
        rows.append(cells)
    table = ui.table(rows=rows, columns=columns, row_key="model").classes("w-full")
    table.props('dense flat bordered separator=cell data-testid="opt-solutions"')
    # changed counts stand out from unchanged ones; the figures at the foot are
    # shaded apart from the model counts
    table.add_slot(
        "body-cell",
        r"""<q-td :props="props" :class="props.row.figure ? 'bg-grey-2' : ''"><span
            :class="!props.row.figure && props.col.name !== 'model'
              && String(props.value).includes('(')
              ? 'text-weight-bold' : ''"
            >{{ props.value }}</span></q-td>""",
    )
    ui.label(t("opt.table_caption")).classes("text-caption")
    for number, sol in enumerate(result["solutions"][1:], start=2):
        versus = sol.get("versus_best") or {}
        changes = ", ".join(f"{signed(v)} {k}" for k, v in sorted(versus.items()))
        ui.label(t("opt.front.versus_best", number=number, changes=changes)).classes(
            "text-caption"
        )
    if n > 1 and result.get("min_difference", 1) > 1:
        ui.label(t("opt.front.min_difference", count=result["min_difference"])).classes(
            "text-caption"
        )

    def download() -> None:
        headers, data = xlsx_rows(result, _figure_labels())
        headers[:2] = [t("opt.col.model"), t("opt.col.today")]
        content = rows_to_xlsx(t("opt.sheet"), headers, data)
        ui.download.content(content, "fleetplan-optimering.xlsx")

    with ui.row().classes("items-center gap-2"):
        ui.button(t("common.export_xlsx"), icon="download", on_click=download).props(
            'outline data-testid="opt-export-xlsx"'
        )
        if on_open is not None:
            ui.label(t("opt.open_hint")).classes("text-body2")
            for number in range(1, n + 1):
                ui.button(
                    f"#{number}",
                    icon="play_arrow",
                    on_click=lambda _e, k=number: on_open(k),
                ).props(f'data-testid="opt-open-{number}"')


def pareto_chart(result: dict[str, Any]) -> None:
    language = current_language()
    set_chart_selection(result_selection(result, language))  # in the PNG
    labels = {
        "x": t("opt.chart.x"),
        "y": t("opt.chart.y"),
        "front": t("opt.chart.front"),
        "today": t("opt.chart.today"),
        "chosen": t(
            "opt.chart.chosen",
            weight=format_number(float(result["weight"]), 1, language),
        ),
    }
    chart(
        pareto_options(result, labels, language),
        # true of the chart: the front is 2-D non-dominated (optimise.pareto), and
        # "every such fleet" only when the sweep proved it (front_complete)
        t(
            "opt.front.caption_complete"
            if result.get("front_complete")
            else "opt.front.caption_verified",
            points=len(result["pareto"]),
        ),
        "fleetplan-pareto",
        "opt-pareto",
        height="h-96",
    )


def fleet_result(result: dict[str, Any], simulation_link: str) -> None:
    """Key figures today vs the simulated fleet, and its per-vehicle table."""
    language = current_language()
    rows = []
    for key, field, decimals in SIM_FIGURES:
        # results stored before the unserved count have none: 0
        now = float(result["current"].get(field, 0))
        sim = float(result["simulated"].get(field, 0))
        rows.append(
            {
                "figure": t(f"opt.sim.{key}"),
                "current": format_number(now, decimals, language),
                "simulated": format_number(sim, decimals, language),
                "change": format_number(sim - now, decimals, language),
            }
        )
    columns = [
        {"name": c, "label": t(f"opt.sim.col.{c}"), "field": c, "align": "right"}
        for c in ("figure", "current", "simulated", "change")
    ]
    columns[0]["align"] = "left"
    ui.table(rows=rows, columns=columns, row_key="figure").props(
        'dense flat bordered data-testid="opt-sim-figures"'
    )
    ui.link(t("opt.sim.open_in_simulation"), simulation_link).props(
        'data-testid="opt-sim-link"'
    )
    vehicles = result["simulated"]["vehicles"]
    headers = [t(f"opt.vcol.{c}") for c in VEHICLE_COLUMNS]
    ui.label(t("opt.sim.vehicles")).classes("text-subtitle1")

    def download() -> None:
        content = rows_to_xlsx(
            t("opt.sim.vehicles"),
            headers,
            [[v.get(c) for c in VEHICLE_COLUMNS] for v in vehicles],
        )
        ui.download.content(content, "fleetplan-optimeret-flaade.xlsx")

    ui.button(t("common.export_xlsx"), icon="download", on_click=download).props(
        'outline data-testid="opt-sim-xlsx"'
    )
    table_rows = [
        {
            "raw": {c: v[c] or 0 for c in VEHICLE_COLUMNS[2:]},
            "vehicle_id": v["vehicle_id"],
            "name": v["name"],
            "trips": v["trips"],
            "km_per_year": format_number(v["km_per_year"], 0, language),
            "share_of_days_used": format_share(v["share_of_days_used"], language),
            "total_cost_dkk": format_number(v["total_cost_dkk"], 0, language),
            "co2e_t": format_number(v["co2e_t"], 2, language),
        }
        for v in vehicles
    ]
    columns = table_columns(VEHICLE_COLUMNS, headers, VEHICLE_COLUMNS[2:])
    ui.table(
        rows=table_rows, columns=columns, row_key="vehicle_id", pagination=15
    ).classes("w-full").props('dense flat bordered data-testid="opt-sim-vehicles"')
