"""Køretøjer: the register with self-explaining status chips, search, export and
(for writers) create/edit/deactivate and import; a tab with the catalogue."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from fleetplan.api.derived import derived
from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.domain import Dataset, category_of, todays_vehicles
from fleetplan.domain.status import fleet_status
from fleetplan.store.vehicle_edit import deactivations
from fleetplan.texts.numbers import format_date
from fleetplan.web.auth import has_role, page_login
from fleetplan.web.background import in_thread
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.import_panel import import_panel
from fleetplan.web.plain_table import plain_table
from fleetplan.web.register_catalogue import catalogue_section
from fleetplan.web.register_form import vehicle_dialog
from fleetplan.web.register_status import (
    STATUS_SLOT,
    chips,
    deactivated_chip,
    status_legend,
)
from fleetplan.web.shell import PAGE_BUILD_S, empty_state, frame
from fleetplan.web.translate import current_language, t
from fleetplan.web.vehicle_use_tab import use_tab, use_url

COLUMNS = ("id", "name", "type", "fuel", "plate", "location", "department", "lease_end")
LABELLED = frozenset({"type", "fuel", "location"})  # shown by their ``*_label``


def shown(column: str) -> str:
    """The row field a column displays (and exports)."""
    return f"{column}_label" if column in LABELLED else column


def vehicle_rows(data: Dataset, candidates: bool, today: date) -> list[dict[str, Any]]:
    """Table rows: ids and codes as they are stored (the filters compare them),
    with ``*_label`` in the page's language for display. A deactivated vehicle
    shows only its deactivation chip (its other statuses, such as no recent
    trips, follow from it)."""
    reports = {r.vehicle_id: r for r in fleet_status(data, today=today)}
    vehicles = data.candidate_vehicles if candidates else data.current_vehicles
    names = {loc.location_id: loc.name or loc.location_id for loc in data.locations}
    off = deactivations(data.meta)
    rows = [
        {
            "id": v.vehicle_id,
            "name": v.name,
            "type": v.vehicle_type.value,
            "type_label": t(f"register.type.{v.vehicle_type.value}"),
            "fuel": v.fuel.value,
            "fuel_label": t(f"register.fuel.{v.fuel.value}"),
            "category": category_of(v).value,
            "category_label": t(f"register.category.{category_of(v).value}"),
            "plate": v.plate or "",
            "location": v.location_id or "",
            "location_label": names.get(v.location_id, v.location_id or ""),
            "department": v.department or "",
            "lease_end": v.lease_end.isoformat() if v.lease_end else "",
            "lease_end_text": format_date(v.lease_end, current_language())
            if v.lease_end
            else "",
            "status": chips(reports[v.vehicle_id], v.lease_end),
            "status_values": [st.value for st in reports[v.vehicle_id].statuses],
        }
        for v in vehicles
    ]
    for row in rows:
        if row["id"] in off:
            row["status"] = [deactivated_chip(off[row["id"]])]
            row["status_values"] = ["deactivated"]
    return rows


FILTERS = ("location", "category", "fuel", "status")


def filter_rows(
    rows: list[dict[str, Any]], chosen: dict[str, str]
) -> list[dict[str, Any]]:
    """Rows matching every chosen filter (location id, category, fuel, status)."""
    out = rows
    if chosen.get("category"):
        out = [r for r in out if r["category"] == chosen["category"]]
    if chosen.get("location"):
        out = [r for r in out if r["location"] == chosen["location"]]
    if chosen.get("fuel"):
        out = [r for r in out if r["fuel"] == chosen["fuel"]]
    if chosen.get("status"):
        out = [r for r in out if chosen["status"] in r["status_values"]]
    return out


def _filter_bar(rows: list[dict[str, Any]], params: dict[str, str]) -> None:
    """Selects for location, fuel and status; the choice is kept in the URL."""
    options = {
        "location": {r["location"]: r["location_label"] for r in rows},
        "category": {r["category"]: r["category_label"] for r in rows},
        "fuel": {r["fuel"]: r["fuel_label"] for r in rows},
        "status": {s: t(f"status.{s}") for r in rows for s in r["status_values"]},
    }
    for name in FILTERS:
        labels = {"": t("vehicles.filter.all")}
        for value, label in sorted(options[name].items(), key=lambda kv: kv[1]):
            if value:
                labels[value] = label

        def go(event: Any, name: str = name) -> None:
            chosen = {**params, name: event.value or ""}
            query = urlencode({k: v for k, v in chosen.items() if v})
            ui.navigate.to(f"/vehicles?{query}" if query else "/vehicles")

        ui.select(
            labels,
            value=params.get(name, "") if params.get(name, "") in labels else "",
            label=t(f"vehicles.filter.{name}"),
            on_change=go,
        ).props(f'outlined dense data-testid="filter-{name}"').classes("min-w-[10rem]")


_ACTIONS_SLOT = r"""
<q-td :props="props">
  <q-btn flat dense round icon="edit" :data-testid="'edit-' + props.row.id"
         @click="() => $parent.$emit('edit', props.row.id)">
    <q-tooltip>EDIT_LABEL</q-tooltip>
  </q-btn>
