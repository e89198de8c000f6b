"""Jobs on procrastinate workers (PostgreSQL): the web process only queues them
and reads their state; ``fleetplan worker`` runs them (``jobs.worker``).

A job travels as its kind and its checked parameters, stored in the ``jobs``
table; the procrastinate job carries only the job id. State changes are single
conditional updates (``SqlJobStore.update_if``), so a web process cancelling
and a worker finishing never overwrite each other.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import procrastinate
from sqlalchemy.engine import make_url

from fleetplan.jobs.db_store import SqlJobStore
from fleetplan.jobs.model import JobRecord, JobState, utc_now
from fleetplan.jobs.runner import FAILED

TASK_NAME = "fleetplan.run_job"
QUEUE = "jobs"
ACTIVE = (JobState.QUEUED, JobState.RUNNING)


def conninfo(database_url: str) -> str:
    """The libpq address of a SQLAlchemy PostgreSQL URL."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def is_postgres(database_url: str) -> bool:
    return database_url.startswith(("postgresql", "postgres://"))


def make_app(database_url: str, *, max_pool: int = 4) -> procrastinate.App:
    """A procrastinate app on the database (not yet opened)."""
    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(database_url),
        min_size=1,
        max_size=max_pool,
    )
    return procrastinate.App(connector=connector)


class QueueRunner:
    """The runner interface of ``JobRunner`` over a procrastinate queue."""

    def __init__(self, store: SqlJobStore, app: procrastinate.App) -> None:
        self.store = store
        self._app = app
        self._task = app.configure_task(name=TASK_NAME, queue=QUEUE)
        self._lock = threading.Lock()
        self._open = False

    def _app_open(self) -> procrastinate.App:
        """The app with its connection pool, opened on first use."""
        with self._lock:
            if not self._open:
                self._app.open()
                self._open = True
        return self._app

    def recover(self) -> int:
        """Nothing to do at start: the workers find and mark stalled jobs."""
        return 0

    def submit(self, kind: str, fn: Callable[..., Any], *, owner: str) -> str:
        """Store the request and queue it; ``fn`` must be a ``PreparedJob``
        (a closure cannot travel to a worker)."""
        params = getattr(fn, "params", None)
        if not isinstance(params, dict):
            raise TypeError(f"job {kind!r} has no stored parameters to queue.")
        job_id = uuid.uuid4().hex
        self.store.save(JobRecord(job_id=job_id, kind=kind, owner=owner, params=params))
        try:
            self._app_open()
            queue_id = self._task.defer(job_id=job_id)
        except Exception:
            self.store.update_if(
                job_id,
                ACTIVE,
                state=JobState.FAILED,
                error=FAILED,
                finished_at=utc_now(),
            )
            raise
        self.store.update_if(job_id, ACTIVE, queue_id=queue_id)
        return job_id

    def cancel(self, job_id: str) -> bool:
        """Cancel a queued job at once, or ask the worker running it to stop
        (procrastinate's abort; the worker also reads ``cancel_requested``)."""
        record = self.store.get(job_id)
        if record is None or record.state.is_finished:
            return False
        self.store.update_if(job_id, ACTIVE, cancel_requested=True)
        never_started = self.store.update_if(
            job_id,
            (JobState.QUEUED,),
            state=JobState.CANCELLED,
            finished_at=utc_now(),
        )
        queue_id = record.queue_id
        if queue_id is None:  # queued a moment ago: the id may be written since
            fresh = self.store.get(job_id)
            queue_id = fresh.queue_id if fresh is not None else None
        if queue_id is not None:
            self._app_open().job_manager.cancel_job_by_id(
                queue_id, abort=not never_started
            )
        return True

    def wait(self, job_id: str, timeout_s: float | None = None) -> JobRecord:
        """Poll until the job has finished (tests and the CLI)."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while True:
            record = self.store.get(job_id)
            if record is None:
                raise KeyError(f"unknown job {job_id!r}.")
            if record.state.is_finished:
                return record
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} did not finish in {timeout_s} s.")
            time.sleep(0.2)

    def shutdown(self) -> None:
        """Queued and running jobs belong to the workers; only close the pool."""
        with self._lock:
            if self._open:
                self._app.close()
                self._open = False
