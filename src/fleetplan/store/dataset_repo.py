"""Load the fleet dataset (locations, vehicles, roundtrips, segments, meta) as
domain objects; the writers are in ``dataset_write``, the row helpers in
``dataset_rows`` (re-exported here for the store's callers)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, select

from fleetplan.domain import (
    Dataset,
    Location,
    ParkingPoint,
    Period,
    Roundtrip,
    Segment,
)
from fleetplan.store.dataset_rows import (
    chunks,
    natural_key,
    vehicle_from_row,
    vehicle_select,
)
from fleetplan.store.dataset_rows import upsert as upsert
from fleetplan.store.dataset_rows import vehicle_row as vehicle_row
from fleetplan.store.dataset_write import clear_dataset as clear_dataset
from fleetplan.store.dataset_write import meta_row as meta_row
from fleetplan.store.dataset_write import purge_roundtrips as purge_roundtrips
from fleetplan.store.dataset_write import save_dataset as save_dataset
from fleetplan.store.dataset_write import write_dataset as write_dataset
from fleetplan.store.scoped import run
from fleetplan.store.tables import (
    DatasetMetaRow,
    LocationRow,
    ParkingPointRow,
    RoundtripRow,
    SegmentRow,
    VehicleRow,
)


def _in_period(
    stmt: Any, period: Period | None, location_ids: Sequence[str] | None
) -> Any:
    if period is not None:
        stmt = stmt.where(
            RoundtripRow.start_time >= period.start,
            RoundtripRow.start_time < period.end,
        )
    if location_ids is not None:
        stmt = stmt.where(RoundtripRow.location_id.in_(list(location_ids)))
    return stmt


def _segments(
    connection: Connection, period: Period | None, location_ids: Sequence[str] | None
) -> dict[str, list[Segment]]:
    wanted = _in_period(select(RoundtripRow.roundtrip_id), period, location_ids)
    stmt = select(
        SegmentRow.roundtrip_id,
        SegmentRow.start_time,
        SegmentRow.end_time,
        SegmentRow.distance_km,
    ).order_by(SegmentRow.roundtrip_id, SegmentRow.position)
    if period is not None or location_ids is not None:
        stmt = stmt.where(SegmentRow.roundtrip_id.in_(wanted))
    out: dict[str, list[Segment]] = defaultdict(list)
    for rt_id, start, end, km in run(connection, stmt):
        out[rt_id].append(Segment(start, end, km))
    return out


def load_dataset(
    engine: Engine,
    *,
    period: Period | None = None,
    location_ids: Sequence[str] | None = None,
    with_segments: bool = True,
) -> Dataset:
    """The stored dataset as domain objects.

    ``period`` keeps the roundtrips that start in [start, end); ``location_ids``
    keeps those locations, their vehicles and roundtrips, and every candidate.
    Locations and vehicles come in id order ("2" before "10"); roundtrips by start.
    ``with_segments=False`` skips the segments (faster when only trips matter).
    """
    with engine.connect() as connection:
        points: dict[str, list[ParkingPoint]] = defaultdict(list)
        for loc_id, name, lat, lon in run(
            connection,
            select(
                ParkingPointRow.location_id,
                ParkingPointRow.name,
                ParkingPointRow.lat,
                ParkingPointRow.lon,
            ).order_by(ParkingPointRow.location_id, ParkingPointRow.position),
        ):
            points[loc_id].append(ParkingPoint(lat, lon, name))
        loc_stmt = select(
            LocationRow.location_id,
            LocationRow.name,
            LocationRow.address,
            LocationRow.lat,
            LocationRow.lon,
        )
        veh_stmt = vehicle_select()
        if location_ids is not None:
            ids = list(location_ids)
            loc_stmt = loc_stmt.where(LocationRow.location_id.in_(ids))
            veh_stmt = veh_stmt.where(
                VehicleRow.location_id.in_(ids) | VehicleRow.is_candidate
            )
        locations = [
            Location(loc_id, name, address, lat, lon, tuple(points.get(loc_id, ())))
            for loc_id, name, address, lat, lon in run(connection, loc_stmt)
        ]
        vehicles = [vehicle_from_row(row) for row in run(connection, veh_stmt)]
        segments = _segments(connection, period, location_ids) if with_segments else {}
        trip_stmt = _in_period(
            select(
                RoundtripRow.roundtrip_id,
                RoundtripRow.vehicle_id,
                RoundtripRow.location_id,
                RoundtripRow.start_time,
                RoundtripRow.end_time,
                RoundtripRow.distance_km,
            ),
            period,
            location_ids,
        )
        trips = [
            Roundtrip(
                rt_id,
                vehicle_id,
                loc_id,
                start,
                end,
                km,
                tuple(segments.get(rt_id, ())),
            )
            for rt_id, vehicle_id, loc_id, start, end, km in run(
                connection,
                trip_stmt.order_by(RoundtripRow.start_time, RoundtripRow.roundtrip_id),
            )
        ]
        meta = run(connection, select(DatasetMetaRow.meta)).scalar()
    locations.sort(key=lambda loc: natural_key(loc.location_id))
    vehicles.sort(key=lambda v: natural_key(v.vehicle_id))
    return Dataset(tuple(locations), tuple(vehicles), tuple(trips), meta or {})


def known_roundtrip_ids(engine: Engine, roundtrip_ids: Sequence[str]) -> set[str]:
    """Which of ``roundtrip_ids`` are already stored."""
    found: set[str] = set()
    with engine.connect() as connection:
        for chunk in chunks(list(roundtrip_ids)):
            found.update(
                run(
                    connection,
                    select(RoundtripRow.roundtrip_id).where(
                        RoundtripRow.roundtrip_id.in_(chunk)
                    ),
                ).scalars()
            )
    return found
