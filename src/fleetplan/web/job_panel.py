"""A progress bar with stage, state and cancel for one job, polled from the store."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.jobs import JobRecord
from fleetplan.jobs.errors import decode_error
from fleetplan.web.translate import catalogue, current_language, t

POLL_S = 0.5


def _stage_text(record: JobRecord) -> str:
    stage = record.stage
    if stage in catalogue(current_language()):
        stage = t(stage)  # an engine stage without a catalogue entry shows its key
    return t(
        "sim.progress",
        state=t(f"jobstate.{record.state.value}"),
        stage=stage,
        percent=f"{record.percent:.0f}",
    )


def job_error_text(error: str) -> str:
    """A failed job's stored error in the page's language: its key translated
    with its parameters, else the stored message as it is."""
    failure = decode_error(error)
    if failure.code in catalogue(current_language()):
        return t(failure.code, **failure.params)
    return failure.message


def may_cancel(user: UserAccount, record: JobRecord) -> bool:
    """Writers cancel their own jobs; admins any job."""
    return user.role.allows(Role.ADMIN) or (
        user.role.allows(Role.WRITE) and record.owner == user.username
    )


def job_panel(
    user: UserAccount, record: JobRecord, on_finished: Callable[[], None]
) -> None:
    """Show progress of ``record`` until it finishes, then call ``on_finished``."""
    services = get_services()
    job_id = record.job_id
    with ui.card().classes("w-full max-w-3xl").props('data-testid="job-panel"'):
        label = ui.label(_stage_text(record)).props('data-testid="job-stage"')
        bar = ui.linear_progress(value=record.percent / 100.0, show_value=False)
        bar.props('instant-feedback data-testid="job-progress"')
        # set by the cancel button: the panel says "stopping" until the job ends
        stopping: list[bool] = []

        def cancel() -> None:
            current = services.jobs.store.get(job_id)
            fresh = services.users.get(user.username)
            if (
                current is not None
                and fresh is not None
                and fresh.active
                and may_cancel(fresh, current)  # checked again on the server
            ):
                services.jobs.cancel(job_id)
                stopping.append(True)
                label.set_text(t("job.stopping"))  # at once, not at the next poll
                for button in buttons:
                    button.disable()

        buttons: list[ui.button] = []
        if may_cancel(user, record):
            buttons.append(
                ui.button(t("sim.cancel"), icon="stop", on_click=cancel).props(
                    'outline color=negative data-testid="job-cancel"'
                )
            )

    def poll() -> None:
        current = services.jobs.store.get(job_id)
        if current is None:
            return
        label.set_text(t("job.stopping") if stopping else _stage_text(current))
        bar.set_value(current.percent / 100.0)
        if current.state.is_finished:
            timer.deactivate()
            on_finished()

    timer = ui.timer(POLL_S, poll)
