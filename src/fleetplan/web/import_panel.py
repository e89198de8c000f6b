"""Import of neutral tables from an xlsx workbook or one CSV file: dry run
first, then save.

Every row problem is listed, in the page's language (by its code), before
anything is written; saving is offered only when the dry run found no errors.
Both steps check the writer role again. The upload is kept in memory (at most
the import's file-size limit) and staged in a temporary folder only while a
dry run or the save reads it; opening the page writes nothing to disk. Both
steps run as ``dataset.import`` jobs with progress (``web.import_job``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path

from nicegui import events, ui
from sqlalchemy.exc import SQLAlchemyError

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.ingest.limits import ImportLimits
from fleetplan.ingest.tabular import Problem
from fleetplan.store import ImportReport
from fleetplan.store.csv_upload import staged_upload
from fleetplan.web.auth import still_allowed
from fleetplan.web.background import in_thread
from fleetplan.web.import_job import ImportJobFailed, import_as_job, run_import_job
from fleetplan.web.register_excel import changes_line, download_buttons
from fleetplan.web.translate import t

PROBLEM_COLUMNS = ("severity", "file", "row", "column", "message")
ACCEPTED = (".xlsx", ".csv")
log = logging.getLogger(__name__)


def problem_message(problem: Problem) -> str:
    """The problem in the page's language (the English text if it has no code)."""
    if not problem.code:
        return problem.message
    params = problem.param_dict
    if "kind" in params:
        params["expected"] = t(f"import.expect.{params['kind']}")
    return t(f"import.err.{problem.code}", **params)


def problem_rows(
    report: ImportReport, file_names: Mapping[str, str] | None = None
) -> list[dict[str, object]]:
    """Table rows; ``file_names`` maps a staged file label to the uploaded name."""
    names = file_names or {}
    return [
        {
            "id": index,
            "severity": t(f"import.{p.severity}"),
            "file": names.get(p.file, p.file),
            "row": p.row if p.row is not None else "",
            "column": p.column or "",
            "message": problem_message(p),
        }
        for index, p in enumerate(report.problems)
    ]


Importer = Callable[[Path, bool], ImportReport]


def import_upload(
    importer: Importer, file_name: str, data: bytes, dry_run: bool
) -> tuple[ImportReport, dict[str, str]]:
    """Run ``importer`` on an uploaded file staged in a temporary folder, which
    is removed afterwards (also on error); the report and the staged file labels
    to show under the uploaded name."""
    with staged_upload(file_name, data) as (path, names):
        return importer(path, dry_run), names


async def _check_or_save(
    user: UserAccount, importer: Importer, name: str, data: bytes, dry_run: bool
) -> tuple[ImportReport, dict[str, str]]:
    """As a job with progress when the app has the import kind (every app
    built on a database), else in a thread of this process."""
    if import_as_job():
        return await run_import_job(user, name, data, dry_run)
    return await in_thread(import_upload, importer, name, data, dry_run)


def import_panel(user: UserAccount, *, imported: bool = False) -> None:
    """The import expander; ``imported`` shows that the last import was saved."""
    services = get_services()
    if services.import_tables is None:
        return
    importer = services.import_tables
    max_mb = ImportLimits.from_settings().max_file_mb
    too_large = t("import.too_large", max_mb=f"{max_mb:g}")
    rejected = t("import.rejected", max_mb=f"{max_mb:g}")  # type or size
    forbidden = t("common.forbidden", role=t(f"role.{user.role}"))

    async def save(name: str, data: bytes) -> None:
        if not still_allowed(user, Role.WRITE):
            ui.notify(forbidden, type="negative")
            return
        try:
            report, names = await _check_or_save(user, importer, name, data, False)
        except ImportJobFailed as error:
            ui.notify(str(error), type="negative", multi_line=True)
            return
        except SQLAlchemyError as error:  # the import is one transaction: rolled back
            log.exception("import of %s failed", name)
            ui.notify(
                t("import.save_failed", error=type(error).__name__), type="negative"
            )
            return
        if report.written:
            ui.navigate.to("/vehicles?imported=1")
        else:
            show(report, name, data, names)

    def show(
        report: ImportReport, name: str, data: bytes, names: Mapping[str, str]
    ) -> None:
        result.clear()
        with result:
            counts = ", ".join(f"{table}: {n}" for table, n in report.counts.items())
            ui.label(
                t(
                    "import.summary",
                    errors=len(report.errors),
                    warnings=len(report.warnings),
                    counts=counts or "0",
                )
            ).props('data-testid="import-summary"')
            if report.changes:
                ui.label(changes_line(report.changes)).props(
                    'data-testid="import-changes"'
                )
            if report.problems:
                columns = [
                    {"name": c, "label": t(f"import.col.{c}"), "field": c}
                    for c in PROBLEM_COLUMNS
                ]
                for column in columns:
                    column["align"] = "left"
                ui.table(
                    rows=problem_rows(report, names), columns=columns, row_key="id"
                ).classes("w-full").props(
                    'dense flat bordered data-testid="import-problems"'
                )
            if not report.errors:
                ui.button(
                    t("import.save"), icon="save", on_click=lambda: save(name, data)
                ).props('color=positive data-testid="import-save"')

    async def upload(event: events.UploadEventArguments) -> None:
        if not still_allowed(user, Role.WRITE):
            ui.notify(forbidden, type="negative")
            return
        name = Path(event.file.name).name
        if Path(name).suffix.lower() not in ACCEPTED:
            ui.notify(t("import.only_xlsx"), type="negative")
            return
        if event.file.size() > max_mb * 1024 * 1024:  # the browser may not check
            ui.notify(too_large, type="negative")
            return
        data = await event.file.read()
        try:
            report, names = await _check_or_save(user, importer, name, data, True)
        except ImportJobFailed as error:
            ui.notify(str(error), type="negative", multi_line=True)
            return
        except Exception as error:  # never a silent page: the user gets a message
            log.exception("dry run of %s failed", name)
            ui.notify(
                t("import.check_failed", error=type(error).__name__), type="negative"
            )
            return
        show(report, name, data, names)

    if imported:
        with ui.card().classes("w-full bg-green-1").props('data-testid="import-saved"'):
            ui.label(t("import.saved"))
    with ui.expansion(t("import.title"), icon="upload_file").classes("w-full"):
        ui.label(t("xlsx.help")).classes("text-body2")
        download_buttons()
        ui.upload(
            on_upload=upload,
            on_rejected=lambda: ui.notify(rejected, type="negative"),
            auto_upload=True,
            max_files=1,
            max_file_size=int(max_mb * 1024 * 1024),
        ).props('accept=".xlsx,.csv" data-testid="import-upload"')
        result = ui.column().classes("w-full")
