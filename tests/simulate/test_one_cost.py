"""One cost: the allocation minimises exactly the yearly figure the report shows.

On every reference set with vehicles and trips, with half of today's fleet (so
that many trips go to external options) and each built-in factor set:
``fixed + annualisation × (objective − penalties of unserved trips)`` equals the
simulated side's total cost to 1e-6 relative, where annualisation is the report's
own factor (365 ÷ days of the period; of the data span for os2-defaults).
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache

import numpy as np
import pytest

from fleetplan.domain import Dataset, Period
from fleetplan.economics import get_builtin_factor_set
from fleetplan.ingest import read_dataset
from fleetplan.simulate import FleetEntry, make_input
from fleetplan.simulate.problem import FORBIDDEN_EXTERNAL_DKK
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.results import yearly_factor
from fleetplan.simulate.simulation import simulate
from tests.conftest import reference_path

SETS = (
    "synth_20v_30d",
    "synth_50v_60d",
    "synth_100v_90d",
    "os2_fixture_298",
    "os2_fixture_seed42",
)
# the first days of the larger sets keep the test quick; the identity does not
# depend on the period's length
DAYS = {"synth_20v_30d": 5, "synth_50v_60d": 2, "synth_100v_90d": 1}


@cache
def _dataset(name: str) -> Dataset:
    return read_dataset(reference_path(name))


@pytest.mark.parametrize("factors", ["dk-2025", "os2-defaults"])
@pytest.mark.parametrize("name", SETS)
def test_fixed_plus_annualised_objective_is_the_reported_total(
    name: str, factors: str
) -> None:
    """Every other current vehicle is dropped (all but one of a small fleet); the
    report's total equals fixed + yearly_factor × objective, and some trips did go
    to external options."""
    data = _dataset(name)
    assert data.vehicles and data.roundtrips
    current = data.current_vehicles
    kept = current[::2] if len(current) > 10 else current[:1]
    fleet = [FleetEntry(v, 1) for v in kept]
    period = None
    if name in DAYS:
        first = min(r.start_time for r in data.roundtrips)
        start = first.replace(hour=0, minute=0, second=0, microsecond=0)
        period = Period(start, start + timedelta(days=DAYS[name]))
    inp = make_input(
        data,
        fleet,
        get_builtin_factor_set(factors),
        period=period,
        factors_explicit=True,
    )
    report = simulate(inp, AllocationParams(time_limit_s=30.0))
    result, problem = report.allocation, report.problem
    left = np.asarray(result.vehicle_index) < 0
    assert left.any(), "the test needs external trips"
    penalties = float(
        problem.external_cost_dkk[
            left & (problem.external_cost_dkk >= FORBIDDEN_EXTERNAL_DKK)
        ].sum()
    )
    sim = report.simulated
    want = sim.fixed_cost_dkk + yearly_factor(inp) * (result.objective_dkk - penalties)
    assert sim.total_cost_dkk == pytest.approx(want, rel=1e-6)
    assert sim.external_cost_dkk > 0
