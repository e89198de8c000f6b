"""A decomposed optimisation's block LPs on the deployment's workers (issue 18,
item 7; PostgreSQL only, the SQLite install keeps its threads).

The optimise job (the *coordinator*, on one worker) splits each round's blocks
into parts. A part is a job record (kind ``optimise.part``, owner
``part:<job id>``, the part's request from ``optimise.block_parts`` as its
parameters) and a procrastinate task on the ``parts`` queue. A worker that takes
the task rebuilds the coordinator's instance from the optimise job's stored
parameters (once per run and process, with the job's own build) *before* it
takes the part, solves the part and writes the reply as the record's result.
The coordinator polls the parts' states only (one small query) and reads a
record once it is answered; part records are written with asynchronous
commits (they live for one round). The coordinator takes queued
parts as well (the same conditional update, queued -> running), so a round never
waits on a busy deployment, and solves a part again itself when a worker has not
finished it within ``PART_STALL_S`` (a worker killed mid-part). A reply is what
the coordinator would have computed (same basis, costs and right-hand sides), so
the run's result does not depend on where its parts ran.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import procrastinate
from sqlalchemy import Engine, create_engine, make_url

from fleetplan.domain import Dataset
from fleetplan.jobs.db_store import SqlJobStore
from fleetplan.jobs.model import JobRecord, JobState, utc_now
from fleetplan.jobs.optimise_kind import parse_optimise_params, request_input
from fleetplan.optimise import BlockPool, build_instance
from fleetplan.optimise.block_parts import (
    BasisCodes,
    LazyBlocks,
    Point,
    adopt,
    request,
    solve_request,
)
from fleetplan.optimise.blocks import Answer, BlockLP
from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.weight_runs import WeightPool
from fleetplan.store.jobs import delete_jobs_if, job_organisation, job_states
from fleetplan.store.scoped import current_organisation, using_organisation

logger = logging.getLogger(__name__)

PART_KIND = "optimise.part"
PART_TASK = "fleetplan.solve_blocks"
PART_QUEUE = "parts"
# parts per round and worker: small enough to share a round out evenly and
# for a round's last part (on a worker, the coordinator waiting) to be short
PARTS_PER_WORKER = 8
# a part a worker took but has not answered after this long is solved here
PART_STALL_S = 120.0
# a poll is one small query (states only), so it can be frequent: a round
# waits for its last part at most this long after the answer is written
POLL_S = 0.02
QUEUED, RUNNING = (JobState.QUEUED,), (JobState.RUNNING,)
# a part's 4-5 commits need not wait for the disk (~10 ms each on this
# machine's PostgreSQL): a part lost in a server crash is lost with its run
ASYNC_COMMIT = "-csynchronous_commit=off"  # no space: URLs write it as +
_part_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def part_url(database_url: str) -> str:
    """The database URL for a run's part traffic (records and their tasks):
    on PostgreSQL its commits are asynchronous; other URLs as they are."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return database_url
    url = url.update_query_dict({"options": ASYNC_COMMIT})
    return url.render_as_string(hide_password=False)


def part_engine(engine: Engine) -> Engine:
    """One engine per database and process for the part records."""
    address = engine.url.render_as_string(hide_password=False)
    if engine.url.get_backend_name() != "postgresql":
        return engine
    with _engines_lock:
        if address not in _part_engines:
            _part_engines[address] = create_engine(part_url(address))
        return _part_engines[address]


