"""The database job store: round trip, and a restart keeps finished results."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fleetplan.jobs import JobContext, JobRecord, JobRunner, JobState, SqlJobStore
from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.jobs import delete_jobs_if


def _store(tmp_path: Path) -> SqlJobStore:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'jobs.sqlite'}")
    upgrade_database(engine)
    return SqlJobStore(engine)


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    store = _store(tmp_path)
    record = JobRecord(
        job_id="j1",
        kind="sim",
        owner="ann",
        state=JobState.DONE,
        stage="sim.done",
        percent=100.0,
        result={"km": [1.5, 2.0], "label": "Ø"},
        error=None,
        created_at=datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
        finished_at=datetime(2026, 11, 24, 10, 5, tzinfo=UTC),
    )
    store.save(record)
    assert store.get("j1") == record
    assert store.get("nope") is None
    store.save(JobRecord(job_id="j2", kind="sim", owner="bob"))
    assert [r.job_id for r in store.list()] == ["j2", "j1"]
    assert [r.job_id for r in store.list(owner="ann")] == ["j1"]


def test_result_survives_a_new_runner_on_the_same_database(tmp_path: Path) -> None:
    """Run a job, drop the runner, open a new one: the result is still there."""
    store = _store(tmp_path)
    first = JobRunner(store)

    def work(ctx: JobContext) -> dict[str, int]:
        ctx.on_progress("counting", 50)
        return {"answer": 6 * 7}

    job_id = first.submit("count", work, owner="ann")
    assert first.wait(job_id, timeout_s=10).state is JobState.DONE
    first.shutdown()
    second = JobRunner(SqlJobStore(store.engine))
    record = second.store.get(job_id)
    assert record is not None
    assert (record.state, record.result) == (JobState.DONE, {"answer": 42})
    second.shutdown()


def test_a_runs_parts_are_left_out_of_the_list_and_deleted_when_done(
    tmp_path: Path,
) -> None:
    """A decomposed run's block parts (owner ``part:<job>``) are not jobs a user
    sees; once answered they are deleted, one still running is kept."""
    store = _store(tmp_path)
    store.save(JobRecord(job_id="j1", kind="optimise", owner="ann"))
    store.save(JobRecord("p1", "optimise.part", "part:j1", state=JobState.DONE))
    store.save(JobRecord("p2", "optimise.part", "part:j1", state=JobState.RUNNING))
    assert [r.job_id for r in store.list()] == ["j1"]
    assert sorted(r.job_id for r in store.list("part:j1")) == ["p1", "p2"]
    assert delete_jobs_if(store.engine, ["p1", "p2"], (JobState.DONE.value,)) == 1
    assert [r.job_id for r in store.list("part:j1")] == ["p2"]
