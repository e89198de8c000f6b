"""A decomposed optimisation's front weights as tasks on the workers (issue 18,
item 7): the same front, fleets and solves as the run in one process."""

from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest

from fleetplan.jobs import SqlJobStore
from fleetplan.jobs.optimise_kind import parse_optimise_params, request_input
from fleetplan.jobs.queue import make_app
from fleetplan.jobs.weight_tasks import WeightQueue
from fleetplan.optimise import Method, build_instance, optimise_fleet
from fleetplan.optimise import answer as answer_module
from fleetplan.optimise.block_parts import ThreadPool
from fleetplan.optimise.weight_runs import InProcess
from fleetplan.store import create_engine_for
from fleetplan.store.dataset_cache import DatasetCache
from fleetplan.store.jobs import job_organisation
from fleetplan.store.register_service import RegisterService
from fleetplan.store.scoped import using_organisation
from tests.service.conftest import Deployment, login
from tests.service.test_block_parts import _warm_workers

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
    base = deployment.web[0][1]
    client, csrf = login(base)
    response = client.post(
        "/api/v1/jobs",
        json={"kind": "optimise", "params": {"time_limit_s": 30}},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 202, response.text
    job_id = str(response.json()["job_id"])
    client.post(f"/api/v1/jobs/{job_id}/cancel", headers={"X-CSRF-Token": csrf})
    engine = create_engine_for(deployment.url)
    app = make_app(deployment.url, max_pool=2)
    app.open()
    try:
        organisation = job_organisation(engine, job_id)
        assert organisation is not None
        with using_organisation(organisation):
            stored = SqlJobStore(engine).get(job_id)
            assert stored is not None and stored.params is not None
            dataset = DatasetCache(engine)()
            factor_sets = RegisterService(engine).factor_set
            req = parse_optimise_params(stored.params, dataset, factor_sets)
            inp = request_input(req, stored.params, dataset)
            problem = req.scope.problem_params
            inst = build_instance(inp, req.params, problem, req.contracts)
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

            began = time.perf_counter()
            here = run(InProcess())
            here_s = time.perf_counter() - began
            _warm_workers(engine, app, job_id)
            queue = WeightQueue(engine, app, job_id, stall_s=60.0)
            began = time.perf_counter()
            there = run(queue)
            there_s = time.perf_counter() - began
            left = SqlJobStore(engine).list(f"weight:{job_id}")
            print(
                f"front weights: in process {here_s:.1f} s, workers {there_s:.1f} s "
                f"(weights: {queue.remote} by workers, {queue.local} here, "
                f"pids {queue.pids})"
            )
    finally:
        app.close()
        engine.dispose()
    assert len(here[2]) >= 2, here  # type: ignore[arg-type]
    assert there == here
    assert queue.remote >= 1 and queue.remote + queue.local == 4
    assert any(pid is not None and pid != os.getpid() for pid in queue.pids)
    assert left == []  # answered weights are deleted with their starts
