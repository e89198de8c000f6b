"""The page's import as a ``dataset.import`` job: the upload is stored, a job
(on a worker when the database is PostgreSQL) runs the dry run or the save,
and the page shows its progress until the report is back."""

from __future__ import annotations

import asyncio

from nicegui import ui

from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.jobs import JobState
from fleetplan.jobs.errors import decode_error
from fleetplan.jobs.import_kind import IMPORT_KIND, report_from_dict
from fleetplan.store import ImportReport
from fleetplan.web.background import in_thread
from fleetplan.web.translate import t

POLL_S = 0.3


class ImportJobFailed(Exception):
    """The import job failed; ``message`` is for the user."""


def import_as_job() -> bool:
    services = get_services()
    return IMPORT_KIND in services.job_kinds and services.stage_upload is not None


async def run_import_job(
    user: UserAccount, name: str, data: bytes, dry_run: bool
) -> tuple[ImportReport, dict[str, str]]:
    """Run the import as a job and wait for its report, with a progress bar."""
    services = get_services()
    assert services.stage_upload is not None
    upload_id = await in_thread(services.stage_upload, name, data)
    params = {"upload_id": upload_id, "dry_run": dry_run, "actor": user.username}
    job = services.job_kinds[IMPORT_KIND](params)
    job_id = await in_thread(
        services.jobs.submit, IMPORT_KIND, job, owner=user.username
    )
    with ui.row().classes("w-full items-center") as box:
        stage = ui.label(t("import.queued")).props('data-testid="import-stage"')
        bar = ui.linear_progress(value=0, show_value=False).classes("w-64")
    try:
        while True:
            record = await in_thread(services.jobs.store.get, job_id)
            if record is None:
                raise ImportJobFailed(t("import.upload_gone"))
            if record.state.is_finished:
                break
            if record.stage:
                stage.text = t(record.stage)
            bar.value = record.percent / 100.0
            await asyncio.sleep(POLL_S)
    finally:
        box.delete()
    if record.state is not JobState.DONE or record.result is None:
        error = decode_error(record.error or "job.failed")
        raise ImportJobFailed(t(error.code, **error.params))
    return report_from_dict(record.result)
