"""A decomposed optimisation's block LPs on the deployment's workers (issue 18,
item 7; PostgreSQL only, the SQLite install keeps its threads).

The optimise job (the *coordinator*, on one worker) splits each round's blocks
into parts. A part is a job record (kind ``optimise.part``, owner
``part:<job id>``, the part's request from ``optimise.block_parts`` as its
parameters) and a procrastinate task on the ``parts`` queue. A worker that takes
the task rebuilds the coordinator's instance from the optimise job's stored
parameters (once per run and process, with the job's own build) *before* it
takes the part, solves the part and writes the reply as the record's result.
The coordination (polls, takes, stalls, withdrawal) is ``jobs.part_queue``'s;
part records are written with asynchronous commits (they live for one round).
The coordinator solves a part again itself when a worker has not finished it
within ``PART_STALL_S`` (a worker killed mid-part). A reply is what the
coordinator would have computed (same basis, costs and right-hand sides), so
the run's result does not depend on where its parts ran.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from typing import Any

import procrastinate
from sqlalchemy import Engine

from fleetplan.jobs.model import JobRecord
from fleetplan.jobs.optimise_kind import parse_optimise_params, request_input
from fleetplan.jobs.part_queue import PART_QUEUE, HeldTooLong, PartCounts, PartQueue
from fleetplan.jobs.part_worker import PartWorker, queued_record, take_and_answer
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

logger = logging.getLogger(__name__)

PART_KIND = "optimise.part"
PART_TASK = "fleetplan.solve_blocks"
# parts per round and worker: small enough to share a round out evenly and
# for a round's last part (on a worker, the coordinator waiting) to be short
PARTS_PER_WORKER = 8
# a part a worker took but has not answered after this long is solved here
PART_STALL_S = 120.0
# a poll is one small query (states only), so it can be frequent: a round
# waits for its last part at most this long after the answer is written
POLL_S = 0.02


class QueuePool(PartCounts, BlockPool):
    """The coordinator's pool: parts of ``job_id``'s rounds on the workers."""

    def __init__(
        self, engine: Engine, app: procrastinate.App, job_id: str, workers: int = 2
    ) -> None:
        self.queue = PartQueue(
            engine, app, kind=PART_KIND, task=PART_TASK, owner=f"part:{job_id}",
            poll_s=POLL_S,
        )  # fmt: skip
        self.job_id = job_id
        self.workers = workers
        self.codes = BasisCodes()  # bases encoded once, not per request
        # the run's front weights on the workers too (``jobs.weight_tasks``)
        self.weights: WeightPool | None = None

    def solve(
        self, blocks: Sequence[BlockLP], todo: list[int], point: Point, deadline: float
    ) -> dict[int, Answer | None]:
        if not todo:
            return {}
        with self.queue.scope():
            return self._solve(blocks, todo, point, deadline)

    def _solve(
        self, blocks: Sequence[BlockLP], todo: list[int], point: Point, deadline: float
    ) -> dict[int, Answer | None]:
        weights = blocks[todo[0]].weights
        assert weights is not None
        size = max(1, math.ceil(len(todo) / (PARTS_PER_WORKER * self.workers)))
        requests = [
            request(blocks, todo[i : i + size], point, weights, self.codes)
            for i in range(0, len(todo), size)
        ]
        ids = self.queue.hand_out(requests)
        parts = dict(zip(ids, requests, strict=True))
        out: dict[int, Answer | None] = dict.fromkeys(todo)

        def answered(part_id: str, reply: dict[str, Any]) -> None:
            out.update(adopt(blocks, parts[part_id], reply, self.codes))

        def here(part_id: str) -> dict[str, Any]:
            reply = solve_request(blocks, parts[part_id])
            answered(part_id, reply)
            return reply

        # a part a worker has held too long is solved here as well; one still
        # unanswered at the deadline stays None (its block is not improved)
        stalled = HeldTooLong(PART_STALL_S)
        self.queue.gather(ids, answered, here, stalled, deadline)
        return out


class PartSolver(PartWorker[LazyBlocks]):
    """A worker's side: the blocks of the last run it served, by optimise job."""

    def run(self, part_id: str) -> bool:
        """Solve the stored part if no one has taken it; True if this did."""
        with queued_record(self.engine, self.store, part_id) as record:
            if record is None:
                return False
            # the run's instance and the part's block LPs first, the part taken
            # after: while a worker builds (a city year's instance: a minute)
            # the coordinator can take the part; what was built stays
            blocks = self.built(record.owner.removeprefix("part:"))
            req = record.params or {}
            for d in req.get("blocks", []):
                blocks[d]
            return take_and_answer(
                self.store, part_id, lambda: solve_request(blocks, req)
            )

    def instance(self, job_id: str) -> MixInstance:
        """The optimise job's instance (its front weights share it)."""
        return self.built(job_id).inst

    def build(self, job_id: str, job: JobRecord | None) -> LazyBlocks:
        """The optimise job's instance, built as the job built it."""
        if job is None or job.params is None:
            raise LookupError(f"no optimise job {job_id!r} for its part.")
        dataset = self.load_dataset()
        req = parse_optimise_params(job.params, dataset, self.factor_sets)
        inp = request_input(req, job.params, dataset)
        inst = build_instance(inp, req.params, req.scope.problem_params, req.contracts)
        return LazyBlocks(inst, req.params)


def register_part_task(app: procrastinate.App, solver: PartSolver) -> None:
    @app.task(name=PART_TASK, queue=PART_QUEUE)
    def solve_blocks(part_id: str) -> None:
        solver.run(part_id)
