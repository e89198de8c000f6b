"""Import of neutral tables from an xlsx workbook or one CSV file: dry run
first, then save.

Every row problem is listed, in the page's language (by its code), before
anything is written; saving is offered only when the dry run found no errors.
Both steps check the writer role again.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from nicegui import events, run, ui
from sqlalchemy.exc import SQLAlchemyError

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.ingest.tabular import Problem
from fleetplan.store import ImportReport
from fleetplan.store.csv_upload import stage_csv, table_of
from fleetplan.web.auth import still_allowed
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


def staged_path(upload: Path, folder: Path) -> tuple[Path, dict[str, str]]:
    """What the importer reads for an uploaded file (a CSV becomes a folder), and
    the staged file labels to show under the uploaded name."""
    if upload.suffix.lower() != ".csv":
        return upload, {}
    staged = stage_csv(upload, folder / f"{upload.stem}-tables")
    return staged, {f"{table_of(upload.name)}.csv": upload.name}


def import_panel(user: UserAccount, *, imported: bool = False) -> None:
    """The import expander; ``imported`` shows that the last import was saved."""
    services = get_services()
    if services.import_tables is None:
        return
    importer = services.import_tables
    folder = Path(tempfile.mkdtemp(prefix="fleetplan-import-"))
    forbidden = t("common.forbidden", role=t(f"role.{user.role}"))

    async def save(path: Path, names: Mapping[str, str]) -> None:
        if not still_allowed(user, Role.WRITE):
            ui.notify(forbidden, type="negative")
            return
        try:
            report = await run.io_bound(importer, path, False)
        except SQLAlchemyError as error:  # the import is one transaction: rolled back
            log.exception("import of %s failed", path.name)
            ui.notify(
                t("import.save_failed", error=type(error).__name__), type="negative"
            )
            return
        if report.written:
            ui.navigate.to("/vehicles?imported=1")
        else:
            show(report, path, names)

    def show(report: ImportReport, path: Path, names: Mapping[str, str]) -> None:
        result.clear()
        with result:
            counts = ", ".join(f"{name}: {n}" for name, n in report.counts.items())
            ui.label(
                t(
                    "import.summary",
                    errors=len(report.errors),
                    warnings=len(report.warnings),
                    counts=counts or "0",
                )
            ).props('data-testid="import-summary"')
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
                    t("import.save"), icon="save", on_click=lambda: save(path, names)
                ).props('color=positive data-testid="import-save"')

    async def upload(event: events.UploadEventArguments) -> None:
        if not still_allowed(user, Role.WRITE):
            ui.notify(forbidden, type="negative")
            return
        uploaded = folder / Path(event.file.name).name
        if uploaded.suffix.lower() not in ACCEPTED:
            ui.notify(t("import.only_xlsx"), type="negative")
            return
        if uploaded.exists():
            uploaded.unlink()
        shutil.rmtree(folder / f"{uploaded.stem}-tables", ignore_errors=True)
        await event.file.save(uploaded)
        path, names = staged_path(uploaded, folder)
        report = await run.io_bound(importer, path, True)
        show(report, path, names)

    if imported:
        with ui.card().classes("w-full bg-green-1").props('data-testid="import-saved"'):
            ui.label(t("import.saved"))
    with ui.expansion(t("import.title"), icon="upload_file").classes("w-full"):
        ui.label(t("import.help")).classes("text-body2")
        ui.upload(on_upload=upload, auto_upload=True, max_files=1).props(
            'accept=".xlsx,.csv" data-testid="import-upload"'
        )
        result = ui.column().classes("w-full")
