"""GPS-ingest bookkeeping: per-source, per-vehicle cursors and per-connector status.

Only how far a source has been read is stored; raw positions never are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from fleetplan.store.database import session_scope
from fleetplan.store.scoped import get_own
from fleetplan.store.tables import IngestCursorRow, SyncStatusRow


@dataclass(frozen=True, slots=True)
class IngestCursor:
    """How far ``source`` has been read for one vehicle; ``state`` is free JSON."""

    source: str
    vehicle_id: str
    last_time: datetime | None = None
    state: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SyncStatus:
    connector: str
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    rows_added: int = 0
    last_error: str | None = None
    summary: dict[str, Any] | None = None  # the last run's (revision 0008)


def get_cursor(engine: Engine, source: str, vehicle_id: str) -> IngestCursor | None:
    with session_scope(engine) as session:
        row = get_own(session, IngestCursorRow, source, vehicle_id)
        if row is None:
            return None
        return IngestCursor(source, vehicle_id, row.last_time, dict(row.state))


def list_cursors(engine: Engine, source: str) -> list[IngestCursor]:
    with session_scope(engine) as session:
        rows = session.scalars(
            select(IngestCursorRow)
            .where(IngestCursorRow.source == source)
            .order_by(IngestCursorRow.vehicle_id)
        ).all()
        return [
            IngestCursor(r.source, r.vehicle_id, r.last_time, dict(r.state))
            for r in rows
        ]


def set_cursor(engine: Engine, cursor: IngestCursor) -> None:
    """Insert or update the cursor of (source, vehicle)."""
    with session_scope(engine) as session:
        row = get_own(session, IngestCursorRow, cursor.source, cursor.vehicle_id)
        if row is None:
            row = IngestCursorRow(source=cursor.source, vehicle_id=cursor.vehicle_id)
            session.add(row)
        row.last_time = cursor.last_time
        row.state = dict(cursor.state)


def list_sync_statuses(engine: Engine) -> list[SyncStatus]:
    """Every connector's and file source's status, by name."""
    with session_scope(engine) as session:
        names = session.scalars(
            select(SyncStatusRow.connector).order_by(SyncStatusRow.connector)
        ).all()
    return [s for s in (get_sync_status(engine, n) for n in names) if s is not None]


def get_sync_status(engine: Engine, connector: str) -> SyncStatus | None:
    with session_scope(engine) as session:
        row = get_own(session, SyncStatusRow, connector)
        if row is None:
            return None
        return SyncStatus(
            connector,
            row.last_attempt_at,
            row.last_success_at,
            row.rows_added,
            row.last_error,
            None if row.summary is None else dict(row.summary),
        )


def set_sync_status(engine: Engine, status: SyncStatus) -> None:
    """Insert or update the status of one connector."""
    with session_scope(engine) as session:
        row = get_own(session, SyncStatusRow, status.connector)
        if row is None:
            row = SyncStatusRow(connector=status.connector)
            session.add(row)
        row.last_attempt_at = status.last_attempt_at
        row.last_success_at = status.last_success_at
        row.rows_added = status.rows_added
        row.last_error = status.last_error
        row.summary = status.summary
