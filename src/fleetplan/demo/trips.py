"""Turn arrays of generated trips into ``Roundtrip`` objects with segments.

Times are whole seconds from an origin (local time, no offset). Segments are cut
vectorised: a roundtrip with L legs has L driving segments and L - 1 stops; each leg
gets a random share of the km, driving time is proportional to the km at the given
speed (at most 85 % of the roundtrip, all of it when L = 1) and the rest is split
over the stops. The last leg takes the rounding remainder, so segment km add up to
the roundtrip km and the segments lie inside the roundtrip in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from fleetplan.domain import Roundtrip, Segment


@dataclass(frozen=True, slots=True)
class TripArrays:
    """Parallel arrays, one entry per roundtrip (any order)."""

    vehicle: np.ndarray  # int index into the vehicle id list
    location: np.ndarray  # int index into the location id list
    start_s: np.ndarray  # int64 seconds from the origin
    end_s: np.ndarray  # int64 seconds from the origin
    distance_km: np.ndarray  # float, rounded to 3 decimals
    legs: np.ndarray  # int >= 1: number of driving segments
    speed_kmh: np.ndarray  # float: average driving speed for the segments


def cut_segments(
    trips: TripArrays, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Segments of every trip: (trip index, start_s, end_s, distance_km) arrays."""
    n = len(trips.start_s)
    legs = trips.legs.astype(np.int64)
    total_s = (trips.end_s - trips.start_s).astype(np.float64)
    km = trips.distance_km.astype(np.float64)
    drive_s = np.where(
        legs == 1, total_s, np.minimum(km / trips.speed_kmh * 3600.0, 0.85 * total_s)
    )
    stop_s = total_s - drive_s
    # km shares per leg
    leg_trip = np.repeat(np.arange(n), legs)
    leg_first = np.concatenate(([0], np.cumsum(legs)[:-1]))
    weights = rng.uniform(0.5, 1.5, size=len(leg_trip))
    share = weights / np.add.reduceat(weights, leg_first)[leg_trip]
    leg_km = np.round(km[leg_trip] * share, 3)
    last = leg_first + legs - 1
    leg_km[last] += km - np.add.reduceat(leg_km, leg_first)
    leg_km = np.round(leg_km, 3)
    leg_drive = drive_s[leg_trip] * share
    # stop lengths: legs - 1 per trip
    stops = legs - 1
    stop_trip = np.repeat(np.arange(n), stops)
    stop_w = rng.uniform(0.5, 1.5, size=len(stop_trip))
    stop_sum = np.bincount(stop_trip, weights=stop_w, minlength=n)
    stop_len = (
        stop_s[stop_trip] * stop_w / np.where(stop_sum > 0, stop_sum, 1)[stop_trip]
    )
    # interleave drive, stop, drive, ... per trip and accumulate
    parts = 2 * legs - 1
    part_trip = np.repeat(np.arange(n), parts)
    part_first = np.concatenate(([0], np.cumsum(parts)[:-1]))
    pos = np.arange(len(part_trip)) - part_first[part_trip]
    durations = np.empty(len(part_trip))
    durations[pos % 2 == 0] = leg_drive
    durations[pos % 2 == 1] = stop_len
    cum = np.cumsum(durations)
    before = cum[part_first] - durations[part_first]
    part_end = trips.start_s[part_trip] + (cum - before[part_trip])
    part_start = part_end - durations
    is_leg = pos % 2 == 0
    seg_start = np.rint(part_start[is_leg]).astype(np.int64)
    seg_end = np.rint(part_end[is_leg]).astype(np.int64)
    seg_start[leg_first] = trips.start_s
    seg_end[last] = trips.end_s
    seg_end = np.clip(seg_end, seg_start, None)
    return leg_trip, seg_start, seg_end, leg_km


def _to_datetimes(origin: datetime, seconds: np.ndarray) -> list[datetime]:
    stamps = np.datetime64(origin, "s") + seconds.astype("timedelta64[s]")
    return stamps.astype(object).tolist()


def build_roundtrips(
    trips: TripArrays,
    vehicle_ids: list[str],
    location_ids: list[str],
    origin: datetime,
    rng: np.random.Generator,
    *,
    with_segments: bool = True,
) -> tuple[Roundtrip, ...]:
    """Roundtrips sorted by (start, vehicle), numbered "1", "2", ... in that order."""
    order = np.lexsort((trips.vehicle, trips.start_s))
    trips = TripArrays(*(getattr(trips, name)[order] for name in TripArrays.__slots__))
    starts = _to_datetimes(origin, trips.start_s)
    ends = _to_datetimes(origin, trips.end_s)
    km = trips.distance_km.tolist()
    vehicles = [vehicle_ids[i] for i in trips.vehicle.tolist()]
    locations = [location_ids[i] for i in trips.location.tolist()]
    n = len(starts)
    segments: list[tuple[Segment, ...]] = [()] * n
    if with_segments and n:
        seg_trip, seg_start, seg_end, seg_km = cut_segments(trips, rng)
        seg_starts = _to_datetimes(origin, seg_start)
        seg_ends = _to_datetimes(origin, seg_end)
        flat = [
            Segment(a, b, d)
            for a, b, d in zip(seg_starts, seg_ends, seg_km.tolist(), strict=True)
        ]
        bounds = np.concatenate(([0], np.cumsum(np.bincount(seg_trip, minlength=n))))
        segments = [tuple(flat[bounds[i] : bounds[i + 1]]) for i in range(n)]
    return tuple(
        Roundtrip(
            str(i + 1),
            vehicles[i],
            locations[i],
            starts[i],
            ends[i],
            km[i],
            segments[i],
        )
        for i in range(n)
    )
