"""A seeded schedule of municipal truck days, shaped like real fleet data, for
``generate_trace``: work days Monday to Friday (and now and then a Saturday, as
after a storm), one to three roundtrips a day of several stops each, and short
moves inside the yard that a fleet manager does not count as roundtrips.

With ``TraceOptions(sample_s=(15, 120), irregular=True, report_parked=False,
odometer=True, odometer_per_km=1 / 1.609344)`` the trace has what the real
trucks' data has: irregular reports every 15 s to 2 min, hours of silence between
work days, jitter, and an odometer in miles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from fleetplan.domain import Roundtrip, Segment
from fleetplan.ingest.gps.state import roundtrip_id

MILES_PER_KM = 1 / 1.609344


@dataclass(frozen=True, slots=True)
class TruckDays:
    """``roundtrips`` are the ones a fleet manager counts; ``yard_moves`` are
    roundtrips too (they leave and return home) but short and inside the yard."""

    roundtrips: tuple[Roundtrip, ...]
    yard_moves: tuple[Roundtrip, ...]

    @property
    def all(self) -> tuple[Roundtrip, ...]:
        return tuple(
            sorted(
                (*self.roundtrips, *self.yard_moves),
                key=lambda r: (r.vehicle_id, r.start_time),
            )
        )


def _roundtrip(vehicle: str, home: str, segments: list[Segment]) -> Roundtrip:
    return Roundtrip(
        roundtrip_id(vehicle, segments[0].start_time),
        vehicle,
        home,
        segments[0].start_time,
        segments[-1].end_time,
        sum(s.distance_km for s in segments),
        tuple(segments),
    )


def truck_days(
    vehicles: int,
    days: int,
    home: str = "yard",
    start: datetime = datetime(2026, 3, 2),
    seed: int = 0,
) -> TruckDays:
    """Roundtrips and yard moves of ``vehicles`` trucks over ``days`` days."""
    rng = np.random.default_rng(seed)
    real: list[Roundtrip] = []
    moves: list[Roundtrip] = []
    for v in range(vehicles):
        vehicle = f"T{v + 1:03d}"
        for day in range(days):
            date = start + timedelta(days=day)
            weekday = date.weekday()
            if weekday == 6 or (weekday == 5 and rng.random() > 0.15):
                continue
            clock = date + timedelta(hours=6, minutes=float(rng.uniform(0, 60)))
            if rng.random() < 0.5:  # a move in the yard before leaving
                clock = _yard_move(rng, vehicle, home, clock, moves)
            for _ in range(int(rng.integers(1, 4))):
                segments: list[Segment] = []
                for _ in range(int(rng.integers(2, 6))):
                    km = float(rng.uniform(3.0, 25.0))
                    minutes = km / float(rng.uniform(28.0, 45.0)) * 60.0
                    end = clock + timedelta(minutes=minutes)
                    segments.append(Segment(clock, end, round(km, 3)))
                    clock = end + timedelta(minutes=float(rng.uniform(8.0, 40.0)))
                real.append(_roundtrip(vehicle, home, segments))
                clock += timedelta(minutes=float(rng.uniform(15.0, 60.0)))
            if rng.random() < 0.4:  # parked again in another bay after the day
                _yard_move(rng, vehicle, home, clock, moves)
    return TruckDays(tuple(real), tuple(moves))


def _yard_move(
    rng: np.random.Generator,
    vehicle: str,
    home: str,
    clock: datetime,
    moves: list[Roundtrip],
) -> datetime:
    end = clock + timedelta(minutes=float(rng.uniform(2.0, 5.0)))
    km = round(float(rng.uniform(0.2, 0.35)), 3)
    moves.append(_roundtrip(vehicle, home, [Segment(clock, end, km)]))
    return end + timedelta(minutes=float(rng.uniform(10.0, 30.0)))
