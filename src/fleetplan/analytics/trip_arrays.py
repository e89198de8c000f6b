"""Roundtrips as NumPy arrays of whole minutes, the input of the vectorised analyses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from fleetplan.domain import Period, Roundtrip

MINUTES_PER_DAY = 1_440

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TripArrays:
    """Roundtrips as arrays; minutes count from ``origin`` (midnight of a day).

    A trip occupies the minutes ``[start_min, end_min)``: its start is floored and its
    end is ceiled to the whole minute, so a vehicle that is away during any part of a
    minute counts as in use in that minute.
    """

    origin: datetime
    roundtrip_ids: tuple[str, ...]
    vehicle_ids: tuple[str, ...]
    location_ids: tuple[str, ...]
    start_min: IntArray
    end_min: IntArray
    start_s: IntArray
    end_s: IntArray
    distance_km: FloatArray

    def __len__(self) -> int:
        return len(self.roundtrip_ids)


def origin_for(roundtrips: Sequence[Roundtrip], period: Period | None) -> datetime:
    """Midnight of the period start, else of the first roundtrip's day."""
    if period is not None:
        first = period.start
    elif roundtrips:
        first = min(r.start_time for r in roundtrips)
    else:
        first = datetime(2000, 1, 1)
    return datetime(first.year, first.month, first.day)


def to_arrays(
    roundtrips: Sequence[Roundtrip], origin: datetime | None = None
) -> TripArrays:
    """Convert roundtrips to minute arrays relative to ``origin``."""
    origin = origin or origin_for(roundtrips, None)
    count = len(roundtrips)
    start_s = np.floor(
        np.fromiter(
            ((r.start_time - origin).total_seconds() for r in roundtrips),
            np.float64,
            count,
        )
    ).astype(np.int64)
    end_s = np.ceil(
        np.fromiter(
            ((r.end_time - origin).total_seconds() for r in roundtrips),
            np.float64,
            count,
        )
    ).astype(np.int64)
    return TripArrays(
        origin=origin,
        roundtrip_ids=tuple(r.roundtrip_id for r in roundtrips),
        vehicle_ids=tuple(r.vehicle_id for r in roundtrips),
        location_ids=tuple(r.location_id for r in roundtrips),
        start_min=np.floor_divide(start_s, 60),
        end_min=-np.floor_divide(-end_s, 60),
        start_s=start_s,
        end_s=end_s,
        distance_km=np.fromiter((r.distance_km for r in roundtrips), np.float64, count),
    )


def period_minutes(period: Period, origin: datetime) -> tuple[int, int]:
    """The period as ``[start, end)`` in whole minutes from ``origin``."""
    start = (period.start - origin).total_seconds() / 60.0
    end = (period.end - origin).total_seconds() / 60.0
    return int(np.floor(start)), int(np.ceil(end))


def encode(labels: Sequence[str]) -> tuple[tuple[str, ...], IntArray]:
    """Unique labels (sorted) and each label's index into them."""
    uniques = tuple(sorted(set(labels)))
    index = {label: i for i, label in enumerate(uniques)}
    return uniques, np.fromiter((index[x] for x in labels), np.int64, len(labels))


def merge_per_vehicle(
    vehicle: IntArray, start: IntArray, end: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Union of each vehicle's intervals: overlapping or touching trips become one.

    Returns ``(vehicle, start, end)`` of the merged blocks, sorted by vehicle then
    start. A group-wise running maximum of the end is taken in one pass by offsetting
    each vehicle's ends by ``vehicle * span`` (vehicles are sorted ascending).
    """
    if len(start) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy()
    order = np.lexsort((start, vehicle))
    v, s, e = vehicle[order], start[order], end[order]
    low = int(s.min())
    span = int(e.max()) - low + 1
    running_end = np.maximum.accumulate(v * span + (e - low)) - v * span + low
    new_block = np.ones(len(s), dtype=bool)
    new_block[1:] = (v[1:] != v[:-1]) | (s[1:] > running_end[:-1])
    first = np.flatnonzero(new_block)
    return v[first], s[first], np.maximum.reduceat(e, first)
