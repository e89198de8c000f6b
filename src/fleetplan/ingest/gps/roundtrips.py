"""Trips to roundtrips: leave home, stops in between, back home.

Per vehicle, trips in time order:

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import polars as pl

from fleetplan.domain import Location, Roundtrip
from fleetplan.ingest.gps.geo import HomeIndex
from fleetplan.ingest.gps.results import KmTally as KmTally
from fleetplan.ingest.gps.results import vehicle_tallies
from fleetplan.ingest.gps.roundtrip_emit import BulkRoundtrips
from fleetplan.ingest.gps.roundtrip_loop import (
    Rules,
    TripTable,
    VehicleOut,
    replay_vehicle,
)
from fleetplan.ingest.gps.roundtrip_runs import (
    NO_END,
    RunPlan,
    bulk_of,
    emit_vehicle,
    plan_runs,
)
from fleetplan.ingest.gps.settings import GpsSettings
from fleetplan.ingest.gps.state import VehicleState, start_state

_log = logging.getLogger(__name__)
_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class RoundtripBuild:
    roundtrips: tuple[Roundtrip, ...]
    states: dict[str, VehicleState]
    tallies: tuple[KmTally, ...]
    short: int = 0
    short_km: float = 0.0
    gaps_split: int = 0
    gaps_flagged: int = 0


def _trip_table(
    trips: pl.DataFrame, homes: HomeIndex, settings: GpsSettings
) -> TripTable:
    """Home decided for every trip and location at once."""
    d_start = homes.distances_m(
        trips["start_lat"].to_numpy(), trips["start_lon"].to_numpy()
    )
    d_end = homes.distances_m(trips["end_lat"].to_numpy(), trips["end_lon"].to_numpy())
    radius = np.array([settings.radius_m(loc) for loc in homes.location_ids])
    if homes.location_ids:
        nearest_of = np.argmin(d_end, axis=1)
        nearest_in = d_end[np.arange(len(nearest_of)), nearest_of] <= radius[nearest_of]
        nearest_home = np.where(nearest_in, nearest_of, -1)
    else:
        nearest_home = np.full(trips.height, -1, dtype=np.int64)
    return TripTable(
        starts=_datetimes(trips["start_time"]),
        ends=_datetimes(trips["end_time"]),
        kms=trips["distance_km"].to_list(),
        at_start=d_start <= radius,
        at_end=d_end <= radius,
        nearest_home=nearest_home,
        location_ids=homes.location_ids,
        col_of={loc_id: k for k, loc_id in enumerate(homes.location_ids)},
        naive_us=trips["start_time"].dtype == pl.Datetime("us"),
        km_array=trips["distance_km"].to_numpy(),
    )


def _datetimes(times: pl.Series) -> list[datetime]:
    """A column of times as Python datetimes: NumPy's ``tolist`` makes naive
    microsecond times five times faster than polars' ``to_list``."""
    if times.dtype == pl.Datetime("us"):  # naive (a zone would be dropped)
        return times.to_numpy().tolist()  # type: ignore[no-any-return]
    return times.to_list()


