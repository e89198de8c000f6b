"""Import of neutral tables from an xlsx workbook: dry run first, then save.

Every row problem is listed before anything is written; saving is offered only
when the dry run found no errors. Both steps check the writer role again.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from nicegui import events, run, ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.store import ImportReport
from fleetplan.web.auth import still_allowed
from fleetplan.web.translate import t

PROBLEM_COLUMNS = ("severity", "file", "row", "column", "message")


def problem_rows(report: ImportReport) -> list[dict[str, object]]:
    return [
        {
            "id": index,
            "severity": t(f"import.{p.severity}"),
            "file": p.file,
            "row": p.row if p.row is not None else "",
            "column": p.column or "",
            "message": p.message,
        }
        for index, p in enumerate(report.problems)
    ]


def import_panel(user: UserAccount, *, imported: bool = False) -> None:
    """The import expander; ``imported`` shows that the last import was saved."""
    services = get_services()
    if services.import_tables is None:
        return
    importer = services.import_tables
    folder = Path(tempfile.mkdtemp(prefix="fleetplan-import-"))
    forbidden = t("common.forbidden", role=t(f"role.{user.role}"))

    async def save(path: Path) -> None:
        if not still_allowed(user, Role.WRITE):
            ui.notify(forbidden, type="negative")
            return
        report = await run.io_bound(importer, path, False)
        if report.written:
            ui.navigate.to("/vehicles?imported=1")
        else:
            show(report, path)

    def show(report: ImportReport, path: Path) -> None:
        result.clear()
        with result:
            counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
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
                    rows=problem_rows(report), columns=columns, row_key="id"
                ).classes("w-full").props(
                    'dense flat bordered data-testid="import-problems"'
                )
            if not report.errors:
                ui.button(
                    t("import.save"), icon="save", on_click=lambda: save(path)
                ).props('color=positive data-testid="import-save"')

    async def upload(event: events.UploadEventArguments) -> None:
        if not still_allowed(user, Role.WRITE):
            ui.notify(forbidden, type="negative")
            return
        path = folder / Path(event.file.name).name
        if path.suffix.lower() != ".xlsx":
            ui.notify(t("import.only_xlsx"), type="negative")
            return
        await event.file.save(path)
        report = await run.io_bound(importer, path, True)
        show(report, path)

    if imported:
        with ui.card().classes("w-full bg-green-1").props('data-testid="import-saved"'):
            ui.label(t("import.saved"))
    with ui.expansion(t("import.title"), icon="upload_file").classes("w-full"):
        ui.label(t("import.help")).classes("text-body2")
        ui.upload(on_upload=upload, auto_upload=True, max_files=1).props(
            'accept=".xlsx" data-testid="import-upload"'
        )
        result = ui.column().classes("w-full")
