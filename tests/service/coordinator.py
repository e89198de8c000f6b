"""What the service tests of the work spread over the workers share: a job
posted through the web app whose run this process coordinates, and the wait
for the workers' warm-up parts."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import procrastinate
from sqlalchemy import Engine

from fleetplan.domain import Dataset
from fleetplan.jobs import SqlJobStore
from fleetplan.jobs.block_tasks import PART_KIND, PART_TASK
from fleetplan.jobs.model import JobRecord, JobState
from fleetplan.jobs.optimise_kind import (
    OptimiseRequest,
    parse_optimise_params,
    request_input,
)
from fleetplan.jobs.part_queue import PART_QUEUE
from fleetplan.jobs.queue import make_app
from fleetplan.optimise import build_instance
from fleetplan.optimise.instance import MixInstance
from fleetplan.simulate import SimulationInput
from fleetplan.store import create_engine_for
from fleetplan.store.dataset_cache import DatasetCache
from fleetplan.store.jobs import delete_jobs_if, job_organisation
from fleetplan.store.register_service import RegisterService
from fleetplan.store.scoped import using_organisation
from tests.service.conftest import Deployment, login

T = TypeVar("T")
EMPTY_PART = {
    "blocks": [], "counts": [], "left": [], "kg": [], "steps": None,
    "bounds": [[], []], "weights": [0.0, 0.0], "bases": [],
}  # fmt: skip


@dataclass(frozen=True)
class Coordinator:
    """A posted job as its coordinator sees it, in the job's organisation."""

    job_id: str
    kind: str
    params: dict[str, Any]  # as stored
    engine: Engine
    app: procrastinate.App
    dataset: Dataset
    factor_sets: Any


@contextmanager
def coordinating(
    deployment: Deployment, kind: str, params: dict[str, Any], *, web: int = 0,
    cancel: bool = False,
) -> Iterator[Coordinator]:  # fmt: skip
    """Post a ``kind`` job through web process ``web`` (cancelled at once if
    ``cancel``: a worker then only builds from its stored parameters) and
    coordinate its run here, with an app that defers tasks to the workers."""
    client, csrf = login(deployment.web[web][1])
    response = client.post(
        "/api/v1/jobs",
        json={"kind": kind, "params": params},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 202, response.text
    job_id = str(response.json()["job_id"])
    if cancel:
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
            yield Coordinator(
                job_id, stored.kind, stored.params, engine, app, dataset, factor_sets
            )
    finally:
        app.close()
        engine.dispose()


def wait_answered(
    engine: Engine, ids: list[str], what: str, *, delete: bool = False
) -> None:
    """Wait until the warm-up parts ``ids`` are answered, each once a worker
    has built ``what`` (a nice-10 worker on a busy machine can build for longer
    than this process needs for every part of the run); ``delete``: then
    delete them."""
    store = SqlJobStore(engine)
    deadline = time.monotonic() + 600.0
    while time.monotonic() < deadline:
        records = [store.get(part_id) for part_id in ids]
        if all(r is not None and r.state is JobState.DONE for r in records):
            if delete:
                delete_jobs_if(engine, ids, (JobState.DONE.value,))
            return
        time.sleep(0.5)
    raise AssertionError(f"the workers did not build {what} in time")


def optimise_input(
    job: Coordinator,
) -> tuple[OptimiseRequest, SimulationInput, MixInstance]:
    """An optimise job's request, input and instance, built as the job builds
    them (and as a worker does from the stored parameters)."""
    req = parse_optimise_params(job.params, job.dataset, job.factor_sets)
    inp = request_input(req, job.params, job.dataset)
    inst = build_instance(inp, req.params, req.scope.problem_params, req.contracts)
    return req, inp, inst


def warm_workers(job: Coordinator) -> None:
    """A block part without blocks per worker, answered once the worker has
    built the optimise job's instance: a worker builds before it takes a part."""
    store = SqlJobStore(job.engine)
    task = job.app.configure_task(name=PART_TASK, queue=PART_QUEUE)
    ids = [uuid.uuid4().hex for _ in range(2)]
    owner = f"part:{job.job_id}"
    for part_id in ids:
        store.save(JobRecord(part_id, PART_KIND, owner, params=EMPTY_PART))
        task.defer(part_id=part_id)
    wait_answered(job.engine, ids, "the instance", delete=True)


def timed(run: Callable[[], T]) -> tuple[T, float]:
    """``run``'s result and wall seconds (printed only: the machine is shared)."""
    began = time.perf_counter()
    out = run()
    return out, time.perf_counter() - began
