"""Simulering: set up a fleet, run it as a job, follow it, see and save results.

The job id (``?job=``) or a saved scenario (``?scenario=``) is kept in the URL;
without either the newest simulation job is shown, so a reload or a restart does
not lose finished results; ``?new=1`` gives the default setup and no result.
Any finished job whose kind starts with ``simulate.`` and whose result has the
``report_to_dict`` shape is shown.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.domain import Dataset, Scenario
from fleetplan.jobs import JobRecord, JobState
from fleetplan.web.auth import has_role, page_login, still_allowed
from fleetplan.web.background import in_thread
from fleetplan.web.job_panel import job_error_text, job_panel
from fleetplan.web.scenario_service import open_scenario, scenario_store_bound
from fleetplan.web.settings_sources import error_text
from fleetplan.web.shell import PAGE_BUILD_S, empty_state, frame
from fleetplan.web.simulation_form import setup_form
from fleetplan.web.simulation_results import show_results
from fleetplan.web.simulation_setup import (
    SimulationSetup,
    default_setup,
    setup_from_params,
    setup_to_params,
)
from fleetplan.web.simulation_tables import is_report
from fleetplan.web.translate import t

KIND = "simulate.current"  # the simulation kind; it takes any fleet (``fleet``)
PREFIX = "simulate."
# The setup of jobs started here, so a running or cancelled job (no result yet)
# shows the form as it was sent; finished results carry their own ``setup``.
_SUBMITTED: dict[str, dict[str, Any]] = {}
MAX_REMEMBERED = 200


def _chosen_job(request: Request, user: UserAccount) -> JobRecord | None:
    """The job of ``?job=``, else the user's own newest simulation: each user
    has their own setup (a reader never opens on an editor's)."""
    store = get_services().jobs.store
    job_id = request.query_params.get("job")
    if job_id:
        record = store.get(job_id)
        ok = record is not None and record.kind.startswith(PREFIX)
        return record if ok else None
    return next(
        (
            r
            for r in store.list()
            if r.kind.startswith(PREFIX) and r.owner == user.username
        ),
        None,
    )


def own_setup(record: JobRecord, user: UserAccount) -> bool:
    """May the form show this job's setup? Only its owner's: another user's
    result may be shown by its link, but the form starts from the defaults."""
    return record.owner == user.username


def _scenario(request: Request) -> Scenario | None:
    raw = request.query_params.get("scenario", "")
    if not raw.isdigit() or not scenario_store_bound():
        return None
    return open_scenario(int(raw))


def _start(user: UserAccount, setup: SimulationSetup) -> None:
    if not still_allowed(user, Role.WRITE):  # the server checks, not the button
        ui.notify(t("common.forbidden", role=t(f"role.{user.role}")), type="negative")
        return
    services = get_services()
    try:
        job = services.job_kinds[KIND](setup_to_params(setup))
    except ValueError as exc:
        reason = error_text(exc)
        ui.notify(t("sim.invalid", reason=reason), type="negative", multi_line=True)
        return
    job_id = services.jobs.submit(KIND, job, owner=user.username)
    if len(_SUBMITTED) >= MAX_REMEMBERED:
        _SUBMITTED.pop(next(iter(_SUBMITTED)))
    _SUBMITTED[job_id] = setup_to_params(setup)
    ui.navigate.to(f"/simulation?job={job_id}")


def _initial_setup(dataset: Dataset, source: dict[str, Any] | None) -> SimulationSetup:
    if source:
        return setup_from_params(dataset, source)
    return default_setup(dataset)


def _finished(record: JobRecord, user: UserAccount) -> None:
    if record.state is JobState.DONE and is_report(record.result):
        assert record.result is not None
        show_results(record.result, user, can_save=has_role(user, Role.WRITE))
        return
    with ui.card().classes("w-full max-w-3xl").props('data-testid="sim-job-state"'):
        ui.label(t(f"jobstate.{record.state.value}")).classes("text-h6")
        if record.state is JobState.DONE:
            ui.label(t("sim.not_a_report", kind=record.kind))
        elif record.state is JobState.CANCELLED:
            ui.label(t("sim.cancelled_hint"))
        elif record.error:
            ui.label(job_error_text(record.error))


@ui.page("/simulation", response_timeout=PAGE_BUILD_S)
async def simulation_page(request: Request) -> RedirectResponse | None:
    user = await page_login(request)
    if isinstance(user, RedirectResponse):
        return user
    with frame(user, "/simulation", "nav.simulation"):
        ui.label(t("sim.intro")).classes("text-body1 max-w-3xl")
        services = get_services()
        dataset = await in_thread(services.load_dataset)
        scenario = await in_thread(_scenario, request)
        fresh = "new" in request.query_params  # the default setup, no result
        record = None if scenario is not None or fresh else _chosen_job(request, user)
        if record is not None or scenario is not None:
            ui.link(t("sim.new_setup"), "/simulation?new=1").props(
                'data-testid="sim-new"'
            )
        if scenario is not None:
            source: dict[str, Any] | None = dict(scenario.inputs)
        elif record is None or not own_setup(record, user):
            source = None
        elif isinstance(record.result, dict):
            source = record.result.get("setup")
        else:
            source = _SUBMITTED.get(record.job_id)
        writer = has_role(user, Role.WRITE)
        try:
            setup = _initial_setup(dataset, source)
        except ValueError:  # no roundtrips and no period: nothing to simulate yet
            empty_state("sim.no_data")
            return None
        if scenario is not None:  # named above the form it fills in
            ui.label(t("sim.from_scenario", name=scenario.name)).classes(
                "text-subtitle1"
            ).props('data-testid="sim-scenario-name"')
        setup_form(dataset, setup, can_run=writer, on_run=lambda s: _start(user, s))
        if not writer:
            empty_state("sim.read_only")
        if scenario is not None:
            if is_report(dict(scenario.results)):
                show_results(dict(scenario.results), user, can_save=writer)
            return None
        if record is None:
            if not fresh:
                empty_state("sim.no_runs")
            return None
        if not record.state.is_finished:
            path = f"/simulation?job={record.job_id}"
            job_panel(user, record, lambda: ui.navigate.to(path))
            return None
        _finished(record, user)
    return None