</q-td>
"""


def _fleet_table(
    user: UserAccount,
    data: Dataset,
    rows: list[dict[str, Any]],
    all_rows: list[dict[str, Any]],
    params: dict[str, str],
    candidates: bool,
) -> None:
    """Search, filters, export, the writer's "new" button and the table."""
    writer = has_role(user, Role.WRITE)
    headers = [t(f"vehicles.col.{c}") for c in (*COLUMNS, "status")]
    locations = {loc.location_id: loc.name or loc.location_id for loc in data.locations}
    off = deactivations(data.meta)

    def open_dialog(vehicle_id: str | None) -> None:
        vehicle = data.vehicle(vehicle_id) if vehicle_id else None
        stopped = off.get(vehicle_id) if vehicle_id else None
        dialog = vehicle_dialog(
            user,
            vehicle,
            locations,
            stopped.on if stopped else None,
            on_saved=ui.navigate.reload,
        )
        dialog.open()

    with ui.row().classes("items-center gap-4 w-full"):
        search = ui.input(t("common.search")).props(
            'clearable outlined dense data-testid="vehicle-search"'
        )
        _filter_bar(all_rows, params)
        ui.switch(
            t("vehicles.candidates"),
            value=candidates,
            on_change=lambda e: ui.navigate.to(
                "/vehicles?candidates=1" if e.value else "/vehicles"
            ),
        )

        def download() -> None:
            content = rows_to_xlsx(
                t("vehicles.title"),
                headers,
                [
                    [r[shown(c)] for c in COLUMNS]
                    + [", ".join(s["label"] for s in r["status"])]
                    for r in rows
                ],
            )
            ui.download.content(content, "fleetplan-vehicles.xlsx")

        ui.button(t("common.export_xlsx"), icon="download", on_click=download).props(
            'data-testid="export-xlsx"'
        )
        if writer:
            ui.button(
                t("register.new"), icon="add", on_click=lambda: open_dialog(None)
            ).props('color=primary data-testid="vehicle-new"')
    if not rows:
        empty_state("common.no_data")
        return
    ui.label(t("vehicles.count", count=len(rows))).classes("text-caption")
    if not candidates:  # the register keeps deactivated vehicles; name today's
        ui.label(t("fleet_today.count", count=len(todays_vehicles(data)))).classes(
            "text-caption"
        ).props('data-testid="vehicles-today"')
    names = (*COLUMNS, "status", *(("actions",) if writer else ()))
    labels = [*headers, *((t("register.col.actions"),) if writer else ())]
    columns = [
        {
            "name": c,
            "label": h,
            "field": shown(c),
            "sortable": c not in ("status", "actions"),
            "align": "left",
            # ISO sorts; the page shows the language's one date format
            **(
                {":format": "(v, row) => row.lease_end_text"}
                if c == "lease_end"
                else {}
            ),
        }
        for c, h in zip(names, labels, strict=True)
    ]
    table = plain_table(rows, columns, "id", pagination=25)  # rows: shared, read-only
    table.classes("w-full").props(
        'dense flat bordered wrap-cells data-testid="vehicle-table"'
    )
    table.add_slot("body-cell-status", STATUS_SLOT)
    if writer:
        table.add_slot(
            "body-cell-actions", _ACTIONS_SLOT.replace("EDIT_LABEL", t("register.edit"))
        )
        table.on("edit", lambda e: open_dialog(str(e.args)))
    table.bind_filter_from(search, "value")
    status_legend(rows)


@ui.page("/vehicles", response_timeout=PAGE_BUILD_S)
async def vehicles_page(request: Request) -> RedirectResponse | None:
    user = await page_login(request)
    if isinstance(user, RedirectResponse):
        return user
    candidates = request.query_params.get("candidates") == "1"
    tab_name = request.query_params.get("tab", "fleet")
    params = {
        k: request.query_params[k]
        for k in (*FILTERS, "candidates")
        if request.query_params.get(k)
    }
    with frame(user, "/vehicles", "vehicles.title"):
        data = await in_thread(get_services().load_dataset)
        today, language = date.today(), current_language()
        all_rows = derived(  # read-only: shared by every load of this copy
            data,
            ("vehicle_rows", candidates, today, language),
            lambda: vehicle_rows(data, candidates, today),
        )
        rows = filter_rows(all_rows, params)
        with ui.tabs().props("align=left") as tabs:
            fleet_tab = ui.tab("fleet", t("vehicles.tab.fleet")).props(
                'data-testid="tab-fleet"'
            )
            catalogue_tab = ui.tab("catalogue", t("vehicles.tab.catalogue")).props(
                'data-testid="tab-catalogue"'
            )
            use_tab_ = ui.tab("use", t("use.tab")).props('data-testid="tab-use"')
        start = {"catalogue": catalogue_tab, "use": use_tab_}.get(tab_name, fleet_tab)
        with ui.tab_panels(tabs, value=start).classes("w-full"):
            with ui.tab_panel(fleet_tab).classes("gap-4"):
                if has_role(user, Role.WRITE):
                    import_panel(
                        user, imported=request.query_params.get("imported") == "1"
                    )
                _fleet_table(user, data, rows, all_rows, params, candidates)
            with ui.tab_panel(catalogue_tab).classes("gap-4"):
                catalogue_section(data)
            with ui.tab_panel(use_tab_).classes("gap-4"):
                # computed only when asked for: the tab opens as its own URL
                if tab_name == "use":
                    await use_tab(
                        data,
                        request.query_params.get("month"),
                        request.query_params.get("idle") == "1",
                    )
        tabs.on_value_change(
            lambda e: ui.navigate.to(use_url()) if e.value == "use" else None
        )
    return None
