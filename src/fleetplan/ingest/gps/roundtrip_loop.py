"""The roundtrip state machine of one vehicle, trip by trip (see ``roundtrips``).

``build_roundtrips`` runs it only for the vehicles whose trips meet an event the
vectorised pass (``roundtrip_runs``) leaves out: a move to another home, an open
roundtrip cut at its maximum age, a roundtrip left open by the last run, or a trip
that is no valid segment. Both write their results into a ``VehicleOut`` through
the same ``Rules``, so the two paths give identical roundtrips and km.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from fleetplan.domain import Roundtrip, Segment
from fleetplan.ingest.gps.settings import GpsSettings
from fleetplan.ingest.gps.state import OpenRoundtrip, VehicleState

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TripTable:
    """Trips sorted by (vehicle, start) with home decided for every trip and
    location: ``at_start``/``at_end`` (trips × locations) within the location's
    radius; ``nearest_home`` the location it ended within, or -1."""

    starts: list[datetime]
    ends: list[datetime]
    kms: list[float]
    at_start: NDArray[np.bool_]
    at_end: NDArray[np.bool_]
    nearest_home: NDArray[np.int64]
    location_ids: tuple[str, ...]
    col_of: dict[str, int]
    naive_us: bool = False  # the times were a naive microsecond column
    km_array: NDArray[np.float64] | None = None  # ``kms`` in NumPy, if at hand

    def home_col(self, home_id: str | None) -> int | None:
        return self.col_of.get(home_id) if home_id is not None else None


@dataclass(slots=True)
class VehicleOut:
    """One vehicle's closed roundtrips (kept only) and km by location."""

    closed: list[Roundtrip] = field(default_factory=list)
    complete: defaultdict[str | None, float] = field(
        default_factory=lambda: defaultdict(float)
    )
    incomplete: defaultdict[str | None, float] = field(
        default_factory=lambda: defaultdict(float)
    )


class Rules:
    """The settings as time spans, and the counts the summary reports."""

    def __init__(self, settings: GpsSettings) -> None:
        self.settings = settings
        self.max_age = timedelta(hours=settings.max_roundtrip_h)
        self.max_gap = timedelta(hours=settings.max_gap_h)
        self.relocate = timedelta(hours=settings.relocate_stay_h)
        self.short = 0
        self.short_km = 0.0
        self.split = 0
        self.flagged = 0

    def keep(self, rt: Roundtrip) -> bool:
        """Whether a closed roundtrip counts (else it is a move in the yard)."""
        minutes = (rt.end_time - rt.start_time).total_seconds() / 60.0
        if minutes >= self.settings.min_roundtrip_min and (
            rt.distance_km >= self.settings.min_roundtrip_km
        ):
            return True
        self.short += 1
        self.short_km += rt.distance_km
        return False

    def close(self, rt: Roundtrip, out: VehicleOut) -> None:
        """A roundtrip back home: its km complete, itself kept if long enough."""
        out.complete[rt.location_id] += rt.distance_km
        if self.keep(rt):
            out.closed.append(rt)


def replay_vehicle(
    vehicle_id: str,
    st: VehicleState,
    rows: range,
    trips: TripTable,
    rules: Rules,
    out: VehicleOut,
    batch_start: datetime | None,
    end_of_batch: datetime | None,
) -> None:
    """Run the trips ``rows`` of one vehicle through its state ``st`` (changed in
    place: open roundtrip and home)."""
    starts, ends, kms = trips.starts, trips.ends, trips.kms
    gap_flag = rules.settings.gap_action == "flag"
    for pos, i in enumerate(rows):
        seg = Segment(starts[i], ends[i], kms[i])
        if (
            st.open is not None
            and st.open.segments
            and seg.start_time - st.open.segments[-1].end_time > rules.max_gap
        ):
            if gap_flag:
                rules.flagged += 1
            else:
                rules.split += 1
                rules.close(st.open.close(vehicle_id), out)
                st.open = OpenRoundtrip(st.open.location_id, seg.start_time)
        if st.open is not None and seg.end_time - st.open.start_time > rules.max_age:
            out.incomplete[st.open.location_id] += st.open.distance_km
            _log.info("vehicle %s: open roundtrip cut at max duration", vehicle_id)
            st.open = None
        home_col = trips.home_col(st.home_id)
        if st.open is None:
            resumes_home = (
                pos == 0
                and st.parked_home is not None
                and st.parked_home == st.home_id
                and seg.start_time == batch_start
            )
            if resumes_home or (home_col is not None and trips.at_start[i, home_col]):
                st.open = OpenRoundtrip(st.home_id or "", seg.start_time)
            else:
                out.incomplete[st.home_id] += seg.distance_km
        if st.open is not None:
            st.open.segments.append(seg)
            if home_col is not None and trips.at_end[i, home_col]:
                rules.close(st.open.close(vehicle_id), out)
                st.open = None
                continue
        nearest = int(trips.nearest_home[i])  # the location it ended at, or -1
        if nearest < 0 or nearest == home_col:
            continue
        next_start = starts[rows[pos + 1]] if pos + 1 < len(rows) else end_of_batch
        if next_start is None or next_start - seg.end_time < rules.relocate:
            continue
        if st.open is not None:
            rules.close(st.open.close(vehicle_id), out)
            st.open = None
        st.home_id = trips.location_ids[nearest]
        _log.info("vehicle %s: home moved to location %s", vehicle_id, st.home_id)
