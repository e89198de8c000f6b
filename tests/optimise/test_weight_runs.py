"""The weights of a decomposed front from one start (``optimise.weight_runs``):
the same front, bounds, solves and verified fleets wherever and in whatever
order the weights run, and the in-process front the one before the change."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from fleetplan.optimise import (
    Co2eBasis,
    CurrentMode,
    Method,
    OptimiseResult,
    build_instance,
    optimise_fleet,
)
from fleetplan.optimise import answer as answer_module
from fleetplan.optimise import time_blocks as blocks_module
from fleetplan.optimise.block_parts import ThreadPool
from fleetplan.optimise.weight_json import (
    evaluation_json,
    evaluation_of,
    params_json,
    params_of,
)
from fleetplan.optimise.weight_runs import Here, Reply, Request, run_request
from fleetplan.simulate import SimulationInput
from tests.optimise.test_benders import _params, _random_days

WEIGHTS = (0.0, 2.5, 5.0, 7.5, 10.0)


@pytest.fixture(autouse=True)
def _decomposed_front(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of >= 5 trips; no LP relaxation, so the front is the
    decomposition's weighted runs (a city's path)."""
    monkeypatch.setattr(blocks_module, "MIN_BLOCK_TRIPS", 5)
    monkeypatch.setattr(answer_module, "LP_MAX_PAIRS", 0)


def _setup(seed: int) -> tuple[SimulationInput, Any]:
    params = _params(
        max_unallocated=3,
        method=Method.DECOMPOSED,
        num_solutions=1,
        pareto_weights=WEIGHTS,
        min_pareto_points=3,
        weight=5.0,
    )
    return _random_days(seed, 6, 8), params


class Recorded:
    """Runs the weights ``here`` in ``order`` (indices) or, for the indices in
    ``apart``, as a worker does: request and reply through JSON, on a model of
    an instance built apart; keeps every reply."""

    def __init__(
        self, order: list[int], apart: set[int], worker_inst: object | None = None
    ) -> None:
        self.order, self.apart, self.worker_inst = order, apart, worker_inst
        self.replies: list[Reply | None] = []

    def run(
        self, requests: list[Request], here: Here, should_stop: object
    ) -> list[Reply | None]:
        out: list[Reply | None] = [None] * len(requests)
        for i in self.order:
            if i in self.apart:
                req = json.loads(json.dumps(requests[i], allow_nan=False))
                reply = run_request(self.worker_inst, req, block_pool=ThreadPool(1))  # type: ignore[arg-type]
                out[i] = json.loads(json.dumps(reply, allow_nan=False))
            else:
                out[i] = here(requests[i])
        self.replies = out
        return out


def _run(seed: int, pool: Recorded) -> OptimiseResult:
    inp, params = _setup(seed)
    return optimise_fleet(inp, params, block_pool=ThreadPool(1), weight_pool=pool)


@pytest.mark.parametrize("seed", [4, 5])
def test_weights_anywhere_in_any_order_give_one_front(seed: int) -> None:
    """Four weights (not the slider's 5): in order here, in reverse here, all
    through JSON on a worker's model, and mixed (reverse, two apart): the same
    replies (bound, verified fleets, flags, solves) and the same result."""
    inp, params = _setup(seed)
    worker_inst = build_instance(inp, params)
    runs = [
        Recorded([0, 1, 2, 3], set()),
        Recorded([3, 2, 1, 0], set()),
        Recorded([0, 1, 2, 3], {0, 1, 2, 3}, worker_inst),
        Recorded([3, 2, 1, 0], {0, 2}, worker_inst),
    ]
    results = [_run(seed, pool) for pool in runs]
    first = runs[0].replies
    assert [r["weight"] for r in first if r] == [0.0, 2.5, 7.5, 10.0]
    # every weight ran and proved its fleet (target gap 0): its bound is finite
    assert all(r is not None and r["solves"] >= 1 for r in first)
    assert all(isinstance(r["bound"], float) for r in first if r)
    for pool, res in zip(runs[1:], results[1:], strict=True):
        assert pool.replies == first
        assert res.pareto == results[0].pareto
        assert res.solutions == results[0].solutions
        assert res.milp_solves == results[0].milp_solves
        assert res.status == results[0].status


