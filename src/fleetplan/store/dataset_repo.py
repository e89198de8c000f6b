"""Save and load the fleet dataset (locations, vehicles, roundtrips, segments, meta).

Writes are bulk upserts by id (``INSERT ... ON CONFLICT DO UPDATE``), so saving the
same data again changes nothing. A roundtrip is saved whole: its stored segments are
replaced by the ones it carries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from fleetplan.domain import (
    Dataset,
    Fuel,
    LeaseType,
    Location,
    ParkingPoint,
    Period,
    Roundtrip,
    Segment,
    Vehicle,
    VehicleCategory,
    VehicleType,
)
from fleetplan.store.data_version import bump_in
from fleetplan.store.scoped import resolve_organisation, run, unscoped
from fleetplan.store.tables import (
    DATASET_TABLES,
    DatasetMetaRow,
    LocationRow,
    ParkingPointRow,
    RoundtripRow,
    SegmentRow,
    VehicleRow,
)

_CHUNK = 500
_VEHICLE_COLUMNS = tuple(
    c.name for c in VehicleRow.__table__.columns if c.name != "organisation_id"
)
_ENUMS = {
    "vehicle_type": VehicleType,
    "fuel": Fuel,
    "lease_type": LeaseType,
    "category": VehicleCategory,
}


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def natural_key(ident: str) -> tuple[int, int, str]:
    """Sort ids like "2" before "10", numbers before text."""
    return (0, int(ident), ident) if ident.isdigit() else (1, 0, ident)


def upsert(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> None:
    """Insert rows, updating the ones whose primary key already exists."""
    if not rows:
        return
    dialect = connection.dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(table)
    elif dialect == "sqlite":
        stmt = sqlite.insert(table)
    else:
        raise ValueError(f"database dialect {dialect!r} is not supported.")
    keys = [c.name for c in table.primary_key.columns]
    kept = {*keys, "organisation_id"}
    stmt = stmt.on_conflict_do_update(
        index_elements=keys,
        set_={
            c.name: stmt.excluded[c.name] for c in table.columns if c.name not in kept
        },
        # an id another organisation holds is never taken over (write_dataset
        # refuses such ids before it writes: IdTakenError)
        where=table.c.organisation_id == stmt.excluded.organisation_id,
    )
    for chunk in _chunks(rows):
        connection.execute(stmt, list(chunk))


def _vehicle_row(vehicle: Vehicle) -> dict[str, Any]:
    row = {name: getattr(vehicle, name) for name in _VEHICLE_COLUMNS}
    for name in _ENUMS:
        if row[name] is not None:
            row[name] = row[name].value
    return row


class IdTakenError(ValueError):
    """Ids of the dataset that another organisation holds (ids are unique in a
    deployment): nothing is written."""

    def __init__(self, kind: str, ids: Sequence[str]) -> None:
        self.kind = kind
        self.ids = tuple(ids)
        shown = ", ".join(self.ids[:5]) + (" ..." if len(self.ids) > 5 else "")
        super().__init__(
            f"{len(self.ids)} {kind} id(s) are in use in another organisation: "
            f"{shown}. Give them other ids (e.g. with a prefix) and import again."
        )


def _check_ids(connection: Connection, dataset: Dataset) -> None:
    """Refuse ids another organisation holds, before anything is written (an
    upsert would otherwise skip those rows without a word)."""
    org = resolve_organisation(connection)
    wanted = (
        ("location", LocationRow, [x.location_id for x in dataset.locations]),
        ("vehicle", VehicleRow, [v.vehicle_id for v in dataset.vehicles]),
        ("roundtrip", RoundtripRow, [r.roundtrip_id for r in dataset.roundtrips]),
    )
    with unscoped():  # the other organisations' rows: asked by id only
        for kind, row, ids in wanted:
            key = row.__table__.primary_key.columns[0]
            taken = [
                ident
                for chunk in _chunks(ids)
                for ident in connection.execute(
                    select(key).where(key.in_(chunk), row.organisation_id != org)
                ).scalars()
            ]
            if taken:
                raise IdTakenError(kind, sorted(taken, key=natural_key))


def write_dataset(connection: Connection, dataset: Dataset) -> None:
    """Upsert every object of ``dataset`` on an open connection (no commit);
    the data version moves in the same transaction (every process's cached
    copy is then old). Raises ``IdTakenError`` (nothing written) for ids
    another organisation holds."""
    _check_ids(connection, dataset)
    bump_in(connection)
    locations = [
        {c: getattr(loc, c) for c in ("location_id", "name", "address", "lat", "lon")}
        for loc in dataset.locations
    ]
    upsert(connection, LocationRow.__table__, locations)
    location_ids = [loc.location_id for loc in dataset.locations]
    for chunk in _chunks(location_ids):
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
    upsert(
        connection, VehicleRow.__table__, [_vehicle_row(v) for v in dataset.vehicles]
    )
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
    for chunk in _chunks([r.roundtrip_id for r in dataset.roundtrips]):
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
    for chunk in _chunks(segments, 5000):
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


def vehicle_select() -> Any:
    """An ORM select of every vehicle field (the organisation filter applies)."""
    return select(*(getattr(VehicleRow, name) for name in _VEHICLE_COLUMNS))


def _vehicle(row: Any) -> Vehicle:
    values = dict(row._mapping)
    for name, enum in _ENUMS.items():
        if values[name] is not None:
            values[name] = enum(values[name])
    return Vehicle(**values)


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
        vehicles = [_vehicle(row) for row in run(connection, veh_stmt)]
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
        for chunk in _chunks(list(roundtrip_ids)):
            found.update(
                run(
                    connection,
                    select(RoundtripRow.roundtrip_id).where(
                        RoundtripRow.roundtrip_id.in_(chunk)
                    ),
                ).scalars()
            )
    return found


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
