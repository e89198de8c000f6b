"""The km plan (``km_plan``), the budget fill (``fill``) and the LP-guided MIP.

The random instances of ``random_instances`` have km budgets that bind on most
of them; they are small enough for the per-vehicle model of the whole horizon
(``blocks.JOINT_MAX_COLUMNS``), so here that limit is set to 0 to send them
through the plan instead, and the result is checked against the independent
MILP: the assignment replays feasibly at the cost reported, and the bound (the
plan's LP) never exceeds the optimum.
"""

from __future__ import annotations

import numpy as np
import pytest

import fleetplan.simulate.blocks as blocks_module
from fleetplan.simulate import km_plan
from fleetplan.simulate.classes import build_classes
from fleetplan.simulate.engine import allocate, drop_slack_budgets
from fleetplan.simulate.fill import fill_budgets
from fleetplan.simulate.highs_model import BinaryModel, solve_binary
from fleetplan.simulate.km_prices import km_prices
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.state import FleetState
from tests.simulate.exact_formulation import exact_allocation
from tests.simulate.random_instances import generate
from tests.simulate.test_random_exact import replay

TOL = 1e-6
SEEDS = range(0, 40, 4)


def _budgeted(seed: int) -> AllocationProblem | None:
    problem = generate(seed, large=True).problem()
    state = FleetState.initial(problem, True)
    drop_slack_budgets(problem, state)
    return problem if np.isfinite(state.budget_km).any() else None


@pytest.mark.parametrize("seed", SEEDS)
def test_a_planned_run_is_feasible_and_its_bound_valid(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = _budgeted(seed)
    if problem is None:
        pytest.skip("no km budget binds on this instance")
    monkeypatch.setattr(blocks_module, "JOINT_MAX_COLUMNS", 0)
    state = FleetState.initial(problem, True)
    drop_slack_budgets(problem, state)
    classes = build_classes(problem, state, 0.1)
    _, plan = km_prices(problem, classes, state, blocks_module.blocks(problem, state))
    assert plan.caps, "the budgets go through the plan"
    result = allocate(problem, AllocationParams(time_limit_s=60.0, limit_km=True))
    optimum = exact_allocation(problem)[0]
    cost, broken = replay(problem, result.vehicle_ids, result.vehicle_index)
    assert not broken
    assert cost == pytest.approx(result.objective_dkk, abs=TOL)
    assert result.objective_dkk >= optimum - TOL
    assert result.lower_bound_dkk <= optimum + TOL


def test_the_plan_carries_what_a_block_left() -> None:
    """Hand-checked: class 0 planned (trip's km + 5) in block 0 and 20 km in
    block 1; block 0 drove that one trip on a vehicle of class 0, so block 1 may
    drive 20 + 5 = 25 km; class 1 has no plan (inf) and stays unlimited."""
    problem = generate(0, large=True).problem()
    state = FleetState.initial(problem, False)
    classes = build_classes(problem, state, 0.1)[:2]
    v = int(classes[0].vehicles[0])
    trip = int(np.argmax(problem.trips.distance_km))
    plan = km_plan.KmPlan()
    plan.caps[0] = np.array([problem.trips.distance_km[trip] + 5.0, np.inf])
    plan.caps[1] = np.array([20.0, np.inf])
    plan.spend(0, problem, classes, np.array([trip]), np.array([v]))
    room = plan.room(1)
    assert room[0] == pytest.approx(20.0 + 5.0)
    assert np.isinf(room[1])


@pytest.mark.parametrize("seed", SEEDS)
def test_fill_turns_an_all_external_allocation_feasible_and_cheaper(seed: int) -> None:
    """From every trip external, the fill moves trips onto vehicles only where the
    replay allows it, and each move saves money."""
    problem = _budgeted(seed) or generate(seed, large=True).problem()
    fresh = FleetState.initial(problem, True)
    out = np.full(problem.num_trips, -1, dtype=np.int64)
    before = float(problem.external_cost_dkk.sum())
    moved = fill_budgets(problem, fresh, out)
    cost, broken = replay(problem, fresh.vehicle_ids, out)
    assert not broken
    assert (moved > 0) == (cost < before - TOL)
    assert int((out >= 0).sum()) == moved


def _knapsack_model(rng: np.random.Generator, n: int) -> tuple[BinaryModel, float]:
    """A 0/1 model with a fractional LP: pick items (each covered once, by
    itself or an expensive outside column) under two knapsack rows; its optimum
    by enumeration."""
    model = BinaryModel()
    cost = -rng.uniform(1.0, 10.0, n)
    weight = rng.uniform(1.0, 10.0, (2, n))
    cap = weight.sum(axis=1) * 0.4
    cols = model.add_columns(cost)
    for r in range(2):
        model.add_row(cols, weight[r], -np.inf, float(cap[r]))
    best = np.inf
    for mask in range(1 << n):
        pick = np.array([(mask >> k) & 1 for k in range(n)], dtype=bool)
        if (weight[:, pick].sum(axis=1) <= cap + 1e-12).all():
            best = min(best, float(cost[pick].sum()))
    return model, best


@pytest.mark.parametrize("seed", range(12))
def test_the_lp_guided_mip_keeps_a_valid_bound(seed: int) -> None:
    """Against enumeration: the objective is within HiGHS's 0.1 % of the optimum
    and the bound never above it (reduced-cost fixing must not cut the optimum)."""
    model, best = _knapsack_model(np.random.default_rng(seed), 12)
    sol = solve_binary(model, 10.0)
    assert sol.solved
    assert sol.bound <= best + 1e-7
    assert sol.objective >= best - 1e-7
    assert sol.objective <= best + 1e-3 * abs(best) + 1e-7
