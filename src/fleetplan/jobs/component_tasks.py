"""A simulation's blocks on the deployment's workers (issue 18, item 7;
PostgreSQL only, the SQLite install keeps its threads), as
``jobs.block_tasks`` does it for a decomposed optimisation's block LPs.

The simulation job (the *coordinator*, on one worker) hands a run without a
binding km budget out in parts of consecutive blocks (``simulate.component_parts``):
a part is a job record (kind ``simulate.part``, owner ``part:<job id>``, the
part's request as its parameters) and a procrastinate task on the ``parts``
queue. A worker that takes the task rebuilds the job's problem from the job's
stored parameters (once per job and process) *before* it takes the part, then
solves it and writes the reply as the record's result. The coordination is
``jobs.part_queue``'s: the coordinator solves again a part a worker failed or
has held for ``PART_STALL_S``, and on a cancel or at the deadline withdraws the
queued parts (their blocks are then allocated greedily, as in one process).
Every block is solved from the run's start state, so the answers do not depend
on where the parts ran: the result is the one process's.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import procrastinate
from sqlalchemy import Engine

from fleetplan.domain import Dataset
from fleetplan.jobs.block_tasks import PART_STALL_S, POLL_S
from fleetplan.jobs.fleet_kind import FLEET_KIND, fleet_plan
from fleetplan.jobs.kinds import simulation_plan
from fleetplan.jobs.model import JobRecord, JobState
from fleetplan.jobs.part_queue import (
    FINAL,
    PART_QUEUE,
    QUEUED,
    HeldTooLong,
    PartCounts,
    PartQueue,
)
from fleetplan.jobs.part_worker import PartWorker, queued_record, take_and_answer
from fleetplan.jobs.simulation_plan import SimulationPlan
from fleetplan.simulate import problem_from_input
from fleetplan.simulate.component_parts import (
    ComponentRun,
    OnProgress,
    ShouldStop,
    Solution,
    component_run,
    fingerprint,
    part_request,
    read_reply,
    solve_block,
    solve_part,
)
from fleetplan.store.jobs import delete_jobs_if

logger = logging.getLogger(__name__)

PART_KIND = "simulate.part"
PART_TASK = "fleetplan.solve_components"
# A run is handed out only from this size on. Below it the blocks take about 2 s
# CPU or less in one process (the reference sets: 0.1-1.1 s for 0.6-15 k trips),
# while each worker first rebuilds the problem (~30 us a trip on top of the
# dataset) and each part costs ~60 ms of database round trips on a busy machine.
MIN_TRIPS = 20_000
MIN_BLOCKS = 8
# A worker's threshold: unset or 0, a simulation never goes to the workers. Off
# by default: each worker's rebuild of the problem costs about what its share
# of the blocks does, so where the workers share the job's cores (this 2-core
# machine: 0.5-0.7 x the one-process speed, docs/benchmarks.md) it is slower;
# MIN_TRIPS is the value for workers with cores of their own.
MIN_TRIPS_ENV = "FLEETPLAN_SIMULATION_PARTS_MIN_TRIPS"
# parts per process (the workers and the coordinator): even shares with a short
# last part, for which the others wait
PARTS_PER_PROCESS = 6
WARM: dict[str, Any] = {"blocks": [], "limits": [], "run": None}
PLANS: dict[str, Callable[[dict[str, Any], Dataset, Any], SimulationPlan]] = {
    "simulate.current": lambda p, data, f: simulation_plan(p, lambda: data, f),
    FLEET_KIND: fleet_plan,
}


def parts_min_trips() -> int:
    """The trips from which a simulation's blocks go to the workers (0: never)."""
    return max(0, int(os.environ.get(MIN_TRIPS_ENV) or 0))


def split(sizes: list[int], count: int) -> list[list[int]]:
    """Consecutive block numbers in at most ``count`` groups of about equal
    trips (a block is never split)."""
    total = float(sum(sizes)) or 1.0
    ends = np.cumsum(sizes) / total * count
    groups: list[list[int]] = [[]]
    for n, end in enumerate(ends.tolist()):
        groups[-1].append(n)
        if end >= len(groups) - 1e-9 and n < len(sizes) - 1:
            groups.append([])
    return [g for g in groups if g]


