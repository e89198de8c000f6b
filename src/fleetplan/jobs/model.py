"""What a job is: its state, progress and result, and where job records are kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One long-running job as it is stored.

    ``percent`` is 0–100 within the whole job; ``stage`` is a short catalogue key
    (for example ``"sim.allocating"``) the UI translates. ``result`` is a
    JSON-serialisable mapping; ``error`` a user-facing message when it failed.
    """

    job_id: str
    kind: str
    owner: str
    state: JobState = JobState.QUEUED
    stage: str = ""
    percent: float = 0.0
    result: dict[str, Any] | None = None
    error: str | None = None
    created_at: datetime = field(default_factory=utc_now)
    finished_at: datetime | None = None
    # what a worker needs to build the job again (queued back end)
    params: dict[str, Any] | None = None
    attempts: int = 1
    cancel_requested: bool = False
    queue_id: int | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.percent <= 100.0:
            raise ValueError(f"percent must be within 0..100, got {self.percent}.")
        if not self.job_id or not self.kind:
            raise ValueError("job_id and kind must not be empty.")


class JobStore(Protocol):
    """Where job records live: in memory for tests, in the database in the app."""

    def save(self, record: JobRecord) -> None:
        """Insert or replace the record with this ``job_id``."""

    def get(self, job_id: str) -> JobRecord | None:
        """The record with this id, or ``None``."""

    def list(self, owner: str | None = None) -> list[JobRecord]:
        """All records (of one owner when given), newest first."""


class Runner(Protocol):
    """Runs jobs: threads of this process (``JobRunner``, SQLite) or workers
    of a queue (``QueueRunner``, PostgreSQL); the app sees only this."""

    store: Any

    def submit(self, kind: str, fn: Any, *, owner: str) -> str:
        """Queue the job (a ``PreparedJob`` for the queue) and return its id."""

    def cancel(self, job_id: str) -> bool:
        """Ask a job to stop; False when it is unknown or already finished."""

    def wait(self, job_id: str, timeout_s: float | None = None) -> JobRecord:
        """Block until the job has finished."""

    def shutdown(self) -> None:
        """Release what this process holds for its jobs."""
