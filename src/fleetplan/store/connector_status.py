"""Each configured connector's status for the CLI, the API and the data page:
its schedule, whether a run holds it now, and the last run (never a credential).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from fleetplan.ingest.gps.connectors import ConnectorConfig
from fleetplan.store.connector_runs import local_now
from fleetplan.store.connector_schedule import next_slot, schedule_state
from fleetplan.store.ingest_state import get_sync_status


@dataclass(frozen=True, slots=True)
class ConnectorStatus:
    name: str
    type: str
    organisation: str
    enabled: bool
    daily_at: str
    timezone: str
    next_run_at: datetime | None
    running: bool
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    roundtrips_added: int
    last_summary: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def connector_statuses(
    engine: Engine, configs: Sequence[ConnectorConfig], now: datetime | None = None
) -> list[ConnectorStatus]:
    """One status per configured connector, in the file's order. A connector that
    never ran is due at once, so its next run is shown as now."""
    out = []
    for config in configs:
        at = now or local_now(config)
        state = schedule_state(engine, config.name, at)
        sync = get_sync_status(engine, config.name)
        next_run = state.next_run_at or at
        if not config.enabled:
            next_run = None
        elif state.next_run_at is None and state.last_finished_at is not None:
            next_run = next_slot(at, config.daily_at)
        out.append(
            ConnectorStatus(
                name=config.name,
                type=config.type,
                organisation=config.organisation,
                enabled=config.enabled,
                daily_at=config.daily_at,
                timezone=config.timezone,
                next_run_at=next_run,
                running=state.running,
                last_attempt_at=None if sync is None else sync.last_attempt_at,
                last_success_at=None if sync is None else sync.last_success_at,
                last_error=None if sync is None else sync.last_error,
                roundtrips_added=0 if sync is None else sync.rows_added,
                last_summary=state.last_summary,
            )
        )
    return out
