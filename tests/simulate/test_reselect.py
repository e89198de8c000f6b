"""The per-vehicle re-selection after a budgeted run (``simulate/reselect.py``):
its dynamic programme against enumeration, and the pass on random instances
against their exact optimum and a trip-by-trip replay."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from fleetplan.simulate.engine import drop_slack_budgets
from fleetplan.simulate.fill import fill_budgets
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.reselect import best_schedule, reselect_budgets
from fleetplan.simulate.state import FleetState
from tests.simulate.exact_formulation import exact_allocation
from tests.simulate.random_instances import generate
from tests.simulate.test_random_exact import replay

TOL = 1e-6


def _enumerate(
    weight: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    km: np.ndarray,
    budget: float,
) -> float:
    best = 0.0
    n = len(weight)
    for size in range(1, n + 1):
        for pick in itertools.combinations(range(n), size):
            if km[list(pick)].sum() > budget + 1e-9:
                continue
            spans = sorted((start[i], end[i]) for i in pick)
            if any(a[1] > b[0] for a, b in itertools.pairwise(spans)):
                continue
            best = max(best, float(weight[list(pick)].sum()))
    return best


def test_hand_checked_schedules() -> None:
    """A (0–10 h, 10 km, saves 10), B (0–5 h, 6 km, 8), C (5–10 h, 4 km, 7):
    budget 10 → B and C (15); budget 9 → B alone (8: A is too long, B + C 10 km);
    no budget → B and C; C moved to overlap B (4–10 h) with budget 10 → A (10)."""
    weight = np.array([10.0, 8.0, 7.0])
    start, end = np.array([0.0, 0.0, 5.0]), np.array([10.0, 5.0, 10.0])
    km = np.array([10.0, 6.0, 4.0])
    assert best_schedule(weight, start, end, km, 10.0).tolist() == [1, 2]
    assert best_schedule(weight, start, end, km, 9.0).tolist() == [1]
    assert best_schedule(weight, start, end, km, np.inf).tolist() == [1, 2]
    start[2] = 4.0
    assert best_schedule(weight, start, end, km, 10.0).tolist() == [0]
    assert best_schedule(-weight, start, end, km, 10.0).tolist() == []


@pytest.mark.parametrize("seed", range(150))
def test_the_schedule_is_optimal_for_whole_km(seed: int) -> None:
    """Whole km and a budget dividing the DP's 20,000 units are exact: it finds
    the enumerated optimum, and its set is feasible."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 10))
    start = rng.integers(0, 20, n).astype(float)
    end = start + rng.integers(1, 8, n)
    km = rng.integers(1, 15, n).astype(float)
    weight = rng.uniform(-2.0, 10.0, n)
    budget = (
        float(rng.choice([0, 5, 8, 10, 16, 20, 25, 32, 40])) if seed % 5 else np.inf
    )
    pick = best_schedule(weight, start, end, km, budget)
    assert km[pick].sum() <= budget + 1e-9
    spans = sorted(zip(start[pick], end[pick], strict=True))
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    expected = _enumerate(weight, start, end, km, budget)
    assert weight[pick].sum() == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("seed", range(100))
def test_fractional_km_stay_within_the_budget(seed: int) -> None:
    """Fractional km are rounded up: the set always keeps the budget, and it is
    at least as good as the optimum with each trip one DP unit longer."""
    rng = np.random.default_rng(1000 + seed)
    n = int(rng.integers(1, 9))
    start = rng.uniform(0, 20, n)
    end = start + rng.uniform(0.5, 6, n)
    km = rng.uniform(0.1, 12, n)
    weight = rng.uniform(0.0, 10.0, n)
    budget = float(rng.uniform(1, 30))
    pick = best_schedule(weight, start, end, km, budget)
    assert km[pick].sum() <= budget + 1e-9
    unit = budget / 20_000
    padded = _enumerate(weight, start, end, km + unit, budget)
    assert weight[pick].sum() >= padded - 1e-4


def _budgeted(seed: int) -> AllocationProblem | None:
    problem = generate(seed, large=True).problem()
    state = FleetState.initial(problem, True)
    drop_slack_budgets(problem, state)
    return problem if np.isfinite(state.budget_km).any() else None


@pytest.mark.parametrize("seed", range(0, 60, 3))
def test_the_pass_only_improves_and_stays_feasible(seed: int) -> None:
    """From a greedy fill: every change lowers the cost, the result replays
    (time, km budgets, charge, bikes' daily km), and it is never below the exact
    optimum."""
    problem = _budgeted(seed)
    if problem is None:
        pytest.skip("no km budget binds on this instance")
    fresh = FleetState.initial(problem, True)
    drop_slack_budgets(problem, fresh)
    out = np.full(problem.num_trips, -1, dtype=np.int64)
    fill_budgets(problem, fresh, out)
    before, broken = replay(problem, fresh.vehicle_ids, out)
    assert not broken
    changed = reselect_budgets(problem, fresh, out)
    after, broken = replay(problem, fresh.vehicle_ids, out)
    assert not broken
    assert (changed > 0) == (after < before - TOL)
    assert after >= exact_allocation(problem)[0] - TOL


def test_the_pass_improves_most_greedy_fills() -> None:
    """Not a no-op: of the seeds above with a binding budget, it lowered the cost
    of 11 of 20 greedy fills when written; at least half must improve."""
    improved = total = 0
    for seed in range(0, 60, 3):
        problem = _budgeted(seed)
        if problem is None:
            continue
        fresh = FleetState.initial(problem, True)
        drop_slack_budgets(problem, fresh)
        out = np.full(problem.num_trips, -1, dtype=np.int64)
        fill_budgets(problem, fresh, out)
        total += 1
        improved += reselect_budgets(problem, fresh, out) > 0
    assert total >= 10
    assert improved >= total // 2
