"""Scenarier: the saved scenarios, reopen one, compare two side by side.

The comparison is kept in the URL (``?a=ID&b=ID``), so it can be bookmarked.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.domain import Scenario
from fleetplan.store.audit import acting_as
from fleetplan.store.scenario_save import ScenarioNameError
from fleetplan.texts.numbers import format_number
from fleetplan.web.auth import has_role, page_login, still_allowed
from fleetplan.web.background import in_thread
from fleetplan.web.charts import chart, run_selection
from fleetplan.web.scenario_compare import comparison_rows, comparison_xlsx
from fleetplan.web.scenario_service import (
    delete,
    list_figures,
    list_headers,
    open_scenario,
    rename,
    scenario_store_bound,
)
from fleetplan.web.scenario_table import period_text, scenario_table, scenarios_xlsx
from fleetplan.web.shell import PAGE_BUILD_S, empty_state, frame
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


def period_warning(ra: dict[str, Any], rb: dict[str, Any], language: str) -> str | None:
    """The warning when A and B simulated different periods (their yearly
    figures then rest on different trips), else None."""
    pa, pb = ra.get("period") or {}, rb.get("period") or {}
    if (pa.get("start"), pa.get("end")) == (pb.get("start"), pb.get("end")):
        return None
    return t(
        "scen.period_differs",
        a=period_text(pa.get("start"), pa.get("end"), language),
        b=period_text(pb.get("start"), pb.get("end"), language),
        trips_a=format_number(float(ra.get("trips") or 0), 0, language),
        trips_b=format_number(float(rb.get("trips") or 0), 0, language),
    )


def _comparison(a: Scenario, b: Scenario) -> None:
    language = current_language()
    ui.label(t("scen.compare_heading", a=a.name, b=b.name)).classes("text-h6")
    ra, rb = dict(a.results), dict(b.results)
    if not (is_report(ra) and is_report(rb)):
        empty_state("scen.not_comparable")
        return
    warning = period_warning(ra, rb, language)
    if warning:
        with (
            ui.row()
            .classes("items-center gap-2 text-orange-9")
            .props('data-testid="scen-period-warning"')
        ):
            ui.icon("warning")
            ui.label(warning).classes("text-body1")
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
            selection=run_selection(
                language,
                extra=[t("chart.sel.scenario", name=n) for n, _ in bars],
            ),
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


def _figures() -> dict[int, Any]:
    return list_figures() if scenario_store_bound() else {}


def _named(scenarios: list[Scenario], scenario_id: int) -> str:
    return next((s.name for s in scenarios if s.scenario_id == scenario_id), "")


def _rename_dialog(user: UserAccount, scenarios: list[Scenario], sid: int) -> None:
    with ui.dialog() as dialog, ui.card().classes("min-w-[24rem]"):
        ui.label(t("scen.rename_title")).classes("text-h6")
        name = ui.input(t("scen.name"), value=_named(scenarios, sid))
        name.props('outlined dense autofocus data-testid="scen-rename-name"')
        name.classes("w-full")

        def save() -> None:
            if not still_allowed(user, Role.WRITE):
                ui.notify(t("common.forbidden", role=t(f"role.{user.role}")))
                return
            try:
                with acting_as(user.username):
                    rename(sid, str(name.value or ""))
            except ScenarioNameError as exc:
                ui.notify(t(exc.code, name=exc.name), type="negative")
                return
            except KeyError:
                pass  # deleted meanwhile: the reload shows it gone
            dialog.close()
            ui.navigate.reload()

        with ui.row().classes("w-full justify-end"):
            ui.button(t("scen.cancel"), on_click=dialog.close).props("flat")
            ui.button(t("scen.rename"), on_click=save).props(
                'color=primary data-testid="scen-rename-save"'
            )
    dialog.open()


def _delete_dialog(user: UserAccount, scenarios: list[Scenario], sid: int) -> None:
    with ui.dialog() as dialog, ui.card():
        ui.label(t("scen.delete_confirm", name=_named(scenarios, sid)))

        def confirm() -> None:
            if not still_allowed(user, Role.WRITE):
                ui.notify(t("common.forbidden", role=t(f"role.{user.role}")))
                return
            with acting_as(user.username):
                delete(sid)
            dialog.close()
            ui.navigate.to("/scenarios")

        with ui.row().classes("w-full justify-end"):
            ui.button(t("scen.cancel"), on_click=dialog.close).props(
                'flat data-testid="scen-delete-cancel"'
            )
            ui.button(t("scen.delete"), on_click=confirm).props(
                'color=negative data-testid="scen-delete-confirm"'
            )
    dialog.open()


@ui.page("/scenarios", response_timeout=PAGE_BUILD_S)
async def scenarios_page(request: Request) -> RedirectResponse | None:
    user = await page_login(request)
    if isinstance(user, RedirectResponse):
        return user
    with frame(user, "/scenarios", "nav.scenarios"):
        scenarios = await in_thread(_headers)
        if not scenarios:
            empty_state("empty.scenarios")
            return None
        language = current_language()
        ui.label(t("scen.intro")).classes("text-body1 max-w-3xl")
        figures = await in_thread(_figures)
        writer = has_role(user, Role.WRITE) and scenario_store_bound()
        scenario_table(
            scenarios,
            reopen=True,
            figures=figures,
            on_rename=(lambda sid: _rename_dialog(user, scenarios, sid))
            if writer
            else None,
            on_delete=(lambda sid: _delete_dialog(user, scenarios, sid))
            if writer
            else None,
        )
        ui.button(
            t("common.export_xlsx"),
            icon="download",
            on_click=lambda: ui.download.content(
                scenarios_xlsx(scenarios, language, figures),
                "fleetplan-scenarier.xlsx",
            ),
        ).props('outline dense data-testid="export-scenarios-xlsx"')
        a = await in_thread(_full, scenarios, request.query_params.get("a"))
        b = await in_thread(_full, scenarios, request.query_params.get("b"))
        ui.label(t("scen.compare_title")).classes("text-h6 q-mt-md")
        if len(scenarios) < 2:
            empty_state("scen.need_two")
            return None
        _chooser(scenarios, a, b)
        if a is not None and b is not None:
            _comparison(a, b)
    return None
