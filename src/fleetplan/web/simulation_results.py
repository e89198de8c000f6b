"""The Simulering results: key figures, charts, vehicles, driving book, save.

Every table has an xlsx download and every chart a caption and a PNG download.
Saving as a scenario is checked on the server (``still_allowed``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.users import UserAccount
from fleetplan.store.audit import acting_as
from fleetplan.store.scenario_save import ScenarioNameError
from fleetplan.texts.numbers import format_date, format_number
from fleetplan.web.auth import still_allowed
from fleetplan.web.charts import chart, result_selection, set_chart_selection
from fleetplan.web.scenario_service import save_result, scenario_store_bound
from fleetplan.web.settings_sources import settings_sources
from fleetplan.web.shell import empty_state
from fleetplan.web.simulation_charts import (
    cost_options,
    histogram_options,
    unallocated_options,
)
from fleetplan.web.simulation_setup import last_day
from fleetplan.web.simulation_tables import (
    BOOK_COLUMNS,
    FIGURE_COLUMNS,
    NUMERIC_VEHICLE_COLUMNS,
    VEHICLE_COLUMNS,
    book_entries,
    book_page,
    book_xlsx,
    figure_rows,
    figures_xlsx,
    table_columns,
    vehicle_rows,
    vehicles_xlsx,
)
from fleetplan.web.solver_status import status_text
from fleetplan.web.translate import current_language, t


def _download_button(testid: str, make: Any, filename: str) -> None:
    ui.button(
        t("common.export_xlsx"),
        icon="download",
        on_click=lambda: ui.download.content(make(), filename),
    ).props(f'outline dense data-testid="{testid}"')


def _heading(key: str) -> None:
    ui.label(t(key)).classes("text-h6 q-mt-md")


def shift_merge_line(result: dict[str, Any]) -> str:
    """One line on why the trips are fewer than the roundtrips (shift merging),
    and that "Nuværende" is today's fleet."""
    trips, roundtrips = int(result["trips"]), int(result["roundtrips"])
    shifts = (result.get("setup") or {}).get("shifts", True)
    key = (
        "fleet_today.merged"
        if trips < roundtrips and shifts
        else "fleet_today.unmerged"
    )
    return t(key, roundtrips=roundtrips, trips=trips)


def _figures(result: dict[str, Any], language: str) -> None:
    _heading("sim.results")
    ui.label(
        t(
            "sim.summary",
            trips=result["trips"],
            start=format_date(
                datetime.fromisoformat(result["period"]["start"]), language
            ),
            end=format_date(
                last_day(datetime.fromisoformat(result["period"]["end"])), language
            ),
            status=status_text(result["status"], result.get("gap"), language),
            seconds=format_number(float(result["seconds"]), 1, language),
        )
    ).classes("text-caption")
    if result.get("roundtrips") is not None:  # results stored before lack it
        ui.label(shift_merge_line(result)).classes("text-caption").props(
            'data-testid="sim-shift-merge"'
        )
    columns = [
        {"name": c, "label": t(f"sim.col.{c}"), "field": c, "align": "right"}
        for c in FIGURE_COLUMNS
    ]
    columns[0]["align"] = "left"
    ui.table(
        rows=figure_rows(result, language), columns=columns, row_key="figure"
    ).props('dense flat bordered data-testid="sim-figures"')
    factors = str(result.get("factors") or "")
    ui.label(t("sim.caption", factors=factors)).classes("text-caption")
    _download_button(
        "export-figures-xlsx",
        lambda: figures_xlsx(result, language),
        "fleetplan-noegletal.xlsx",
    )


def _charts(result: dict[str, Any], language: str) -> None:
    _heading("sim.charts")
    set_chart_selection(result_selection(result, language))  # in each PNG
    with ui.grid(columns=2).classes("w-full gap-6"):
        chart(
            cost_options(result, language),
            t("sim.chart.cost_caption"),
            "simulering-omkostninger",
            "chart-cost",
        )
        chart(
            histogram_options(result, language),
            t("sim.chart.histogram_caption"),
            "simulering-afstande",
            "chart-histogram",
        )
    if result.get("unallocated_per_day"):
        chart(
            unallocated_options(result, language),
            t("sim.chart.unallocated_caption", count=result["unallocated"]),
            "simulering-ikke-allokerede",
            "chart-unallocated",
            height="h-64",
        )
    else:
        ui.label(t("sim.chart.none_unallocated")).classes("text-body2")


