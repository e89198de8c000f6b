"""A thread-safe in-memory :class:`JobStore` (tests and single-process use)."""

from __future__ import annotations

import threading

from fleetplan.jobs.model import JobRecord


class InMemoryJobStore:
    """Keeps job records in a dict guarded by a lock; lost when the process ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: dict[str, JobRecord] = {}

    def save(self, record: JobRecord) -> None:
        with self._lock:
            self._records[record.job_id] = record

    def get(self, job_id: str) -> JobRecord | None:
        with self._lock:
            return self._records.get(job_id)

    def list(self, owner: str | None = None) -> list[JobRecord]:
        with self._lock:
            records = [
                r for r in self._records.values() if owner is None or r.owner == owner
            ]
        return sorted(records, key=lambda r: r.created_at, reverse=True)
