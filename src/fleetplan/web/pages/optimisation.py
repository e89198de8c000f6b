"""Optimering: choose constraints and the cost↔CO2e weight, run the optimiser as a
job, compare the 5 best fleets and the Pareto front, and open a fleet as a full
simulation.

The job ids are kept in the URL (``job``: the optimisation, ``sim``: a fleet's
simulation); without ``job`` the newest optimisation is shown, so a reload or a
restart does not lose finished results.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.domain import Dataset, todays_vehicles
from fleetplan.jobs import JobRecord, JobState
from fleetplan.jobs.fleet_kind import FLEET_KIND
from fleetplan.jobs.optimise_kind import OPTIMISE_KIND
from fleetplan.web.auth import has_role, page_login, still_allowed
from fleetplan.web.background import in_thread
from fleetplan.web.job_panel import job_error_text, job_panel
from fleetplan.web.optimisation_form import constraints_form
from fleetplan.web.optimisation_results import (
    fleet_result,
    pareto_chart,
    solutions_table,
    summary_line,
)
from fleetplan.web.optimisation_view import (
    fleet_params,
    form_defaults,
    form_to_params,
    params_to_form,
)
from fleetplan.web.settings_sources import error_text, settings_sources
from fleetplan.web.shell import PAGE_BUILD_S, empty_state, frame
from fleetplan.web.translate import catalogue, current_language, t


def _record(job_id: str | None, kind: str) -> JobRecord | None:
    store = get_services().jobs.store
    if job_id:
        record = store.get(job_id)
        return record if record is not None and record.kind == kind else None
    return None


def _newest(kind: str) -> JobRecord | None:
    return next((r for r in get_services().jobs.store.list() if r.kind == kind), None)


def _shown_values(dataset: Dataset, record: JobRecord | None) -> dict[str, Any]:
    """The form as the shown run was sent (a changed dataset falls back to the
    defaults for ids it no longer has)."""
    params = (record.result or {}).get("params") if record is not None else None
    if not isinstance(params, dict):
        return form_defaults(dataset)
    values = params_to_form(dataset, params)
    known = {
        "locations": {loc.location_id for loc in dataset.locations},
        "candidates": {v.vehicle_id for v in dataset.candidate_vehicles},
        "keep": {v.vehicle_id for v in todays_vehicles(dataset)},
    }
    for key, ids in known.items():  # a select refuses values it does not offer
        values[key] = [x for x in values[key] if x in ids]
    return values


def _allowed(user: UserAccount) -> bool:
    if still_allowed(user, Role.WRITE):  # the server checks, not the button
        return True
    ui.notify(t("common.forbidden", role=t(f"role.{user.role}")), type="negative")
    return False


def _submit(user: UserAccount, kind: str, params: dict[str, Any]) -> str | None:
    services = get_services()
    try:
        fn = services.job_kinds[kind](params)
    except ValueError as exc:
        message = error_text(exc)
        ui.notify(t("opt.invalid", message=message), type="negative", multi_line=True)
        return None
    return services.jobs.submit(kind, fn, owner=user.username)


def _start(user: UserAccount, values: dict[str, Any], defaults: dict[str, Any]) -> None:
    if not _allowed(user):
        return
    job_id = _submit(user, OPTIMISE_KIND, form_to_params(values, defaults))
    if job_id is not None:
        ui.navigate.to(f"/optimisation?job={job_id}")


def _open(user: UserAccount, record: JobRecord, number: int) -> None:
    if not _allowed(user) or record.result is None:
        return
    params = fleet_params(record.result, number, record.job_id)
    sim_id = _submit(user, FLEET_KIND, params)
    if sim_id is not None:
        ui.navigate.to(f"/optimisation?job={record.job_id}&sim={sim_id}")


def _failed(record: JobRecord) -> None:
    with ui.card().classes("w-full max-w-3xl"):
        ui.label(t(f"jobstate.{record.state.value}")).classes("text-h6")
        if record.error:
            ui.label(job_error_text(record.error))


def note_texts(result: dict[str, Any]) -> list[str]:
    """The optimiser's messages in the page's language: each by its key and
    parameters (``notes``), else (older results, plain messages) as stored."""
    notes = result.get("notes") or []
    texts = catalogue(current_language())
    out = []
    for i, message in enumerate(result.get("messages", [])):
        note = notes[i] if i < len(notes) else None
        if isinstance(note, dict) and note.get("code") in texts:
            out.append(t(note["code"], **note.get("params", {})))
        else:
            out.append(message)
    return out


def _results(user: UserAccount, record: JobRecord, result: dict[str, Any]) -> None:
    ui.label(t("opt.results")).classes("text-h6")
    ui.label(summary_line(result)).classes("text-caption").props(
        'data-testid="opt-summary"'
    )
    for message in note_texts(result):
        ui.label(t("opt.note", message=message)).classes("text-body2 text-orange-10")
    if not result["solutions"]:
        empty_state("opt.no_solutions")
        return
    can_open = has_role(user, Role.WRITE)
    settings_sources(result)
    solutions_table(result, (lambda k: _open(user, record, k)) if can_open else None)
    pareto_chart(result)


def _fleet_section(user: UserAccount, path: str, sim: JobRecord) -> None:
    source = (sim.result or {}).get("source") or {}
    ui.separator()
    ui.label(
        t("opt.sim.title", number=source.get("solution", "?"))
        if sim.result
        else t("opt.sim.title_running")
    ).classes("text-h6").props('data-testid="opt-sim-title"')
    if not sim.state.is_finished:
        job_panel(user, sim, lambda: ui.navigate.to(path))
    elif sim.state is JobState.DONE and sim.result is not None:
        fleet_result(sim.result, f"/simulation?job={sim.job_id}")
    else:
        _failed(sim)


@ui.page("/optimisation", response_timeout=PAGE_BUILD_S)
async def optimisation_page(request: Request) -> RedirectResponse | None:
    user = await page_login(request)
    if isinstance(user, RedirectResponse):
        return user
    with frame(user, "/optimisation", "nav.optimisation"):
        ui.label(t("opt.intro")).classes("text-body1 max-w-3xl")
        job_id = request.query_params.get("job")
        record = _record(job_id, OPTIMISE_KIND) if job_id else _newest(OPTIMISE_KIND)
        dataset = await in_thread(get_services().load_dataset)
        if not dataset.current_vehicles:
            empty_state("common.no_data")
        elif has_role(user, Role.WRITE):
            with (
                ui.expansion(t("opt.new_run"), icon="tune", value=record is None)
                .classes("w-full max-w-5xl")
                .props('data-testid="opt-new"')
            ):
                constraints_form(
                    dataset,
                    lambda values: _start(user, values, form_defaults(dataset)),
                    _shown_values(dataset, record),
                )
        else:
            empty_state("opt.read_only")
        if record is None:
            empty_state("opt.no_runs" if not job_id else "opt.no_such_job")
            return None
        path = f"/optimisation?job={record.job_id}"
        if not record.state.is_finished:
            job_panel(user, record, lambda: ui.navigate.to(path))
            return None
        if record.result is not None:
            if record.state is JobState.CANCELLED:
                empty_state("opt.cancelled_partial")
            _results(user, record, record.result)
        else:
            _failed(record)
        sim = _record(request.query_params.get("sim"), FLEET_KIND)
        if sim is not None:
            _fleet_section(user, f"{path}&sim={sim.job_id}", sim)
    return None