def _vehicles(result: dict[str, Any], language: str) -> None:
    _heading("sim.vehicles")
    _download_button(
        "export-xlsx",
        lambda: vehicles_xlsx(result, language),
        "fleetplan-simulering-koeretoejer.xlsx",
    )
    columns = table_columns(
        VEHICLE_COLUMNS,
        [t(f"sim.vcol.{c}") for c in VEHICLE_COLUMNS],
        NUMERIC_VEHICLE_COLUMNS,
    )
    ui.table(
        rows=vehicle_rows(result, language),
        columns=columns,
        row_key="vehicle_id",
        pagination=15,
    ).classes("w-full").props('dense flat bordered data-testid="sim-vehicles"')


def _book(result: dict[str, Any], language: str) -> None:
    _heading("sim.book")
    if not result.get("driving_book"):
        empty_state("sim.no_book")
        return
    entries = book_entries(result, language)
    ui.label(t("sim.book_help")).classes("text-caption")
    _download_button(
        "export-book-xlsx",
        lambda: book_xlsx(result, language),
        "fleetplan-koerebog.xlsx",
    )
    columns = [
        {"name": c, "label": t(f"sim.bcol.{c}"), "field": c, "align": "left"}
        for c in BOOK_COLUMNS
    ]
    columns[2]["align"] = "right"
    rows, _, pages = book_page(entries, 1, language)
    table = ui.table(rows=rows, columns=columns, row_key="row").classes("w-full")
    table.props('dense flat bordered hide-pagination data-testid="sim-book"')
    table.pagination = {"rowsPerPage": 0}
    with ui.row().classes("items-center gap-2"):
        back = ui.button(icon="chevron_left").props(
            'flat dense data-testid="book-prev"'
        )
        label = ui.label().props('data-testid="book-page"')
        forward = ui.button(icon="chevron_right").props(
            'flat dense data-testid="book-next"'
        )
    state = {"page": 1}

    def show(page: int) -> None:
        chosen, state["page"], _ = book_page(entries, page, language)
        table.rows = chosen
        table.update()
        label.set_text(
            t("sim.book_page", page=state["page"], pages=pages, trips=len(entries))
        )
        back.set_enabled(state["page"] > 1)
        forward.set_enabled(state["page"] < pages)

    back.on_click(lambda: show(state["page"] - 1))
    forward.on_click(lambda: show(state["page"] + 1))
    show(1)


def _save(user: UserAccount, result: dict[str, Any]) -> None:
    _heading("scen.save_heading")
    if not scenario_store_bound():
        empty_state("scen.no_store")
        return
    with ui.row().classes("items-center gap-3"):
        name = ui.input(t("scen.name")).classes("min-w-80")
        name.props('outlined dense maxlength=120 data-testid="scen-name"')

        def save() -> None:
            if not still_allowed(user, Role.WRITE):  # the server checks, not the button
                ui.notify(
                    t("common.forbidden", role=t(f"role.{user.role}")), type="negative"
                )
                return
            try:
                with acting_as(user.username):
                    scenario_id = save_result(str(name.value or ""), result)
            except ScenarioNameError as exc:
                ui.notify(t(exc.code, name=exc.name), type="negative")
                return
            ui.notify(t("scen.saved", name=" ".join(str(name.value).split())))
            link.set_visibility(True)
            link.props(f'href="/scenarios?open={scenario_id}"')

        ui.button(t("scen.save"), icon="save", on_click=save).props(
            'data-testid="scen-save"'
        )
        link = ui.link(t("scen.go_to_list"), "/scenarios").props(
            'data-testid="scen-saved-link"'
        )
        link.set_visibility(False)


def show_results(result: dict[str, Any], user: UserAccount, *, can_save: bool) -> None:
    """Every part of one result; the save form only when ``can_save``."""
    language = current_language()
    _figures(result, language)
    settings_sources(result)
    _charts(result, language)
    _vehicles(result, language)
    _book(result, language)
    if can_save:
        _save(user, result)
