"""Trips to roundtrips: leave home, stops in between, back home.

Per vehicle, trips in time order (a loop over trips, not points):

- a roundtrip opens with a trip that starts within ``home_radius_m`` of the
  vehicle's home (the location point or any of its parking points); trips that
  start elsewhere while nothing is open count as incomplete km;
- every trip of an open roundtrip is a segment; the stops between them are gaps,
  however long (an overnight stay away is just a long gap);
- it closes, complete, with the first trip that ends at home;
- a stay of at least ``relocate_stay_h`` at another registered location moves the
  vehicle's home there (and closes the open roundtrip, complete, at the new home);
- an open roundtrip older than ``max_roundtrip_h`` is cut: its km are incomplete;
- a stop longer than ``max_gap_h`` inside an open roundtrip splits it there (the
  part before closes where it stopped, the next trip opens the next part) or,
  with ``gap_action="flag"``, is only counted;
- a closed roundtrip shorter than ``min_roundtrip_min`` or ``min_roundtrip_km``
  (a move inside the yard) is not kept: counted, its km complete for precision;
- "at home" means within the home location's own radius (``radius_m``).
- what is still open at the end of the batch stays in the vehicle's state for the
  next run.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import polars as pl
from numpy.typing import NDArray

from fleetplan.domain import Location, Roundtrip, Segment
from fleetplan.ingest.gps.geo import haversine_m
from fleetplan.ingest.gps.settings import GpsSettings
from fleetplan.ingest.gps.state import OpenRoundtrip, VehicleState

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class KmTally:
    """Km of one vehicle at one home location, by how their roundtrip ended."""

    vehicle_id: str
    location_id: str | None
    complete_km: float
    incomplete_km: float
    open_km: float

    @property
    def precision(self) -> float | None:
        """Share of decided km (complete + incomplete) in complete roundtrips."""
        decided = self.complete_km + self.incomplete_km
        return None if decided <= 0 else self.complete_km / decided


@dataclass(frozen=True, slots=True)
class RoundtripBuild:
    roundtrips: tuple[Roundtrip, ...]
    states: dict[str, VehicleState]
    tallies: tuple[KmTally, ...]
    short: int = 0
    short_km: float = 0.0
    gaps_split: int = 0
    gaps_flagged: int = 0


class _Counts:
    def __init__(self) -> None:
        self.short = 0
        self.short_km = 0.0
        self.split = 0
        self.flagged = 0


class HomeIndex:
    """Registered home points (locations with a position and their parking points)."""

    def __init__(self, locations: Sequence[Location]) -> None:
        ids: list[str] = []
        owner: list[int] = []
        lats: list[float] = []
        lons: list[float] = []
        for loc in locations:
            points = [(p.lat, p.lon) for p in loc.parking_points]
            if loc.lat is not None and loc.lon is not None:
                points.insert(0, (loc.lat, loc.lon))
            if not points:
                continue
            ids.append(loc.location_id)
            for lat, lon in points:
                owner.append(len(ids) - 1)
                lats.append(lat)
                lons.append(lon)
        self.location_ids = tuple(ids)
        self._owner = np.asarray(owner, dtype=np.int64)
        self._lat = np.asarray(lats, dtype=np.float64)
        self._lon = np.asarray(lons, dtype=np.float64)

    def distances_m(
        self, lat: NDArray[np.float64], lon: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """(n positions × n locations): distance to each location's nearest point."""
        out = np.full((lat.size, len(self.location_ids)), np.inf)
        for k in range(self._owner.size):
            d = haversine_m(lat, lon, self._lat[k], self._lon[k])
            col = self._owner[k]
            out[:, col] = np.minimum(out[:, col], d)
        return out


