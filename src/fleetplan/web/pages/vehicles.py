"""Køretøjer: the register with self-explaining status chips, search and export."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import run, ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.domain import Dataset
from fleetplan.domain.status import VehicleStatusReport, fleet_status
from fleetplan.web.auth import has_role, page_user
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.import_panel import import_panel
from fleetplan.web.shell import empty_state, frame
from fleetplan.web.translate import t

COLUMNS = ("id", "name", "type", "fuel", "plate", "location", "department", "lease_end")
INACTIVE_DAYS = 14

_STATUS_COLOURS = {
    "ok": "positive",
    "candidate": "blue-grey",
    "missing_metadata": "warning",
    "lease_ended": "negative",
    "inactive": "orange",
    "location_changed": "purple",
}


def _chips(report: VehicleStatusReport, lease_end: date | None) -> list[dict[str, str]]:
    """Each status with its label, colour and a sentence that explains it."""
    params = {
        "missing_metadata": {"fields": ", ".join(report.missing_fields)},
        "lease_ended": {"date": lease_end.isoformat() if lease_end else ""},
        "inactive": {"days": str(INACTIVE_DAYS)},
        "location_changed": {"location": report.usual_location_id or ""},
    }
    return [
        {
            "label": t(f"status.{s.value}"),
            "help": t(f"status.{s.value}.help", **params.get(s.value, {})),
            "color": _STATUS_COLOURS.get(s.value, "grey"),
        }
        for s in report.statuses
    ]


def vehicle_rows(data: Dataset, candidates: bool, today: date) -> list[dict[str, Any]]:
    reports = {r.vehicle_id: r for r in fleet_status(data, today=today)}
    vehicles = data.candidate_vehicles if candidates else data.current_vehicles
    return [
        {
            "id": v.vehicle_id,
            "name": v.name,
            "type": v.vehicle_type.value,
            "fuel": v.fuel.value,
            "plate": v.plate or "",
            "location": v.location_id or "",
            "department": v.department or "",
            "lease_end": v.lease_end.isoformat() if v.lease_end else "",
            "status": _chips(reports[v.vehicle_id], v.lease_end),
            "status_values": [st.value for st in reports[v.vehicle_id].statuses],
        }
        for v in vehicles
    ]


FILTERS = ("location", "fuel", "status")


def filter_rows(
    rows: list[dict[str, Any]], chosen: dict[str, str]
) -> list[dict[str, Any]]:
    """Rows matching every chosen filter (location id, fuel, status value)."""
    out = rows
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
        "location": sorted({r["location"] for r in rows if r["location"]}),
        "fuel": sorted({r["fuel"] for r in rows}),
        "status": sorted({s for r in rows for s in r["status_values"]}),
    }
    for name in FILTERS:
        labels = {"": t("vehicles.filter.all")}
        for value in options[name]:
            labels[value] = t(f"status.{value}") if name == "status" else value

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


_STATUS_SLOT = r"""
<q-td :props="props">
  <q-chip v-for="s in props.value" :key="s.label" dense :color="s.color"
          text-color="white" class="status-chip">
    {{ s.label }}<q-tooltip>{{ s.help }}</q-tooltip>
  </q-chip>
</q-td>
"""


@ui.page("/vehicles")
async def vehicles_page(request: Request) -> RedirectResponse | None:
    user = page_user(request)
    if isinstance(user, RedirectResponse):
        return user
    candidates = request.query_params.get("candidates") == "1"
    params = {
        k: request.query_params[k]
        for k in (*FILTERS, "candidates")
        if request.query_params.get(k)
    }
    with frame(user, "/vehicles", "vehicles.title"):
        data = await run.io_bound(get_services().load_dataset)
        all_rows = vehicle_rows(data, candidates, date.today())
        rows = filter_rows(all_rows, params)
        headers = [t(f"vehicles.col.{c}") for c in (*COLUMNS, "status")]
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
                        [r[c] for c in COLUMNS]
                        + [", ".join(s["label"] for s in r["status"])]
                        for r in rows
                    ],
                )
                ui.download.content(content, "fleetplan-vehicles.xlsx")

            ui.button(
                t("common.export_xlsx"), icon="download", on_click=download
            ).props('data-testid="export-xlsx"')
        if has_role(user, Role.WRITE):
            import_panel(user, imported=request.query_params.get("imported") == "1")
        if not rows:
            empty_state("common.no_data")
            return None
        ui.label(t("vehicles.count", count=len(rows))).classes("text-caption")
        columns = [
            {
                "name": c,
                "label": h,
                "field": c,
                "sortable": c != "status",
                "align": "left",
            }
            for c, h in zip((*COLUMNS, "status"), headers, strict=True)
        ]
        table = ui.table(rows=rows, columns=columns, row_key="id", pagination=25)
        table.classes("w-full").props('dense flat bordered data-testid="vehicle-table"')
        table.add_slot("body-cell-status", _STATUS_SLOT)
        table.bind_filter_from(search, "value")
    return None
