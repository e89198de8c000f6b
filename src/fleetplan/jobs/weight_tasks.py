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

The coordinator polls the records' states, takes queued weights itself last
to first (the workers take them first to last), runs again a weight whose
worker has stopped beating (procrastinate's heartbeat, ``STALL_S``), and at
its cancel or deadline marks the rest cancelled, which a worker's run polls.
A reply is what the coordinator would have computed (same start, same
parameters), so the front does not depend on where its weights ran.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
import uuid
from typing import Any

import procrastinate
from procrastinate import sql
from sqlalchemy import Engine

from fleetplan.jobs.block_tasks import PART_QUEUE, PartSolver, part_engine
from fleetplan.jobs.db_store import SqlJobStore
from fleetplan.jobs.model import JobRecord, JobState, utc_now
from fleetplan.optimise.benders import BLOCK_WORKERS
from fleetplan.optimise.block_parts import ThreadPool
from fleetplan.optimise.fleet_search import _Search
from fleetplan.optimise.weight_json import params_of
from fleetplan.optimise.weight_runs import Here, Reply, Request, ShouldStop, run_on
from fleetplan.store.jobs import delete_jobs_if, job_organisation, job_states
from fleetplan.store.scoped import current_organisation, using_organisation

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
QUEUED, RUNNING = (JobState.QUEUED,), (JobState.RUNNING,)
ACTIVE = (JobState.QUEUED, JobState.RUNNING)


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
        self.store = SqlJobStore(part_engine(engine))
        self.app = app
        self.task = app.configure_task(name=WEIGHT_TASK, queue=PART_QUEUE)
        self.job_id = job_id
        self.stall_s = stall_s
        self.remote = 0  # weights a worker answered (the rest ran here)
        self.local = 0
        self.pids: list[int | None] = []  # per request: the worker's, None = here
        self.organisation = current_organisation()

    def run(
        self, requests: list[Request], here: Here, should_stop: ShouldStop
    ) -> list[Reply | None]:
        if not requests:
            return []
        if self.organisation is None:
            return self._run(requests, here, should_stop)
        with using_organisation(self.organisation):
            return self._run(requests, here, should_stop)

    def _run(
        self, requests: list[Request], here: Here, should_stop: ShouldStop
    ) -> list[Reply | None]:
        ids = [uuid.uuid4().hex for _ in requests]
        for weight_id, req in zip(ids, requests, strict=True):
            owner = f"weight:{self.job_id}"
            self.store.save(JobRecord(weight_id, WEIGHT_KIND, owner, params=req))
        for weight_id in ids:
            self.task.defer(weight_id=weight_id)
        left = requests[0]["time_left_s"]
        deadline = math.inf if left is None else time.perf_counter() + left
        out: list[Reply | None] = [None] * len(requests)
        self.pids = [None] * len(requests)
        waiting = list(range(len(requests)))
        try:
            self._wait(ids, requests, here, should_stop, deadline, waiting, out)
        finally:
            for i in waiting:  # a worker's run polls its state and stops
                self.store.update_if(ids[i], ACTIVE, state=JobState.CANCELLED)
            # a record a worker may still be writing stays until its state is final
            final = (JobState.DONE.value, JobState.CANCELLED.value)
            delete_jobs_if(self.store.engine, ids, (*final, JobState.FAILED.value))
        return out

    def _wait(
        self,
        ids: list[str],
        requests: list[Request],
        here: Here,
        should_stop: ShouldStop,
        deadline: float,
        waiting: list[int],
        out: list[Reply | None],
    ) -> None:
        """Until every weight is answered (``waiting`` empties), the job is
        cancelled or its time is up."""
        stalled: set[str] = set()
        checked = time.perf_counter()
        while waiting:
            if should_stop() or time.perf_counter() > deadline:
                return
            states = job_states(self.store.engine, [ids[i] for i in waiting])
            answered = [i for i in waiting if states.get(ids[i]) == "done"]
            for i in answered:
                record = self.store.get(ids[i])
                assert record is not None and record.result is not None
                out[i] = record.result
                self.pids[i] = record.result.get("pid")
                waiting.remove(i)
                self.remote += 1
            if time.perf_counter() - checked > self.stall_s / 3:
                stalled = self._stalled()
                checked = time.perf_counter()
            # the workers take weights first to last, this process last to
            # first; a weight whose worker died or failed is run here as well
            failed = {ids[i] for i in waiting if states.get(ids[i]) == "failed"}
            mine = next(
                (
                    i
                    for i in reversed(waiting)
                    if ids[i] in stalled | failed
                    or (
                        states.get(ids[i]) == JobState.QUEUED.value
                        and self.store.update_if(ids[i], QUEUED, state=JobState.RUNNING)
                    )
                ),
                None,
            )
            if mine is not None:
                if ids[mine] in stalled | failed:
                    logger.warning("weight %s: its worker stalled or failed", ids[mine])
                out[mine] = reply = here(requests[mine])
                self.store.update_if(
                    ids[mine], ACTIVE, state=JobState.DONE, result=reply,
                    finished_at=utc_now(),
                )  # fmt: skip
                waiting.remove(mine)
                self.local += 1
            elif not answered:
                time.sleep(POLL_S)

    def _stalled(self) -> set[str]:
        """The weights whose procrastinate job's worker has stopped beating."""
        rows = self.app.connector.get_sync_connector().execute_query_all(
            query=sql.queries["select_stalled_jobs_by_heartbeat"],
            queue=PART_QUEUE,
            task_name=WEIGHT_TASK,
            seconds_since_heartbeat=self.stall_s,
        )
        return {str((row["args"] or {}).get("weight_id")) for row in rows}


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
        organisation_id = job_organisation(self.parts.engine, weight_id)
        if organisation_id is None:
            return False
        with using_organisation(organisation_id):
            record = self.store.get(weight_id)
            if record is None or record.state is not JobState.QUEUED:
                return False
            req: dict[str, Any] = record.params or {}
            job_id = record.owner.removeprefix("weight:")
            # the instance before the take: meanwhile the coordinator may run it
            search, stop = self._search(job_id, req)
            if not self.store.update_if(weight_id, QUEUED, state=JobState.RUNNING):
                self._release(job_id, req, search, stop)
                return False
            stop.weight_id, stop.read_at, stop.cancelled = weight_id, -math.inf, False
            try:
                reply = run_on(search, req)
            except Exception:  # the coordinator runs a failed weight itself
                logger.exception("weight %s of job %s failed", weight_id, job_id)
                self.store.update_if(weight_id, RUNNING, state=JobState.FAILED)
                search.cancel.cancel()  # not kept: its state is unknown
                return False
            finally:
                stop.weight_id = None
                self._release(job_id, req, search, stop)
            reply["pid"] = os.getpid()
            logger.info("weight %s of job %s: %s", req["weight"], job_id, reply)
            return self.store.update_if(
                weight_id, RUNNING, state=JobState.DONE, result=reply,
                finished_at=utc_now(),
            )  # fmt: skip

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
