"""The audit log (admin only): who changed what and when, newest first, as JSON
or as an xlsx workbook. Entries are written by the store's edit services."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from openpyxl import Workbook
from pydantic import BaseModel

from fleetplan.api.deps import CanAdmin, ServicesDep
from fleetplan.api.services import AppServices
from fleetplan.ingest import append_row
from fleetplan.store.audit import AuditEntry

router = APIRouter(prefix="/audit", tags=["audit"], dependencies=[CanAdmin])

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ENTRIES = 10_000
COLUMNS = ("at", "actor", "action", "target", "detail", "organisation_id")

Limit = Annotated[int, Query(ge=1, le=MAX_ENTRIES)]
Offset = Annotated[int, Query(ge=0)]


class AuditEntryPublic(BaseModel):
    """One change: when (UTC), by whom (null: the command line or a job), the
    action id, what it changed, and the details (old and new values)."""

    id: int
    at: datetime
    actor: str | None
    action: str
    target: str
    detail: dict[str, Any]
    organisation_id: int


class AuditPage(BaseModel):
    entries: list[AuditEntryPublic]


def _entries(services: AppServices, limit: int, offset: int) -> list[AuditEntry]:
    if services.register is None:  # no database: nothing is edited, nothing logged
        return []
    return services.register.audit_entries(limit=limit, offset=offset)


def _public(entry: AuditEntry) -> AuditEntryPublic:
    return AuditEntryPublic(
        id=entry.entry_id,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        target=entry.target,
        detail=entry.detail,
        organisation_id=entry.organisation_id,
    )


@router.get("")
def list_audit(
    services: ServicesDep, limit: Limit = 200, offset: Offset = 0
) -> AuditPage:
    """The newest ``limit`` entries after ``offset``."""
    return AuditPage(entries=[_public(e) for e in _entries(services, limit, offset)])


def audit_xlsx(entries: list[AuditEntry], headers: tuple[str, ...] = COLUMNS) -> bytes:
    """One sheet, one row per entry; times in UTC without zone (Excel's kind)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "audit"
    append_row(sheet, list(headers))
    for e in entries:
        detail = json.dumps(e.detail, ensure_ascii=False, sort_keys=True)
        at = e.at.replace(tzinfo=None)
        row = [at, e.actor or "", e.action, e.target, detail, e.organisation_id]
        append_row(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@router.get(
    "/xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX_TYPE: {}}, "description": "the workbook"}},
)
def export_audit(services: ServicesDep, limit: Limit = MAX_ENTRIES) -> Response:
    """The newest ``limit`` entries as an xlsx workbook."""
    content = audit_xlsx(_entries(services, limit, 0))
    return Response(
        content,
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": 'attachment; filename="fleetplan-audit.xlsx"'},
    )
