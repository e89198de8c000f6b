"""A :class:`JobStore` in the database, so finished results survive a restart."""

from __future__ import annotations

from sqlalchemy import Engine

from fleetplan.jobs.model import JobRecord, JobState
from fleetplan.store.jobs import StoredJob, get_job, list_jobs, save_job


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
    )


class SqlJobStore:
    """Job records in the ``jobs`` table (revision 0002)."""

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
            ),
        )

    def get(self, job_id: str) -> JobRecord | None:
        job = get_job(self.engine, job_id)
        return _record(job) if job is not None else None

    def list(self, owner: str | None = None) -> list[JobRecord]:
        return [_record(job) for job in list_jobs(self.engine, owner)]
