"""Simulering: run the current fleet's simulation as a job, follow it, see results.

The job id is kept in the URL, and without one the newest simulation is shown,
so a reload or a restart does not lose finished results.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME
from fleetplan.jobs import JobRecord, JobState
from fleetplan.web.auth import has_role, page_user, still_allowed
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.job_panel import job_panel
from fleetplan.web.numbers import format_number, format_share
from fleetplan.web.shell import empty_state, frame
from fleetplan.web.translate import current_language, t

KIND = "simulate.current"
FIGURES = (
    ("total_cost", "total_cost_dkk", 0),
    ("fixed_cost", "fixed_cost_dkk", 0),
    ("energy_cost", "energy_cost_dkk", 0),
    ("co2_cost", "societal_co2_cost_dkk", 0),
    ("external_cost", "external_cost_dkk", 0),
    ("co2e_t", "co2e_t", 1),
    ("unallocated", "unallocated", 0),
)
VEHICLE_COLUMNS = (
    "vehicle_id",
    "name",
    "trips",
    "km_per_year",
    "share_of_days_used",
    "total_cost_dkk",
    "co2e_t",
    "tco_dkk_per_km",
)


def _chosen_job(request: Request) -> JobRecord | None:
    store = get_services().jobs.store
    job_id = request.query_params.get("job")
    if job_id:
        record = store.get(job_id)
        return record if record is not None and record.kind == KIND else None
    return next((r for r in store.list() if r.kind == KIND), None)


def _start(user: UserAccount) -> None:
    if not still_allowed(user, Role.WRITE):  # the server checks, not the button
        ui.notify(t("common.forbidden", role=t(f"role.{user.role}")), type="negative")
        return
    services = get_services()
    job_id = services.jobs.submit(
        KIND, services.job_kinds[KIND]({}), owner=user.username
    )
    ui.navigate.to(f"/simulation?job={job_id}")


def _results(result: dict[str, Any]) -> None:
    language = current_language()
    ui.label(t("sim.results")).classes("text-h6")
    ui.label(
        t(
            "sim.summary",
            trips=result["trips"],
            start=result["period"]["start"][:10],
            end=result["period"]["end"][:10],
            status=result["status"],
            gap=format_number(100.0 * float(result["gap"] or 0.0), 2, language),
            seconds=format_number(float(result["seconds"]), 1, language),
        )
    ).classes("text-caption")
    rows = []
    for key, field, decimals in FIGURES:
        now, sim = float(result["current"][field]), float(result["simulated"][field])
        rows.append(
            {
                "figure": t(f"sim.row.{key}"),
                "current": format_number(now, decimals, language),
                "simulated": format_number(sim, decimals, language),
                "change": format_number(sim - now, decimals, language),
            }
        )
    columns = [
        {"name": c, "label": t(f"sim.col.{c}"), "field": c, "align": "right"}
        for c in ("figure", "current", "simulated", "change")
    ]
    columns[0]["align"] = "left"
    ui.table(rows=rows, columns=columns, row_key="figure").props(
        'dense flat bordered data-testid="sim-figures"'
    )
    ui.label(t("sim.caption", factors=DEFAULT_FACTOR_SET_NAME)).classes("text-caption")
    vehicles = result["simulated"]["vehicles"]
    headers = [t(f"sim.vcol.{c}") for c in VEHICLE_COLUMNS]
    ui.label(t("sim.vehicles")).classes("text-h6")

    def download() -> None:
        content = rows_to_xlsx(
            t("sim.vehicles")[:31],
            headers,
            [[v.get(c) for c in VEHICLE_COLUMNS] for v in vehicles],
        )
        ui.download.content(content, "fleetplan-simulation.xlsx")

    ui.button(t("common.export_xlsx"), icon="download", on_click=download).props(
        'data-testid="export-xlsx"'
    )
    table_rows = [
        {
            "vehicle_id": v["vehicle_id"],
            "name": v["name"],
            "trips": v["trips"],
            "km_per_year": format_number(v["km_per_year"], 0, language),
            "share_of_days_used": format_share(v["share_of_days_used"], language),
            "total_cost_dkk": format_number(v["total_cost_dkk"], 0, language),
            "co2e_t": format_number(v["co2e_t"], 2, language),
            "tco_dkk_per_km": format_number(v["tco_dkk_per_km"] or 0.0, 2, language),
        }
        for v in vehicles
    ]
    columns = [
        {"name": c, "label": h, "field": c, "align": "left", "sortable": True}
        for c, h in zip(VEHICLE_COLUMNS, headers, strict=True)
    ]
    ui.table(
        rows=table_rows, columns=columns, row_key="vehicle_id", pagination=20
    ).classes("w-full").props("dense flat bordered")


@ui.page("/simulation")
def simulation_page(request: Request) -> RedirectResponse | None:
    user = page_user(request)
    if isinstance(user, RedirectResponse):
        return user
    with frame(user, "/simulation", "nav.simulation"):
        ui.label(t("sim.intro")).classes("text-body1 max-w-3xl")
        if has_role(user, Role.WRITE):
            ui.button(
                t("sim.run"), icon="play_arrow", on_click=lambda: _start(user)
            ).props('data-testid="sim-run"')
        else:
            empty_state("sim.read_only")
        record = _chosen_job(request)
        if record is None:
            empty_state("sim.no_runs")
            return None
        if not record.state.is_finished:
            path = f"/simulation?job={record.job_id}"
            job_panel(user, record, lambda: ui.navigate.to(path))
            return None
        if record.state is JobState.DONE and record.result is not None:
            _results(record.result)
        else:
            with ui.card().classes("w-full max-w-3xl"):
                ui.label(t(f"jobstate.{record.state.value}")).classes("text-h6")
                if record.error:
                    try:
                        ui.label(t(record.error))
                    except KeyError:
                        ui.label(record.error)
    return None
