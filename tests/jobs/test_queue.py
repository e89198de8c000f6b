"""The PostgreSQL back end in one process: the queue runner stores and queues,
a worker takes a job once, cancel reaches queued and running jobs, and the
stall sweep retries or marks the jobs of a silent worker."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from fleetplan.ingest import read_dataset
from fleetplan.jobs import JobCancelled, JobContext, JobState, SqlJobStore
from fleetplan.jobs.queue import QueueRunner, make_app
from fleetplan.jobs.registry import PreparedJob, build_kinds
from fleetplan.jobs.stall import MAX_ATTEMPTS_ENV, STALLED, sweep_stalled
from fleetplan.jobs.worker import WorkerJobs
from fleetplan.store import create_engine_for, save_dataset
from fleetplan.store.dataset_cache import DatasetCache
from tests.conftest import reference_path
from tests.store.db import database_url_for
from tests.store.db import postgres_template as postgres_template  # the fixture

pytestmark = pytest.mark.postgres


@pytest.fixture
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url_for(request, "postgresql", tmp_path)


@pytest.fixture
def engine(url: str) -> Iterator[Engine]:
    engine = create_engine_for(url)
    save_dataset(engine, read_dataset(reference_path("os2_fixture_seed42")))
    yield engine
    engine.dispose()


@pytest.fixture
def runner(url: str, engine: Engine) -> Iterator[QueueRunner]:
    runner = QueueRunner(SqlJobStore(engine), make_app(url))
    yield runner
    runner.shutdown()


def _summary(engine: Engine) -> PreparedJob:
    job = build_kinds(DatasetCache(engine))["dataset.summary"]({})
    assert isinstance(job, PreparedJob)
    return job


def _queue_status(engine: Engine, queue_id: int | None) -> str:
    with engine.connect() as connection:
        return str(
            connection.execute(
                text("SELECT status FROM procrastinate_jobs WHERE id = :id"),
                {"id": queue_id},
            ).scalar()
        )


def test_a_worker_runs_a_stored_job_once(engine: Engine, runner: QueueRunner) -> None:
    """The worker builds the job from the stored parameters and writes the
    result with the final state; a second worker does not take it again."""
    job_id = runner.submit("dataset.summary", _summary(engine), owner="ann")
    queued = runner.store.get(job_id)
    assert queued is not None and queued.state is JobState.QUEUED
    assert queued.params == {} and queued.queue_id is not None
    assert _queue_status(engine, queued.queue_id) == "todo"
    worker = WorkerJobs(engine)
    assert worker.run(job_id, lambda: False) is JobState.DONE
    assert WorkerJobs(engine).run(job_id, lambda: False) is None
    done = runner.wait(job_id, timeout_s=5)
    assert done.percent == 100.0 and done.result is not None
    assert done.result["roundtrips"] > 0


def test_a_closure_cannot_be_queued(runner: QueueRunner) -> None:
    with pytest.raises(TypeError):
        runner.submit("dataset.summary", lambda ctx: {}, owner="ann")


def test_cancel_of_a_queued_job_cancels_it_in_the_queue_too(
    engine: Engine, runner: QueueRunner
) -> None:
    job_id = runner.submit("dataset.summary", _summary(engine), owner="ann")
    assert runner.cancel(job_id)
    record = runner.store.get(job_id)
    assert record is not None and record.state is JobState.CANCELLED
    assert _queue_status(engine, record.queue_id) == "cancelled"
    assert WorkerJobs(engine).run(job_id, lambda: False) is None  # never runs
    assert not runner.cancel(job_id)  # already finished


def _waiting_kind(params: Any) -> PreparedJob:
    def run(ctx: JobContext) -> dict[str, Any]:
        for step in range(600):
            if ctx.should_stop():
                raise JobCancelled
            ctx.on_progress("test.waiting", step / 6)
            time.sleep(0.05)
        return {"finished": True}

    return PreparedJob("test.wait", dict(params), run)


def test_cancel_through_another_process_stops_a_running_job(
    engine: Engine, runner: QueueRunner
) -> None:
    """The runner (a web process) sets the flag; the worker's watcher sees it
    within its poll and the job stops, with progress written meanwhile."""
    worker = WorkerJobs(engine)
    worker.kinds["test.wait"] = _waiting_kind
    job_id = runner.submit("test.wait", _waiting_kind({}), owner="ann")
    states: list[JobState | None] = []
    thread = threading.Thread(
        target=lambda: states.append(worker.run(job_id, lambda: False))
    )
    thread.start()
    deadline = time.monotonic() + 10
    while (record := runner.store.get(job_id)) is not None and not record.stage:
        assert time.monotonic() < deadline, "no progress written"
        time.sleep(0.05)
    assert record is not None and record.state is JobState.RUNNING
    asked = time.monotonic()
    assert runner.cancel(job_id)
    thread.join(timeout=10)
    assert states == [JobState.CANCELLED]
    assert time.monotonic() - asked < 2.0
    final = runner.store.get(job_id)
    assert final is not None and final.result is None


def _stall(url: str, engine: Engine) -> list[tuple[str, str]]:
    """Take the queued job as a worker that then goes silent; sweep."""
    app = make_app(url)

    async def scenario() -> list[tuple[str, str]]:
        async with app.open_async():
            worker_id = await app.job_manager.register_worker()
            job = await app.job_manager.fetch_job(queues=None, worker_id=worker_id)
            assert job is not None
            job_id = str(job.task_kwargs["job_id"])
            SqlJobStore(engine).update_if(
                job_id, (JobState.QUEUED,), state=JobState.RUNNING, stage="x"
            )
            with engine.begin() as connection:
                connection.execute(
                    text(
                        "UPDATE procrastinate_workers SET last_heartbeat = "
                        "now() - interval '1 hour' WHERE id = :id"
                    ),
                    {"id": worker_id},
                )
            return await sweep_stalled(app, engine, timeout_s=30)

    return asyncio.run(scenario())


def test_a_stalled_safe_job_is_queued_again(
    url: str, engine: Engine, runner: QueueRunner
) -> None:
    job_id = runner.submit("dataset.summary", _summary(engine), owner="ann")
    assert _stall(url, engine) == [(job_id, "retried")]
    record = runner.store.get(job_id)
    assert record is not None
    assert (record.state, record.attempts, record.result) == (JobState.QUEUED, 2, None)
    assert _queue_status(engine, record.queue_id) == "todo"
    assert WorkerJobs(engine).run(job_id, lambda: False) is JobState.DONE


def test_a_stalled_job_past_its_attempts_is_marked(
    url: str, engine: Engine, runner: QueueRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAX_ATTEMPTS_ENV, "1")
    job_id = runner.submit("dataset.summary", _summary(engine), owner="ann")
    assert _stall(url, engine) == [(job_id, "marked")]
    record = runner.store.get(job_id)
    assert record is not None
    assert (record.state, record.error, record.result) == (
        JobState.FAILED,
        STALLED,
        None,
    )
    assert _queue_status(engine, record.queue_id) == "failed"
