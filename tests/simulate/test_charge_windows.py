"""Every charge window cut at once (``charge_windows``) against the trip-by-trip
replay of the charge: a sequence of trips drains an EV's battery exactly when it
breaks one of the cuts, so the rows are both valid and complete."""

from __future__ import annotations

import random

import numpy as np
import pytest

from fleetplan.simulate.chains import soc_of
from fleetplan.simulate.charge_windows import add_window_cuts
from fleetplan.simulate.class_model import Resource
from fleetplan.simulate.highs_model import BinaryModel
from fleetplan.simulate.state import FleetState
from tests.simulate.random_instances import generate

SUBSETS = 300


def _chain(start: np.ndarray, end: np.ndarray, picked: list[int]) -> list[int]:
    """The picked trips (in start order) that one vehicle can drive in turn."""
    out: list[int] = []
    for i in sorted(picked, key=lambda k: (start[k], end[k])):
        if not out or start[i] >= end[out[-1]]:
            out.append(i)
    return out


@pytest.mark.parametrize("seed", [3, 42, 47])
def test_window_rows_hold_exactly_when_the_charge_replays(seed: int) -> None:
    """On each EV of a random instance (short range, slow charger), for 300
    random sequences of its trips: some added row is violated iff the replay of
    the charge goes below 0. Fails with a window left out (e.g. none from the
    block's start or from a trip's start) or a wrong right-hand side."""
    problem = generate(seed, large=True).problem()
    state = FleetState.initial(problem, limit_km=True)
    trips = problem.trips
    idx = np.argsort(trips.start_min, kind="stable").astype(np.int64)
    evs = [v for v in range(len(state.cap_km)) if np.isfinite(state.cap_km[v])]
    assert evs
    rng = random.Random(seed)
    drained = 0
    for v in evs:
        local = np.flatnonzero(problem.feasible[idx, state.type_of[v]])
        model = BinaryModel()
        cols = model.add_columns(np.zeros(len(local)))
        res = Resource(cls=0, vehicle=v, trips=local, columns=cols)
        add_window_cuts(problem, idx, state, res, model)
        starts, index, value = model.csr()
        upper = np.concatenate(model.row_upper) if model.num_rows else np.zeros(0)
        g = idx[local]
        for _ in range(SUBSETS):
            picked = rng.sample(range(len(local)), rng.randint(1, len(local)))
            chain = _chain(trips.start_min[g], trips.end_min[g], picked)
            x = np.zeros(len(local))
            x[chain] = 1.0
            lhs = np.add.reduceat(value * x[index], starts[:-1]) if len(index) else []
            broken = bool(np.any(np.asarray(lhs) > upper + 1e-6))
            replay = soc_of(problem, state, v, g[np.array(chain)])
            assert broken == (replay.violation >= 0), (v, chain)
            drained += broken
    # the instances bind: some sequences drain a battery, so rows were added
    assert drained > 0
