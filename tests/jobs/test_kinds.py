"""Job kinds: parameter checks, a real simulation run, and cancel."""

from __future__ import annotations

from datetime import datetime

import pytest

from fleetplan.domain import Dataset
from fleetplan.ingest import read_dataset
from fleetplan.jobs import InMemoryJobStore, JobRunner, JobState
from fleetplan.jobs.kinds import _period_param, dataset_summary_kind, simulation_kind
from tests.conftest import reference_path


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return read_dataset(reference_path("os2_fixture_seed42"))


def test_period_param_includes_a_date_only_end() -> None:
    """start 2026-01-01, end 2026-01-31 -> [Jan 1 00:00, Feb 1 00:00)."""
    period = _period_param({"start": "2026-01-01", "end": "2026-01-31"})
    assert period is not None
    assert (period.start, period.end) == (datetime(2026, 1, 1), datetime(2026, 2, 1))
    assert _period_param({}) is None


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-01-01"}, "both start and end"),
        ({"start": "2026-02-01", "end": "2026-01-01"}, "after start"),
        ({"start": "x", "end": "y"}, "ISO dates"),
        ({"locations": "L1"}, "list of location ids"),
        ({"factors": "no-such-set"}, "no-such-set"),
        ({"colour": "red"}, "unknown parameters"),
    ],
)
def test_simulation_kind_rejects_bad_parameters(
    dataset: Dataset, params: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        simulation_kind(lambda: dataset)(params)


def test_simulation_job_runs_to_a_result(dataset: Dataset) -> None:
    """The current fleet serves every trip it drove, so nothing is unallocated on
    the current side and the report compares both sides."""
    runner = JobRunner(InMemoryJobStore())
    try:
        job_id = runner.submit(
            "simulate.current", simulation_kind(lambda: dataset)({}), owner="ann"
        )
        record = runner.wait(job_id, timeout_s=120)
        assert record.state is JobState.DONE, record.error
        result = record.result
        assert result is not None
        assert result["current"]["unallocated"] == 0
        assert result["trips"] > 0
        assert result["simulated"]["total_cost_dkk"] > 0
        assert record.stage == "simulate.allocating"
    finally:
        runner.shutdown()


def test_cancelled_before_work_ends_cancelled(dataset: Dataset) -> None:
    """dataset.summary checks should_stop per vehicle: a stop set at once cancels."""
    runner = JobRunner(InMemoryJobStore(), max_workers=1)
    try:
        fn = dataset_summary_kind(lambda: dataset)({})

        def stop_first(ctx):
            runner.cancel(ctx.job_id)
            return fn(ctx)

        job_id = runner.submit("dataset.summary", stop_first, owner="ann")
        assert runner.wait(job_id, timeout_s=30).state is JobState.CANCELLED
    finally:
        runner.shutdown()
