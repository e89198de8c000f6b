"""What an ingest run reports: counts of dropped points, odometer units, km per
home and the run's result. Plain dataclasses without NumPy or polars, so the
store and the run summary (and a header-only file's run) can use them cheaply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fleetplan.domain import Roundtrip
from fleetplan.ingest.gps.state import VehicleState


@dataclass(frozen=True, slots=True)
class CleanReport:
    """How many points each rule dropped (counts only, never positions)."""

    input_points: int
    invalid_position: int
    before_cursor: int
    duplicate: int
    speed_jump: int
    kept_points: int
    missing_vehicle: int = 0
    missing_time: int = 0

    @property
    def dropped(self) -> dict[str, int]:
        """Dropped points by reason (only reasons that dropped any)."""
        reasons = {
            "missing_vehicle": self.missing_vehicle,
            "missing_time": self.missing_time,
            "invalid_position": self.invalid_position,
            "before_cursor": self.before_cursor,
            "duplicate": self.duplicate,
            "speed_jump": self.speed_jump,
        }
        return {k: v for k, v in reasons.items() if v}


@dataclass(frozen=True, slots=True)
class OdometerReport:
    """Vehicles per detected unit and trips that fell back to GPS, by reason."""

    units: dict[str, int] = field(default_factory=dict)
    fallback: dict[str, int] = field(default_factory=dict)
    odometer_trips: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "units": dict(self.units),
            "fallback_trips": dict(self.fallback),
            "odometer_trips": self.odometer_trips,
        }


@dataclass(frozen=True, slots=True)
class KmTally:
    """Km of one vehicle at one home location, by how their roundtrip ended."""

    vehicle_id: str
    location_id: str | None
    complete_km: float
    incomplete_km: float
    open_km: float

    @property
    def precision(self) -> float | None:
        """Share of decided km (complete + incomplete) in complete roundtrips."""
        decided = self.complete_km + self.incomplete_km
        return None if decided <= 0 else self.complete_km / decided


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one ingest run produced.

    ``states`` maps vehicle id to the JSON-able state to hand to the next run.
    """

    roundtrips: tuple[Roundtrip, ...]
    states: dict[str, dict[str, Any]]
    tallies: tuple[KmTally, ...]
    trips: int
    clean: CleanReport | None = None
    vehicles: tuple[str, ...] = field(default_factory=tuple)
    odometer: OdometerReport = field(default_factory=OdometerReport)
    short: int = 0
    short_km: float = 0.0
    gaps_split: int = 0
    gaps_flagged: int = 0

    @property
    def complete_km(self) -> float:
        return sum(t.complete_km for t in self.tallies)

    @property
    def incomplete_km(self) -> float:
        return sum(t.incomplete_km for t in self.tallies)


def vehicle_tallies(
    vehicle_id: str,
    st: VehicleState,
    complete: Mapping[str | None, float],
    incomplete: Mapping[str | None, float],
) -> list[KmTally]:
    """One vehicle's km per home location at the end of a batch (its home and
    the open roundtrip's location always have a tally, maybe of 0 km)."""
    open_loc = st.open.location_id if st.open is not None else None
    open_km = st.open.distance_km if st.open is not None else 0.0
    locs = set(complete) | set(incomplete) | {st.home_id} | {open_loc}
    return [
        KmTally(
            vehicle_id=vehicle_id,
            location_id=loc,
            complete_km=complete.get(loc, 0.0),
            incomplete_km=incomplete.get(loc, 0.0),
            open_km=open_km if loc == open_loc else 0.0,
        )
        for loc in sorted(locs - {None} or {None}, key=str)
    ]
