"""The charge benchmark runs once at its smallest size (no timing): the demo's home
care in January has binding charge, and the engine proves its allocation."""

from __future__ import annotations

from benchmarks.__main__ import run_case
from benchmarks.charge_cases import CHARGE


def test_winter_home_care_runs_and_is_proven() -> None:
    line = run_case(CHARGE, "demo_home_care_jan", repeat=1)
    assert line["runs"] == 1 and line["ratio_to_baseline"] > 0
    assert line["trips"] > 500
    assert line["bound_dkk"] <= line["objective_dkk"] + 1e-6
    assert line["status"] == "optimal" and line["gap"] <= 0.005
