"""What a worker process runs: stored jobs, by id, built again from the database.

A job is taken with one conditional update (queued -> running), so a job that
was cancelled while queued, or taken by another worker, is left alone. Progress
goes to the ``jobs`` table while it runs; the result and the final state are
written in one statement at the end, so a worker killed mid-job leaves no
partial result (``jobs.stall`` then marks or retries the job).
"""

from __future__ import annotations

import contextvars
import logging
import os
import threading
from collections.abc import Callable

from sqlalchemy import Engine

from fleetplan.jobs.db_store import SqlJobStore
from fleetplan.jobs.errors import error_of
from fleetplan.jobs.model import JobState, utc_now
from fleetplan.jobs.registry import build_kinds
from fleetplan.jobs.runner import FAILED, JobCancelled, JobContext
from fleetplan.jobs.simulation_plan import PoolFactory
from fleetplan.optimise import BlockPool
from fleetplan.store.dataset_cache import DatasetCache
from fleetplan.store.jobs import job_organisation
from fleetplan.store.register_service import RegisterService
from fleetplan.store.scoped import using_organisation

logger = logging.getLogger(__name__)

# How often a running job's cancel flag is read from the database (procrastinate's
# abort arrives by LISTEN/NOTIFY sooner; this also covers a missed notification).
CANCEL_POLL_S = 0.5
RUNNING = (JobState.RUNNING,)


class WorkerJobs:
    """The job kinds over this process's own database connection."""

    def __init__(
        self,
        engine: Engine,
        block_pool: Callable[[str], BlockPool] | None = None,
        component_pool: PoolFactory = None,
    ) -> None:
        self._engine = engine
        self.store = SqlJobStore(engine)
        self.dataset = DatasetCache(engine)
        register = RegisterService(engine, on_change=self.dataset.changed)
        self.factor_sets = register.factor_set
        self.kinds = build_kinds(
            self.dataset,
            register.factor_set,
            engine,
            block_pool=block_pool,
            component_pool=component_pool,
        )

    def run(self, job_id: str, should_abort: Callable[[], bool]) -> JobState | None:
        """Run the stored job as its organisation; returns its final state
        (None: not taken)."""
        organisation_id = job_organisation(self._engine, job_id)
        if organisation_id is None:
            return None
        with using_organisation(organisation_id):
            return self._run(job_id, should_abort)

    def _run(self, job_id: str, should_abort: Callable[[], bool]) -> JobState | None:
        record = self.store.get(job_id)
        if record is None or not self.store.update_if(
            job_id, (JobState.QUEUED,), state=JobState.RUNNING, stage="", percent=0.0
        ):
            return None
        logger.info("job %s (%s) runs in process %d", job_id, record.kind, os.getpid())
        stop = threading.Event()
        watcher = threading.Thread(  # in this context: the job's organisation
            target=contextvars.copy_context().run,
            args=(self._watch, job_id, stop, should_abort),
            daemon=True,
        )
        watcher.start()
        try:
            factory = self.kinds.get(record.kind)
            if factory is None:
                raise ValueError(f"this worker has no job kind {record.kind!r}.")
            fn = factory(record.params or {})
            result = fn(JobContext(self._progress, job_id, stop))
        except JobCancelled:
            return self._finish(job_id, JobState.CANCELLED)
        except Exception as exc:
            logger.exception("job %s failed", job_id)
            return self._finish(job_id, JobState.FAILED, error=error_of(exc) or FAILED)
        finally:
            stop.set()  # ends the watcher
        state = JobState.CANCELLED if self._cancel_requested(job_id) else JobState.DONE
        return self._finish(job_id, state, result=result)

    def _cancel_requested(self, job_id: str) -> bool:
        record = self.store.get(job_id)
        return record is None or record.cancel_requested

    def _watch(
        self, job_id: str, stop: threading.Event, should_abort: Callable[[], bool]
    ) -> None:
        while not stop.wait(CANCEL_POLL_S):
            if should_abort() or self._cancel_requested(job_id):
                stop.set()

    def _progress(self, job_id: str, stage: str, percent: float) -> None:
        self.store.update_if(job_id, RUNNING, stage=stage, percent=percent)

    def _finish(
        self,
        job_id: str,
        state: JobState,
        *,
        result: dict[str, object] | None = None,
        error: str | None = None,
    ) -> JobState:
        changes: dict[str, object] = {"state": state, "finished_at": utc_now()}
        if state is JobState.DONE:
            changes["percent"] = 100.0
        self.store.update_if(job_id, RUNNING, result=result, error=error, **changes)
        return state
