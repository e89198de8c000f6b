"""The per-block fast paths give, bit for bit, the values of the plain code they
replace (the engine's answers must not move when it gets faster)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from fleetplan.simulate.classes import busy
from fleetplan.simulate.km_caps import cumulative_km_caps, max_single_vehicle_km
from fleetplan.simulate.state import TIME_DECIMALS, FleetState
from tests.simulate.random_instances import generate


@pytest.mark.parametrize("seed", range(8))
def test_serve_many_is_serve_in_turn(seed: int) -> None:
    """A block's trips recorded at once leave the state that ``serve`` leaves trip
    by trip: EVs' charge, busy until, km used and bikes' km per day."""
    problem = generate(seed, large=True).problem()
    one = FleetState.initial(problem, True)
    many = FleetState.initial(problem, True)
    trips = np.lexsort((problem.trips.end_min, problem.trips.start_min))
    rng = np.random.default_rng(seed)
    vehicles = rng.integers(0, len(one.vehicle_ids), len(trips))
    for v, i in zip(vehicles.tolist(), trips.tolist(), strict=True):
        one.serve(problem, v, i)
    many.serve_many(problem, vehicles, trips)
    for name in ("soc_km", "last_end", "free_at", "km_used"):
        assert np.array_equal(getattr(one, name), getattr(many, name)), name
    assert one.day_km == many.day_km


def test_busy_answers_for_the_problem_asked() -> None:
    """The kept busy columns are the asked problem's own: two problems asked in
    turn (two allocations in threads) never get each other's intervals."""
    first = generate(3, large=True).problem()
    second = dataclasses.replace(first, busy_before_min=first.busy_before_min + 7.0)
    idx = np.arange(first.num_trips)[::2]
    for _ in range(2):
        for problem in (first, second):
            for t in range(problem.num_types):
                start, end = busy(problem, t, idx)
                trips = problem.trips
                want_start = trips.start_min[idx] - problem.busy_before_min[idx, t]
                want_end = trips.end_min[idx] + problem.busy_after_min[idx, t]
                assert np.array_equal(start, np.round(want_start, TIME_DECIMALS))
                assert np.array_equal(end, np.round(want_end, TIME_DECIMALS))


def _caps_by_whole_rows(
    start: np.ndarray, end: np.ndarray, km: np.ndarray, vehicles: int
) -> np.ndarray:
    """``cumulative_km_caps`` as first written: every row sorted and summed whole."""
    total = float(km.sum())
    single = max_single_vehicle_km(start, end, km)
    caps = np.minimum(np.arange(1, vehicles + 1, dtype=np.float64) * single, total)
    points = np.unique(np.concatenate([start, end]))
    if len(points) < 2:
        return caps
    mids = (points[:-1] + points[1:]) / 2.0
    duration = np.maximum(end - start, 1e-9)
    active = (start[None, :] <= mids[:, None]) & (end[None, :] > mids[:, None])
    density = np.where(active, (km / duration)[None, :], 0.0)
    top = -np.sort(-density, axis=1)[:, :vehicles]
    spread = (np.cumsum(top, axis=1) * np.diff(points)[:, None]).sum(axis=0)
    if len(spread) < vehicles:
        spread = np.concatenate([spread, np.full(vehicles - len(spread), spread[-1])])
    return np.minimum(caps, spread)


@pytest.mark.parametrize("seed", range(40))
def test_km_caps_match_whole_rows(seed: int) -> None:
    """The running sums over the filled columns only give the same caps as over
    every column (zero-length intervals, zero km, ties and few vehicles too)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 80))
    start = np.round(rng.uniform(0, 900, n) / (30 if seed % 3 == 0 else 1), 1)
    length = rng.choice([0.0, 10.0, 30.0, 90.0, 200.0], n) * rng.uniform(0, 1.5, n)
    end = start + np.round(length, 1)
    km = rng.uniform(0, 80, n) * (rng.uniform(size=n) > 0.1)
    vehicles = int(rng.integers(1, 90))
    assert np.array_equal(
        cumulative_km_caps(start, end, km, vehicles),
        _caps_by_whole_rows(start, end, km, vehicles),
    )
