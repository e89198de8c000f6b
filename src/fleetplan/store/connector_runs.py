"""Connector runs: vehicle by vehicle, each committed with its cursor, under the
connector's lock and on its daily schedule.

A vehicle's roundtrips and cursor are stored as soon as its data is in, so a run
that stops half-way (a crash, a server that keeps failing) has stored the
vehicles before and resumes after them: the next run asks those only for what
is newer than their cursor, and the rest from where they were. Deterministic
roundtrip ids keep a vehicle that is read twice from adding anything twice.
The summary holds counts, times and vehicle ids only: never a position or a
credential.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from fleetplan.ingest.gps.connectors import Connector, ConnectorConfig, ConnectorError
from fleetplan.ingest.gps.readers import GpsInputError
from fleetplan.ingest.gps.schema import LOCAL_TIME_ZONE
from fleetplan.ingest.gps.settings import GpsSettings
from fleetplan.ingest.gps.state import VehicleState
from fleetplan.ingest.gps.summary import RunSummary
from fleetplan.store.connector_schedule import acquire, is_due, next_slot, release
from fleetplan.store.gps_persist import (
    ingest_context,
    load_states,
    record_sync,
    redact,
    save_result_counts,
)
from fleetplan.store.gps_sync import _done, _fail, _ingest_run, with_saved_radii

_log = logging.getLogger(__name__)
MAX_LISTED = 20  # unregistered vehicles described in a run's summary


@dataclass
class ConnectorRun:
    """What one run did; ``summary()`` is stored with the schedule and shown.

    ``ingest`` is the ingest summary (rows read, dropped by reason, roundtrips
    added and updated, vehicles skipped and why) also stored with the sync status.
    """

    connector: str
    started_at: datetime
    status: str = "ok"  # ok, failed, running_elsewhere, not_due
    error: str | None = None
    vehicles_listed: int = 0
    vehicles_done: int = 0
    vehicles_resumed: int = 0  # had a cursor: fetched only what is newer
    requests: int = 0
    duration_s: float = 0.0
    next_run_at: datetime | None = None
    ingest: dict[str, Any] = field(default_factory=dict)
    # what the fleet system knows of vehicles missing from the register
    unregistered: list[dict[str, str | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "not_due")

    @property
    def roundtrips_added(self) -> int:
        return int(self.ingest.get("roundtrips_added", 0))

    @property
    def records_read(self) -> int:
        return int(self.ingest.get("rows_read", 0))

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            k: v for k, v in self.__dict__.items() if not isinstance(v, datetime)
        }
        out["roundtrips_added"] = self.roundtrips_added
        out["records_read"] = self.records_read
        out["started_at"] = self.started_at.isoformat(timespec="seconds")
        out["next_run_at"] = (
            None if self.next_run_at is None else self.next_run_at.isoformat()
        )
        return out


def _metadata(connector: Connector) -> list[Any]:
    """Vehicles with metadata where the connector has it, else bare ids."""
    vehicles = getattr(connector, "vehicles", None)
    if callable(vehicles):
        return [v for v in vehicles() if getattr(v, "active", True)]
    return list(connector.list_vehicles())


def _vehicle_id(vehicle: Any) -> str:
    return vehicle if isinstance(vehicle, str) else str(vehicle.vehicle_id)


def run_connector(
    engine: Engine,
    connector: Connector,
    now: datetime,
    settings: GpsSettings | None = None,
) -> ConnectorRun:
    """Fetch, ingest and store vehicle by vehicle; record the sync status with
    the ingest summary."""
    run = ConnectorRun(connector.name, now)
    clock = time.perf_counter()
    source = f"connector:{connector.name}"
    full, radius_source = with_saved_radii(engine, settings)
    config = getattr(connector, "config", None)
    zone = getattr(config, "timezone", LOCAL_TIME_ZONE)
    summary = RunSummary(source, kind=connector.kind, time_zone=zone)
    summary.describe_settings(full, radius_source)
    try:
        _, homes = ingest_context(engine)
        vehicles = _metadata(connector)
        run.vehicles_listed = len(vehicles)
        registered = [_vehicle_id(v) for v in vehicles if _vehicle_id(v) in homes]
        strangers = [_vehicle_id(v) for v in vehicles if _vehicle_id(v) not in homes]
        summary.skip(strangers, "not_registered", 0)
        run.unregistered = [
            _describe(v) for v in vehicles if _vehicle_id(v) not in homes
        ][:MAX_LISTED]
        states = load_states(engine, source)
        cursors = {
            v: VehicleState.from_dict(states.get(v)).last_time for v in registered
        }
        prepare = getattr(connector, "prepare", None)
        if callable(prepare):
            prepare(cursors)
        for vehicle_id, since in cursors.items():
            frame = connector.fetch(vehicle_id, since)
            summary.rows_read += frame.height
            run.vehicles_resumed += since is not None
            if frame.height:
                result = _ingest_run(
                    frame, connector.kind, engine, source, full, summary
                )
                added, updated = save_result_counts(engine, source, result)
                summary.roundtrips_added += added
                summary.roundtrips_updated += updated
            run.vehicles_done += 1
    except (ConnectorError, GpsInputError) as exc:
        outcome = _fail(engine, connector.name, now, exc, summary)
        run.status, run.error = "failed", outcome.error
    else:
        _done(engine, connector.name, now, summary)
    run.ingest = summary.to_dict()
    client = getattr(connector, "client", None) or getattr(connector, "_client", None)
    run.requests = int(getattr(client, "requests", 0))
    run.duration_s = round(time.perf_counter() - clock, 3)
    return run


def _describe(vehicle: Any) -> dict[str, str | None]:
    if isinstance(vehicle, str):
        return {"vehicle_id": vehicle}
    return {
        "vehicle_id": vehicle.vehicle_id,
        "name": vehicle.name,
        "plate": vehicle.plate,
        "make": vehicle.make,
        "model": vehicle.model,
    }


def local_now(config: ConnectorConfig) -> datetime:
    return datetime.now(ZoneInfo(config.timezone)).replace(tzinfo=None)


def run_owner() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_scheduled(
    engine: Engine,
    config: ConnectorConfig,
    build: Callable[[ConnectorConfig], Connector],
    *,
    now: datetime | None = None,
    settings: GpsSettings | None = None,
    force: bool = False,
) -> ConnectorRun:
    """Run ``config`` if due (or ``force``) and no other run holds its lock."""
    now = now or local_now(config)
    if not force and not is_due(engine, config.name, now):
        return ConnectorRun(config.name, now, status="not_due")
    owner = run_owner()
    if not acquire(engine, config.name, owner, now):
        _log.info("connector %s is running elsewhere; not started", config.name)
        return ConnectorRun(config.name, now, status="running_elsewhere")
    run = ConnectorRun(config.name, now, status="failed")
    try:
        connector = build(config)
        try:
            run = run_connector(engine, connector, now, settings)
        finally:
            connector.close()
    except ConnectorError as exc:  # e.g. a credential missing from the environment
        run.error = redact(str(exc))
        record_sync(engine, config.name, now, error=run.error)
    except Exception as exc:
        # a bug or an answer no connector foresaw: the daily run must record it
        # and free the lock; only the type is kept (a message may quote data)
        run.error = f"connector {config.name}: unexpected {type(exc).__name__}"
        _log.error("%s; the vehicles before it are stored", run.error)
        record_sync(engine, config.name, now, error=run.error)
    finally:
        run.next_run_at = next_slot(now, config.daily_at)
        release(
            engine,
            config.name,
            owner,
            local_now(config),
            run.summary(),
            run.next_run_at,
        )
    return run


def run_due(
    engine: Engine,
    configs: Sequence[ConnectorConfig],
    build: Callable[[ConnectorConfig], Connector],
    settings: GpsSettings | None = None,
    now: Callable[[ConnectorConfig], datetime] = local_now,
) -> Iterable[ConnectorRun]:
    """Every enabled connector that is due, one after another."""
    for config in configs:
        if config.enabled:
            yield run_scheduled(
                engine, config, build, now=now(config), settings=settings
            )
