"""Precision: the share of km that ended in complete roundtrips, per location and
vehicle, and a dry run of a candidate parking point before it is saved.

Low precision at a location usually means a place where its vehicles park is not
registered: trips from there never start or end "at home".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import polars as pl

from fleetplan.domain import Location, ParkingPoint
from fleetplan.ingest.gps.pipeline import ingest_points
from fleetplan.ingest.gps.roundtrips import KmTally
from fleetplan.ingest.gps.settings import GpsSettings


def precision_by_location(tallies: Iterable[KmTally]) -> dict[str | None, KmTally]:
    """Tallies summed over vehicles, keyed by location (vehicle_id ``"*"``)."""
    sums: dict[str | None, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for t in tallies:
        acc = sums[t.location_id]
        acc[0] += t.complete_km
        acc[1] += t.incomplete_km
        acc[2] += t.open_km
    return {
        loc: KmTally("*", loc, complete_km=c, incomplete_km=i, open_km=o)
        for loc, (c, i, o) in sums.items()
    }


@dataclass(frozen=True, slots=True)
class ParkingPointTrial:
    """Precision of one location without and with a candidate parking point."""

    location_id: str
    before: float | None
    after: float | None
    before_by_vehicle: dict[str, float | None]
    after_by_vehicle: dict[str, float | None]
    roundtrips_before: int
    roundtrips_after: int

    @property
    def gain(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def _at(tallies: Iterable[KmTally], location_id: str) -> dict[str, float | None]:
    return {t.vehicle_id: t.precision for t in tallies if t.location_id == location_id}


def test_parking_point(
    points: pl.DataFrame,
    location: Location,
    candidate_point: ParkingPoint,
    *,
    vehicle_homes: Mapping[str, str | None] | None = None,
    other_locations: Sequence[Location] = (),
    settings: GpsSettings | None = None,
) -> ParkingPointTrial:
    """Ingest ``points`` (in memory, nothing saved) with and without the candidate
    point added to ``location``. Vehicles default to all having it as home."""
    homes = vehicle_homes
    if homes is None:
        homes = dict.fromkeys(
            points["vehicle_id"].unique().to_list(), location.location_id
        )
    with_point = replace(
        location, parking_points=(*location.parking_points, candidate_point)
    )
    before = ingest_points(points, (location, *other_locations), homes, None, settings)
    after = ingest_points(points, (with_point, *other_locations), homes, None, settings)
    loc_id = location.location_id
    return ParkingPointTrial(
        location_id=loc_id,
        before=precision_by_location(before.tallies).get(loc_id, _EMPTY).precision,
        after=precision_by_location(after.tallies).get(loc_id, _EMPTY).precision,
        before_by_vehicle=_at(before.tallies, loc_id),
        after_by_vehicle=_at(after.tallies, loc_id),
        roundtrips_before=len(before.roundtrips),
        roundtrips_after=len(after.roundtrips),
    )


test_parking_point.__test__ = False  # type: ignore[attr-defined]  # not a pytest test

_EMPTY = KmTally("*", None, 0.0, 0.0, 0.0)
