"""A simulation job's blocks on the workers (``jobs.component_tasks``) without a
database: the parts' split, and a worker's rebuild of a job's run from its
stored parameters is the run the job itself hands out."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from fleetplan.demo import build_synthetic_dataset
from fleetplan.domain import Dataset
from fleetplan.economics import get_builtin_factor_set
from fleetplan.jobs.component_tasks import MIN_TRIPS_ENV, PLANS, parts_min_trips, split
from fleetplan.jobs.fleet_kind import fleet_simulation_kind
from fleetplan.jobs.kinds import simulation_kind
from fleetplan.jobs.runner import JobContext
from fleetplan.simulate import problem_from_input
from fleetplan.simulate.component_parts import (
    ComponentRun,
    InProcessPool,
    Solution,
    component_run,
    fingerprint,
)


def test_split_keeps_blocks_whole_and_in_order() -> None:
    assert split([1] * 10, 5) == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]
    # 10 trips in 3 shares: the big first block alone, then 2 and 3 blocks
    assert split([5, 1, 1, 1, 1, 1], 3) == [[0], [1, 2], [3, 4, 5]]
    assert split([7], 18) == [[0]]
    assert split([0, 0], 2) == [[0, 1]]  # no trips: one part


class Recording(InProcessPool):
    """Solves here and keeps the run it was given."""

    def __init__(self) -> None:
        self.runs: list[ComponentRun] = []

    def solve(self, run: ComponentRun, *args: Any) -> dict[int, Solution | None]:
        self.runs.append(run)
        return super().solve(run, *args)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build_synthetic_dataset(12, 6, seed=3)


def _context() -> JobContext:
    return JobContext(lambda *_: None, "job-1", threading.Event())


@pytest.mark.parametrize("kind", ["simulate.current", "simulate.fleet"])
def test_a_worker_rebuilds_the_run_the_job_hands_out(
    kind: str, dataset: Dataset
) -> None:
    """The job with a pool gives the result it gives without one; the run a
    worker builds from the same parameters (``PLANS``) has the job's trips,
    vehicles and blocks, so it answers its parts."""
    factors = get_builtin_factor_set
    params: dict[str, Any] = {"time_limit_s": 60, "limit_km": False}
    if kind == "simulate.fleet":
        params["fleet"] = {v.vehicle_id: 1 for v in dataset.current_vehicles[:8]}
    make = simulation_kind if kind == "simulate.current" else fleet_simulation_kind
    pool = Recording()
    job_ids: list[str] = []

    def pools(job_id: str) -> Recording:
        job_ids.append(job_id)
        return pool

    with_pool = make(lambda: dataset, factors, pools)(params)(_context())
    alone = make(lambda: dataset, factors)(params)(_context())
    assert job_ids == ["job-1"] and len(pool.runs) == 1
    assert len(pool.runs[0].parts) >= 6  # a block a day at least
    for key in ("objective_dkk", "bound_dkk", "status", "components", "simulated"):
        assert with_pool[key] == alone[key]
    assert with_pool["status"] == "optimal"
    assert with_pool["driving_book"] == alone["driving_book"]
    plan = PLANS[kind](params, dataset, factors)
    problem = problem_from_input(plan.build_input(dataset), plan.problem_params)
    assert fingerprint(component_run(problem, plan.allocation)) == fingerprint(
        pool.runs[0]
    )


def test_the_operator_sets_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MIN_TRIPS_ENV, raising=False)
    assert parts_min_trips() == 0  # off unless the operator sets it
    monkeypatch.setenv(MIN_TRIPS_ENV, "20000")
    assert parts_min_trips() == 20_000
    monkeypatch.setenv(MIN_TRIPS_ENV, "-5")  # never
    assert parts_min_trips() == 0
