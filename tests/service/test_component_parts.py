"""A simulation's blocks as tasks on the workers (issue 18, item 7): the parts
answered by the worker processes give the allocation of one process."""

from __future__ import annotations

import numpy as np
import pytest

from fleetplan.jobs import SqlJobStore
from fleetplan.jobs.component_tasks import PLANS, QueueComponentPool
from fleetplan.simulate import allocate, problem_from_input
from tests.service.conftest import Deployment
from tests.service.coordinator import coordinating, wait_answered

pytestmark = pytest.mark.service
PARAMS = {"time_limit_s": 300, "limit_km": False}


def test_simulation_parts_on_the_workers_give_the_in_process_result(
    deployment: Deployment,
) -> None:
    """synth_100v_90d's current fleet (90 day blocks, EVs among the cars):
    this process coordinates a ``simulate.current`` job's allocation (as the
    job's worker does; the size threshold lifted) with its parts on the two
    workers, which rebuild the problem from the job's stored parameters. Same
    vehicle for every trip, same cost, bound and status as the allocation in
    one process, and parts were answered by the worker processes."""
    with coordinating(deployment, "simulate.current", PARAMS, web=-1) as job:
        plan = PLANS[job.kind](job.params, job.dataset, job.factor_sets)
        data = job.dataset
        problem = problem_from_input(plan.build_input(data), plan.problem_params)
        here = allocate(problem, plan.allocation)
        pool = QueueComponentPool(job.engine, job.app, job.job_id, min_trips=0)
        pool.warm(problem.num_trips)  # as the job does before its build
        assert len(pool.warming) == 2
        wait_answered(job.engine, pool.warming, "the run")
        there = allocate(problem, plan.allocation, pool=pool)
        left = SqlJobStore(job.engine).list(f"part:{job.job_id}")
        print(
            f"simulation parts: {pool.remote_parts} by workers, "
            f"{pool.local_parts} here, {here.components} blocks"
        )
    assert here.components >= 80
    assert np.array_equal(there.vehicle_index, here.vehicle_index)
    assert (there.objective_dkk, there.lower_bound_dkk, there.status) == (
        here.objective_dkk,
        here.lower_bound_dkk,
        here.status,
    )
    assert pool.remote_parts > 0, pool.local_parts
    workers = {process.pid for process, _ in deployment.workers}
    assert pool.pids and pool.pids <= workers
    assert left == []  # answered and warm-up parts are deleted
