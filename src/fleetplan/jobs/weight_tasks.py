"""A decomposed optimisation's front weights on the deployment's workers (issue
18, item 7; PostgreSQL only, the SQLite install runs them in turn).

The optimise job (the *coordinator*) makes one job record per front weight but
the slider's (kind ``optimise.weight``, owner ``weight:<job id>``, the request
of ``optimise.weight_runs`` as its parameters: the weight, the run's
parameters, the front's start, the time left) and one procrastinate task on
the ``parts`` queue, which every ``fleetplan worker`` serves. A worker that
takes the task builds the run's instance (``PartSolver``'s, shared with the
run's block parts) *before* it takes the record (queued -> running), runs the
weight with its block LPs on threads of its own (no part traffic, so nothing
waits on a busy deployment) and writes the reply as the record's result.

The coordination is ``jobs.part_queue``'s: the coordinator runs again a weight
whose worker has stopped beating (procrastinate's heartbeat, ``STALL_S``) or
failed, and at its cancel or deadline marks the rest cancelled, which a
worker's run polls. A reply is what the coordinator would have computed (same
start, same parameters), so the front does not depend on where its weights ran.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import Any

import procrastinate
from procrastinate import sql
from sqlalchemy import Engine

from fleetplan.jobs.block_tasks import PartSolver
from fleetplan.jobs.db_store import SqlJobStore
from fleetplan.jobs.model import JobState
from fleetplan.jobs.part_queue import (
    ACTIVE,
    PART_QUEUE,
    PartQueue,
    part_engine,
)
from fleetplan.jobs.part_worker import queued_record, take_and_answer
from fleetplan.optimise.benders import BLOCK_WORKERS
from fleetplan.optimise.block_parts import ThreadPool
from fleetplan.optimise.fleet_search import _Search
from fleetplan.optimise.weight_json import params_of
from fleetplan.optimise.weight_runs import Here, Reply, Request, ShouldStop, run_on
from fleetplan.store.jobs import job_states

logger = logging.getLogger(__name__)

WEIGHT_KIND = "optimise.weight"
WEIGHT_TASK = "fleetplan.run_weight"
# a weight runs for minutes: a poll every this often costs nothing
POLL_S = 0.2
# a worker silent this long (procrastinate's heartbeat) has died: its weight
# is run here (the stall timeout of ``jobs.service``)
STALL_S = 30.0
# a worker reads its weight's state (cancelled?) at most this often
CANCEL_POLL_S = 1.0


class WeightQueue:
    """The coordinator's ``WeightPool``: ``job_id``'s front weights on the
    workers and here."""

    def __init__(
        self,
        engine: Engine,
        app: procrastinate.App,
        job_id: str,
        stall_s: float = STALL_S,
    ) -> None:
        self.queue = PartQueue(
            engine, app, kind=WEIGHT_KIND, task=WEIGHT_TASK,
            owner=f"weight:{job_id}", arg="weight_id", poll_s=POLL_S,
        )  # fmt: skip
        self.app = app
        self.job_id = job_id
        self.stall_s = stall_s
        self.pids: list[int | None] = []  # per request: the worker's, None = here

    @property
    def remote(self) -> int:
        """Weights a worker answered (the rest ran here)."""
        return self.queue.remote

    @property
    def local(self) -> int:
        return self.queue.local

    def run(
        self, requests: list[Request], here: Here, should_stop: ShouldStop
    ) -> list[Reply | None]:
        if not requests:
            return []
        with self.queue.scope():
            return self._run(requests, here, should_stop)

    def _run(
        self, requests: list[Request], here: Here, should_stop: ShouldStop
    ) -> list[Reply | None]:
        ids = self.queue.hand_out(requests)
        index = {weight_id: i for i, weight_id in enumerate(ids)}
        left = requests[0]["time_left_s"]
        deadline = math.inf if left is None else time.perf_counter() + left
        out: list[Reply | None] = [None] * len(requests)
        self.pids = [None] * len(requests)

        def answered(weight_id: str, reply: Reply) -> None:
            out[index[weight_id]] = reply
            self.pids[index[weight_id]] = reply.get("pid")

        def run_here(weight_id: str) -> Reply:
            out[index[weight_id]] = reply = here(requests[index[weight_id]])
            return reply

        # a weight still running at a cancel or the deadline is marked
        # cancelled too: its worker's run polls its state and stops
        stalled = _Heartbeat(self.app, self.stall_s)
        self.queue.gather(
            ids, answered, run_here, stalled, deadline, should_stop, withdraw=ACTIVE
        )
        return out


class _Heartbeat:
    """The weights whose procrastinate job's worker has stopped beating, read
    every third of ``stall_s``."""

    def __init__(self, app: procrastinate.App, stall_s: float) -> None:
        self.app, self.stall_s = app, stall_s
        self.stalled: set[str] = set()
        self.checked = time.perf_counter()

    def __call__(
        self, waiting: list[str], states: dict[str, str], now: float
    ) -> set[str]:
        if now - self.checked > self.stall_s / 3:
            rows = self.app.connector.get_sync_connector().execute_query_all(
                query=sql.queries["select_stalled_jobs_by_heartbeat"],
                queue=PART_QUEUE,
                task_name=WEIGHT_TASK,
                seconds_since_heartbeat=self.stall_s,
            )
            self.stalled = {str((row["args"] or {}).get("weight_id")) for row in rows}
            self.checked = now
        return self.stalled & set(waiting)


class _Cancelled:
    """A worker's stop flag: the weight's record was marked cancelled (or is
    gone), read at most every ``CANCEL_POLL_S``."""

    def __init__(self, engine: Engine, weight_id: str | None = None) -> None:
        self.engine, self.weight_id = engine, weight_id
        self.read_at, self.cancelled = -math.inf, False

    def __call__(self) -> bool:
        now = time.perf_counter()
        if self.weight_id is None or self.cancelled:
            return self.cancelled
        if now - self.read_at >= CANCEL_POLL_S:
            self.read_at = now
            state = job_states(self.engine, [self.weight_id]).get(self.weight_id)
            self.cancelled = state in (None, JobState.CANCELLED.value)
        return self.cancelled


class WeightSolver:
    """A worker's side: a weight's run on a model of the run's instance, kept
    for the run's next weight (``weight_runs.restore`` puts it back to the
    start each time)."""

    def __init__(self, parts: PartSolver, threads: int = BLOCK_WORKERS) -> None:
        self.parts = parts
        self.store = SqlJobStore(part_engine(parts.engine))
        self.threads = threads
        self._kept: tuple[tuple[str, str], _Search, _Cancelled] | None = None
        self._lock = threading.Lock()

    def run(self, weight_id: str) -> bool:
        """Run the stored weight if no one has taken it; True if this did."""
        with queued_record(self.parts.engine, self.store, weight_id) as record:
            if record is None:
                return False
            req: dict[str, Any] = record.params or {}
            job_id = record.owner.removeprefix("weight:")
            # the instance before the take: meanwhile the coordinator may run it
            search, stop = self._search(job_id, req)

            def answer() -> dict[str, Any]:
                stop.weight_id, stop.read_at = weight_id, -math.inf
                stop.cancelled = False
                try:
                    reply = run_on(search, req)
                except Exception:
                    search.cancel.cancel()  # not kept: its state is unknown
                    raise
                finally:
                    stop.weight_id = None
                logger.info("weight %s of job %s: %s", req["weight"], job_id, reply)
                return reply

            try:  # a weight that raises is marked failed: the coordinator runs it
                return take_and_answer(self.store, weight_id, answer)
            finally:
                self._release(job_id, req, search, stop)

    def _search(self, job_id: str, req: dict[str, Any]) -> tuple[_Search, _Cancelled]:
        key = (job_id, repr(sorted(req["params"].items())))
        with self._lock:
            kept, self._kept = self._kept, None
        if kept is not None and kept[0] == key:
            return kept[1], kept[2]
        del kept  # free the last run's model first
        inst = self.parts.instance(job_id)
        stop = _Cancelled(self.store.engine)
        pool = ThreadPool(self.threads)
        return _Search(inst, params_of(req["params"]), stop, block_pool=pool), stop

    def _release(
        self, job_id: str, req: dict[str, Any], search: _Search, stop: _Cancelled
    ) -> None:
        """Keep the model for the next weight unless a cancel spent it."""
        if search.cancel.is_cancelled() or getattr(search.model, "abandoned", False):
            return
        key = (job_id, repr(sorted(req["params"].items())))
        with self._lock:
            self._kept = (key, search, stop)


def register_weight_task(app: procrastinate.App, solver: WeightSolver) -> None:
    @app.task(name=WEIGHT_TASK, queue=PART_QUEUE)
    def run_weight(weight_id: str) -> None:
        solver.run(weight_id)
