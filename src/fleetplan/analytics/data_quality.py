"""Data quality: findings a fleet manager should check before trusting the analyses.

Checks (each finding names the vehicle, location or roundtrip and what to do). The
vehicle checks reuse ``fleetplan.domain.status``: lease ended (before ``today``) but
still driving after its end; inactive (no roundtrips in the last ``inactive_days`` of
the data: a possible GPS fault); location changed (most recent roundtrips start at
another location than the registered one); missing metadata; trips of vehicles not
in the register; implausible roundtrips (average speed above ``max_avg_kmh``, longer
than ``max_trip_km``, zero duration with km, overlapping roundtrips of one vehicle); and
precision per location when such figures are given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from fleetplan.domain import Location, Roundtrip, Vehicle
from fleetplan.domain.status import VehicleStatus, vehicle_status
from fleetplan.domain.status import missing_fields as status_missing_fields


class FindingKind(StrEnum):
    LEASE_ENDED = "lease_ended_still_driving"
    INACTIVE = "inactive"
    LOCATION_CHANGED = "location_changed"
    MISSING_METADATA = "missing_metadata"
    UNKNOWN_VEHICLE = "unknown_vehicle"
    TOO_FAST = "implausible_speed"
    TOO_LONG = "implausible_distance"
    ZERO_DURATION = "zero_duration_with_km"
    OVERLAP = "overlapping_roundtrips"
    LOW_PRECISION = "low_precision"


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    message: str
    vehicle_id: str | None = None
    location_id: str | None = None
    roundtrip_id: str | None = None
    value: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "vehicle_id": self.vehicle_id,
            "location_id": self.location_id,
            "roundtrip_id": self.roundtrip_id,
            "value": self.value,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class DataQualityReport:
    findings: tuple[Finding, ...]

    def of_kind(self, kind: FindingKind) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == kind)

    def counts(self) -> dict[str, int]:
        counts = Counter(str(f.kind) for f in self.findings)
        return {str(kind): counts.get(str(kind), 0) for kind in FindingKind}

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        return {"data_quality": [f.to_dict() for f in self.findings]}


def missing_fields(vehicle: Vehicle) -> tuple[str, ...]:
    """The register fields the engines need (``domain.status``) plus the
    organisation fields the analyses group by."""
    extra = tuple(
        name for name in ("department", "administration") if not getattr(vehicle, name)
    )
    return status_missing_fields(vehicle) + extra


def _vehicle_checks(
    vehicle: Vehicle,
    trips: Sequence[Roundtrip],
    *,
    today: date,
    data_end: datetime | None,
    inactive_days: int,
) -> list[Finding]:
    """Findings from the vehicle status of ``fleetplan.domain.status``."""
    vid = vehicle.vehicle_id
    status = vehicle_status(
        vehicle, trips, today=today, data_end=data_end, inactive_days=inactive_days
    )
    out: list[Finding] = []
    lease_end = vehicle.lease_end
    lease_ended = status.has(VehicleStatus.LEASE_ENDED) and lease_end is not None
    if lease_ended and lease_end is not None:
        after = [t for t in trips if t.start_time.date() > lease_end]
        if after:
            out.append(
                Finding(
                    FindingKind.LEASE_ENDED,
                    f"Vehicle {vid}: lease ended {lease_end.isoformat()} "
                    f"but it drove {len(after)} roundtrips after that. Update the "
                    "lease end or return the vehicle.",
                    vehicle_id=vid,
                    value=float(len(after)),
                )
            )
    if status.has(VehicleStatus.INACTIVE) and not lease_ended:
        last = status.last_trip_end
        since = "has no roundtrips" if last is None else f"last drove {last:%Y-%m-%d}"
        out.append(
            Finding(
                FindingKind.INACTIVE,
                f"Vehicle {vid} {since} (none in the last {inactive_days} days of "
                "the data): check its GPS unit, or whether it is still needed.",
                vehicle_id=vid,
                value=status.inactive_days,
            )
        )
    if status.has(VehicleStatus.LOCATION_CHANGED):
        usual = status.usual_location_id
        elsewhere = sum(t.location_id != vehicle.location_id for t in trips)
        out.append(
            Finding(
                FindingKind.LOCATION_CHANGED,
                f"Vehicle {vid} is registered at location {vehicle.location_id} "
                f"but its recent roundtrips start at {usual} ({elsewhere} of "
                f"{len(trips)} elsewhere). Update its home location.",
                vehicle_id=vid,
                location_id=usual,
                value=elsewhere / len(trips),
            )
        )
    missing = missing_fields(vehicle)
    if missing:
        out.append(
            Finding(
                FindingKind.MISSING_METADATA,
                f"Vehicle {vid} lacks {', '.join(missing)}: fill them in the vehicle "
                "register.",
                vehicle_id=vid,
            )
        )
    return out


def _trip_checks(
    trips: Sequence[Roundtrip], max_avg_kmh: float, max_trip_km: float
) -> list[Finding]:
    out: list[Finding] = []
    for t in trips:
        hours = t.duration_h
        if hours == 0 and t.distance_km > 0:
            out.append(
                Finding(
                    FindingKind.ZERO_DURATION,
                    f"Roundtrip {t.roundtrip_id} (vehicle {t.vehicle_id}) has "
                    f"{t.distance_km:g} km in zero time: check the GPS data.",
                    t.vehicle_id,
                    t.location_id,
                    t.roundtrip_id,
                    t.distance_km,
                )
            )
        elif hours > 0 and t.distance_km / hours > max_avg_kmh:
            out.append(
                Finding(
                    FindingKind.TOO_FAST,
                    f"Roundtrip {t.roundtrip_id} (vehicle {t.vehicle_id}) averages "
                    f"{t.distance_km / hours:.0f} km/h (over {max_avg_kmh:g}): check "
                    "the GPS data.",
                    t.vehicle_id,
                    t.location_id,
                    t.roundtrip_id,
                    t.distance_km / hours,
                )
            )
        if t.distance_km > max_trip_km:
            out.append(
                Finding(
                    FindingKind.TOO_LONG,
                    f"Roundtrip {t.roundtrip_id} (vehicle {t.vehicle_id}) is "
                    f"{t.distance_km:g} km (over {max_trip_km:g}): check the GPS data.",
                    t.vehicle_id,
                    t.location_id,
                    t.roundtrip_id,
                    t.distance_km,
                )
            )
    by_vehicle: dict[str, list[Roundtrip]] = {}
    for t in trips:
        by_vehicle.setdefault(t.vehicle_id, []).append(t)
    for vid, own in by_vehicle.items():
        own.sort(key=lambda t: t.start_time)
        latest = own[0]
        for t in own[1:]:
            if t.start_time < latest.end_time:
                out.append(
                    Finding(
                        FindingKind.OVERLAP,
                        f"Vehicle {vid}: roundtrip {t.roundtrip_id} starts before "
                        f"roundtrip {latest.roundtrip_id} ends: check the trip data.",
                        vid,
                        t.location_id,
                        t.roundtrip_id,
                    )
                )
            if t.end_time > latest.end_time:
                latest = t
    return out


def data_quality(
    vehicles: Sequence[Vehicle],
    roundtrips: Sequence[Roundtrip],
    *,
    today: date,
    locations: Sequence[Location] = (),
    inactive_days: int = 14,
    max_avg_kmh: float = 130.0,
    max_trip_km: float = 1_000.0,
    precision_by_location: Mapping[str, float] | None = None,
    min_precision: float = 0.8,
    retired: Collection[str] = (),
) -> DataQualityReport:
    """All findings for the current ``vehicles`` and their ``roundtrips``;
    ``retired`` vehicles (deactivated: in the register, out of today's fleet) are
    not checked, and the trips they drove are not from an unknown vehicle."""
    current = [v for v in vehicles if not v.is_candidate]
    known = {v.vehicle_id for v in current}
    trips_of: dict[str, list[Roundtrip]] = {vid: [] for vid in known}
    unknown: Counter[str] = Counter()
    for t in roundtrips:
        if t.vehicle_id in known:
            trips_of[t.vehicle_id].append(t)
        elif t.vehicle_id not in retired:
            unknown[t.vehicle_id] += 1
    data_end = max((t.end_time for t in roundtrips), default=None)
    findings: list[Finding] = []
    for vehicle in current:
        findings += _vehicle_checks(
            vehicle,
            trips_of[vehicle.vehicle_id],
            today=today,
            data_end=data_end,
            inactive_days=inactive_days,
        )
    for vid, count in sorted(unknown.items()):
        findings.append(
            Finding(
                FindingKind.UNKNOWN_VEHICLE,
                f"Vehicle {vid} drove {count} roundtrips but is not in the vehicle "
                "register: add it.",
                vehicle_id=vid,
                value=float(count),
            )
        )
    for loc in locations:
        if loc.lat is None:
            findings.append(
                Finding(
                    FindingKind.MISSING_METADATA,
                    f"Location {loc.location_id} has no position (lat/lon): set it "
                    "before GPS data is ingested.",
                    location_id=loc.location_id,
                )
            )
    findings += _trip_checks(roundtrips, max_avg_kmh, max_trip_km)
    for loc_id, precision in sorted((precision_by_location or {}).items()):
        if precision < min_precision:
            findings.append(
                Finding(
                    FindingKind.LOW_PRECISION,
                    f"Location {loc_id}: only {precision:.0%} of the driven km fall "
                    f"in roundtrips (under {min_precision:.0%}): check its parking "
                    "points.",
                    location_id=loc_id,
                    value=precision,
                )
            )
    return DataQualityReport(findings=tuple(findings))
