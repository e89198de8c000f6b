"""The engine on random instances where charge, km budgets and bike days bind.

Instances come from ``random_instances`` (1–4 days, 1–3 locations, pooling in
some, short-range EVs on slow chargers, petrol cars with small km budgets, bikes
with a daily km limit). The true optimum comes from enumerating every set of trips
each vehicle can serve (``oracles.subset_allocation``, 4–12 trips) or from an
independent MILP (``exact_formulation``, 15–40 trips), which is first checked
against the enumeration. On each instance the engine's assignment must replay
feasibly (busy times, charge trip by trip, km budget, bike km per day), cost what
it reports, and lie between the optimum and the optimum + 0.5 %; its lower bound
must not exceed the optimum.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np
import pytest

from fleetplan.simulate.engine import allocate
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.result import AllocationParams, AllocationResult
from tests.oracles import (
    assignment_cost,
    subset_allocation,
    vehicle_instances,
    violations,
)
from tests.simulate.exact_formulation import exact_allocation
from tests.simulate.random_instances import generate

SMALL_SEEDS = range(200)
LARGE_SEEDS = range(100)
# the default run takes every 5th small and every 10th large seed (and every 10th
# for the cross-check); ``pytest -m slow`` runs the rest
FAST_EVERY = {"small": 5, "large": 10, "cross": 10}
TARGET_GAP = 0.005
TOL_DKK = 1e-6
# each limit must raise the optimum of at least this share of the small instances
MIN_BINDING_SHARE = 0.30
ENGINE_PARAMS = AllocationParams(time_limit_s=60.0)


def _params(seeds: range, every: int) -> list[object]:
    return [
        pytest.param(
            seed, id=f"seed{seed}", marks=() if seed % every == 0 else pytest.mark.slow
        )
        for seed in seeds
    ]


@pytest.fixture(autouse=True)
def _slow_only_when_asked(request: pytest.FixtureRequest) -> None:
    """Slow cases run only when the marker expression asks for them (as the
    browser tests do), so the default suite stays fast."""
    asked = "slow" in (request.config.getoption("markexpr") or "")
    if request.node.get_closest_marker("slow") and not asked:
        pytest.skip("run with: pytest -m slow tests/simulate/test_random_exact.py")


@functools.cache
def _small(seed: int) -> tuple[AllocationProblem, float]:
    problem = generate(seed).problem()
    return problem, subset_allocation(problem)[0]


@functools.cache
def _large(seed: int) -> tuple[AllocationProblem, float]:
    problem = generate(seed, large=True).problem()
    return problem, exact_allocation(problem)[0]


def replay(
    problem: AllocationProblem, vehicle_ids: tuple[str, ...], index: np.ndarray
) -> tuple[float, list[str]]:
    """Cost of an assignment (an index into ``vehicle_ids`` per trip, -1 =
    unallocated) and what each vehicle breaks, e.g. ``ev0: charge``."""
    vehicles = vehicle_instances(problem)
    position = {v.vehicle_id: k for k, v in enumerate(vehicles)}
    choice = [position[vehicle_ids[v]] if v >= 0 else -1 for v in index.tolist()]
    broken = []
    for k, vehicle in enumerate(vehicles):
        served = [i for i, c in enumerate(choice) if c == k]
        broken += [
            f"{vehicle.vehicle_id}: {kind}"
            for kind in violations(problem, vehicle, served)
        ]
    return assignment_cost(problem, vehicles, choice), broken


def findings(
    problem: AllocationProblem, result: AllocationResult, optimum: float
) -> list[str]:
    """Everything wrong with the engine's result against the true optimum."""
    cost, broken = replay(problem, result.vehicle_ids, result.vehicle_index)
    out = [f"infeasible ({b})" for b in broken]
    objective, bound = result.objective_dkk, result.lower_bound_dkk
    if abs(cost - objective) > TOL_DKK * max(1.0, abs(cost)):
        out.append(f"reports {objective:.6f} for an assignment costing {cost:.6f}")
    if objective < optimum - TOL_DKK:
        out.append(f"cost {objective:.6f} below the optimum {optimum:.6f}")
    if objective > optimum * (1 + TARGET_GAP) + TOL_DKK:
        out.append(f"cost {objective:.6f} > optimum {optimum:.6f} + 0.5 %")
    if bound > optimum + TOL_DKK:
        out.append(f"bound {bound:.6f} above the optimum {optimum:.6f}")
    return out