def _epoch_us(moment: datetime | None) -> int | None:
    """Microseconds since 1970 of a naive time, as polars counts them."""
    if moment is None or moment.tzinfo is not None:
        return None
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _plan(
    trips: pl.DataFrame,
    table: TripTable,
    sts: Mapping[str, VehicleState],
    rules: Rules,
    batch_end: Mapping[str, datetime],
    batch_start: Mapping[str, datetime],
) -> tuple[dict[str, int], dict[str, range], RunPlan, BulkRoundtrips]:
    """Each vehicle's run number and trip rows, the vectorised plan and its
    closed roundtrips."""
    run = trips["vehicle_id"].rle_id().to_numpy().astype(np.int64)
    bounds = np.flatnonzero(np.r_[True, run[1:] != run[:-1], True]).tolist()
    vehicles = trips["vehicle_id"].gather(bounds[:-1]).to_list()
    spans = zip(vehicles, bounds[:-1], bounds[1:], strict=True)
    rows_of = {v: range(lo, hi) for v, lo, hi in spans}
    invalid = trips.select(
        pl.any_horizontal(
            pl.col("start_time", "end_time", "distance_km").is_null(),
            pl.col("end_time") < pl.col("start_time"),
            pl.col("distance_km") < 0,
        ).fill_null(True)
    ).to_series()
    home_col, resume, end_us, slow = [], [], [], []
    for v, lo in zip(vehicles, bounds[:-1], strict=True):
        st = sts[v]
        col = table.home_col(st.home_id)
        home_col.append(-1 if col is None else col)
        resume.append(
            st.open is None
            and st.parked_home is not None
            and st.parked_home == st.home_id
            and table.starts[lo] == batch_start.get(v)
        )
        end = _epoch_us(batch_end.get(v))
        end_us.append(NO_END if end is None else end)
        slow.append(st.open is not None or (v in batch_end and end is None))
    slow_runs = np.array(slow, dtype=bool)
    if invalid.any():
        slow_runs |= np.logical_or.reduceat(invalid.to_numpy(), bounds[:-1])
    start_us = trips["start_time"].dt.epoch("us").fill_null(0).to_numpy()
    end_us = trips["end_time"].dt.epoch("us").fill_null(0).to_numpy()
    plan = plan_runs(
        run,
        start_us,
        end_us,
        table,
        np.array(home_col, dtype=np.int64),
        np.array(resume, dtype=bool),
        np.array(end_us, dtype=np.int64),
        slow_runs,
        rules,
    )
    homes = [sts[v].home_id or "" for v in vehicles]
    bulk = bulk_of(plan, vehicles, homes, table, start_us, end_us, rules)
    return {v: k for k, v in enumerate(vehicles)}, rows_of, plan, bulk


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
    Most vehicles are planned all at once (``roundtrip_runs``); those meeting a
    rare rule are replayed trip by trip (``roundtrip_loop``), in the same order.
    """
    homes = HomeIndex(locations)
    trips = trips.sort(["vehicle_id", "start_time"])
    table = _trip_table(trips, homes, settings)
    rules = Rules(settings)
    batch_start = batch_start or {}
    order = sorted(set(trips["vehicle_id"].unique()) | set(states) | set(batch_end))
    sts = {v: start_state(states.get(v), vehicle_homes.get(v)) for v in order}
    if trips.height:
        run_of, rows_of, plan, bulk = _plan(
            trips, table, sts, rules, batch_end, batch_start
        )
    else:
        run_of, rows_of, plan, bulk = {}, {}, None, None

    closed: list[Roundtrip] = []
    tallies: list[KmTally] = []
    for vehicle_id in order:
        st = sts[vehicle_id]
        out = VehicleOut()
        k = run_of.get(vehicle_id)
        end_of_batch = batch_end.get(vehicle_id)
        if plan is not None and bulk is not None and k is not None and not plan.slow[k]:
            emit_vehicle(k, st, plan, bulk, table, rules, out)
        else:
            rows = rows_of.get(vehicle_id, range(0))
            first = batch_start.get(vehicle_id)
            replay_vehicle(vehicle_id, st, rows, table, rules, out, first, end_of_batch)
        closed.extend(out.closed)
        last = (last_positions or {}).get(vehicle_id)
        _finish_vehicle(vehicle_id, st, out, rules, homes, table, end_of_batch, last)
        tallies.extend(_tallies(vehicle_id, st, out))
    _log.info(
        "built %d complete roundtrips from %d trips of %d vehicles",
        len(closed),
        trips.height,
        len(sts),
    )
    return RoundtripBuild(
        tuple(closed),
        sts,
        tuple(tallies),
        short=rules.short,
        short_km=rules.short_km,
        gaps_split=rules.split,
        gaps_flagged=rules.flagged,
    )


def _finish_vehicle(
    vehicle_id: str,
    st: VehicleState,
    out: VehicleOut,
    rules: Rules,
    homes: HomeIndex,
    table: TripTable,
    end_of_batch: datetime | None,
    last: tuple[float, float] | None,
) -> None:
    """End of the batch: cut what is open too long, note whether the vehicle is
    parked at home, and move the cursor."""
    if (
        st.open is not None
        and end_of_batch is not None
        and end_of_batch - st.open.start_time > rules.max_age
    ):
        out.incomplete[st.open.location_id] += st.open.distance_km
        _log.info("vehicle %s: open roundtrip cut at max duration", vehicle_id)
        st.open = None
    if last is not None:
        home_col = table.home_col(st.home_id)
        st.parked_home = None
        if st.open is None and home_col is not None:
            d_last = homes.distances_m(np.array([last[0]]), np.array([last[1]]))
            if d_last[0, home_col] <= rules.settings.radius_m(st.home_id):
                st.parked_home = st.home_id
    if end_of_batch is not None and (
        st.last_time is None or end_of_batch > st.last_time
    ):
        st.last_time = end_of_batch


def _tallies(vehicle_id: str, st: VehicleState, out: VehicleOut) -> list[KmTally]:
    return vehicle_tallies(vehicle_id, st, out.complete, out.incomplete)
