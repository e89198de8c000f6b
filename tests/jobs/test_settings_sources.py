"""The API's simulate and optimise jobs: ``ignore_meta``, a named ``factors`` and
``require_range`` (os2_fixture_seed42: meta.json prices petrol at 12.33 kr/l; EVs
0, 1, 6 and candidate 5 have no range)."""

from __future__ import annotations

from typing import Any

import pytest

from fleetplan.domain import Dataset
from fleetplan.ingest import read_dataset
from fleetplan.jobs import InMemoryJobStore, JobRunner, JobState
from fleetplan.jobs.kinds import simulation_kind
from fleetplan.jobs.optimise_kind import parse_optimise_params
from fleetplan.simulate.ev_metadata import MissingEvRangeError
from tests.conftest import reference_path

PETROL = "price.petrol_dkk_per_l"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return read_dataset(reference_path("os2_fixture_seed42"))


def _result(dataset: Dataset, params: dict[str, Any]) -> dict[str, Any]:
    runner = JobRunner(InMemoryJobStore())
    try:
        job_id = runner.submit(
            "simulate.current", simulation_kind(lambda: dataset)(params), owner="ann"
        )
        record = runner.wait(job_id, timeout_s=120)
        assert record.state is JobState.DONE, record.error
        assert record.result is not None
        return record.result
    finally:
        runner.shutdown()


def _row(result: dict[str, Any], key: str) -> dict[str, Any]:
    return next(r for r in result["settings_sources"]["rows"] if r["key"] == key)


def test_simulate_job_reports_sources_and_honours_ignore_meta(dataset: Dataset) -> None:
    """No factors: 12.33 from meta. ``factors: dk-2025``: 13.60 from the set.
    ``ignore_meta``: nothing from meta. Each result names EVs 0, 1, 6."""
    auto = _result(dataset, {})
    named = _result(dataset, {"factors": "dk-2025"})
    bare = _result(dataset, {"ignore_meta": True})
    assert (_row(auto, PETROL)["value"], _row(auto, PETROL)["origin"]) == (
        12.33,
        "meta",
    )
    assert (_row(named, PETROL)["value"], _row(named, PETROL)["origin"]) == (
        13.60,
        "factor_set",
    )
    assert bare["settings_sources"]["counts"]["meta"] == 0
    assert auto["missing_range"]["vehicles"] == ["0", "1", "6"]


def test_require_range_refuses_before_queueing(dataset: Dataset) -> None:
    """Both kinds name the EVs without range (the optimiser's candidate 5 too)."""
    with pytest.raises(MissingEvRangeError, match="EVs 0, 1, 6 "):
        simulation_kind(lambda: dataset)({"require_range": True})
    with pytest.raises(MissingEvRangeError, match="EVs 0, 1, 5, 6 "):
        parse_optimise_params({"require_range": True}, dataset)
    with pytest.raises(ValueError, match="true or false"):
        parse_optimise_params({"ignore_meta": "yes"}, dataset)
