"""Roundtrips (home -> stops -> home) and their driving segments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Segment:
    """One driving leg of a roundtrip; the gaps between legs are stops."""

    start_time: datetime
    end_time: datetime
    distance_km: float

    def __post_init__(self) -> None:
        if self.end_time < self.start_time:
            raise ValueError("segment end_time is before start_time.")
        if self.distance_km < 0:
            raise ValueError(f"distance_km must be >= 0, got {self.distance_km}.")


@dataclass(frozen=True, slots=True)
class Roundtrip:
    """A trip that starts and ends at the vehicle's home location."""

    roundtrip_id: str
    vehicle_id: str
    location_id: str
    start_time: datetime
    end_time: datetime
    distance_km: float
    segments: tuple[Segment, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.end_time < self.start_time:
            raise ValueError(
                f"roundtrip {self.roundtrip_id}: end_time is before start_time."
            )
        if self.distance_km < 0:
            raise ValueError(
                f"roundtrip {self.roundtrip_id}: distance_km must be >= 0."
            )

    @property
    def duration_h(self) -> float:
        return (self.end_time - self.start_time).total_seconds() / 3600.0