def build_roundtrips(
    trips: pl.DataFrame,
    locations: Sequence[Location],
    vehicle_homes: Mapping[str, str | None],
    states: Mapping[str, VehicleState],
    settings: GpsSettings,
    batch_end: Mapping[str, datetime],
    batch_start: Mapping[str, datetime] | None = None,
    last_positions: Mapping[str, tuple[float, float]] | None = None,
) -> RoundtripBuild:
    """Roundtrips closed in this batch, the new states, and km tallies.

    ``batch_start`` (first point time) and ``last_positions`` (last point) per
    vehicle come from point batches: a vehicle whose previous batch ended parked
    at home starts at home with a trip that begins at this batch's first point.
    """
    homes = HomeIndex(locations)
    col_of = {loc_id: k for k, loc_id in enumerate(homes.location_ids)}
    trips = trips.sort(["vehicle_id", "start_time"])
    d_start = homes.distances_m(
        trips["start_lat"].to_numpy(), trips["start_lon"].to_numpy()
    )
    d_end = homes.distances_m(trips["end_lat"].to_numpy(), trips["end_lon"].to_numpy())
    radius = np.array([settings.radius_m(loc) for loc in homes.location_ids])
    # decided for every trip and location at once; the loop below only looks up
    at_start = (d_start <= radius).tolist()
    at_end = (d_end <= radius).tolist()
    if homes.location_ids:
        nearest_of = np.argmin(d_end, axis=1)
        nearest_in = d_end[np.arange(len(nearest_of)), nearest_of] <= radius[nearest_of]
        nearest_home = np.where(nearest_in, nearest_of, -1).tolist()
    else:
        nearest_home = [-1] * trips.height
    max_age = timedelta(hours=settings.max_roundtrip_h)
    max_gap = timedelta(hours=settings.max_gap_h)
    counts = _Counts()

    def keep(rt: Roundtrip) -> bool:
        """Whether a closed roundtrip counts (else it is a move in the yard)."""
        minutes = (rt.end_time - rt.start_time).total_seconds() / 60.0
        if minutes >= settings.min_roundtrip_min and (
            rt.distance_km >= settings.min_roundtrip_km
        ):
            return True
        counts.short += 1
        counts.short_km += rt.distance_km
        return False

    relocate = timedelta(hours=settings.relocate_stay_h)

    vids = trips["vehicle_id"].to_list()
    starts = trips["start_time"].to_list()
    ends = trips["end_time"].to_list()
    kms = trips["distance_km"].to_list()
    rows_of: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(vids):
        rows_of[v].append(i)

    closed: list[Roundtrip] = []
    new_states: dict[str, VehicleState] = {}
    tallies: list[KmTally] = []
    for vehicle_id in sorted(set(rows_of) | set(states) | set(batch_end)):
        old = states.get(vehicle_id) or VehicleState()
        st = VehicleState(
            old.home_id, old.last_time, old.open, old.registered_id, old.parked_home
        )
        registered = vehicle_homes.get(vehicle_id)
        if st.home_id is None or registered != st.registered_id:
            st.home_id = registered if registered is not None else st.home_id
            st.registered_id = registered
        complete: dict[str | None, float] = defaultdict(float)
        incomplete: dict[str | None, float] = defaultdict(float)
        rows = rows_of.get(vehicle_id, [])
        end_of_batch = batch_end.get(vehicle_id)
        for pos, i in enumerate(rows):
            seg = Segment(starts[i], ends[i], kms[i])
            if (
                st.open is not None
                and st.open.segments
                and seg.start_time - st.open.segments[-1].end_time > max_gap
            ):
                if settings.gap_action == "flag":
                    counts.flagged += 1
                else:
                    counts.split += 1
                    rt = st.open.close(vehicle_id)
                    complete[rt.location_id] += rt.distance_km
                    if keep(rt):
                        closed.append(rt)
                    st.open = OpenRoundtrip(st.open.location_id, seg.start_time)
            if st.open is not None and seg.end_time - st.open.start_time > max_age:
                incomplete[st.open.location_id] += st.open.distance_km
                _log.info("vehicle %s: open roundtrip cut at max duration", vehicle_id)
                st.open = None
            home_col = col_of.get(st.home_id) if st.home_id is not None else None
            if st.open is None:
                resumes_home = (
                    pos == 0
                    and st.parked_home is not None
                    and st.parked_home == st.home_id
                    and seg.start_time == (batch_start or {}).get(vehicle_id)
                )
                if resumes_home or (home_col is not None and at_start[i][home_col]):
                    st.open = OpenRoundtrip(st.home_id or "", seg.start_time)
                else:
                    incomplete[st.home_id] += seg.distance_km
            if st.open is not None:
                st.open.segments.append(seg)
                if home_col is not None and at_end[i][home_col]:
                    rt = st.open.close(vehicle_id)
                    complete[rt.location_id] += rt.distance_km
                    if keep(rt):
                        closed.append(rt)
                    st.open = None
                    continue
            nearest = nearest_home[i]  # the registered location it ended at, or -1
            if nearest < 0 or nearest == home_col:
                continue
            next_start = starts[rows[pos + 1]] if pos + 1 < len(rows) else end_of_batch
            if next_start is None or next_start - seg.end_time < relocate:
                continue
            if st.open is not None:
                rt = st.open.close(vehicle_id)
                complete[rt.location_id] += rt.distance_km
                if keep(rt):
                    closed.append(rt)
                st.open = None
            st.home_id = homes.location_ids[nearest]
            _log.info("vehicle %s: home moved to location %s", vehicle_id, st.home_id)
        if (
            st.open is not None
            and end_of_batch is not None
            and end_of_batch - st.open.start_time > max_age
        ):
            incomplete[st.open.location_id] += st.open.distance_km
            _log.info("vehicle %s: open roundtrip cut at max duration", vehicle_id)
            st.open = None
        last = (last_positions or {}).get(vehicle_id)
        if last is not None:
            home_col = col_of.get(st.home_id) if st.home_id is not None else None
            st.parked_home = None
            if st.open is None and home_col is not None:
                d_last = homes.distances_m(np.array([last[0]]), np.array([last[1]]))
                if d_last[0, home_col] <= radius[home_col]:
                    st.parked_home = st.home_id
        if end_of_batch is not None and (
            st.last_time is None or end_of_batch > st.last_time
        ):
            st.last_time = end_of_batch
        new_states[vehicle_id] = st
        open_loc = st.open.location_id if st.open is not None else None
        open_km = st.open.distance_km if st.open is not None else 0.0
        locs = set(complete) | set(incomplete) | {st.home_id} | {open_loc}
        for loc in sorted(locs - {None} or {None}, key=str):
            tallies.append(
                KmTally(
                    vehicle_id=vehicle_id,
                    location_id=loc,
                    complete_km=complete.get(loc, 0.0),
                    incomplete_km=incomplete.get(loc, 0.0),
                    open_km=open_km if loc == open_loc else 0.0,
                )
            )
    _log.info(
        "built %d complete roundtrips from %d trips of %d vehicles",
        len(closed),
        trips.height,
        len(new_states),
    )
    return RoundtripBuild(
        tuple(closed),
        new_states,
        tuple(tallies),
        short=counts.short,
        short_km=counts.short_km,
        gaps_split=counts.split,
        gaps_flagged=counts.flagged,
    )
