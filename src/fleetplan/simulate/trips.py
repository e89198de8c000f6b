"""Trips of a period: roundtrips selected by period and location, merged per shift.

With shifts, the roundtrips one vehicle drove within one shift become one trip, busy
from the first start to the last end (as OS2 FleetOptimiser does: a worker keeps the
car for the shift). A roundtrip belongs to the shift occurrence it spends the most
time in (OS2's rule), so 14:50-17:00 is the evening shift's, not the day shift's: a
lock then stays near its shift instead of running hours past its end. Ties go to the
earlier occurrence. A shift whose end is not after its start (23:00-07:00) runs past
midnight, so a roundtrip at 02:00 belongs to the shift that began at 23:00 the day
before. A roundtrip with no time in any shift stays a trip of its own (one of zero
length goes by its start). Shift breaks are not applied: OS2's reference runs did not
apply them either (their trip counts equal this merge). Without shifts each
roundtrip is a trip.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import numpy.typing as npt

from fleetplan.domain import Period, Roundtrip, Shift

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TripSet:
    """Trips sorted by (start, end, id); minutes count from ``origin`` (a midnight).

    ``trip_ids[i]`` is the id of the trip's first roundtrip; ``roundtrip_ids[i]`` all
    roundtrips merged into it. ``current_vehicle_ids[i]`` drove them.
    """

    origin: datetime
    trip_ids: tuple[str, ...]
    roundtrip_ids: tuple[tuple[str, ...], ...]
    current_vehicle_ids: tuple[str, ...]
    location_ids: tuple[str, ...]
    start_times: tuple[datetime, ...]
    end_times: tuple[datetime, ...]
    start_min: FloatArray
    end_min: FloatArray
    distance_km: FloatArray

    def __len__(self) -> int:
        return len(self.trip_ids)

    @property
    def duration_min(self) -> FloatArray:
        return self.end_min - self.start_min


def select_roundtrips(
    roundtrips: Sequence[Roundtrip],
    period: Period | None = None,
    locations: Collection[str] | None = None,
) -> list[Roundtrip]:
    """Roundtrips that start in ``[period.start, period.end]`` at the given locations.

    The period end is inclusive so a period given as the data span (first start to
    last end) keeps every roundtrip.
    """
    chosen = set(locations) if locations else None
    return [
        r
        for r in roundtrips
        if (chosen is None or r.location_id in chosen)
        and (period is None or period.start <= r.start_time <= period.end)
    ]


def shift_key(start: datetime, shifts: Sequence[Shift]) -> tuple[int, date] | None:
    """``(shift index, date the shift began)`` of a start time; None outside shifts.

    >>> from datetime import time
    >>> night = Shift(time(23, 0), time(7, 0))
    >>> shift_key(datetime(2026, 3, 3, 2, 0), [night])
    (0, datetime.date(2026, 3, 2))
    """
    tod = start.time()
    for index, shift in enumerate(shifts):
        if not shift.crosses_midnight:
            if shift.start <= tod < shift.end:
                return index, start.date()
        elif tod >= shift.start:
            return index, start.date()
        elif tod < shift.end:
            return index, start.date() - timedelta(days=1)
    return None


def _occurrence(shift: Shift, day: date) -> tuple[datetime, datetime]:
    begin = datetime.combine(day, shift.start)
    end = datetime.combine(day, shift.end)
    return begin, end + timedelta(days=1) if shift.crosses_midnight else end


def shift_of(
    start: datetime, end: datetime, shifts: Sequence[Shift]
) -> tuple[int, date] | None:
    """``(shift index, date the shift began)`` of the shift occurrence holding most of
    ``[start, end]``; ties go to the earlier occurrence; None without any overlap.

    >>> from datetime import time
    >>> day, evening = Shift(time(7), time(15)), Shift(time(15), time(23))
    >>> shift_of(datetime(2026, 3, 2, 14, 50), datetime(2026, 3, 2, 17), [day, evening])
    (1, datetime.date(2026, 3, 2))
    """
    if end <= start:
        return shift_key(start, shifts)
    best: tuple[float, datetime, int, date] | None = None
    day = start.date() - timedelta(days=1)
    while day <= end.date():
        for index, shift in enumerate(shifts):
            begin, finish = _occurrence(shift, day)
            inside = (min(end, finish) - max(start, begin)).total_seconds()
            if inside > 0 and (best is None or (-inside, begin) < (-best[0], best[1])):
                best = (inside, begin, index, day)
        day += timedelta(days=1)
    return None if best is None else (best[2], best[3])


def _minutes(times: Sequence[datetime], origin: datetime) -> FloatArray:
    return np.fromiter(
        ((t - origin).total_seconds() / 60.0 for t in times), np.float64, len(times)
    )


def build_trips(
    roundtrips: Sequence[Roundtrip],
    shifts: Sequence[Shift] = (),
    origin: datetime | None = None,
) -> TripSet:
    """Group roundtrips into trips (per vehicle and shift when ``shifts`` are given)."""
    groups: dict[tuple[str, str, int, date] | tuple[str], list[Roundtrip]] = {}
    for r in roundtrips:
        key = shift_of(r.start_time, r.end_time, shifts) if shifts else None
        gkey: tuple[str, str, int, date] | tuple[str] = (
            (r.vehicle_id, r.location_id, key[0], key[1])
            if key is not None
            else (r.roundtrip_id,)
        )
        groups.setdefault(gkey, []).append(r)
    merged = []
    for members in groups.values():
        members.sort(key=lambda r: (r.start_time, r.end_time, r.roundtrip_id))
        merged.append(
            (
                members[0].start_time,
                max(r.end_time for r in members),
                members[0].roundtrip_id,
                members,
            )
        )
    merged.sort(key=lambda m: (m[0], m[1], m[2]))
    if origin is None:
        first = merged[0][0] if merged else datetime(2000, 1, 1)
        origin = datetime.combine(first.date(), time())
    starts = [m[0] for m in merged]
    ends = [m[1] for m in merged]
    return TripSet(
        origin=origin,
        trip_ids=tuple(m[2] for m in merged),
        roundtrip_ids=tuple(tuple(r.roundtrip_id for r in m[3]) for m in merged),
        current_vehicle_ids=tuple(m[3][0].vehicle_id for m in merged),
        location_ids=tuple(m[3][0].location_id for m in merged),
        start_times=tuple(starts),
        end_times=tuple(ends),
        start_min=_minutes(starts, origin),
        end_min=_minutes(ends, origin),
        distance_km=np.fromiter(
            (sum(r.distance_km for r in m[3]) for m in merged), np.float64, len(merged)
        ),
    )
