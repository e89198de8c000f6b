"""Runs long work off the request thread with progress and cancel.

A job function takes a :class:`JobContext` and returns a JSON-serialisable dict.
It reports progress with ``ctx.on_progress(stage, percent)`` and passes
``ctx.should_stop`` to the engines, which check it and stop early.
"""

from __future__ import annotations

import contextvars
import dataclasses
import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from fleetplan.jobs.errors import error_of
from fleetplan.jobs.model import JobRecord, JobState, JobStore, utc_now
from fleetplan.jobs.priority import job_nice, lower_thread_priority
from fleetplan.store.scoped import unscoped

logger = logging.getLogger(__name__)

INTERRUPTED = "job.interrupted"
FAILED = "job.failed"
PROGRESS_STEP = 1.0


class JobCancelled(Exception):
    """Raised by a job function that stops because cancel was requested."""


# Writes a running job's stage and percent (the thread runner or a worker).
ProgressWriter = Callable[[str, str, float], None]


class JobContext:
    """What a running job sees: a stop flag and a progress reporter."""

    def __init__(
        self, write: ProgressWriter, job_id: str, stop: threading.Event
    ) -> None:
        self._write = write
        self._job_id = job_id
        self._stop = stop
        self._written: tuple[str, float] | None = None

    @property
    def job_id(self) -> str:
        return self._job_id

    def should_stop(self) -> bool:
        return self._stop.is_set()

    def on_progress(self, stage: str, percent: float) -> None:
        """Record progress; ``percent`` is clamped to 0..100.

        Only a new stage or a step of at least ``PROGRESS_STEP`` percentage points
        is written, so an engine may report after every small piece of work.
        """
        percent = min(100.0, max(0.0, float(percent)))
        last = self._written
        if (
            last is not None
            and last[0] == stage
            and abs(percent - last[1]) < PROGRESS_STEP
            and percent < 100.0
        ):
            return
        self._written = (stage, percent)
        self._write(self._job_id, stage, percent)


JobFunction = Callable[[JobContext], dict[str, Any]]


class JobRunner:
    """A thread pool whose job states live in a :class:`JobStore`."""

    def __init__(
        self, store: JobStore, max_workers: int = 2, nice: int | None = None
    ) -> None:
        """``nice``: how much lower the job threads' CPU priority is than the
        web app's (default ``FLEETPLAN_JOB_NICE``, 10; ``jobs.priority``)."""
        self.store = store
        self._pool = ThreadPoolExecutor(
            max_workers=max_workers,
            thread_name_prefix="job",
            initializer=lower_thread_priority,
            initargs=(job_nice() if nice is None else nice,),
        )
        self._lock = threading.Lock()
        self._stops: dict[str, threading.Event] = {}
        self._futures: dict[str, Future[None]] = {}
        self.recover()

    def recover(self) -> int:
        """Mark jobs left queued/running by an earlier process as failed.

        Finished jobs keep their results. Returns how many were marked.
        """
        count = 0
        with unscoped():  # every organisation's jobs
            for record in self.store.list():
                if not record.state.is_finished and record.job_id not in self._stops:
                    self.store.save(
                        dataclasses.replace(
                            record,
                            state=JobState.FAILED,
                            error=INTERRUPTED,
                            finished_at=utc_now(),
                        )
                    )
                    count += 1
        return count

    def submit(self, kind: str, fn: JobFunction, *, owner: str) -> str:
        """Queue ``fn`` and return the new job id."""
        job_id = uuid.uuid4().hex
        stop = threading.Event()
        params = getattr(fn, "params", None)  # a PreparedJob keeps its request
        self.store.save(JobRecord(job_id=job_id, kind=kind, owner=owner, params=params))
        with self._lock:
            self._stops[job_id] = stop
            # the submitter's context: the job runs as its organisation
            run = contextvars.copy_context().run
            self._futures[job_id] = self._pool.submit(run, self._run, job_id, fn, stop)
        return job_id

    def cancel(self, job_id: str) -> bool:
        """Ask a job to stop. Returns False when it is unknown or already finished."""
        record = self.store.get(job_id)
        if record is None or record.state.is_finished:
            return False
        with self._lock:
            stop = self._stops.get(job_id)
        if stop is None:
            return False
        stop.set()
        if record.state is JobState.QUEUED:
            self._finish(job_id, JobState.CANCELLED)
        return True

    def wait(self, job_id: str, timeout_s: float | None = None) -> JobRecord:
        """Block until the job has finished (for tests and the CLI)."""
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            future.result(timeout=timeout_s)
        record = self.store.get(job_id)
        if record is None:
            raise KeyError(f"unknown job {job_id!r}.")
        return record

    def shutdown(self) -> None:
        """Ask every running job to stop and wait for the workers."""
        with self._lock:
            for stop in self._stops.values():
                stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job_id: str, fn: JobFunction, stop: threading.Event) -> None:
        try:
            if stop.is_set():
                return
            self._update(job_id, state=JobState.RUNNING)
            result = fn(JobContext(self._progress, job_id, stop))
        except JobCancelled:
            self._finish(job_id, JobState.CANCELLED)
        except Exception as exc:
            logger.exception("job %s failed", job_id)
            self._finish(job_id, JobState.FAILED, error=error_of(exc) or FAILED)
        else:
            state = JobState.CANCELLED if stop.is_set() else JobState.DONE
            self._finish(job_id, state, result=result)
        finally:
            with self._lock:
                self._stops.pop(job_id, None)

    def _progress(self, job_id: str, stage: str, percent: float) -> None:
        self._update(job_id, stage=stage, percent=percent)

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            record = self.store.get(job_id)
            if record is None or record.state.is_finished:
                return
            self.store.save(dataclasses.replace(record, **changes))

    def _finish(
        self,
        job_id: str,
        state: JobState,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        with self._lock:
            record = self.store.get(job_id)
            if record is None or record.state.is_finished:
                return
            percent = 100.0 if state is JobState.DONE else record.percent
            self.store.save(
                dataclasses.replace(
                    record,
                    state=state,
                    percent=percent,
                    result=result,
                    error=error,
                    finished_at=utc_now(),
                )
            )