class QueueComponentPool(PartCounts):
    """The coordinator's pool: the parts of ``job_id``'s run on the workers."""

    def __init__(
        self,
        engine: Engine,
        app: procrastinate.App,
        job_id: str,
        workers: int = 2,
        min_trips: int = MIN_TRIPS,
    ) -> None:
        self.queue = PartQueue(
            engine, app, kind=PART_KIND, task=PART_TASK, owner=f"part:{job_id}",
            poll_s=POLL_S,
        )  # fmt: skip
        self.job_id, self.workers, self.min_trips = job_id, workers, min_trips
        self.pids: set[int] = set()  # the processes that answered parts
        self.warming: list[str] = []  # parts without blocks: a run's build

    def warm(self, roundtrips: int) -> None:
        """Have each worker build the job's run now, beside this process's own
        build (``roundtrips``: at least the run's trips; a run too small is not
        handed out)."""
        if roundtrips >= self.min_trips:
            self.warming += self.queue.hand_out([WARM] * self.workers)

    def solve(
        self,
        run: ComponentRun,
        limits: list[float],
        deadline: float,
        should_stop: ShouldStop | None,
        on_progress: OnProgress | None,
    ) -> dict[int, Solution | None] | None:
        small = run.problem.num_trips < self.min_trips or len(run.parts) < MIN_BLOCKS
        with self.queue.scope():
            # the warm-up parts go (a worker building keeps what it built)
            store = self.queue.store
            for part_id in self.warming:
                store.update_if(part_id, QUEUED, state=JobState.CANCELLED)
            try:
                if small:
                    return None  # not worth the workers' rebuild: all here
                return self._solve(run, limits, deadline, should_stop, on_progress)
            finally:
                delete_jobs_if(store.engine, self.warming, FINAL)

    def _solve(
        self,
        run: ComponentRun,
        limits: list[float],
        deadline: float,
        should_stop: ShouldStop | None,
        on_progress: OnProgress | None,
    ) -> dict[int, Solution | None]:
        sizes = [len(b.idx) for b in run.parts]
        groups = split(sizes, PARTS_PER_PROCESS * (self.workers + 1))
        requests = [part_request(run, todo, limits) for todo in groups]
        ids = self.queue.hand_out(requests)
        parts = dict(zip(ids, requests, strict=True))
        out: dict[int, Solution | None] = dict.fromkeys(range(len(run.parts)))
        finished = 0  # blocks answered, for the progress

        def use(got: dict[int, Solution | None]) -> None:
            nonlocal finished
            out.update(got)
            finished += len(got)
            if on_progress is not None:
                on_progress("simulate.allocating", 100.0 * finished / len(out))

        def answered(part_id: str, reply: dict[str, Any]) -> None:
            self.pids.add(int(reply.get("pid", 0)))
            use(dict(read_reply(parts[part_id], reply)))

        def here(part_id: str) -> None:
            use(_here(run, parts[part_id], deadline, should_stop))

        stalled = HeldTooLong(PART_STALL_S)
        self.queue.gather(ids, answered, here, stalled, deadline, should_stop)
        return out


def _here(
    run: ComponentRun,
    req: dict[str, Any],
    deadline: float,
    should_stop: ShouldStop | None,
) -> dict[int, Solution | None]:
    """A part in this process, block by block until a cancel or the deadline."""
    out: dict[int, Solution | None] = {}
    for n, limit in zip(req["blocks"], req["limits"], strict=True):
        stop = should_stop is not None and should_stop()
        late = time.perf_counter() > deadline
        out[int(n)] = None if stop or late else solve_block(run, int(n), limit)
    return out


class ComponentSolver(PartWorker[ComponentRun]):
    """A worker's side: the run of the last simulation job it served."""

    def run(self, part_id: str) -> bool:
        """Solve the stored part if no one has taken it; True if this did."""
        with queued_record(self.engine, self.store, part_id) as record:
            if record is None:
                return False
            req = record.params or {}
            # the run first, the part taken after: the coordinator solves
            # queued parts meanwhile; what was built stays for the next part
            run = self.built(record.owner.removeprefix("part:"))
            if req.get("run") is None:  # a warm-up: the run is built
                return self.store.update_if(part_id, QUEUED, state=JobState.DONE)
            if list(req["run"]) != fingerprint(run):
                logger.warning("part %s: the job's data changed; left", part_id)
                return False
            return take_and_answer(self.store, part_id, lambda: solve_part(run, req))

    def build(self, job_id: str, job: JobRecord | None) -> ComponentRun:
        """The simulation job's run, built as the job builds it."""
        if job is None or job.kind not in PLANS:
            raise LookupError(f"no simulation job {job_id!r} for its part.")
        data = self.load_dataset()
        plan = PLANS[job.kind](job.params or {}, data, self.factor_sets)
        problem = problem_from_input(plan.build_input(data), plan.problem_params)
        return component_run(problem, plan.allocation)


def register_component_task(app: procrastinate.App, solver: ComponentSolver) -> None:
    @app.task(name=PART_TASK, queue=PART_QUEUE)
    def solve_components(part_id: str) -> None:
        solver.run(part_id)
