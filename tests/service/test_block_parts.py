"""A decomposed optimisation's block LPs as tasks on the workers (issue 18,
item 7): the same rounds, fleet and bound as the run in one process."""

from __future__ import annotations

import time
import uuid
from dataclasses import replace

import procrastinate
import pytest
from sqlalchemy import Engine

from fleetplan.jobs import SqlJobStore
from fleetplan.jobs.block_tasks import PART_KIND, PART_QUEUE, PART_TASK, QueuePool
from fleetplan.jobs.model import JobRecord, JobState
from fleetplan.jobs.optimise_kind import parse_optimise_params, request_input
from fleetplan.jobs.queue import make_app
from fleetplan.optimise import Method, build_instance
from fleetplan.optimise.benders import DecomposedModel
from fleetplan.optimise.block_parts import BlockPool, ThreadPool
from fleetplan.store import create_engine_for
from fleetplan.store.dataset_cache import DatasetCache
from fleetplan.store.jobs import delete_jobs_if, job_organisation
from fleetplan.store.register_service import RegisterService
from fleetplan.store.scoped import using_organisation
from tests.service.conftest import Deployment, login

pytestmark = pytest.mark.service
EMPTY_PART = {
    "blocks": [], "counts": [], "left": [], "kg": [], "steps": None,
    "bounds": [[], []], "weights": [0.0, 0.0], "bases": [],
}  # fmt: skip


def _warm_workers(
    engine: Engine, app: procrastinate.App, job_id: str, timeout_s: float = 600.0
) -> None:
    """A part without blocks per worker, answered once the worker has built the
    job's instance: a worker builds before it takes a part, and a nice-10
    worker on a busy machine can build for longer than the coordinator needs
    for every part of the run."""
    store = SqlJobStore(engine)
    task = app.configure_task(name=PART_TASK, queue=PART_QUEUE)
    ids = [uuid.uuid4().hex for _ in range(2)]
    for part_id in ids:
        store.save(JobRecord(part_id, PART_KIND, f"part:{job_id}", params=EMPTY_PART))
        task.defer(part_id=part_id)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        records = [store.get(part_id) for part_id in ids]
        if all(r is not None and r.state is JobState.DONE for r in records):
            delete_jobs_if(engine, ids, (JobState.DONE.value,))
            return
        time.sleep(0.5)
    raise AssertionError("the workers did not build the instance in time")


def test_block_parts_on_the_workers_give_the_in_process_result(
    deployment: Deployment,
) -> None:
    """synth_100v_90d (90 day blocks: the sample, probes and box steps of the
    city's loop) at weight 5: the decomposition with its block parts on the two
    workers ends with the same history of rounds (values, bounds, fleets), the
    same fleet and the same bound as with every block solved in this process;
    and the workers did answer parts. A worker builds the instance from the
    optimise job's stored parameters, so the job is queued and cancelled first."""
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
            inst = build_instance(
                inp, req.params, req.scope.problem_params, req.contracts
            )
            params = replace(req.params, method=Method.DECOMPOSED)

            def run(pool: BlockPool) -> tuple[object, list[tuple[object, ...]]]:
                model = DecomposedModel(inst, params, pool)
                model.set_weight(5.0)
                sol = model.solve(3600.0)
                rounds = [
                    (h["phase"], h["value"], h["bound"], h["counts"])
                    for h in model.history
                ]
                return (sol.status, sol.counts, sol.objective, sol.bound), rounds

            began = time.perf_counter()
            here = run(ThreadPool(1))
            here_s = time.perf_counter() - began
            _warm_workers(engine, app, job_id)
            queue = QueuePool(engine, app, job_id)
            began = time.perf_counter()
            there = run(queue)
            there_s = time.perf_counter() - began
            left = SqlJobStore(engine).list(f"part:{job_id}")
            # issue 18's speed-up of the parts on the workers (pytest -s shows it)
            print(
                f"block parts: in process {here_s:.1f} s, workers {there_s:.1f} s "
                f"(parts: {queue.remote_parts} by workers, {queue.local_parts} here)"
            )
    finally:
        app.close()
        engine.dispose()
    assert len(here[1]) >= 2, here
    assert there == here
    assert here[0][0] == "optimal"
    assert queue.remote_parts > 0, (queue.local_parts, here_s, there_s)
    assert left == []  # answered parts are deleted with their bases