def _check(problem: AllocationProblem, optimum: float) -> None:
    result = allocate(problem, ENGINE_PARAMS)
    wrong = findings(problem, result, optimum)
    assert not wrong, f"status {result.status}: " + "; ".join(wrong)


@pytest.mark.parametrize("seed", _params(SMALL_SEEDS, FAST_EVERY["small"]))
def test_small_instance_against_enumeration(seed: int) -> None:
    """4–12 trips: the engine against the enumerated optimum."""
    _check(*_small(seed))


@pytest.mark.parametrize("seed", _params(LARGE_SEEDS, FAST_EVERY["large"]))
def test_large_instance_against_formulation(seed: int) -> None:
    """15–40 trips: the engine against the independent MILP's optimum."""
    _check(*_large(seed))


@pytest.mark.parametrize("seed", _params(SMALL_SEEDS, FAST_EVERY["cross"]))
def test_formulation_equals_enumeration(seed: int) -> None:
    """The two oracles agree on the optimum, and the MILP's assignment replays
    feasibly at its cost."""
    problem, optimum = _small(seed)
    cost, choice = exact_allocation(problem)
    assert cost == pytest.approx(optimum, abs=TOL_DKK)
    ids = tuple(v.vehicle_id for v in vehicle_instances(problem))
    replayed, broken = replay(problem, ids, np.array(choice))
    assert not broken
    assert replayed == pytest.approx(cost, abs=TOL_DKK)


@pytest.mark.parametrize(
    "seeds",
    [
        pytest.param(SMALL_SEEDS[:: FAST_EVERY["small"]], id="fast"),
        pytest.param(SMALL_SEEDS, id="all", marks=pytest.mark.slow),
    ],
)
def test_each_limit_binds_on_a_good_share_of_instances(seeds: range) -> None:
    """Charge, km budgets and bike days each raise the optimum (it drops when that
    limit alone is lifted) on at least 30 % of the small instances, so the
    generator cannot quietly become easy. Measured on all 200: charge 69, km 129,
    bike days 96."""
    binding = {"charge": 0, "km": 0, "bike_day": 0}
    for seed in seeds:
        problem, optimum = _small(seed)
        lifted = {
            "charge": subset_allocation(problem, limit_charge=False)[0],
            "km": subset_allocation(problem, limit_km=False)[0],
            "bike_day": subset_allocation(problem, limit_day_km=False)[0],
        }
        for kind, value in lifted.items():
            assert value <= optimum + TOL_DKK  # a relaxation
            binding[kind] += value < optimum - TOL_DKK
    print(f"binding in {len(seeds)} small instances: {binding}")
    assert min(binding.values()) >= MIN_BINDING_SHARE * len(seeds), binding


def test_findings_name_each_fault() -> None:
    """The checks themselves: the optimum's own assignment passes; a bound above
    the optimum, a misreported cost, a cost 1 % above the optimum, and the
    assignment that is optimal without the bikes' daily limit are each caught."""
    seed = next(
        s
        for s in SMALL_SEEDS
        if subset_allocation(_small(s)[0], limit_day_km=False)[0]
        < _small(s)[1] - TOL_DKK
    )
    problem, optimum = _small(seed)
    ids = tuple(v.vehicle_id for v in vehicle_instances(problem))

    def result(choice: list[int], objective: float, bound: float) -> SimpleNamespace:
        return SimpleNamespace(
            vehicle_ids=ids,
            vehicle_index=np.array(choice),
            objective_dkk=objective,
            lower_bound_dkk=bound,
        )

    best = subset_allocation(problem)[1]
    assert findings(problem, result(best, optimum, optimum), optimum) == []
    (above,) = findings(problem, result(best, optimum, optimum + 1.0), optimum)
    assert "bound" in above
    (misreported,) = findings(problem, result(best, optimum + 1e-3, 0.0), optimum)
    assert "reports" in misreported
    dearer = findings(problem, result(best, optimum * 1.01, 0.0), optimum)
    assert any("+ 0.5 %" in f for f in dearer)
    cheap, overloaded = subset_allocation(problem, limit_day_km=False)
    wrong = findings(problem, result(overloaded, cheap, cheap), optimum)
    assert any("bike_day" in f for f in wrong)
    assert any("below the optimum" in f for f in wrong)
