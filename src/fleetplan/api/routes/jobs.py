"""Start, follow, cancel and read long-running jobs."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, status

from fleetplan.api.deps import CanRead, ReaderDep, ServicesDep, WriterDep
from fleetplan.api.schemas import JobPublic, JobResult
from fleetplan.api.security import Role
from fleetplan.jobs import JobRecord
from fleetplan.jobs.errors import decode_error
from fleetplan.jobs.params import JobStartBody

router = APIRouter(prefix="/jobs", tags=["jobs"], dependencies=[CanRead])


def _utc(moment: datetime | None) -> datetime | None:
    """Job times are UTC; the database may give them back without the offset."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def job_public(r: JobRecord) -> JobPublic:
    error = decode_error(r.error) if r.error else None
    return JobPublic(
        job_id=r.job_id,
        kind=r.kind,
        owner=r.owner,
        state=r.state.value,
        stage=r.stage,
        percent=r.percent,
        error=error.code if error else None,
        error_params=error.params if error else {},
        error_message=error.message if error else None,
        created_at=_utc(r.created_at) or r.created_at,
        finished_at=_utc(r.finished_at),
    )


def _get(services: ServicesDep, job_id: str) -> JobRecord:
    record = services.jobs.store.get(job_id)
    if record is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "There is no such job.")
    return record


@router.get("")
def list_jobs(services: ServicesDep, user: ReaderDep) -> list[JobPublic]:
    return [job_public(r) for r in services.jobs.store.list()]


@router.post("", status_code=status.HTTP_202_ACCEPTED)
def start_job(body: JobStartBody, services: ServicesDep, user: WriterDep) -> JobPublic:
    """Start a job; each kind documents its own ``params``. Poll
    ``GET /jobs/{id}`` for progress. On PostgreSQL a worker runs it."""
    factory = services.job_kinds.get(body.kind)
    if factory is None:
        known = ", ".join(sorted(services.job_kinds)) or "none"
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"Unknown job kind {body.kind!r}; known kinds: {known}.",
        )
    try:
        fn = factory(body.params.model_dump(exclude_unset=True))
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    job_id = services.jobs.submit(body.kind, fn, owner=user.username)
    return job_public(_get(services, job_id))


@router.get("/{job_id}")
def job_progress(job_id: str, services: ServicesDep) -> JobPublic:
    return job_public(_get(services, job_id))


@router.post("/{job_id}/cancel")
def cancel_job(job_id: str, services: ServicesDep, user: WriterDep) -> JobPublic:
    """Ask a job to stop; its owner or an admin may cancel it."""
    record = _get(services, job_id)
    if record.owner != user.username and not user.role.allows(Role.ADMIN):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only its owner may cancel it.")
    services.jobs.cancel(job_id)
    return job_public(_get(services, job_id))


@router.get("/{job_id}/result")
def job_result(job_id: str, services: ServicesDep) -> JobResult:
    record = _get(services, job_id)
    return JobResult(
        job_id=record.job_id, state=record.state.value, result=record.result
    )
