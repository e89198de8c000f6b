"""The level bound: hand-computed value and validity against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.simulate.cliques import maximal_cliques_csr
from fleetplan.simulate.highs_model import BinaryModel, lp_bound
from fleetplan.simulate.km_caps import cumulative_km_caps
from fleetplan.simulate.level_bound import kept_levels, level_columns


def _bound(
    start: np.ndarray,
    end: np.ndarray,
    km: np.ndarray,
    extra: np.ndarray,
    external: np.ndarray,
    rates: np.ndarray,
    max_levels: int,
) -> float:
    """LP bound of one class (vehicles with ``rates``) plus an external column per
    trip (``x_i + u_i = 1``)."""
    model = BinaryModel()
    starts, members = maximal_cliques_csr(start, end)
    caps = cumulative_km_caps(start, end, km, len(rates))
    x = level_columns(
        model, extra, km, np.sort(rates), caps, starts, members, max_levels
    )
    sizes = np.diff(starts)
    big = sizes > len(rates)
    if big.any():
        model.add_rows_csr(
            np.concatenate([[0], np.cumsum(sizes[big])]),
            x[members[np.repeat(big, sizes)]],
            np.ones(int(sizes[big].sum())),
            np.full(int(big.sum()), -np.inf),
            np.full(int(big.sum()), float(len(rates))),
        )
    u = model.add_columns(external)
    for i in range(len(km)):
        model.add_row(np.array([x[i], u[i]]), np.ones(2), 1.0, 1.0)
    return lp_bound(model, 10.0)


def _brute_force(start, end, km, extra, external, rates) -> float:
    """Cheapest assignment of each trip to a vehicle (no overlaps) or external."""
    best = float("inf")
    n = len(km)
    for choice in itertools.product(range(-1, len(rates)), repeat=n):
        ok = True
        cost = 0.0
        for i, v in enumerate(choice):
            if v < 0:
                cost += external[i]
                continue
            cost += extra[i] + km[i] * rates[v]
            for j in range(i):
                if choice[j] == v and start[i] < end[j] and start[j] < end[i]:
                    ok = False
        if ok:
            best = min(best, cost)
    return best


def test_kept_levels() -> None:
    """Steps 0.1, 0, 0.3, 0.2: the two largest are levels 3 and 4; zero steps are
    never kept."""
    assert kept_levels(np.array([0.1, 0.0, 0.3, 0.2]), 2) == [3, 4]
    assert kept_levels(np.array([0.1, 0.0, 0.3, 0.2]), 9) == [1, 3, 4]


def test_hand_computed() -> None:
    """Rates 1.0 and 1.1; A [0,10) 10 km, B [5,15) 20 km, C [20,30) 5 km, external
    100 each. A and B overlap, so the cheap vehicle takes B + C (25 km) and the
    other A: 25·1.0 + 10·1.1 = 36. Level LP: 1.1·35 − 0.1·z_1 with z_1 <= the km of
    a 1-colourable subset (B + C = 25): 38.5 − 2.5 = 36."""
    start, end = np.array([0.0, 5, 20]), np.array([10.0, 15, 30])
    km, zero, external = np.array([10.0, 20, 5]), np.zeros(3), np.full(3, 100.0)
    rates = np.array([1.1, 1.0])
    assert _bound(start, end, km, zero, external, rates, 1) == pytest.approx(36.0)
    assert _brute_force(start, end, km, zero, external, rates) == pytest.approx(36.0)


def test_levels_tighten_the_spread() -> None:
    """Rates 1 and 2; A [0,10) 10 km, B [0,10) 10 km, C [5,15) 30 km, external:
    A, B 100, C 31. All three overlap at 5: at most two served. Best: C external (31)
    + A, B on the two vehicles 10 + 20 = 61; or C on the cheap one (30) + A on the
    other (20) + B external (100). Without y columns, z_1 <= M_1 = 30 lets the LP
    price 30 km at rate 1 while serving A and B: 2·20 − 1·20 = 20 + 31 = 51; with
    y^1 (one chain among A, B: 10 km) the LP gives 40 − 10 + 31 = 61."""
    start, end = np.array([0.0, 0, 5]), np.array([10.0, 10, 15])
    km, zero = np.array([10.0, 10, 30]), np.zeros(3)
    external, rates = np.array([100.0, 100, 31]), np.array([1.0, 2.0])
    assert _bound(start, end, km, zero, external, rates, 0) == pytest.approx(51.0)
    assert _bound(start, end, km, zero, external, rates, 1) == pytest.approx(61.0)
    assert _brute_force(start, end, km, zero, external, rates) == pytest.approx(61.0)


@settings(max_examples=40, deadline=None)
@given(
    trips=st.lists(
        st.tuples(
            st.integers(0, 20),
            st.integers(1, 10),
            st.integers(1, 40),
            st.integers(0, 5),
        ),
        min_size=1,
        max_size=5,
    ),
    rates=st.lists(st.integers(10, 14), min_size=1, max_size=3),
    external_per_km=st.integers(8, 20),
    max_levels=st.integers(0, 2),
)
def test_bound_is_valid(
    trips: list[tuple[int, int, int, int]],
    rates: list[int],
    external_per_km: int,
    max_levels: int,
) -> None:
    """The LP never exceeds the cheapest per-vehicle assignment."""
    start = np.array([float(t[0]) for t in trips])
    end = start + np.array([float(t[1]) for t in trips])
    km = np.array([float(t[2]) for t in trips])
    extra = np.array([float(t[3]) for t in trips])
    external = km * external_per_km / 10.0 + 1.0
    rate = np.array(rates, dtype=np.float64) / 10.0
    bound = _bound(start, end, km, extra, external, rate, max_levels)
    exact = _brute_force(start, end, km, extra, external, rate)
    assert bound <= exact + 1e-6
