"""Checks across the rows of neutral-format tables and against the database:
fuel vs vehicle type, known ids, plausible km and times, overlapping roundtrips.

``validation.validate_tables`` runs them on the rows ``tabular.parse_rows``
read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from fleetplan.domain import ALLOWED_FUELS
from fleetplan.ingest.tabular import Problem, ProblemReport, Row

MAX_TRIP_KM = 2000.0
MAX_SPEED_KMH = 200.0
_MIN_DURATION_H = 1.0 / 60.0  # speeds are computed over at least one minute


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
