"""A :class:`JobStore` in the database, so finished results survive a restart."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from fleetplan.jobs.model import JobRecord, JobState
from fleetplan.store.jobs import (
    StoredJob,
    get_job,
    list_jobs,
    save_job,
    update_job_if,
)


def _record(job: StoredJob) -> JobRecord:
    return JobRecord(
        job_id=job.job_id,
        kind=job.kind,
        owner=job.owner,
        state=JobState(job.state),
        stage=job.stage,
        percent=job.percent,
        result=job.result,
        error=job.error,
        created_at=job.created_at,
        finished_at=job.finished_at,
        params=job.params,
        attempts=job.attempts,
        cancel_requested=job.cancel_requested,
        queue_id=job.queue_id,
    )


class SqlJobStore:
    """Job records in the ``jobs`` table (revisions 0002, 0010)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, record: JobRecord) -> None:
        save_job(
            self.engine,
            StoredJob(
                job_id=record.job_id,
                kind=record.kind,
                owner=record.owner,
                state=record.state.value,
                stage=record.stage,
                percent=record.percent,
                result=record.result,
                error=record.error,
                created_at=record.created_at,
                finished_at=record.finished_at,
                params=record.params,
                attempts=record.attempts,
                cancel_requested=record.cancel_requested,
                queue_id=record.queue_id,
            ),
        )

    def update_if(
        self, job_id: str, states: tuple[JobState, ...], **changes: Any
    ) -> bool:
        """Change the job only while it is in one of ``states`` (atomic)."""
        if "state" in changes:
            changes["state"] = JobState(changes["state"]).value
        return update_job_if(
            self.engine, job_id, tuple(s.value for s in states), **changes
        )

    def get(self, job_id: str) -> JobRecord | None:
        job = get_job(self.engine, job_id)
        return _record(job) if job is not None else None

    def list(self, owner: str | None = None) -> list[JobRecord]:
        return [_record(job) for job in list_jobs(self.engine, owner)]