class QueuePool(BlockPool):
    """The coordinator's pool: parts of ``job_id``'s rounds on the workers."""

    def __init__(
        self, engine: Engine, app: procrastinate.App, job_id: str, workers: int = 2
    ) -> None:
        self.store = SqlJobStore(part_engine(engine))
        self.task = app.configure_task(name=PART_TASK, queue=PART_QUEUE)
        self.job_id = job_id
        self.workers = workers
        self.remote_parts = 0  # parts a worker answered (the rest ran here)
        self.local_parts = 0
        self.codes = BasisCodes()  # bases encoded once, not per request
        # the job's organisation: the decomposition may call from a helper thread
        self.organisation = current_organisation()
        # the run's front weights on the workers too (``jobs.weight_tasks``)
        self.weights: WeightPool | None = None

    def solve(
        self, blocks: Sequence[BlockLP], todo: list[int], point: Point, deadline: float
    ) -> dict[int, Answer | None]:
        if not todo:
            return {}
        if self.organisation is None:
            return self._solve(blocks, todo, point, deadline)
        with using_organisation(self.organisation):
            return self._solve(blocks, todo, point, deadline)

    def _solve(
        self, blocks: Sequence[BlockLP], todo: list[int], point: Point, deadline: float
    ) -> dict[int, Answer | None]:
        weights = blocks[todo[0]].weights
        assert weights is not None
        size = max(1, math.ceil(len(todo) / (PARTS_PER_WORKER * self.workers)))
        parts: dict[str, dict[str, Any]] = {}
        for i in range(0, len(todo), size):
            req = request(blocks, todo[i : i + size], point, weights, self.codes)
            part_id = uuid.uuid4().hex
            self.store.save(
                JobRecord(part_id, PART_KIND, f"part:{self.job_id}", params=req)
            )
            parts[part_id] = req
            self.task.defer(part_id=part_id)
        out: dict[int, Answer | None] = dict.fromkeys(todo)
        waiting = list(parts)
        taken_at: dict[str, float] = {}  # part -> when first seen taken
        while waiting:
            if time.perf_counter() > deadline:
                for part_id in waiting:  # no worker starts them any more
                    self.store.update_if(part_id, QUEUED, state=JobState.CANCELLED)
                break
            # one small query a poll: the states only (a record carries bases)
            states = job_states(self.store.engine, waiting)
            now = time.perf_counter()
            answered = [p for p in waiting if states.get(p) == JobState.DONE.value]
            for part_id in answered:
                record = self.store.get(part_id)
                assert record is not None and record.result is not None
                out.update(adopt(blocks, parts[part_id], record.result, self.codes))
                waiting.remove(part_id)
                self.remote_parts += 1
            for part_id in waiting:
                if states.get(part_id) != JobState.QUEUED.value:
                    taken_at.setdefault(part_id, now)
            # the workers take parts first to last, this process last to first;
            # a part a worker has held too long is solved here as well
            mine = next(
                (
                    p
                    for p in reversed(waiting)
                    if now - taken_at.get(p, math.inf) > PART_STALL_S
                    or (
                        states.get(p) == JobState.QUEUED.value
                        and self.store.update_if(p, QUEUED, state=JobState.RUNNING)
                    )
                ),
                None,
            )
            if mine is not None:
                reply = solve_request(blocks, parts[mine])
                self._finish(mine, reply)
                out.update(adopt(blocks, parts[mine], reply, self.codes))
                waiting.remove(mine)
                self.local_parts += 1
            elif not answered:
                time.sleep(POLL_S)
        # answered parts go (their requests carry every block's basis); one a
        # worker may still be solving stays until its state is final
        delete_jobs_if(self.store.engine, list(parts), (JobState.DONE.value,))
        return out

    def _finish(self, part_id: str, reply: dict[str, Any]) -> None:
        self.store.update_if(
            part_id,
            (JobState.QUEUED, JobState.RUNNING),
            state=JobState.DONE,
            result=reply,
            finished_at=utc_now(),
        )


class PartSolver:
    """A worker's side: the blocks of the last run it served, by optimise job."""

    def __init__(
        self, engine: Engine, load_dataset: Callable[[], Dataset], factor_sets: Any
    ) -> None:
        self.engine = engine
        self.store = SqlJobStore(part_engine(engine))
        self.load_dataset = load_dataset
        self.factor_sets = factor_sets
        self._run: tuple[str, LazyBlocks] | None = None

    def run(self, part_id: str) -> bool:
        """Solve the stored part if no one has taken it; True if this did."""
        organisation_id = job_organisation(self.engine, part_id)
        if organisation_id is None:
            return False
        with using_organisation(organisation_id):
            record = self.store.get(part_id)
            if record is None or record.state is not JobState.QUEUED:
                return False
            # the run's instance and the part's block LPs first, the part taken
            # after: while a worker builds (a city year's instance: a minute)
            # the coordinator can take the part; what was built stays
            blocks = self._blocks(record.owner.removeprefix("part:"))
            for d in (record.params or {}).get("blocks", []):
                blocks[d]
            if not self.store.update_if(part_id, QUEUED, state=JobState.RUNNING):
                return False
            reply = solve_request(blocks, record.params or {})
            reply["pid"] = os.getpid()
            return self.store.update_if(
                part_id, RUNNING, state=JobState.DONE, result=reply,
                finished_at=utc_now(),
            )  # fmt: skip

    def instance(self, job_id: str) -> MixInstance:
        """The optimise job's instance (its front weights share it)."""
        return self._blocks(job_id).inst

    def _blocks(self, job_id: str) -> LazyBlocks:
        """The optimise job's instance, built as the job built it."""
        if self._run is None or self._run[0] != job_id:
            self._run = None  # free the last run's blocks first
            job = self.store.get(job_id)
            if job is None or job.params is None:
                raise LookupError(f"no optimise job {job_id!r} for its part.")
            dataset = self.load_dataset()
            req = parse_optimise_params(job.params, dataset, self.factor_sets)
            inp = request_input(req, job.params, dataset)
            inst = build_instance(
                inp, req.params, req.scope.problem_params, req.contracts
            )
            self._run = (job_id, LazyBlocks(inst, req.params))
            logger.info("parts of job %s: instance built", job_id)
        return self._run[1]


def register_part_task(app: procrastinate.App, solver: PartSolver) -> None:
    @app.task(name=PART_TASK, queue=PART_QUEUE)
    def solve_blocks(part_id: str) -> None:
        solver.run(part_id)
