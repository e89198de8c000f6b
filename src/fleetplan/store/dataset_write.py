"""Write the fleet dataset: bulk upserts by id, clearing, and the retention purge.

Saving the same data again changes nothing. A roundtrip is saved whole: its
stored segments are replaced by the ones it carries.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.orm import Session

from fleetplan.domain import Dataset
from fleetplan.store.data_version import bump_in
from fleetplan.store.dataset_rows import chunks, upsert, vehicle_row
from fleetplan.store.scoped import resolve_organisation, run
from fleetplan.store.tables import (
    DATASET_TABLES,
    DatasetMetaRow,
    LocationRow,
    ParkingPointRow,
    RoundtripRow,
    SegmentRow,
    VehicleRow,
)


def write_dataset(connection: Connection, dataset: Dataset) -> None:
    """Upsert every object of ``dataset`` on an open connection (no commit);
    the data version moves in the same transaction (every process's cached
    copy is then old)."""
    bump_in(connection)
    locations = [
        {c: getattr(loc, c) for c in ("location_id", "name", "address", "lat", "lon")}
        for loc in dataset.locations
    ]
    upsert(connection, LocationRow.__table__, locations)
    location_ids = [loc.location_id for loc in dataset.locations]
    for chunk in chunks(location_ids):
        run(
            connection,
            delete(ParkingPointRow).where(ParkingPointRow.location_id.in_(chunk)),
        )
    points = [
        {"location_id": loc.location_id, "position": i, "name": p.name}
        | {"lat": p.lat, "lon": p.lon}
        for loc in dataset.locations
        for i, p in enumerate(loc.parking_points)
    ]
    if points:
        connection.execute(ParkingPointRow.__table__.insert(), points)
    upsert(connection, VehicleRow.__table__, [vehicle_row(v) for v in dataset.vehicles])
    trips = [
        {
            "roundtrip_id": r.roundtrip_id,
            "vehicle_id": r.vehicle_id,
            "location_id": r.location_id,
            "start_time": r.start_time,
            "end_time": r.end_time,
            "distance_km": r.distance_km,
        }
        for r in dataset.roundtrips
    ]
    upsert(connection, RoundtripRow.__table__, trips)
    for chunk in chunks([r.roundtrip_id for r in dataset.roundtrips]):
        run(connection, delete(SegmentRow).where(SegmentRow.roundtrip_id.in_(chunk)))
    segments = [
        {
            "roundtrip_id": r.roundtrip_id,
            "position": i,
            "start_time": s.start_time,
            "end_time": s.end_time,
            "distance_km": s.distance_km,
        }
        for r in dataset.roundtrips
        for i, s in enumerate(r.segments)
    ]
    for chunk in chunks(segments, 5000):
        connection.execute(SegmentRow.__table__.insert(), list(chunk))
    if dataset.meta:
        upsert(
            connection,
            DatasetMetaRow.__table__,
            # one meta row per organisation, whose id it shares (revision 0011)
            [{"id": resolve_organisation(connection), "meta": dict(dataset.meta)}],
        )


def meta_row(session: Session) -> DatasetMetaRow:
    """The organisation's dataset meta row, added (empty) when it has none; its
    id is the organisation's (revision 0011)."""
    row = session.scalars(select(DatasetMetaRow)).first()
    if row is None:
        row = DatasetMetaRow(id=resolve_organisation(session.connection()), meta={})
        session.add(row)
    return row


def clear_dataset(connection: Connection) -> None:
    """Delete the whole dataset (and shift sets); factor sets and scenarios stay."""
    for row_class in DATASET_TABLES:
        run(connection, delete(row_class))


def save_dataset(engine: Engine, dataset: Dataset, *, replace: bool = False) -> None:
    """Upsert ``dataset`` by id in one transaction; ``replace`` clears the old first."""
    with engine.begin() as connection:
        if replace:
            clear_dataset(connection)
        write_dataset(connection, dataset)


def purge_roundtrips(engine: Engine, *, ended_before: datetime) -> int:
    """Delete roundtrips (with their segments) that ended before the cut-off
    (the retention rule); returns how many roundtrips went."""
    with engine.begin() as connection:
        old = select(RoundtripRow.roundtrip_id).where(
            RoundtripRow.end_time < ended_before
        )
        run(connection, delete(SegmentRow).where(SegmentRow.roundtrip_id.in_(old)))
        result = run(
            connection, delete(RoundtripRow).where(RoundtripRow.end_time < ended_before)
        )
        bump_in(connection)
        return int(result.rowcount or 0)
