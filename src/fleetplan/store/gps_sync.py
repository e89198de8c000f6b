"""One sync run: fetch from a connector (or read a file), ingest, store, and
record the run's summary with the sync status.

A file is read and ingested in memory first; only when that worked are its
roundtrips and cursors stored, so a failure stores nothing but the status (last
attempt, error and summary). A connector is run vehicle by vehicle
(``store.connector_runs``): each vehicle's roundtrips and cursor are stored once
its data is in, so a failure keeps the vehicles before it and the next run
resumes from the cursors.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from fleetplan.ingest.gps.columns import LOCAL_TIME_ZONE
from fleetplan.ingest.gps.empty_file import empty_result, read_empty_file
from fleetplan.ingest.gps.errors import GpsInputError
from fleetplan.ingest.gps.results import IngestResult
from fleetplan.ingest.gps.settings import GpsSettings
from fleetplan.ingest.gps.summary import RunSummary
from fleetplan.store.gps_persist import (
    IngestContext,
    load_ingest_context,
    load_states,
    record_sync,
    redact,
    save_result_counts,
)

if TYPE_CHECKING:  # the connectors' pydantic configs: not for a file ingest
    import polars as pl

    from fleetplan.ingest.gps.connectors import Connector

# polars, NumPy and the pipeline are imported where a file has rows: a
# header-only file is answered without them (``empty_file``).

_log = logging.getLogger(__name__)
FILE_SOURCE = "file"


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    connector: str
    rows_added: int
    error: str | None = None
    skipped_vehicles: int = 0
    summary: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def with_saved_radii(
    engine: Engine, settings: GpsSettings | None, context: IngestContext | None = None
) -> tuple[GpsSettings, str]:
    """The settings with each location's saved home radius, unless the run
    overrides it; and where the radius came from (``locations`` or ``override``)."""
    settings = settings or GpsSettings()
    if settings.home_radius_override:
        return settings, "override"
    radii = (context or load_ingest_context(engine)).radii
    return replace(settings, location_radius_m=radii), "locations"


def _ingest_run(
    frame: pl.DataFrame,
    kind: str,
    engine: Engine,
    source: str,
    settings: GpsSettings,
    summary: RunSummary,
    context: IngestContext | None = None,
) -> IngestResult:
    from fleetplan.ingest.gps.pipeline import ingest_points, ingest_trips

    context = context or load_ingest_context(engine)
    locations, homes = context.locations, context.homes
    ids = frame["vehicle_id"]
    known = ids.is_in(list(homes)) | ids.is_null()  # no id: dropped and counted
    strangers = frame.filter(~known)
    if strangers.height:
        names = sorted(strangers["vehicle_id"].unique().to_list())
        summary.skip(names, "not_registered", strangers.height)
        _log.warning(
            "%s: %d vehicles are not registered and were skipped", source, len(names)
        )
    frame = frame.filter(known)
    states = load_states(engine, source)
    run = ingest_points if kind == "points" else ingest_trips
    result = run(frame, locations, homes, states, settings)
    summary.add_result(result)
    return result


def _ingest(
    frame: pl.DataFrame,
    kind: str,
    engine: Engine,
    source: str,
    settings: GpsSettings | None,
) -> tuple[IngestResult, int]:
    """Ingest a frame with the saved radii; (result, vehicles skipped)."""
    full, _ = with_saved_radii(engine, settings)
    summary = RunSummary(source)
    result = _ingest_run(frame, kind, engine, source, full, summary)
    return result, len(summary.skipped_vehicles)


def _fail(
    engine: Engine, name: str, now: datetime, exc: Exception, summary: RunSummary
) -> SyncOutcome:
    message = redact(str(exc))
    _log.error("%s failed: %s", name, message)
    code = getattr(exc, "code", None)
    summary.error = {
        "code": code or "failed",
        "params": {
            k: redact(v) if isinstance(v, str) else v
            for k, v in getattr(exc, "params", {}).items()
        },
        "message": message,
    }
    record_sync(engine, name, now, error=message, summary=summary.to_dict())
    return SyncOutcome(name, 0, message, 0, summary.to_dict())


def _done(engine: Engine, name: str, now: datetime, summary: RunSummary) -> SyncOutcome:
    data = summary.to_dict()
    record_sync(engine, name, now, rows_added=summary.roundtrips_added, summary=data)
    return SyncOutcome(
        name, summary.roundtrips_added, None, len(summary.skipped_vehicles), data
    )


def sync_connector(
    engine: Engine,
    connector: Connector,
    now: datetime,
    settings: GpsSettings | None = None,
) -> SyncOutcome:
    """Fetch every vehicle since its cursor, ingest, store; record the outcome."""
    from fleetplan.store.connector_runs import run_connector  # builds on this module

    run = run_connector(engine, connector, now, settings)
    skipped = int(run.ingest.get("vehicles_skipped", 0))
    return SyncOutcome(
        connector.name, run.roundtrips_added, run.error, skipped, run.ingest
    )


def read_gps_file(
    path: Path, time_zone: str = LOCAL_TIME_ZONE
) -> tuple[pl.DataFrame, str]:
    """A point log (CSV with lat/lon, or GPX) or a trip log (CSV with start_time)."""
    from fleetplan.ingest.gps.readers import read_gps_file as read_gps

    read = read_gps(path, time_zone)
    return read.frame, read.kind


def ingest_file(
    engine: Engine,
    path: Path,
    now: datetime,
    settings: GpsSettings | None = None,
    time_zone: str = LOCAL_TIME_ZONE,
) -> SyncOutcome:
    """Ingest one file into the database, continuing the ``file`` cursors; naive
    times in it are in ``time_zone``."""
    name = f"file:{path.name}"
    context = load_ingest_context(engine)
    full, radius_source = with_saved_radii(engine, settings, context)
    summary = RunSummary(name, time_zone=time_zone)
    summary.describe_settings(full, radius_source)
    try:
        empty = read_empty_file(path, time_zone)
        if empty is None:
            from fleetplan.ingest.gps.readers import read_gps_file as read_gps

            read = read_gps(path, time_zone)
            summary.kind, summary.rows_read = read.kind, read.frame.height
            summary.warnings = list(read.warnings)
            result = _ingest_run(
                read.frame, read.kind, engine, FILE_SOURCE, full, summary, context
            )
        else:  # what the reader and pipeline say of no rows, without polars
            summary.kind, summary.warnings = empty.kind, list(empty.warnings)
            states = load_states(engine, FILE_SOURCE)
            result = empty_result(empty.kind, states, context.homes)
            summary.add_result(result)
        if summary.rows_read and not result.vehicles and summary.skipped_vehicles:
            names = sorted(summary.skipped_vehicles)
            raise GpsInputError(
                "no_vehicle_known", file=path.name, count=len(names), example=names[0]
            )
        added, updated = save_result_counts(engine, FILE_SOURCE, result)
        summary.roundtrips_added, summary.roundtrips_updated = added, updated
    except GpsInputError as exc:
        return _fail(engine, name, now, exc, summary)
    return _done(engine, name, now, summary)
