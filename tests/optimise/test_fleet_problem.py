"""``FleetProblems``: a fleet's problem from cached type columns equals the one
``problem_from_input`` builds, whatever fleets were asked for before."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from fleetplan.domain import Dataset, Location
from fleetplan.optimise import OptimiseParams, build_instance
from fleetplan.optimise.fleet_problem import FleetProblems
from fleetplan.optimise.instance import MixInstance, with_fleet
from fleetplan.optimise.verify import evaluate, fleet_entries
from fleetplan.simulate import AllocationProblem, problem_from_input
from tests.optimise.helpers import TRIPS, car, ev, make, trip


def _instance() -> MixInstance:
    # r7 is recorded at L2 but driven by c2 (home L1): only c2 itself may drive
    # it, so the Yaris type's column for r7 depends on whether c2 is held
    away = replace(trip("r7", 17.0, 18.0, 9.0, "c2"), location_id="L2")
    current = (car("c1"), car("c2", 31_000.0), car("c3", 32_000.0))
    ds = Dataset((Location("L1"), Location("L2")), (*current, ev()), (*TRIPS, away))
    params = OptimiseParams(max_unallocated=7, limit_km=False)
    return build_instance(make(ds), params)


def _same(a: AllocationProblem, b: AllocationProblem) -> None:
    assert [t.type_id for t in a.types] == [t.type_id for t in b.types]
    assert [t.vehicles for t in a.types] == [t.vehicles for t in b.types]
    assert [t.template for t in a.types] == [t.template for t in b.types]
    for name in ("feasible", "busy_before_min", "busy_after_min", "trip_cost_dkk"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), name)
    assert a.rate_dkk_per_km is not None and b.rate_dkk_per_km is not None
    np.testing.assert_array_equal(a.rate_dkk_per_km, b.rate_dkk_per_km)
    np.testing.assert_array_equal(a.external_cost_dkk, b.external_cost_dkk)
    assert a.trips is b.trips


@pytest.mark.parametrize("reverse", [False, True])
def test_cached_columns_equal_a_fresh_build(reverse: bool) -> None:
    """Every count vector in turn, from the full fleet down (a type's drivers
    shrink: r7 leaves the Yaris column with c2) and from the smallest up."""
    inst = _instance()
    ranges = [range(c.upper + 1) for c in inst.classes]
    fleets = sorted(itertools.product(*ranges), reverse=not reverse)
    assert len(fleets) > 4
    problems = FleetProblems(inst)
    r7 = inst.problem.trips.trip_ids.index("r7")
    seen = set()
    for counts in fleets:
        entries = fleet_entries(inst, counts)
        fresh = problem_from_input(
            with_fleet(inst.inp, entries), inst.problem_params, like=inst.problem
        )
        _same(problems.problem(entries), fresh)
        seen.add(bool(fresh.feasible[r7].any()))
    assert seen == {True, False}  # the own-trip exemption was in play


def test_evaluate_with_the_cache_prices_as_without() -> None:
    inst = _instance()
    params = OptimiseParams(max_unallocated=7, limit_km=False)
    problems = FleetProblems(inst)
    ranges = [range(c.upper + 1) for c in inst.classes]
    for counts in sorted(itertools.product(*ranges), reverse=True):
        assert evaluate(inst, counts, params, problems=problems) == evaluate(
            inst, counts, params
        )
