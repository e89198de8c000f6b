"""When a vehicle stands at home, day by day: the plug-in windows of its roundtrips.

A roundtrip starts and ends at home, so the time between one roundtrip's end and
the next one's start is time parked at home. For each day the vehicle drove (a
roundtrip counts on its start day, as ``transition.daily_km``):

- ``arrive``: the end of the last roundtrip before the day's first departure (the
  evening before, or earlier after days off); None on the first day in the data;
- ``depart``: the day's first departure;
- ``daytime_parked_h``: the gaps at home between that day's roundtrips.

EV suitability and the charger need both read these windows, so the two agree on
how long a vehicle can charge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from fleetplan.domain import Roundtrip


@dataclass(frozen=True, slots=True)
class HomeDay:
    """One day a vehicle drove and the time at home that feeds it."""

    vehicle_id: str
    location_id: str
    day: date
    km: float
    arrive: datetime | None
    depart: datetime
    daytime_parked_h: float

    @property
    def overnight_h(self) -> float | None:
        """Hours parked before the day's first departure (None: unknown)."""
        if self.arrive is None:
            return None
        return max(0.0, (self.depart - self.arrive).total_seconds() / 3600.0)

    @property
    def parked_h(self) -> float | None:
        """All hours at home that can charge the day's km (None: unknown)."""
        night = self.overnight_h
        return None if night is None else night + self.daytime_parked_h


def _home_day(vid: str, arrive: datetime | None, group: list[Roundtrip]) -> HomeDay:
    """One driving day from its roundtrips (in start order)."""
    daytime = 0.0
    end = group[0].end_time
    for trip in group[1:]:
        daytime += max(0.0, (trip.start_time - end).total_seconds() / 3600.0)
        end = max(end, trip.end_time)
    return HomeDay(
        vehicle_id=vid,
        location_id=group[0].location_id,
        day=group[0].start_time.date(),
        km=sum(t.distance_km for t in group),
        arrive=arrive,
        depart=group[0].start_time,
        daytime_parked_h=daytime,
    )


def home_days(roundtrips: Sequence[Roundtrip]) -> dict[str, list[HomeDay]]:
    """Per vehicle, its driving days in date order with their home windows.

    Overlapping roundtrips of one vehicle (bad data) give no negative gaps: a gap
    counts from the latest end seen so far.
    """
    by_vehicle: dict[str, list[Roundtrip]] = defaultdict(list)
    for trip in roundtrips:
        by_vehicle[trip.vehicle_id].append(trip)
    out: dict[str, list[HomeDay]] = {}
    for vid, trips in by_vehicle.items():
        trips.sort(key=lambda t: (t.start_time, t.end_time))
        days: list[HomeDay] = []
        arrive: datetime | None = None
        last_end: datetime | None = None
        group: list[Roundtrip] = []
        for trip in trips:
            if group and trip.start_time.date() != group[0].start_time.date():
                days.append(_home_day(vid, arrive, group))
                arrive, group = last_end, []
            group.append(trip)
            last_end = (
                trip.end_time if last_end is None else max(last_end, trip.end_time)
            )
        if group:
            days.append(_home_day(vid, arrive, group))
        out[vid] = days
    return out
