"""Long-running job states in the database (table ``jobs``; revisions 0002, 0010).

Times are stored as naive UTC and returned as aware UTC datetimes. Rows never
leave this module: callers get :class:`StoredJob` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Engine,
    Index,
    String,
    delete,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from fleetplan.store.scoped import OrgOwned, run, unscoped
from fleetplan.store.tables import Base


class JobRow(OrgOwned, Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_owner_created", "owner", "created_at"),)

    job_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    owner: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str]
    percent: Mapped[float]
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str | None]
    created_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # 0010: what a worker needs to build the job again, and the queue's handle
    params: Mapped[dict[str, Any] | None]
    attempts: Mapped[int] = mapped_column(default=1)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    queue_id: Mapped[int | None] = mapped_column(BigInteger)


@dataclass(frozen=True, slots=True)
class StoredJob:
    job_id: str
    kind: str
    owner: str
    state: str
    stage: str
    percent: float
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None
    params: dict[str, Any] | None = None
    attempts: int = 1
    cancel_requested: bool = False
    queue_id: int | None = None


def _naive_utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _stored(row: JobRow) -> StoredJob:
    created = _aware(row.created_at)
    assert created is not None
    return StoredJob(
        job_id=row.job_id,
        kind=row.kind,
        owner=row.owner,
        state=row.state,
        stage=row.stage,
        percent=row.percent,
        result=row.result,
        error=row.error,
        created_at=created,
        finished_at=_aware(row.finished_at),
        params=row.params,
        attempts=row.attempts,
        cancel_requested=row.cancel_requested,
        queue_id=row.queue_id,
    )


def save_job(engine: Engine, job: StoredJob) -> None:
    """Insert the job or replace the stored one with the same id."""
    with Session(engine) as session, session.begin():
        session.merge(
            JobRow(
                job_id=job.job_id,
                kind=job.kind,
                owner=job.owner,
                state=job.state,
                stage=job.stage,
                percent=job.percent,
                result=job.result,
                error=job.error,
                created_at=_naive_utc(job.created_at),
                finished_at=_naive_utc(job.finished_at),
                params=job.params,
                attempts=job.attempts,
                cancel_requested=job.cancel_requested,
                queue_id=job.queue_id,
            )
        )


def update_job_if(
    engine: Engine, job_id: str, states: tuple[str, ...], **changes: Any
) -> bool:
    """Change the job only while it is in one of ``states`` (one statement, so
    a web process and a worker never overwrite each other's state). Returns
    whether it changed; a result and the final state are written together."""
    if "finished_at" in changes:
        changes["finished_at"] = _naive_utc(changes["finished_at"])
    stmt = (
        update(JobRow)
        .where(JobRow.job_id == job_id, JobRow.state.in_(states))
        .values(**changes)
    )
    with engine.begin() as connection:
        return run(connection, stmt).rowcount == 1


def delete_jobs_if(engine: Engine, job_ids: list[str], states: tuple[str, ...]) -> int:
    """Delete those of the jobs that are in one of ``states``; how many went."""
    if not job_ids:
        return 0
    stmt = delete(JobRow).where(JobRow.job_id.in_(job_ids), JobRow.state.in_(states))
    with engine.begin() as connection:
        return int(run(connection, stmt).rowcount)


def get_job(engine: Engine, job_id: str) -> StoredJob | None:
    with Session(engine) as session:
        row = session.get(JobRow, job_id)
        return _stored(row) if row is not None else None


def job_states(engine: Engine, job_ids: list[str]) -> dict[str, str]:
    """The jobs' states by id, without their parameters and results (a run's
    coordinator polls its parts with it: a record may carry LP bases)."""
    stmt = select(JobRow.job_id, JobRow.state).where(JobRow.job_id.in_(job_ids))
    with Session(engine) as session:
        return {str(job_id): str(state) for job_id, state in session.execute(stmt)}


def list_jobs(engine: Engine, owner: str | None = None) -> list[StoredJob]:
    """Jobs (of one owner when given), newest first."""
    stmt = select(JobRow).order_by(JobRow.created_at.desc(), JobRow.job_id)
    if owner is not None:
        stmt = stmt.where(JobRow.owner == owner)
    else:  # a run's parts (jobs.block_tasks) are its own business, not a list's
        stmt = stmt.where(JobRow.owner.not_like("part:%"))
    with Session(engine) as session:
        return [_stored(row) for row in session.scalars(stmt)]


def job_organisation(engine: Engine, job_id: str) -> int | None:
    """The organisation a job belongs to, whatever the context's (a worker
    looks it up before it runs the job as that organisation)."""
    with unscoped(), Session(engine) as session:
        return session.scalar(
            select(JobRow.organisation_id).where(JobRow.job_id == job_id)
        )
