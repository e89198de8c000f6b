"""Job runner: results, progress, cancel, failures and recovery after a restart."""

from __future__ import annotations

import threading

import pytest

from fleetplan.jobs import (
    INTERRUPTED,
    InMemoryJobStore,
    JobCancelled,
    JobContext,
    JobRecord,
    JobRunner,
    JobState,
)


@pytest.fixture
def runner() -> JobRunner:
    r = JobRunner(InMemoryJobStore(), max_workers=2)
    yield r
    r.shutdown()


def test_done_job_keeps_result_and_reaches_100_percent(runner: JobRunner) -> None:
    """A finished job is DONE, has its returned dict and percent 100."""

    def work(ctx: JobContext) -> dict[str, int]:
        ctx.on_progress("sum", 50)
        return {"total": sum(range(5))}

    job_id = runner.submit("test", work, owner="ann")
    record = runner.wait(job_id, timeout_s=10)
    assert record.state is JobState.DONE
    assert record.result == {"total": 10}
    assert record.percent == 100.0
    assert record.stage == "sum"
    assert record.finished_at is not None
    assert runner.store.list(owner="ann")[0].job_id == job_id
    assert runner.store.list(owner="bob") == []


def test_progress_is_visible_while_running_and_clamped(runner: JobRunner) -> None:
    """Progress written by the job is readable from another thread; 150 % -> 100."""
    reported = threading.Event()
    release = threading.Event()

    def work(ctx: JobContext) -> dict[str, str]:
        ctx.on_progress("stage.one", 42.5)
        reported.set()
        release.wait(10)
        ctx.on_progress("stage.two", 150)
        return {}

    job_id = runner.submit("test", work, owner="ann")
    assert reported.wait(10)
    record = runner.store.get(job_id)
    assert record is not None
    assert (record.state, record.stage, record.percent) == (
        JobState.RUNNING,
        "stage.one",
        42.5,
    )
    release.set()
    assert runner.wait(job_id, timeout_s=10).state is JobState.DONE


def test_cancel_running_job_through_should_stop(runner: JobRunner) -> None:
    """An engine polling should_stop ends early; the job is CANCELLED with its
    partial result kept."""
    started = threading.Event()

    def work(ctx: JobContext) -> dict[str, int]:
        started.set()
        steps = 0
        while not ctx.should_stop():
            steps += 1
            threading.Event().wait(0.01)
        return {"steps": steps}

    job_id = runner.submit("test", work, owner="ann")
    assert started.wait(10)
    assert runner.cancel(job_id) is True
    record = runner.wait(job_id, timeout_s=10)
    assert record.state is JobState.CANCELLED
    assert record.result is not None and record.result["steps"] >= 0
    assert runner.cancel(job_id) is False


def test_cancel_queued_job_never_runs() -> None:
    """With one worker busy, a queued job cancelled before it starts never runs."""
    runner = JobRunner(InMemoryJobStore(), max_workers=1)
    release = threading.Event()
    ran: list[str] = []
    blocker = runner.submit("block", lambda ctx: {"ok": release.wait(10)}, owner="a")
    queued = runner.submit("queued", lambda ctx: {"ran": ran.append("x")}, owner="a")
    assert runner.cancel(queued) is True
    release.set()
    runner.wait(blocker, timeout_s=10)
    assert runner.wait(queued, timeout_s=10).state is JobState.CANCELLED
    assert ran == []
    runner.shutdown()


def test_failures_are_recorded_with_user_message(runner: JobRunner) -> None:
    """JobCancelled -> CANCELLED; an error with user_message -> that message;
    any other error -> the generic catalogue key, never a stack trace."""

    class UserError(Exception):
        user_message = "Køretøj V1 mangler en lokation."

    def cancelled(ctx: JobContext) -> dict[str, int]:
        raise JobCancelled

    def user_error(ctx: JobContext) -> dict[str, int]:
        raise UserError("x")

    def crash(ctx: JobContext) -> dict[str, int]:
        raise RuntimeError("secret internals")

    ids = [runner.submit("t", f, owner="a") for f in (cancelled, user_error, crash)]
    states = [runner.wait(i, timeout_s=10) for i in ids]
    assert states[0].state is JobState.CANCELLED
    assert (states[1].state, states[1].error) == (
        JobState.FAILED,
        "Køretøj V1 mangler en lokation.",
    )
    assert (states[2].state, states[2].error) == (JobState.FAILED, "job.failed")


def test_restart_keeps_finished_results_and_fails_interrupted_jobs() -> None:
    """A new runner on the same store keeps DONE results and marks jobs that were
    running in the old process as FAILED (interrupted)."""
    store = InMemoryJobStore()
    store.save(JobRecord(job_id="old", kind="sim", owner="a", state=JobState.RUNNING))
    store.save(
        JobRecord(
            job_id="fin", kind="sim", owner="a", state=JobState.DONE, result={"x": 1}
        )
    )
    runner = JobRunner(store)
    try:
        old = store.get("old")
        assert old is not None and old.state is JobState.FAILED
        assert old.error == INTERRUPTED
        fin = store.get("fin")
        assert fin is not None and fin.result == {"x": 1}
        assert runner.recover() == 0
    finally:
        runner.shutdown()


@pytest.mark.parametrize("percent", [-0.1, 100.5])
def test_record_rejects_percent_outside_range(percent: float) -> None:
    with pytest.raises(ValueError, match="percent"):
        JobRecord(job_id="j", kind="k", owner="o", percent=percent)


def test_progress_writes_are_throttled_to_whole_steps() -> None:
    """1,000 reports in steps of 0.1 % are written at 0.1, 1.1, ..., 99.1 (100
    writes) plus the final 100 %: 101 progress writes, not 1,000."""

    class CountingStore(InMemoryJobStore):
        def __init__(self) -> None:
            super().__init__()
            self.progress_writes = 0

        def save(self, record: JobRecord) -> None:
            if record.state is JobState.RUNNING and record.stage == "step":
                self.progress_writes += 1
            super().save(record)

    store = CountingStore()
    runner = JobRunner(store)

    def work(ctx: JobContext) -> dict[str, int]:
        for i in range(1, 1001):
            ctx.on_progress("step", i / 10)
        return {}

    try:
        job_id = runner.submit("t", work, owner="a")
        assert runner.wait(job_id, timeout_s=10).state is JobState.DONE
    finally:
        runner.shutdown()
    assert store.progress_writes == 101
