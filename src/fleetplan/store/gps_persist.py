"""The thin database side of GPS ingestion, through ``fleetplan.store``.

Only roundtrips (times, km, home ids), per-vehicle cursors with their JSON state
(times, km, home ids) and per-connector sync status are written. Roundtrips are
saved before cursors: if a run dies in between, the next run ingests the same
points again and the deterministic roundtrip ids make the upsert a no-op.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, select

from fleetplan.domain import Dataset, Location, Period
from fleetplan.ingest.gps.results import IngestResult
from fleetplan.ingest.gps.retention import DEFAULT_RETENTION_MONTHS, retention_cutoff
from fleetplan.store import (
    IngestCursor,
    SyncStatus,
    get_sync_status,
    list_cursors,
    load_dataset,
    save_dataset,
    session_scope,
    set_cursor,
    set_sync_status,
)
from fleetplan.store.register_meta import home_radii
from fleetplan.store.tables import RoundtripRow, SegmentRow

_log = logging.getLogger(__name__)
_NO_ROUNDTRIPS = Period(datetime(1900, 1, 1), datetime(1900, 1, 2))
# any decimal number could be a coordinate (43.06,-76.13 is one to 1 km)
_DECIMAL_NUMBER = re.compile(r"-?\d+[.,]\d+")


def redact(text: str) -> str:
    """Replace decimal numbers (anything that could be a coordinate); messages
    carry line numbers and counts, which are whole numbers."""
    return _DECIMAL_NUMBER.sub("<number>", text)


@dataclass(frozen=True, slots=True)
class IngestContext:
    """What a run needs from the register, read in one load: the locations (with
    parking points), each vehicle's home id and the home radius per location."""

    locations: tuple[Location, ...]
    homes: dict[str, str | None]
    radii: dict[str, float]


def load_ingest_context(engine: Engine) -> IngestContext:
    data = load_dataset(engine, period=_NO_ROUNDTRIPS)
    homes = {v.vehicle_id: v.location_id for v in data.current_vehicles}
    return IngestContext(data.locations, homes, home_radii(data.meta))


def ingest_context(
    engine: Engine,
) -> tuple[tuple[Location, ...], dict[str, str | None]]:
    """Registered locations (with parking points) and each vehicle's home id."""
    context = load_ingest_context(engine)
    return context.locations, context.homes


def ingest_radii(engine: Engine) -> dict[str, float]:
    """The home radius saved per location (locations page, ``settings_edit``)."""
    return load_ingest_context(engine).radii


def load_states(engine: Engine, source: str) -> dict[str, dict[str, Any]]:
    return {c.vehicle_id: dict(c.state) for c in list_cursors(engine, source)}


def save_result(engine: Engine, source: str, result: IngestResult) -> int:
    """Upsert the new roundtrips, then the cursors; the number of new roundtrips."""
    return save_result_counts(engine, source, result)[0]


def save_result_counts(
    engine: Engine, source: str, result: IngestResult
) -> tuple[int, int]:
    """Upsert the roundtrips, then the cursors; (added, updated) roundtrips, where
    updated ones were stored before (the same trip sent again)."""
    ids = [r.roundtrip_id for r in result.roundtrips]
    with session_scope(engine) as session:
        known = 0
        for start in range(0, len(ids), 500):
            known += (
                session.scalar(
                    select(func.count())
                    .select_from(RoundtripRow)
                    .where(RoundtripRow.roundtrip_id.in_(ids[start : start + 500]))
                )
                or 0
            )
    if result.roundtrips:
        save_dataset(
            engine, Dataset(locations=(), vehicles=(), roundtrips=result.roundtrips)
        )
    for vehicle_id, state in result.states.items():
        last = state.get("last_time")
        set_cursor(
            engine,
            IngestCursor(
                source,
                vehicle_id,
                None if last is None else datetime.fromisoformat(last),
                dict(state),
            ),
        )
    added = len(ids) - known
    _log.info("source %s: %d roundtrips saved, %d new", source, len(ids), added)
    return added, known


def record_sync(
    engine: Engine,
    connector: str,
    now: datetime,
    *,
    rows_added: int = 0,
    error: str | None = None,
    summary: dict[str, Any] | None = None,
) -> SyncStatus:
    """Store the outcome of one run; a failure keeps the last success time. The
    run's ``summary`` is stored as given (counts and codes; see ``RunSummary``)."""
    old = get_sync_status(engine, connector)
    status = SyncStatus(
        connector=connector,
        last_attempt_at=now,
        last_success_at=now
        if error is None
        else (old.last_success_at if old else None),
        rows_added=rows_added if error is None else 0,
        last_error=None if error is None else redact(error),
        summary=summary,
    )
    set_sync_status(engine, status)
    return status


def delete_expired_roundtrips(
    engine: Engine, now: datetime, months: int = DEFAULT_RETENTION_MONTHS
) -> int:
    """Delete roundtrips (and their segments) that ended before the cut-off."""
    cutoff = retention_cutoff(now, months)
    with session_scope(engine) as session:
        old_ids = select(RoundtripRow.roundtrip_id).where(
            RoundtripRow.end_time < cutoff
        )
        session.execute(delete(SegmentRow).where(SegmentRow.roundtrip_id.in_(old_ids)))
        result = session.execute(
            delete(RoundtripRow).where(RoundtripRow.end_time < cutoff)
        )
        count = int(getattr(result, "rowcount", 0) or 0)
    _log.info(
        "retention: deleted %d roundtrips that ended before %s", count, cutoff.date()
    )
    return count
