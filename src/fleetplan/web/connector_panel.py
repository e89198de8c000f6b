"""The connectors section of the data page (Lokationer): each fleet-system
connector's daily time, next run, whether it runs now, and its last run."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from nicegui import ui

from fleetplan.ingest.gps.connectors import ConnectorError
from fleetplan.store.connector_status import ConnectorStatus
from fleetplan.store.register_service import RegisterService
from fleetplan.texts.numbers import format_moment
from fleetplan.web.translate import current_language, t

COLUMNS = (
    "name",
    "system",
    "daily_at",
    "next_run",
    "last_run",
    "result",
    "added",
    "vehicles",
)


def _when(value: datetime | None) -> str:
    return "" if value is None else format_moment(value, current_language())


def result_text(status: ConnectorStatus) -> str:
    if status.running:
        return t("conn.result.running")
    if status.last_attempt_at is None:
        return t("conn.result.never")
    if status.last_error is not None:
        return t("conn.result.failed")
    return t("conn.result.ok")


def connector_rows(statuses: Sequence[ConnectorStatus]) -> list[dict[str, Any]]:
    """Table rows in the page's language (times are the connector's own zone)."""
    rows = []
    for s in statuses:
        summary = s.last_summary or {}
        rows.append(
            {
                "name": s.name,
                "system": t(f"conn.type.{s.type}"),
                "daily_at": t("conn.daily", time=s.daily_at, zone=s.timezone),
                "next_run": _when(s.next_run_at) if s.enabled else t("conn.disabled"),
                "last_run": _when(s.last_attempt_at),
                "result": result_text(s),
                "added": s.roundtrips_added,
                "vehicles": t(
                    "conn.vehicles",
                    done=summary.get("vehicles_done", 0),
                    listed=summary.get("vehicles_listed", 0),
                ),
                "error": s.last_error or "",
            }
        )
    return rows


def load_statuses(register: RegisterService) -> list[ConnectorStatus] | None:
    """The statuses, or None when the connector file cannot be read."""
    try:
        return register.connector_statuses()
    except ConnectorError:
        return None


def connector_panel(statuses: Sequence[ConnectorStatus] | None) -> None:
    """``None``: the connector file cannot be read (the message says what to do)."""
    ui.label(t("conn.title")).classes("text-h6")
    if statuses is None:
        ui.label(t("conn.unreadable")).classes("text-negative")
        return
    if not statuses:
        ui.label(t("conn.none")).props('data-testid="connectors-none"')
        return
    columns = [
        {"name": c, "label": t(f"conn.col.{c}"), "field": c, "align": "left"}
        for c in COLUMNS
    ]
    rows = connector_rows(statuses)
    ui.table(rows=rows, columns=columns, row_key="name").classes("w-full").props(
        'dense flat bordered data-testid="connectors"'
    )
    for row in rows:
        if row["error"]:
            ui.label(f"{row['name']}: {row['error']}").classes(
                "text-negative text-body2"
            )
    ui.label(t("conn.help")).classes("text-caption")
