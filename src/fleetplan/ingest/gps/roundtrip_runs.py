"""Trips to roundtrips for all vehicles at once, with NumPy.

Without a home move or a cut at the maximum age, a vehicle's roundtrips follow
from two flags per trip: it starts at home (``S``) and it ends at home (``E``).
A trip is inside a roundtrip when some trip at or before it started one and no
trip since has come home: ``part[i] = S[i] or (part[i-1] and not E[i-1])``,
which is the last ``S`` lying after the last ``E`` (two running maxima). A new
roundtrip begins at a trip that is part of one while the trip before was not
still out, or after a stop longer than ``max_gap_h`` (``gap_action="split"``).

Vehicles whose trips would meet a rule left out here (``RunPlan.slow``: a home
move, an age cut, an invalid segment, or what the caller adds, such as a
roundtrip left open by the last run) are replayed trip by trip
(``roundtrip_loop``); ``bulk_of`` and ``emit_vehicle`` turn the plan of the others
into the same objects (``roundtrip_emit``), in the same order and with the same
float sums as that loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from numpy.typing import NDArray

from fleetplan.ingest.gps.roundtrip_emit import BulkRoundtrips, build_bulk, emit_run
from fleetplan.ingest.gps.roundtrip_loop import Rules, TripTable, VehicleOut
from fleetplan.ingest.gps.state import VehicleState

# an unknown batch end: so early that no stop before it is long enough to move
NO_END = np.iinfo(np.int64).min // 4


def _us(span: timedelta) -> int:
    return span // timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class RunPlan:
    """Roundtrips of every vehicle run (a vehicle's trips, in trip order).

    ``slow`` per run: replay it. Per roundtrip: its first and last trip, and
    whether it closed (at home, or cut by a long stop) or is still open;
    ``rt_bounds[k]:rt_bounds[k + 1]`` are run k's. ``gaps`` per run: stops longer
    than ``max_gap_h`` inside a roundtrip. ``away`` lists the trips outside one.
    """

    slow: NDArray[np.bool_]
    rt_first: NDArray[np.int64]
    rt_last: NDArray[np.int64]
    rt_done: NDArray[np.bool_]
    rt_bounds: list[int]
    gaps: list[int]
    away: NDArray[np.int64]
    away_bounds: list[int]


def plan_runs(
    run: NDArray[np.int64],
    start_us: NDArray[np.int64],
    end_us: NDArray[np.int64],
    trips: TripTable,
    home_col: NDArray[np.int64],
    resume: NDArray[np.bool_],
    batch_end_us: NDArray[np.int64],
    slow: NDArray[np.bool_],
    rules: Rules,
) -> RunPlan:
    """Plan every run at once. ``run`` numbers the trips' vehicles 0, 1, ...;
    per run: ``home_col`` (-1: no home position), ``resume`` (its first trip
    starts at home, parked there at the end of the last batch), ``batch_end_us``
    (``NO_END``: unknown) and ``slow`` (replay it whatever the trips say)."""
    n, n_runs = run.size, home_col.size
    idx = np.arange(n)
    first = np.ones(n, dtype=bool)
    first[1:] = run[1:] != run[:-1]
    last = np.ones(n, dtype=bool)
    last[:-1] = first[1:]
    run_start = np.flatnonzero(first)
    hc = home_col[run]
    has_home = hc >= 0
    if trips.location_ids:
        col = np.where(has_home, hc, 0)
        starts_home = has_home & trips.at_start[idx, col]
        ends_home = has_home & trips.at_end[idx, col]
    else:
        starts_home = ends_home = np.zeros(n, dtype=bool)
    opens = starts_home | (first & resume[run])
    last_open = np.maximum.accumulate(np.where(opens, idx, -1))
    last_home = np.maximum.accumulate(np.where(ends_home, idx, -1))
    home_before = np.r_[-1, last_home[:-1]]
    part = (last_open >= run_start[run]) & (last_open > home_before)
    out = np.zeros(n, dtype=bool)  # still out when the trip begins
    out[1:] = ~first[1:] & part[:-1] & ~ends_home[:-1]
    gapped = np.zeros(n, dtype=bool)
    gapped[1:] = start_us[1:] - end_us[:-1] > _us(rules.max_gap)
    gapped &= out
    new = part & ~out
    if rules.settings.gap_action == "split":
        new |= gapped
    rt_first = np.flatnonzero(new)
    goes_on = np.zeros(n, dtype=bool)
    goes_on[:-1] = out[1:] & ~new[1:]
    rt_last = np.flatnonzero(part & ~goes_on)
    rt_done = ends_home[rt_last] | ~last[rt_last]
    rt_of = np.cumsum(new) - 1
    too_old = np.zeros(n, dtype=bool)
    if rt_first.size:
        began = start_us[rt_first][np.where(out, rt_of, 0)]
        too_old = out & (end_us - began > _us(rules.max_age))
    # a stop of relocate_stay_h at another registered location moves the home
    stop_end = np.empty(n, dtype=np.int64)
    stop_end[:-1] = start_us[1:]
    stop_end = np.where(last, batch_end_us[run], stop_end)
    moves = (
        (trips.nearest_home >= 0)
        & (trips.nearest_home != hc)
        & (stop_end - end_us >= _us(rules.relocate))
    )
    slow = slow | np.logical_or.reduceat(too_old | moves, run_start)
    away = np.flatnonzero(~part)
    return RunPlan(
        slow=slow,
        rt_first=rt_first,
        rt_last=rt_last,
        rt_done=rt_done,
        rt_bounds=np.searchsorted(run[rt_first], np.arange(n_runs + 1)).tolist(),
        gaps=np.bincount(run[gapped], minlength=n_runs).tolist(),
        away=away,
        away_bounds=np.searchsorted(run[away], np.arange(n_runs + 1)).tolist(),
    )


def bulk_of(
    plan: RunPlan,
    vehicles: list[str],
    location_ids: list[str],
    trips: TripTable,
    start_us: NDArray[np.int64],
    end_us: NDArray[np.int64],
    rules: Rules,
) -> BulkRoundtrips:
    """The closed roundtrips of the runs not replayed, built at once; run k is
    ``vehicles[k]``'s, living at ``location_ids[k]``."""
    n_runs = plan.slow.size
    run = np.repeat(np.arange(n_runs), np.diff(plan.rt_bounds))
    closed = np.flatnonzero(plan.rt_done & ~plan.slow[run])
    first, last = plan.rt_first[closed], plan.rt_last[closed]
    return build_bulk(
        first,
        last,
        run[closed],
        n_runs,
        vehicles,
        location_ids,
        trips,
        start_us,
        end_us,
        rules,
    )


def emit_vehicle(
    k: int,
    st: VehicleState,
    plan: RunPlan,
    bulk: BulkRoundtrips,
    trips: TripTable,
    rules: Rules,
    out: VehicleOut,
) -> None:
    """Run k's roundtrips into ``out`` (and the one still open into ``st``), as
    ``replay_vehicle`` would: the same objects, order and float sums."""
    kms = trips.kms
    open_rows = None
    r = plan.rt_bounds[k + 1] - 1  # only a run's last roundtrip can be open
    if r >= plan.rt_bounds[k] and not plan.rt_done[r]:
        open_rows = range(int(plan.rt_first[r]), int(plan.rt_last[r]) + 1)
    emit_run(k, bulk, open_rows, st, trips, rules, out)
    away = plan.away[plan.away_bounds[k] : plan.away_bounds[k + 1]]
    if away.size:
        out.incomplete[st.home_id] += sum(kms[i] for i in away.tolist())
    if rules.settings.gap_action == "split":
        rules.split += plan.gaps[k]
    else:
        rules.flagged += plan.gaps[k]
