"""Validate neutral-format tables row by row and build a ``Dataset`` from them.

Every problem is collected (nothing stops at the first one) as a ``Problem`` naming
file, row (as in the file: the header is row 1), column and what to do. Errors block
an import; warnings (overlapping roundtrips of one vehicle, which real GPS data has,
e.g. the OS2 fixtures) are reported and block only a strict import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fleetplan.domain import (
    ALLOWED_FUELS,
    Dataset,
    Location,
    ParkingPoint,
    Roundtrip,
    Segment,
    Vehicle,
)
from fleetplan.ingest.register_checks import check_register_rows, register_tables
from fleetplan.ingest.tabular import (
    LOCATION_COLUMNS,
    ROUNDTRIP_COLUMNS,
    VEHICLE_COLUMNS,
    VEHICLE_OPTIONAL_COLUMNS,
    Problem,
    ProblemReport,
    RawTable,
    Row,
    TabularInput,
    parse_rows,
)

MAX_TRIP_KM = 2000.0
MAX_SPEED_KMH = 200.0
_MIN_DURATION_H = 1.0 / 60.0  # speeds are computed over at least one minute

REQUIRED_TABLES = ("locations", "vehicles")
_VEHICLE_FIELDS = (*VEHICLE_COLUMNS, *VEHICLE_OPTIONAL_COLUMNS)


@dataclass(frozen=True, slots=True)
class StoredTrip:
    roundtrip_id: str
    vehicle_id: str
    start_time: datetime
    end_time: datetime


@dataclass(frozen=True, slots=True)
class StoreContext:
    """What the target database already holds, for the cross-checks."""

    location_ids: frozenset[str] = frozenset()
    vehicle_ids: frozenset[str] = frozenset()
    roundtrips: Sequence[StoredTrip] = ()


class ProblemsBySeverity:
    """``errors`` (blocking) and ``warnings`` of a result that has ``problems``."""

    __slots__ = ()
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


@dataclass(frozen=True, slots=True)
class ValidationResult(ProblemsBySeverity):
    """The dataset (None when there is any error) and every problem found."""

    dataset: Dataset | None
    problems: tuple[Problem, ...] = ()


# ---------------------------------------------------------------- cross-checks


def _unknown(report: ProblemReport, row: Row, column: str, table: str) -> None:
    report.add(
        row["_row"], column, "unknown_id", column=column, value=row[column], table=table
    )


def _check_location(row: Row, report: ProblemReport) -> None:
    lat, lon = row["lat"], row["lon"]
    if (lat is None) != (lon is None):
        column = "lon" if lon is None else "lat"
        report.add(row["_row"], column, "lat_lon_pair")
    if lat is not None and not -90 <= lat <= 90:
        report.add(row["_row"], "lat", "lat_range", value=lat)
    if lon is not None and not -180 <= lon <= 180:
        report.add(row["_row"], "lon", "lon_range", value=lon)


def _check_vehicle(row: Row, report: ProblemReport, location_ids: set[str]) -> None:
    vtype, fuel = row["vehicle_type"], row["fuel"]
    allowed = ALLOWED_FUELS[vtype]
    if fuel not in allowed:
        names = " or ".join(sorted(f.value for f in allowed))
        report.add(
            row["_row"],
            "fuel",
            "fuel_mismatch",
            fuel=fuel.value,
            type=vtype.value,
            allowed=names,
        )
    start, end = row["lease_start"], row["lease_end"]
    if start is not None and end is not None and end < start:
        report.add(row["_row"], "lease_end", "lease_order", end=end, start=start)
    if row["location_id"] is not None and row["location_id"] not in location_ids:
        _unknown(report, row, "location_id", "locations")


def _check_interval(row: Row, report: ProblemReport) -> bool:
    """End not before start, km not negative or absurd, speed plausible."""
    start, end, km = row["start_time"], row["end_time"], row["distance_km"]
    if end < start:
        report.add(
            row["_row"],
            "end_time",
            "end_before_start",
            end=end.isoformat(),
            start=start.isoformat(),
        )
        return False
    if km < 0:
        report.add(row["_row"], "distance_km", "km_negative", km=km)
        return False
    if km > MAX_TRIP_KM:
        report.add(
            row["_row"], "distance_km", "km_too_long", km=km, max=f"{MAX_TRIP_KM:.0f}"
        )
        return False
    hours = max((end - start).total_seconds() / 3600.0, _MIN_DURATION_H)
    if km / hours > MAX_SPEED_KMH:
        report.add(
            row["_row"],
            "distance_km",
            "too_fast",
            km=km,
            minutes=f"{hours * 60:.0f}",
            speed=f"{km / hours:.0f}",
            max=f"{MAX_SPEED_KMH:.0f}",
        )
        return False
    return True


def _trip_name(item: tuple[datetime, datetime, str, int | None]) -> str:
    return f"'{item[2]}'" + (" (in the database)" if item[3] is None else "")


def _check_overlaps(
    trips: list[Row], report: ProblemReport, context: StoreContext
) -> None:
    """Warn about roundtrips of one vehicle that overlap in time (file or database)."""
    in_file = {r["roundtrip_id"] for r in trips}
    by_vehicle: dict[str, list[tuple[datetime, datetime, str, int | None]]]
    by_vehicle = defaultdict(list)
    for r in trips:
        by_vehicle[r["vehicle_id"]].append(
            (r["start_time"], r["end_time"], r["roundtrip_id"], r["_row"])
        )
    for s in context.roundtrips:
        if s.vehicle_id in by_vehicle and s.roundtrip_id not in in_file:
            by_vehicle[s.vehicle_id].append(
                (s.start_time, s.end_time, s.roundtrip_id, None)
            )
    for vehicle_id, items in by_vehicle.items():
        items.sort(key=lambda item: (item[0], item[1], item[2]))
        latest = items[0]
        for item in items[1:]:
            if item[0] < latest[1] and (item[3] is not None or latest[3] is not None):
                row = item[3] if item[3] is not None else latest[3]
                stored = [i[2] for i in (item, latest) if i[3] is None]
                report.warn(
                    row,
                    "start_time",
                    "overlap",
                    trip=item[2],
                    trip_text=_trip_name(item),
                    other=latest[2],
                    other_text=_trip_name(latest),
                    vehicle=vehicle_id,
                    start=item[0].isoformat(),
                    end=latest[1].isoformat(),
                    stored=stored[0] if stored else "",
                )
            if item[1] > latest[1]:
                latest = item


def _raw_ids(table: RawTable | None, key: str) -> frozenset[str]:
    """Every non-empty ``key`` cell of a table, whatever else is wrong in its row."""
    header = [h.strip() for h in table.header] if table is not None else []
    if table is None or key not in header:
        return frozenset()
    index = header.index(key)
    return frozenset(
        cells[index].strip()
        for _, cells in table.rows
        if len(cells) > index and cells[index].strip()
    )


def check_links(
    rows: Mapping[str, list[Row]],
    labels: Mapping[str, str],
    context: StoreContext,
    problems: list[Problem],
    roundtrip_ids: frozenset[str] = frozenset(),
) -> None:
    """Checks across rows and tables: fuel vs type, known ids, km, times, overlaps.

    ``roundtrip_ids`` are ids of roundtrip rows that failed their own checks;
    their segments are not reported again.
    """

    def report(stem: str) -> ProblemReport:
        return ProblemReport(labels.get(stem, f"{stem}.csv"), problems)

    location_ids = {r["location_id"] for r in rows.get("locations", ())}
    location_ids |= context.location_ids
    vehicle_ids = {r["vehicle_id"] for r in rows.get("vehicles", ())}
    vehicle_ids |= context.vehicle_ids
    for row in rows.get("locations", []):
        _check_location(row, report("locations"))
    for row in rows.get("parking_points", []):
        if row["location_id"] not in location_ids:
            _unknown(report("parking_points"), row, "location_id", "locations")
        if row["lat"] is None or row["lon"] is None:
            report("parking_points").add(row["_row"], "lat", "lat_lon_needed")
    for row in rows.get("vehicles", []):
        _check_vehicle(row, report("vehicles"), location_ids)
    trips = []
    for row in rows.get("roundtrips", []):
        if row["vehicle_id"] not in vehicle_ids:
            _unknown(report("roundtrips"), row, "vehicle_id", "vehicles")
        if row["location_id"] not in location_ids:
            _unknown(report("roundtrips"), row, "location_id", "locations")
        if _check_interval(row, report("roundtrips")):
            trips.append(row)
    _check_overlaps(trips, report("roundtrips"), context)
    by_id = {r["roundtrip_id"]: r for r in rows.get("roundtrips", [])}
    for row in rows.get("segments", []):
        trip = by_id.get(row["roundtrip_id"])
        if trip is None and row["roundtrip_id"] in roundtrip_ids:
            continue  # the roundtrip row itself is reported
        if trip is None:
            report("segments").add(
                row["_row"], "roundtrip_id", "segment_orphan", value=row["roundtrip_id"]
            )
        elif _check_interval(row, report("segments")) and (
            row["start_time"] < trip["start_time"] or row["end_time"] > trip["end_time"]
        ):
            report("segments").add(
                row["_row"],
                "start_time",
                "segment_outside",
                start=row["start_time"].isoformat(),
                end=row["end_time"].isoformat(),
                trip=trip["roundtrip_id"],
                trip_start=trip["start_time"].isoformat(),
                trip_end=trip["end_time"].isoformat(),
            )


# ---------------------------------------------------------------- dataset


def _segment_key(segment: Segment) -> tuple[datetime, datetime, float]:
    return (segment.start_time, segment.end_time, segment.distance_km)


def build_dataset(
    rows: Mapping[str, list[Row]],
    labels: Mapping[str, str],
    meta: Mapping[str, Any],
    problems: list[Problem],
) -> Dataset:
    """Domain objects from checked rows (a domain ``ValueError`` becomes a problem)."""
    points: dict[str, list[ParkingPoint]] = defaultdict(list)
    segments: dict[str, list[Segment]] = defaultdict(list)

    def make(stem: str, build: Callable[[Row], Any]) -> list[Any]:
        out = []
        for row in rows.get(stem, []):
            try:
                out.append(build(row))
            except ValueError as exc:
                ProblemReport(labels[stem], problems).add(
                    row["_row"], None, "invalid_row", detail=exc
                )
        return out

    for point in make(
        "parking_points",
        lambda r: (r["location_id"], ParkingPoint(r["lat"], r["lon"], r["name"])),
    ):
        points[point[0]].append(point[1])
    for rt_id, segment in make(
        "segments",
        lambda r: (
            r["roundtrip_id"],
            Segment(r["start_time"], r["end_time"], r["distance_km"]),
        ),
    ):
        segments[rt_id].append(segment)
    locations = make(
        "locations",
        lambda r: Location(
            **{k: r[k] for k in LOCATION_COLUMNS},
            parking_points=tuple(points.get(r["location_id"], ())),
        ),
    )
    vehicles = make(
        "vehicles",
        lambda r: Vehicle(
            **{k: r.get(k) for k in _VEHICLE_FIELDS if k != "is_candidate"},
            is_candidate=bool(r["is_candidate"]),
        ),
    )
    roundtrips = make(
        "roundtrips",
        lambda r: Roundtrip(
            **{k: r[k] for k in ROUNDTRIP_COLUMNS},
            segments=tuple(
                sorted(segments.get(r["roundtrip_id"], ()), key=_segment_key)
            ),
        ),
    )
    roundtrips.sort(key=lambda r: (r.start_time, r.roundtrip_id))
    return Dataset(tuple(locations), tuple(vehicles), tuple(roundtrips), dict(meta))


def validate_tables(
    tables: Mapping[str, RawTable],
    *,
    meta: Mapping[str, Any] | None = None,
    context: StoreContext | None = None,
    problems: Sequence[Problem] = (),
) -> ValidationResult:
    """Check every table and its links (to each other and to ``context``).

    ``tables`` maps a file stem (``vehicles``) to its cells; ``problems`` are
    earlier ones (from reading the files). The dataset is built only when there is
    no error at all.
    """
    found = list(problems)
    for stem in REQUIRED_TABLES:
        if stem not in tables and not any(stem in p.file for p in found):
            ProblemReport(f"{stem}.csv", found).add(
                None, None, "table_missing", table=stem
            )
    tables = register_tables(tables, found)
    rows = {stem: parse_rows(table, stem, found) for stem, table in tables.items()}
    labels = {stem: table.label for stem, table in tables.items()}
    # ids of rows that have other problems still count as present, so that one
    # bad cell does not also make every reference to its row an error
    ctx = context or StoreContext()
    ctx = StoreContext(
        ctx.location_ids | _raw_ids(tables.get("locations"), "location_id"),
        ctx.vehicle_ids | _raw_ids(tables.get("vehicles"), "vehicle_id"),
        ctx.roundtrips,
    )
    trip_ids = _raw_ids(tables.get("roundtrips"), "roundtrip_id")
    check_links(rows, labels, ctx, found, trip_ids)
    # every problem of the file in one dry run: the rules of the form and the
    # API (ranges), and the references of rows left out for a bad cell
    check_register_rows(tables, rows, ctx.location_ids, found)
    if any(p.severity == "error" for p in found):
        return ValidationResult(None, tuple(found))
    dataset = build_dataset(rows, labels, meta or {}, found)
    if any(p.severity == "error" for p in found):
        return ValidationResult(None, tuple(found))
    return ValidationResult(dataset, tuple(found))


def validate_input(
    found: TabularInput, context: StoreContext | None = None
) -> ValidationResult:
    """Validate what ``tabular.read_tables`` found, including its reading problems."""
    return validate_tables(
        found.tables,
        meta=found.meta,
        context=context,
        problems=[
            Problem(p.file, p.row, p.column, p.message, code=p.code, params=p.params)
            for p in found.problems
        ],
    )
