"""Run settings: turnaround, service level, bike rules (from meta.json or the user)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from fleetplan.domain.external_rules import ExternalRules
from fleetplan.domain.shift import Shift


@dataclass(frozen=True, slots=True)
class BikeRules:
    """When a bike or e-bike may take a trip.

    A trip fits a bike when it is at most ``max_km_per_trip`` long, lies inside one of
    the ``slots`` (local time windows), and can be ridden at the given speed in the
    trip's duration.
    """

    max_km_per_trip: float = 10.0
    slots: tuple[tuple[time, time], ...] = ((time(8, 0), time(18, 0)),)
    bike_max_kmh: float = 8.0
    ebike_max_kmh: float = 12.0
    percentage_of_trips: float = 50.0


@dataclass(frozen=True, slots=True)
class RunSettings:
    """Settings of a simulation or optimisation run that are not prices or factors."""

    turnaround_min: float = 5.0
    slack_unallocated_trips: int = 4
    max_undriven_km: float = 19.0
    bike: BikeRules = field(default_factory=BikeRules)
    shifts: tuple[Shift, ...] = ()
    private_car_fuel: str = "petrol"
    external: ExternalRules = field(default_factory=ExternalRules)

    def __post_init__(self) -> None:
        if self.turnaround_min < 0:
            raise ValueError(f"turnaround_min must be >= 0, got {self.turnaround_min}.")
        if self.slack_unallocated_trips < 0:
            raise ValueError("slack_unallocated_trips must be >= 0.")
