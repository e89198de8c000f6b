"""A fleet dataset: everything one folder of the neutral format holds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fleetplan.domain.location import Location
from fleetplan.domain.roundtrip import Roundtrip
from fleetplan.domain.vehicle import Vehicle


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open time window [start, end)."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("period end must be after its start.")

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86_400.0


@dataclass(frozen=True, slots=True)
class Dataset:
    """Locations, vehicles (current and candidates) and roundtrips with segments.

    ``meta`` is the parsed ``meta.json`` (empty when the folder has none).
    """

    locations: tuple[Location, ...]
    vehicles: tuple[Vehicle, ...]
    roundtrips: tuple[Roundtrip, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def current_vehicles(self) -> tuple[Vehicle, ...]:
        return tuple(v for v in self.vehicles if not v.is_candidate)

    @property
    def candidate_vehicles(self) -> tuple[Vehicle, ...]:
        return tuple(v for v in self.vehicles if v.is_candidate)

    def vehicle(self, vehicle_id: str) -> Vehicle:
        for v in self.vehicles:
            if v.vehicle_id == vehicle_id:
                return v
        raise KeyError(f"unknown vehicle {vehicle_id!r}.")

    def data_span(self) -> Period | None:
        """First roundtrip start to last roundtrip end (OS2's annualisation basis)."""
        if not self.roundtrips:
            return None
        return Period(
            min(r.start_time for r in self.roundtrips),
            max(r.end_time for r in self.roundtrips),
        )
