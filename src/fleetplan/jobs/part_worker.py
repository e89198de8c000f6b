"""A worker's side of a run's requests on the ``parts`` queue
(``jobs.part_queue``): what it built for the last job it served, the look at a
request's record and the take-then-answer step. A worker builds *before* it
takes a record, so meanwhile the coordinator can take it."""

from __future__ import annotations

import contextlib
import logging
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine

from fleetplan.domain import Dataset
from fleetplan.jobs.db_store import SqlJobStore
from fleetplan.jobs.model import JobRecord, JobState, utc_now
from fleetplan.jobs.part_queue import QUEUED, RUNNING, part_engine
from fleetplan.store.jobs import job_organisation
from fleetplan.store.scoped import using_organisation

logger = logging.getLogger(__name__)
Built = TypeVar("Built")


class PartWorker(ABC, Generic[Built]):
    """What a worker built for the last job it served (``build`` from the
    job's record, each kind's own), kept for the job's next request."""

    def __init__(
        self, engine: Engine, load_dataset: Callable[[], Dataset], factor_sets: Any
    ) -> None:
        self.engine = engine
        self.store = SqlJobStore(part_engine(engine))
        self.load_dataset = load_dataset
        self.factor_sets = factor_sets
        self._run: tuple[str, Built] | None = None

    def built(self, job_id: str) -> Built:
        """The job's build, made as the job makes it (once per job)."""
        if self._run is None or self._run[0] != job_id:
            self._run = None  # free the last job's build first
            self._run = (job_id, self.build(job_id, self.store.get(job_id)))
            logger.info("parts of job %s: built", job_id)
        return self._run[1]

    @abstractmethod
    def build(self, job_id: str, job: JobRecord | None) -> Built:
        """The job's run as the job itself builds it (blocks, a problem)."""


@contextlib.contextmanager
def queued_record(
    engine: Engine, store: SqlJobStore, record_id: str
) -> Iterator[JobRecord | None]:
    """A worker's look at a request: its record while no one has taken it
    (None otherwise), under the run's organisation."""
    organisation_id = job_organisation(engine, record_id)
    if organisation_id is None:
        yield None
        return
    with using_organisation(organisation_id):
        record = store.get(record_id)
        queued = record is not None and record.state is JobState.QUEUED
        yield record if queued else None


def take_and_answer(
    store: SqlJobStore, record_id: str, answer: Callable[[], dict[str, Any]]
) -> bool:
    """A worker takes the request (queued -> running) if no one has, answers
    it and writes the reply with its pid; True if this did. A request that
    raises is marked failed: the coordinator then runs it itself."""
    if not store.update_if(record_id, QUEUED, state=JobState.RUNNING):
        return False
    try:
        reply = answer()
    except Exception:
        logger.exception("request %s failed", record_id)
        store.update_if(record_id, RUNNING, state=JobState.FAILED)
        return False
    reply["pid"] = os.getpid()
    return store.update_if(
        record_id, RUNNING, state=JobState.DONE, result=reply, finished_at=utc_now()
    )
