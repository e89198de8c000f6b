"""A run's requests on the deployment's workers (issue 18, item 7; PostgreSQL
only): the coordination that a decomposed optimisation's block parts
(``jobs.block_tasks``), its front weights (``jobs.weight_tasks``) and a
simulation's blocks (``jobs.component_tasks``) share.

A request is a job record (its kind, owner ``<prefix>:<job id>``, the JSON
request as its parameters) and a procrastinate task on the ``parts`` queue. The
coordinator polls the records' states only (one small query; a record may
carry LP bases), reads a record once it is answered, takes queued requests
itself last to first (the workers take them first to last) with the
conditional update queued -> running, so a run never waits on a busy
deployment, and runs again a request whose worker failed or stalled (the
caller's rule). At a cancel or the deadline it withdraws what no worker has
taken, and at the end deletes every record whose state is final. A worker
builds what it needs *before* it takes a record (``jobs.part_worker``), so
meanwhile the coordinator can take it.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol

import procrastinate
from sqlalchemy import Engine, create_engine, make_url

from fleetplan.jobs.db_store import SqlJobStore
from fleetplan.jobs.model import JobRecord, JobState, utc_now
from fleetplan.store.jobs import delete_jobs_if, job_states
from fleetplan.store.scoped import current_organisation, using_organisation

logger = logging.getLogger(__name__)

PART_QUEUE = "parts"
QUEUED, RUNNING = (JobState.QUEUED,), (JobState.RUNNING,)
ACTIVE = (JobState.QUEUED, JobState.RUNNING)
DONE, FAILED = JobState.DONE.value, JobState.FAILED.value
QUEUED_STATE = JobState.QUEUED.value
# the states a record keeps for good: it can go (one a worker is still
# writing stays until then)
FINAL = (DONE, FAILED, JobState.CANCELLED.value)
# a request's 4-5 commits need not wait for the disk (~10 ms each on this
# machine's PostgreSQL): a request lost in a server crash is lost with its run
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


class StallRule(Protocol):
    """Which of the ``waiting`` requests (``states`` by id, polled at ``now``)
    a worker took but will not answer: the coordinator runs them itself."""

    def __call__(
        self, waiting: list[str], states: dict[str, str], now: float
    ) -> set[str]: ...


class HeldTooLong:
    """A request a worker has held for more than ``seconds`` since it was
    first seen taken (a worker killed mid-request)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.taken_at: dict[str, float] = {}

    def __call__(
        self, waiting: list[str], states: dict[str, str], now: float
    ) -> set[str]:
        for key in waiting:
            if states.get(key) != QUEUED_STATE:
                self.taken_at.setdefault(key, now)
        return {
            k for k in waiting if now - self.taken_at.get(k, math.inf) > self.seconds
        }


class PartQueue:
    """One run's requests of one kind, as records and tasks, and the wait for
    their replies (the coordinator's side)."""

    def __init__(
        self,
        engine: Engine,
        app: procrastinate.App,
        *,
        kind: str,
        task: str,
        owner: str,
        arg: str = "part_id",
        poll_s: float,
    ) -> None:
        self.store = SqlJobStore(part_engine(engine))
        self.task = app.configure_task(name=task, queue=PART_QUEUE)
        self.kind, self.owner, self.arg, self.poll_s = kind, owner, arg, poll_s
        self.remote = 0  # requests a worker answered (the rest ran here)
        self.local = 0
        # the job's organisation: the run may call from a helper thread
        self.organisation = current_organisation()

    def scope(self) -> contextlib.AbstractContextManager[Any]:
        """The job's organisation, for the records of a call from any thread."""
        if self.organisation is None:
            return contextlib.nullcontext()
        return using_organisation(self.organisation)

    def hand_out(self, requests: list[dict[str, Any]]) -> list[str]:
        """A record and a task per request; their ids, in order."""
        ids: list[str] = []
        for req in requests:
            ids.append(uuid.uuid4().hex)
            self.store.save(JobRecord(ids[-1], self.kind, self.owner, params=req))
            self.task.defer(**{self.arg: ids[-1]})
        return ids

    def gather(
        self,
        ids: list[str],
        answered: Callable[[str, dict[str, Any]], None],
        here: Callable[[str], dict[str, Any] | None],
        stalled: StallRule,
        deadline: float,
        should_stop: Callable[[], bool] | None = None,
        withdraw: tuple[JobState, ...] = QUEUED,
    ) -> list[str]:
        """Until every request is answered, a cancel or the deadline: a
        worker's reply goes to ``answered``; ``here`` runs a request in this
        process, uses its answer and gives the reply to store (None: none).
        The requests left unanswered (in ``withdraw`` states, cancelled) are
        returned; the records in a final state are deleted."""
        waiting = list(ids)
        try:
            self._wait(waiting, answered, here, stalled, deadline, should_stop)
        finally:
            for key in waiting:  # no worker starts them (or, running, stops)
                self.store.update_if(key, withdraw, state=JobState.CANCELLED)
            delete_jobs_if(self.store.engine, ids, FINAL)
        return waiting

    def _wait(
        self,
        waiting: list[str],
        answered: Callable[[str, dict[str, Any]], None],
        here: Callable[[str], dict[str, Any] | None],
        stalled: StallRule,
        deadline: float,
        should_stop: Callable[[], bool] | None,
    ) -> None:
        while waiting:
            if (should_stop is not None and should_stop()) or (
                time.perf_counter() > deadline
            ):
                return
            states = job_states(self.store.engine, waiting)
            now = time.perf_counter()
            done = [k for k in waiting if states.get(k) == DONE]
            for key in done:
                record = self.store.get(key)
                assert record is not None and record.result is not None
                answered(key, record.result)
                waiting.remove(key)
                self.remote += 1
            lost = stalled(waiting, states, now)
            lost |= {k for k in waiting if states.get(k) == FAILED}
            mine = next(
                (
                    k
                    for k in reversed(waiting)
                    if k in lost
                    or (
                        states.get(k) == QUEUED_STATE
                        and self.store.update_if(k, QUEUED, state=JobState.RUNNING)
                    )
                ),
                None,
            )
            if mine is not None:
                if mine in lost:
                    logger.warning(
                        "%s %s: its worker stalled or failed", self.kind, mine
                    )
                reply = here(mine)
                changes: dict[str, Any] = {"finished_at": utc_now()}
                if reply is not None:
                    changes["result"] = reply
                self.store.update_if(mine, ACTIVE, state=JobState.DONE, **changes)
                waiting.remove(mine)
                self.local += 1
            elif not done:
                time.sleep(self.poll_s)


class PartCounts:
    """A pool's parts answered by workers and run here, from its ``queue``."""

    queue: PartQueue

    @property
    def remote_parts(self) -> int:
        """Parts a worker answered (the rest ran here)."""
        return self.queue.remote

    @property
    def local_parts(self) -> int:
        return self.queue.local
