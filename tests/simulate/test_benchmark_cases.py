"""Every simulation benchmark case runs once at its smallest size (no timing)."""

from __future__ import annotations

import json

import pytest
from benchmarks.__main__ import main, run_case
from benchmarks.registry import cases

from tests.conftest import reference_path


@pytest.mark.parametrize("case", cases("simulate"), ids=lambda c: c.name)
def test_case_runs_at_smallest_size(case) -> None:
    """synth_20v_30d: the line has the timing fields and a feasible, bounded
    result; the current side is OS2's 1,065,294 kr/yr (anchor-results.md); every
    trip served but where km budgets bind."""
    reference_path(case.sizes[0])
    line = run_case(case, case.sizes[0], repeat=1)
    assert line["runs"] == 1 and line["median_s"] > 0 and line["ratio_to_baseline"] > 0
    assert line["bound_dkk"] <= line["objective_dkk"] + 1e-6
    assert line["current_cost_dkk_per_year"] == pytest.approx(1_065_294, abs=1.0)
    if case.name == "simulate.km_budgets":
        # the set's km exceed the budgets by about 9 %: trips must be left, and
        # the allocation stays near its proven bound (0.33-0.46 % when measured)
        assert line["unallocated"] > 0
        assert line["gap"] <= 0.01
    else:
        assert line["unallocated"] == 0


def test_main_prints_one_json_line(capsys) -> None:
    reference_path("synth_20v_30d")
    main(["simulate.shifts", "--repeat", "1", "--size", "synth_20v_30d"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["case"] == "simulate.shifts"
