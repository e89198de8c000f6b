"""Scenarier: the saved scenarios, reopen one, compare two side by side.

The comparison is kept in the URL (``?a=ID&b=ID``), so it can be bookmarked.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import run, ui

from fleetplan.api.services import get_services
from fleetplan.domain import Scenario
from fleetplan.web.auth import page_user
from fleetplan.web.charts import chart
from fleetplan.web.scenario_compare import comparison_rows, comparison_xlsx
from fleetplan.web.scenario_service import (
    list_headers,
    open_scenario,
    scenario_store_bound,
)
from fleetplan.web.scenario_table import scenario_table, scenarios_xlsx
from fleetplan.web.shell import empty_state, frame
from fleetplan.web.simulation_charts import cost_bars
from fleetplan.web.simulation_tables import is_report
from fleetplan.web.translate import current_language, t


def _headers() -> list[Scenario]:
    """The list without results when the database is bound (a result with its
    driving book is megabytes); otherwise the services' full list."""
    if scenario_store_bound():
        return list_headers()
    return get_services().list_scenarios()


def _full(scenarios: list[Scenario], raw: str | None) -> Scenario | None:
    """The listed scenario with id ``raw``, with its inputs and results."""
    listed = next((s for s in scenarios if str(s.scenario_id) == raw), None)
    if listed is None or listed.scenario_id is None or not scenario_store_bound():
        return listed
    return open_scenario(listed.scenario_id)


def _table(rows: list[dict[str, str]], a: Scenario, b: Scenario, testid: str) -> None:
    columns = [
        {"name": "label", "label": "", "field": "label", "align": "left"},
        {"name": "a", "label": f"A: {a.name}", "field": "a", "align": "right"},
        {"name": "b", "label": f"B: {b.name}", "field": "b", "align": "right"},
        {
            "name": "diff",
            "label": t("scen.col.diff"),
            "field": "diff",
            "align": "right",
        },
    ]
    ui.table(rows=rows, columns=columns, row_key="label").classes(
        "w-full max-w-4xl"
    ).props(f'dense flat bordered data-testid="{testid}"')


def _comparison(a: Scenario, b: Scenario) -> None:
    language = current_language()
    ui.label(t("scen.compare_heading", a=a.name, b=b.name)).classes("text-h6")
    ra, rb = dict(a.results), dict(b.results)
    if not (is_report(ra) and is_report(rb)):
        empty_state("scen.not_comparable")
        return
    figures, fleet = comparison_rows(ra, rb, language)
    ui.label(t("scen.compare_caption")).classes("text-caption")
    _table(figures, a, b, "scen-compare-figures")
    with ui.column().classes("w-full max-w-4xl"):
        bars = [(f"A: {a.name}", ra["simulated"]), (f"B: {b.name}", rb["simulated"])]
        chart(
            cost_bars(bars, language),
            t("scen.chart_caption"),
            "scenarier-omkostninger",
            "chart-compare-cost",
        )
    ui.label(t("scen.fleet_heading")).classes("text-subtitle1")
    _table(fleet, a, b, "scen-compare-fleet")
    ui.button(
        t("common.export_xlsx"),
        icon="download",
        on_click=lambda: ui.download.content(
            comparison_xlsx(a, b, language), "fleetplan-sammenligning.xlsx"
        ),
    ).props('outline dense data-testid="export-compare-xlsx"')


def _chooser(scenarios: list[Scenario], a: Scenario | None, b: Scenario | None) -> None:
    options = {str(s.scenario_id): s.name for s in scenarios}
    ids = list(options)
    first = str(a.scenario_id) if a else ids[min(1, len(ids) - 1)]
    second = str(b.scenario_id) if b else ids[0]
    with ui.row().classes("items-center gap-3"):
        pick_a = ui.select(options, value=first, label=t("scen.pick_a"))
        pick_a.classes("min-w-64").props('outlined dense data-testid="scen-pick-a"')
        pick_b = ui.select(options, value=second, label=t("scen.pick_b"))
        pick_b.classes("min-w-64").props('outlined dense data-testid="scen-pick-b"')
        ui.button(
            t("scen.compare"),
            icon="compare_arrows",
            on_click=lambda: ui.navigate.to(
                f"/scenarios?a={pick_a.value}&b={pick_b.value}"
            ),
        ).props('data-testid="scen-compare"')


@ui.page("/scenarios")
async def scenarios_page(request: Request) -> RedirectResponse | None:
    user = page_user(request)
    if isinstance(user, RedirectResponse):
        return user
    with frame(user, "/scenarios", "nav.scenarios"):
        scenarios = await run.io_bound(_headers)
        if not scenarios:
            empty_state("empty.scenarios")
            return None
        language = current_language()
        ui.label(t("scen.intro")).classes("text-body1 max-w-3xl")
        scenario_table(scenarios, reopen=True)
        ui.button(
            t("common.export_xlsx"),
            icon="download",
            on_click=lambda: ui.download.content(
                scenarios_xlsx(scenarios, language), "fleetplan-scenarier.xlsx"
            ),
        ).props('outline dense data-testid="export-scenarios-xlsx"')
        a = await run.io_bound(_full, scenarios, request.query_params.get("a"))
        b = await run.io_bound(_full, scenarios, request.query_params.get("b"))
        ui.label(t("scen.compare_title")).classes("text-h6 q-mt-md")
        if len(scenarios) < 2:
            empty_state("scen.need_two")
            return None
        _chooser(scenarios, a, b)
        if a is not None and b is not None:
            _comparison(a, b)
    return None
