"""Jobs whose worker died (kill -9, a lost machine): found by procrastinate's
worker heartbeats, then retried once when the kind is safe to run again, or
marked ``job.stalled``.

Every worker sweeps; a PostgreSQL advisory lock lets one sweep at a time, so a
stalled job is handled once.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import procrastinate
from procrastinate.jobs import Status
from sqlalchemy import Engine

from fleetplan.jobs.db_store import SqlJobStore
from fleetplan.jobs.model import JobState, utc_now
from fleetplan.jobs.queue import TASK_NAME
from fleetplan.jobs.registry import RETRY_SAFE
from fleetplan.store.scoped import unscoped

logger = logging.getLogger(__name__)

STALLED = "job.stalled"
# A job runs at most this often (1: a stalled job is marked, never retried).
MAX_ATTEMPTS_ENV = "FLEETPLAN_JOB_MAX_ATTEMPTS"
SWEEP_LOCK_KEY = 7380385375773027439


async def sweep_stalled(
    app: procrastinate.App, engine: Engine, timeout_s: float
) -> list[tuple[str, str]]:
    """Handle the jobs of workers silent for ``timeout_s``; returns
    ``(job id, "retried" | "marked")`` for each."""
    store = SqlJobStore(engine)
    done: list[tuple[str, str]] = []
    # platform work: the stalled jobs of every organisation
    with unscoped(), engine.begin() as lock:
        got = lock.exec_driver_sql(
            f"SELECT pg_try_advisory_xact_lock({SWEEP_LOCK_KEY})"
        ).scalar()
        if not got:
            return done
        stalled = await app.job_manager.get_stalled_jobs(
            task_name=TASK_NAME, seconds_since_heartbeat=timeout_s
        )
        for job in stalled:
            job_id = str(job.task_kwargs.get("job_id", ""))
            done.append((job_id, await _handle(app, store, job, job_id)))
    for job_id, what in done:
        logger.warning("stalled job %s %s", job_id, what)
    return done


async def _handle(
    app: procrastinate.App, store: SqlJobStore, job: Any, job_id: str
) -> str:
    record = store.get(job_id)
    active = (JobState.QUEUED, JobState.RUNNING)
    if (
        record is not None
        and record.kind in RETRY_SAFE
        and record.attempts < int(os.environ.get(MAX_ATTEMPTS_ENV, "2"))
        and not record.cancel_requested
        and store.update_if(
            job_id,
            active,
            state=JobState.QUEUED,
            stage="",
            percent=0.0,
            attempts=record.attempts + 1,
        )
    ):
        await app.job_manager.retry_job(job)
        return "retried"
    store.update_if(
        job_id, active, state=JobState.FAILED, error=STALLED, finished_at=utc_now()
    )
    await app.job_manager.finish_job_by_id_async(
        job.id, status=Status.FAILED, delete_job=False
    )
    return "marked"
