"""A simulation's blocks solved in parts elsewhere (``component_parts``): every
request and reply through JSON, the parts in shuffled order on a run rebuilt
from the input, give the in-process allocation exactly."""

from __future__ import annotations

import json
import random
from typing import Any

import numpy as np
import pytest

from fleetplan.demo import build_synthetic_dataset
from fleetplan.economics import get_builtin_factor_set
from fleetplan.simulate import make_input, problem_from_input
from fleetplan.simulate.component import Unsolved
from fleetplan.simulate.component_parts import (
    ComponentRun,
    InProcessPool,
    Solution,
    component_run,
    encode_solution,
    part_request,
    read_reply,
    solve_part,
)
from fleetplan.simulate.engine import allocate
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.result import AllocationParams, AllocationResult, SolveStatus
from tests.simulate.random_instances import generate

FREE = AllocationParams(time_limit_s=120.0, limit_km=False)


def _via_json(value: dict[str, Any]) -> dict[str, Any]:
    # allow_nan off: what PostgreSQL's JSON takes (no Infinity, no NaN)
    loaded: dict[str, Any] = json.loads(json.dumps(value, allow_nan=False))
    return loaded


class JsonPool:
    """Parts of ``size`` blocks, solved in shuffled order on a run that
    ``rebuild`` makes again (as a worker does), every message through JSON."""

    def __init__(self, rebuild: Any, seed: int, size: int = 3) -> None:
        self.rebuild, self.rng, self.size = rebuild, random.Random(seed), size
        self.parts = 0

    def solve(
        self, run: ComponentRun, limits: list[float], *_: object
    ) -> dict[int, Solution | None]:
        numbers = list(range(len(run.parts)))
        requests = [
            _via_json(part_request(run, numbers[i : i + self.size], limits))
            for i in range(0, len(numbers), self.size)
        ]
        self.rng.shuffle(requests)
        worker: ComponentRun = self.rebuild()
        out: dict[int, Solution | None] = {}
        for req in requests:
            out.update(read_reply(req, _via_json(solve_part(worker, req))))
        self.parts = len(requests)
        return out


def _same(a: AllocationResult, b: AllocationResult) -> None:
    assert np.array_equal(a.vehicle_index, b.vehicle_index)
    assert a.objective_dkk == b.objective_dkk
    assert a.lower_bound_dkk == b.lower_bound_dkk
    assert a.status == b.status
    assert a.components == b.components
    assert a.energy_repairs == b.energy_repairs


@pytest.mark.parametrize("seed", [1, 2])
def test_synthetic_parts_through_json_give_the_in_process_run(seed: int) -> None:
    """30 cars (EVs among them) over 12 days at 2 locations: a dozen blocks
    and more; the worker's run is built again from the input."""
    dataset = build_synthetic_dataset(30, 12, seed=seed, locations=2)
    inp = make_input(dataset, None, get_builtin_factor_set("os2-defaults"))
    problem = problem_from_input(inp)
    here = allocate(problem, FREE)
    pool = JsonPool(lambda: component_run(problem_from_input(inp), FREE), seed)
    there = allocate(problem, FREE, pool=pool)
    assert here.components >= 12 and pool.parts >= 4
    assert any(t.capacity_km is not None for t in problem.types)  # EVs charge
    assert here.status is SolveStatus.OPTIMAL
    _same(here, there)


def test_random_instances_through_json_give_the_in_process_run() -> None:
    """Random instances where charge and bike days bind (km budgets off):
    every block in a part of one, in shuffled order."""
    blocks_seen = 0
    for seed in range(0, 40, 4):
        problem = generate(seed, large=True).problem()
        here = allocate(problem, FREE)
        pool = JsonPool(lambda p=problem: component_run(p, FREE), seed, size=1)
        there = allocate(problem, FREE, pool=pool)
        _same(here, there)
        assert pool.parts == here.components
        blocks_seen += here.components
    assert blocks_seen >= 15


class Recorder:
    def __init__(self, answer: dict[int, Solution | None] | None) -> None:
        self.answer, self.calls = answer, 0

    def solve(self, *_: object) -> dict[int, Solution | None] | None:
        self.calls += 1
        return self.answer


def _budgeted() -> AllocationProblem:
    """A random instance whose petrol car's km budget binds (15-50 % of the
    trips' km): its blocks are coupled."""
    for seed in range(40):
        problem = generate(seed, large=True).problem()
        if allocate(problem).objective_dkk > allocate(problem, FREE).objective_dkk:
            return problem
    raise AssertionError("no instance with a binding budget")


def test_a_budgeted_run_stays_in_process() -> None:
    problem = _budgeted()
    pool = Recorder({})
    assert _result_fields(allocate(problem, pool=pool)) == _result_fields(
        allocate(problem)
    )
    assert pool.calls == 0


def _result_fields(r: AllocationResult) -> tuple[object, ...]:
    return (r.vehicle_index.tolist(), r.objective_dkk, r.lower_bound_dkk, r.status)


def test_a_declined_run_is_solved_here() -> None:
    problem = generate(4, large=True).problem()
    pool = Recorder(None)
    assert _result_fields(allocate(problem, FREE, pool=pool)) == _result_fields(
        allocate(problem, FREE)
    )
    assert pool.calls == 1


def test_blocks_a_pool_did_not_solve_are_allocated_greedily() -> None:
    """A cancel mid-run: no block answered, every trip allocated greedily, the
    run not proven."""
    problem = generate(8, large=True).problem()
    result = allocate(problem, FREE, pool=Recorder({}))
    greedy_result = allocate(problem, FREE, should_stop=lambda: True)
    assert result.status is SolveStatus.LIMIT
    assert result.vehicle_index.tolist() == greedy_result.vehicle_index.tolist()
    assert any("stopped early" in m for m in result.messages)


def test_the_in_process_pool_gives_the_same_run() -> None:
    problem = generate(12, large=True).problem()
    _same(allocate(problem, FREE), allocate(problem, FREE, pool=InProcessPool()))


def test_an_unsolved_block_crosses_json_with_its_plan() -> None:
    """An unsolved block's -inf bound (no JSON number) comes back as -inf."""
    problem = generate(3, large=True).problem()
    run = component_run(problem, FREE)
    req = part_request(run, [0], [1.0])
    plan = np.array([2, -1, 0], dtype=np.int64)
    reply = {"answers": [encode_solution(Unsolved(-np.inf, plan))]}
    back = read_reply(req, _via_json(reply))[0]
    assert isinstance(back, Unsolved)
    assert back.bound_dkk == -np.inf
    assert back.plan is not None and back.plan.tolist() == [2, -1, 0]


def test_a_part_of_other_data_is_refused() -> None:
    """A worker whose rebuilt run has other trips must not answer."""
    run = component_run(generate(3, large=True).problem(), FREE)
    other = component_run(generate(5, large=True).problem(), FREE)
    req = part_request(run, [0], [1.0])
    with pytest.raises(ValueError, match="other data"):
        solve_part(other, req)
