"""GPS points or trip logs plus per-vehicle state in; roundtrips and new state out.

Pure: no files, database or network. Positions live only in the frames passed in
and die with them; the result holds roundtrips (times and km), JSON-able states
(times, km and home ids) and km tallies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import polars as pl

from fleetplan.domain import Location
from fleetplan.ingest.gps.clean import clean_point_arrays
from fleetplan.ingest.gps.results import CleanReport, OdometerReport
from fleetplan.ingest.gps.results import IngestResult as IngestResult
from fleetplan.ingest.gps.roundtrips import RoundtripBuild, build_roundtrips
from fleetplan.ingest.gps.settings import GpsSettings
from fleetplan.ingest.gps.state import VehicleState
from fleetplan.ingest.gps.trips import split_trips


def _result(
    build: RoundtripBuild,
    trips: int,
    clean: CleanReport | None = None,
    odometer: OdometerReport | None = None,
) -> IngestResult:
    return IngestResult(
        roundtrips=build.roundtrips,
        states={v: s.to_dict() for v, s in build.states.items()},
        tallies=build.tallies,
        trips=trips,
        clean=clean,
        vehicles=tuple(sorted(build.states)),
        odometer=odometer or OdometerReport(),
        short=build.short,
        short_km=build.short_km,
        gaps_split=build.gaps_split,
        gaps_flagged=build.gaps_flagged,
    )


def _states(states: Mapping[str, Mapping[str, Any]] | None) -> dict[str, VehicleState]:
    return {v: VehicleState.from_dict(dict(s)) for v, s in (states or {}).items()}


def _batch_end(frame: pl.DataFrame, time_column: str) -> dict[str, datetime]:
    if frame.height == 0:
        return {}
    last = frame.group_by("vehicle_id").agg(pl.col(time_column).max())
    return dict(
        zip(last["vehicle_id"].to_list(), last[time_column].to_list(), strict=True)
    )


def ingest_points(
    points: pl.DataFrame,
    locations: Sequence[Location],
    vehicle_homes: Mapping[str, str | None],
    states: Mapping[str, Mapping[str, Any]] | None = None,
    settings: GpsSettings | None = None,
) -> IngestResult:
    """Clean points, split them into trips and build roundtrips (``POINT_SCHEMA``)."""
    settings = settings or GpsSettings()
    old = _states(states)
    cursors = {v: s.last_time for v, s in old.items() if s.last_time is not None}
    cleaned, report, arrays = clean_point_arrays(
        points, settings.max_speed_kmh, cursors
    )
    trips, odometer = split_trips(cleaned, settings, arrays)
    # each vehicle's points are together and in time order: its first point
    # starts the batch, its last ends it and is where it stands
    heads = np.flatnonzero(~arrays.same) if arrays is not None else np.zeros(0, int)
    tails = np.r_[heads[1:] - 1, cleaned.height - 1] if heads.size else heads
    vids = cleaned["vehicle_id"].gather(heads).to_list()
    times = cleaned["time"]
    lats = cleaned["lat"].gather(tails).to_list()
    lons = cleaned["lon"].gather(tails).to_list()
    build = build_roundtrips(
        trips,
        locations,
        vehicle_homes,
        old,
        settings,
        dict(zip(vids, times.gather(tails).to_list(), strict=True)),
        batch_start=dict(zip(vids, times.gather(heads).to_list(), strict=True)),
        last_positions={
            v: (lat, lon) for v, lat, lon in zip(vids, lats, lons, strict=True)
        },
    )
    return _result(build, trips.height, report, odometer)


def ingest_trips(
    trips: pl.DataFrame,
    locations: Sequence[Location],
    vehicle_homes: Mapping[str, str | None],
    states: Mapping[str, Mapping[str, Any]] | None = None,
    settings: GpsSettings | None = None,
) -> IngestResult:
    """Build roundtrips from a trip log (``TRIP_SCHEMA``); trips ending at or before
    a vehicle's cursor were ingested before and are skipped."""
    settings = settings or GpsSettings()
    old = _states(states)
    cursors = {v: s.last_time for v, s in old.items() if s.last_time is not None}
    if cursors:
        cursor_frame = pl.DataFrame(
            {"vehicle_id": list(cursors), "_cursor": list(cursors.values())},
            schema={"vehicle_id": pl.Utf8, "_cursor": pl.Datetime("us")},
        )
        trips = (
            trips.join(cursor_frame, on="vehicle_id", how="left")
            .filter(
                pl.col("_cursor").is_null() | (pl.col("end_time") > pl.col("_cursor"))
            )
            .drop("_cursor")
        )
    trips = trips.unique(subset=["vehicle_id", "start_time"], keep="first")
    build = build_roundtrips(
        trips, locations, vehicle_homes, old, settings, _batch_end(trips, "end_time")
    )
    return _result(build, trips.height)
