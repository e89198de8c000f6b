"""One sync run: fetch from a connector (or read a file), ingest, store.

Everything is fetched and ingested in memory first; only when that worked are
roundtrips and cursors stored. A failure stores nothing but the connector's status
(last attempt and error), so the next run fetches from the same cursors again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from fleetplan.ingest.gps.connectors import Connector, ConnectorError
from fleetplan.ingest.gps.pipeline import IngestResult, ingest_points, ingest_trips
from fleetplan.ingest.gps.readers import (
    GpsInputError,
    read_gpx,
    read_points_csv,
    read_trips_csv,
)
from fleetplan.ingest.gps.settings import GpsSettings
from fleetplan.ingest.gps.state import VehicleState
from fleetplan.store.gps_persist import (
    ingest_context,
    load_states,
    record_sync,
    redact,
    save_result,
)

_log = logging.getLogger(__name__)
FILE_SOURCE = "file"


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    connector: str
    rows_added: int
    error: str | None = None
    skipped_vehicles: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


def _ingest(
    frame: pl.DataFrame,
    kind: str,
    engine: Engine,
    source: str,
    settings: GpsSettings | None,
) -> tuple[IngestResult, int]:
    locations, homes = ingest_context(engine)
    known = frame["vehicle_id"].is_in(list(homes))
    skipped = int(frame.filter(~known)["vehicle_id"].n_unique())
    if skipped:
        _log.warning(
            "%s: %d vehicles are not registered and were skipped", source, skipped
        )
    frame = frame.filter(known)
    states = load_states(engine, source)
    run = ingest_points if kind == "points" else ingest_trips
    return run(frame, locations, homes, states, settings), skipped


def sync_connector(
    engine: Engine,
    connector: Connector,
    now: datetime,
    settings: GpsSettings | None = None,
) -> SyncOutcome:
    """Fetch every vehicle since its cursor, ingest, store; record the outcome."""
    source = f"connector:{connector.name}"
    try:
        _, homes = ingest_context(engine)
        states = load_states(engine, source)
        frames = []
        for vehicle_id in connector.list_vehicles():
            if vehicle_id not in homes:
                continue
            since = VehicleState.from_dict(states.get(vehicle_id)).last_time
            frames.append(connector.fetch(vehicle_id, since))
        if frames:
            frame = pl.concat(frames)
            result, skipped = _ingest(frame, connector.kind, engine, source, settings)
            added = save_result(engine, source, result)
        else:
            added, skipped = 0, 0
    except (ConnectorError, GpsInputError) as exc:
        message = redact(str(exc))
        _log.error("connector %s failed: %s", connector.name, message)
        record_sync(engine, connector.name, now, error=message)
        return SyncOutcome(connector.name, 0, message)
    record_sync(engine, connector.name, now, rows_added=added)
    return SyncOutcome(connector.name, added, None, skipped)


def read_gps_file(path: Path) -> tuple[pl.DataFrame, str]:
    """A point log (CSV with lat/lon, or GPX) or a trip log (CSV with start_time)."""
    if path.suffix.lower() == ".gpx":
        return read_gpx(path), "points"
    try:
        header = path.open(encoding="utf-8").readline()
    except OSError as exc:
        raise GpsInputError(f"{path}: cannot open: {exc}") from exc
    if "start_time" in header.split(","):
        return read_trips_csv(path), "trips"
    return read_points_csv(path), "points"


def ingest_file(
    engine: Engine,
    path: Path,
    now: datetime,
    settings: GpsSettings | None = None,
) -> SyncOutcome:
    """Ingest one file into the database, continuing the ``file`` cursors."""
    name = f"file:{path.name}"
    try:
        frame, kind = read_gps_file(path)
        result, skipped = _ingest(frame, kind, engine, FILE_SOURCE, settings)
        added = save_result(engine, FILE_SOURCE, result)
    except GpsInputError as exc:
        message = redact(str(exc))
        _log.error("ingest of %s failed: %s", name, message)
        record_sync(engine, name, now, error=message)
        return SyncOutcome(name, 0, message)
    record_sync(engine, name, now, rows_added=added)
    return SyncOutcome(name, added, None, skipped)
