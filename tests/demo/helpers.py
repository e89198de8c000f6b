"""Checks shared by the demo and synthetic tests, written independently of them."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import datetime

from fleetplan.domain import Dataset, Roundtrip


def overlapping_pairs(dataset: Dataset) -> list[tuple[str, str]]:
    """Pairs of roundtrips of one vehicle whose intervals overlap."""
    by_vehicle: dict[str, list[Roundtrip]] = defaultdict(list)
    for r in dataset.roundtrips:
        by_vehicle[r.vehicle_id].append(r)
    bad = []
    for trips in by_vehicle.values():
        trips.sort(key=lambda r: r.start_time)
        for a, b in itertools.pairwise(trips):
            if b.start_time < a.end_time:
                bad.append((a.roundtrip_id, b.roundtrip_id))
    return bad


def segment_problems(dataset: Dataset, tolerance_km: float = 0.01) -> list[str]:
    """Roundtrips whose segments leave the roundtrip, overlap or miss its km."""
    bad = []
    for r in dataset.roundtrips:
        if not r.segments:
            continue
        previous_end = r.start_time
        for s in r.segments:
            if s.start_time < previous_end or s.end_time > r.end_time:
                bad.append(r.roundtrip_id)
                break
            previous_end = s.end_time
        if abs(sum(s.distance_km for s in r.segments) - r.distance_km) > tolerance_km:
            bad.append(r.roundtrip_id)
    return bad


def peak_concurrency(trips: list[Roundtrip], hours: tuple[int, int]) -> int:
    """Most roundtrips under way at once at any moment whose hour lies in ``hours``.

    Sweep over start (+1) and end (-1) events; an end at the same instant as a start
    is processed first. ``hours`` = (from, to) may wrap midnight (23, 7).
    """
    events: list[tuple[datetime, int]] = []
    for r in trips:
        events += [(r.start_time, 1), (r.end_time, -1)]
    events.sort()
    low, high = hours
    running = peak = 0
    for moment, delta in events:
        running += delta
        h = moment.hour
        inside = low <= h < high if low < high else (h >= low or h < high)
        if inside:
            peak = max(peak, running)
    return peak