# the decomposed front of these instances before the weights ran from one start
# (commit 94792a9, blocks live, the default): weights, fleet, cost, CO2e
BEFORE = {
    4: [
        ((0.0,), {"Renault Zoe": 2, "Toyota Yaris": 2}, 152370.0306, 1671.5764),
        ((2.5,), {"Renault Zoe": 3, "Toyota Yaris": 1}, 152803.6589, 824.6209),
        ((5.0, 7.5, 10.0), {"Renault Zoe": 4}, 155678.1058, 557.3202),
    ],
    5: [
        ((0.0,), {"Renault Zoe": 2, "Toyota Yaris": 2}, 154839.0091, 1640.5026),
        ((2.5,), {"Renault Zoe": 3, "Toyota Yaris": 1}, 155783.7402, 914.9257),
        ((5.0, 7.5), {"Renault Zoe": 4}, 158674.1788, 651.4228),
        ((10.0,), {"Renault Zoe": 5}, 191131.5563, 598.4846),
    ],
}


@pytest.mark.parametrize("seed", [4, 5])
def test_the_in_process_front_is_the_one_before(seed: int) -> None:
    """Each weight now starts where the slider weight's run ended, not where
    the last weight's did: at target gap 0 every run still ends at its
    weight's optimum, so the front (and its proven gaps of 0) is unchanged."""
    inp, params = _setup(seed)
    res = optimise_fleet(inp, params)
    got = [
        (
            p.weights,
            p.solution.counts,
            round(p.solution.total_cost_dkk, 4),
            round(p.solution.co2e_kg, 4),
        )
        for p in res.pareto
    ]
    assert got == BEFORE[seed]
    assert all(p.solution.gap == 0.0 for p in res.pareto)
    assert str(res.status) == "optimal"


class Unanswered:
    """Answers every weight here but drops the reply of weight 2.5 (a
    worker's run the deadline cut off)."""

    def run(
        self, requests: list[Request], here: Here, should_stop: object
    ) -> list[Reply | None]:
        return [None if r["weight"] == 2.5 else here(r) for r in requests]


def test_a_weight_not_answered_leaves_no_bound_and_says_so() -> None:
    """Seed 5 without weight 2.5's run: its point (3 Zoe + 1 Yaris) is
    missing from the front, the run says it ran out of time (status limit)."""
    inp, params = _setup(5)
    res = optimise_fleet(
        inp, params, block_pool=ThreadPool(1), weight_pool=Unanswered()
    )
    fleets = [p.solution.counts for p in res.pareto]
    assert {"Renault Zoe": 2, "Toyota Yaris": 2} in fleets
    assert {"Renault Zoe": 3, "Toyota Yaris": 1} not in fleets
    assert str(res.status) == "limit"
    assert "optimiser.time_limit" in [getattr(m, "code", None) for m in res.messages]


def test_params_and_fleets_survive_json() -> None:
    """Every parameter (enums, the kept set, the weights, None) and an
    evaluation with an infinite gap come back equal through strict JSON."""
    _, base = _setup(4)
    params = replace(
        base,
        keep=frozenset({"c2", "c1"}),
        current=CurrentMode.FREE,
        co2e_basis=Co2eBasis.LIFECYCLE,
        total_time_limit_s=None,
        max_new_vehicles=3,
    )
    raw = json.loads(json.dumps(params_json(params), allow_nan=False))
    assert params_of(raw) == params
    ev = evaluation_of([[1, 2], 10.5, 3.25, 1, 0.0, 2.0, float("inf"), False])
    back = json.loads(json.dumps(evaluation_json(ev), allow_nan=False))
    assert back[6] == "inf"
    assert evaluation_of(back) == ev
