"""Jobs (wanted trips) and their greedy assignment to the vehicles of one group.

A group's profile produces the day's jobs; ``assign`` gives each job, in start
order, to a vehicle that is free (its previous trip ended at least ``turnaround_s``
before). Among the free vehicles it prefers those early in the group's list
(geometric choice), so use is uneven as in a real booking system; with
``preference=None`` it picks uniformly. A job no vehicle can take is dropped and
counted. Vehicles therefore never overlap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Job:
    """One wanted roundtrip; seconds are counted from the dataset's origin."""

    start_s: int
    duration_s: int
    distance_km: float
    legs: int
    speed_kmh: float


def make_job(
    rng: np.random.Generator,
    day_start_s: int,
    start_min: float,
    duration_min: float,
    distance_km: float,
    legs: int,
    speed_kmh: float,
) -> Job:
    """A job starting ``start_min`` minutes after midnight (may pass midnight).

    The km are capped at 85 % of what ``speed_kmh`` allows in the duration and
    kept >= 0.5 km.
    """
    start_s = day_start_s + int(start_min * 60) + int(rng.integers(0, 60))
    duration_s = max(int(duration_min * 60), 600)
    cap_km = duration_s / 3600.0 * speed_kmh * 0.85
    km = round(max(min(distance_km, cap_km), 0.5), 3)
    return Job(start_s, duration_s, km, max(int(legs), 1), speed_kmh)


def assign(
    jobs: list[Job],
    vehicles: list[int],
    rng: np.random.Generator,
    *,
    turnaround_s: int = 600,
    active_until_s: dict[int, int] | None = None,
    preference: float | None = 0.45,
    busy_until: dict[int, int] | None = None,
) -> tuple[list[tuple[int, Job]], int]:
    """(vehicle, job) pairs and the number of dropped jobs.

    ``active_until_s`` stops a vehicle from taking jobs that start at or after the
    given second; ``busy_until`` carries state between calls (updated in place).
    """
    busy = busy_until if busy_until is not None else {}
    cutoff = active_until_s or {}
    out: list[tuple[int, Job]] = []
    dropped = 0
    for job in sorted(jobs, key=lambda j: j.start_s):
        free = [
            v
            for v in vehicles
            if busy.get(v, -(10**12)) + turnaround_s <= job.start_s
            and job.start_s < cutoff.get(v, 10**12)
        ]
        if not free:
            dropped += 1
            continue
        if preference is None:
            pick = int(rng.integers(len(free)))
        else:
            pick = min(int(rng.geometric(preference)) - 1, len(free) - 1)
        vehicle = free[pick]
        busy[vehicle] = job.start_s + job.duration_s
        out.append((vehicle, job))
    return out, dropped
