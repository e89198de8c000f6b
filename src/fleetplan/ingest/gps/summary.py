"""The summary every ingest run ends with: what was read, what was dropped and
why, what was built and stored, which vehicles were skipped and why, and the
settings that decided it. Counts, ids, settings and codes only: never a position
or a cell's value, so it can be printed, returned by the API and stored with the
sync status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fleetplan.ingest.gps.results import IngestResult
from fleetplan.ingest.gps.settings import GpsSettings

MAX_SKIPPED_LISTED = 20


@dataclass(slots=True)
class RunSummary:
    """One run of one file or connector; ``to_dict`` is what is shown and stored."""

    source: str
    kind: str = "points"
    time_zone: str = "Europe/Copenhagen"
    rows_read: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    trips: int = 0
    roundtrips_added: int = 0
    roundtrips_updated: int = 0
    short_roundtrips: int = 0
    short_km: float = 0.0
    gaps_split: int = 0
    gaps_flagged: int = 0
    odometer: dict[str, Any] = field(default_factory=dict)
    skipped_vehicles: dict[str, str] = field(default_factory=dict)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] | None = None

    def add_result(self, result: IngestResult) -> None:
        if result.clean is not None:
            for reason, count in result.clean.dropped.items():
                self.dropped[reason] = self.dropped.get(reason, 0) + count
        self.trips += result.trips
        self.short_roundtrips += result.short
        self.short_km += result.short_km
        self.gaps_split += result.gaps_split
        self.gaps_flagged += result.gaps_flagged
        odo = result.odometer
        if odo.odometer_trips:
            units = self.odometer.setdefault("units", {})
            for unit, n in odo.units.items():
                units[unit] = units.get(unit, 0) + n
            fallback = self.odometer.setdefault("fallback_trips", {})
            for reason, n in odo.fallback.items():
                fallback[reason] = fallback.get(reason, 0) + n

    def skip(self, vehicle_ids: list[str], reason: str, rows: int) -> None:
        """Vehicles left out (``not_registered``: not in the register)."""
        for vehicle_id in vehicle_ids:
            self.skipped_vehicles[vehicle_id] = reason
        if rows:
            self.dropped[f"vehicle_{reason}"] = rows

    def describe_settings(self, settings: GpsSettings, radius_source: str) -> None:
        self.settings = {
            "home_radius_m": settings.home_radius_m,
            "home_radius_source": radius_source,
            "location_radius_m": dict(sorted(settings.location_radius_m.items())),
            "min_roundtrip_min": settings.min_roundtrip_min,
            "min_roundtrip_km": settings.min_roundtrip_km,
            "max_gap_h": settings.max_gap_h,
            "gap_action": settings.gap_action,
        }

    def to_dict(self) -> dict[str, Any]:
        skipped = sorted(self.skipped_vehicles.items())
        return {
            "source": self.source,
            "kind": self.kind,
            "time_zone": self.time_zone,
            "rows_read": self.rows_read,
            "dropped": dict(sorted(self.dropped.items())),
            "trips": self.trips,
            "roundtrips_added": self.roundtrips_added,
            "roundtrips_updated": self.roundtrips_updated,
            "short_roundtrips": self.short_roundtrips,
            "short_km": round(self.short_km, 1),
            "gaps_split": self.gaps_split,
            "gaps_flagged": self.gaps_flagged,
            "odometer": self.odometer,
            "vehicles_skipped": len(skipped),
            "skipped_vehicles": [
                {"vehicle_id": v, "reason": r} for v, r in skipped[:MAX_SKIPPED_LISTED]
            ],
            "warnings": self.warnings,
            "settings": self.settings,
            "error": self.error,
        }
