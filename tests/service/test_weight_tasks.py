"""A decomposed optimisation's front weights as tasks on the workers (issue 18,
item 7): the same front, fleets and solves as the run in one process."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from fleetplan.jobs import SqlJobStore
from fleetplan.jobs.weight_tasks import WeightQueue
from fleetplan.optimise import Method, optimise_fleet
from fleetplan.optimise import answer as answer_module
from fleetplan.optimise.block_parts import ThreadPool
from fleetplan.optimise.weight_runs import InProcess
from tests.service.conftest import Deployment
from tests.service.coordinator import (
    coordinating,
    optimise_input,
    timed,
    warm_workers,
)

pytestmark = pytest.mark.service


def test_front_weights_on_the_workers_give_the_in_process_result(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    """synth_100v_90d at slider weight 5, the decomposition forced and no LP
    relaxation (a city's front): the weights 0, 2.5, 7.5 and 10 run on the two
    workers and here give the same front (points, fleets, gaps), best fleet and
    solves as all four run here, and a worker (its pid in the reply) ran at
    least one. A worker builds the instance from the optimise job's stored
    parameters, so the job is queued and cancelled first."""
    monkeypatch.setattr(answer_module, "LP_MAX_PAIRS", 0)  # this process only
    params = {"time_limit_s": 30}
    with coordinating(deployment, "optimise", params, cancel=True) as job:
        req, inp, inst = optimise_input(job)
        problem = req.scope.problem_params
        params = replace(
            req.params,
            method=Method.DECOMPOSED,
            num_solutions=1,
            min_pareto_points=3,
        )

        def run(pool: InProcess | WeightQueue) -> tuple[object, ...]:
            res = optimise_fleet(
                inp, params, problem, instance=inst,
                block_pool=ThreadPool(1), weight_pool=pool,
            )  # fmt: skip
            return (res.status, res.solutions, res.pareto, res.milp_solves)

        here, here_s = timed(lambda: run(InProcess()))
        warm_workers(job)
        queue = WeightQueue(job.engine, job.app, job.job_id, stall_s=60.0)
        there, there_s = timed(lambda: run(queue))
        left = SqlJobStore(job.engine).list(f"weight:{job.job_id}")
        print(
            f"front weights: in process {here_s:.1f} s, workers {there_s:.1f} s "
            f"(weights: {queue.remote} by workers, {queue.local} here, "
            f"pids {queue.pids})"
        )
    assert len(here[2]) >= 2, here  # type: ignore[arg-type]
    assert there == here
    assert queue.remote >= 1 and queue.remote + queue.local == 4
    assert any(pid is not None and pid != os.getpid() for pid in queue.pids)
    assert left == []  # answered weights are deleted with their starts
