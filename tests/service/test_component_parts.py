"""A simulation's blocks as tasks on the workers (issue 18, item 7): the parts
answered by the worker processes give the allocation of one process."""

from __future__ import annotations

import time

import numpy as np
import pytest
from sqlalchemy import Engine

from fleetplan.jobs import SqlJobStore
from fleetplan.jobs.component_tasks import (
    PLANS,
    QueueComponentPool,
)
from fleetplan.jobs.model import JobState
from fleetplan.jobs.queue import make_app
from fleetplan.simulate import allocate, problem_from_input
from fleetplan.store import create_engine_for
from fleetplan.store.dataset_cache import DatasetCache
from fleetplan.store.jobs import job_organisation
from fleetplan.store.register_service import RegisterService
from fleetplan.store.scoped import using_organisation
from tests.service.conftest import Deployment, login

pytestmark = pytest.mark.service
PARAMS = {"time_limit_s": 300, "limit_km": False}


def _built(engine: Engine, warming: list[str]) -> None:
    """Wait until the warm-up parts are answered: each worker has built the
    job's run (a nice-10 worker on a busy machine can build for longer than
    this process solves every part)."""
    store = SqlJobStore(engine)
    deadline = time.monotonic() + 600.0
    while time.monotonic() < deadline:
        records = [store.get(part_id) for part_id in warming]
        if all(r is not None and r.state is JobState.DONE for r in records):
            return
        time.sleep(0.5)
    raise AssertionError("the workers did not build the run in time")


def test_simulation_parts_on_the_workers_give_the_in_process_result(
    deployment: Deployment,
) -> None:
    """synth_100v_90d's current fleet (90 day blocks, EVs among the cars):
    this process coordinates a ``simulate.current`` job's allocation (as the
    job's worker does; the size threshold lifted) with its parts on the two
    workers, which rebuild the problem from the job's stored parameters. Same
    vehicle for every trip, same cost, bound and status as the allocation in
    one process, and parts were answered by the worker processes."""
    base = deployment.web[-1][1]
    client, csrf = login(base)
    response = client.post(
        "/api/v1/jobs",
        json={"kind": "simulate.current", "params": PARAMS},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 202, response.text
    job_id = str(response.json()["job_id"])
    engine = create_engine_for(deployment.url)
    app = make_app(deployment.url, max_pool=2)
    app.open()
    try:
        organisation = job_organisation(engine, job_id)
        assert organisation is not None
        with using_organisation(organisation):
            stored = SqlJobStore(engine).get(job_id)
            assert stored is not None and stored.params is not None
            data = DatasetCache(engine)()
            factor_sets = RegisterService(engine).factor_set
            plan = PLANS[stored.kind](stored.params, data, factor_sets)
            problem = problem_from_input(plan.build_input(data), plan.problem_params)
            here = allocate(problem, plan.allocation)
            pool = QueueComponentPool(engine, app, job_id, min_trips=0)
            pool.warm(problem.num_trips)  # as the job does before its build
            assert len(pool.warming) == 2
            _built(engine, pool.warming)
            there = allocate(problem, plan.allocation, pool=pool)
            left = SqlJobStore(engine).list(f"part:{job_id}")
            print(
                f"simulation parts: {pool.remote_parts} by workers, "
                f"{pool.local_parts} here, {here.components} blocks"
            )
    finally:
        app.close()
        engine.dispose()
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
