"""The class model's rate segments with each vehicle's own km budget
(``class_model._class_columns``): a hand-checked bound."""

from __future__ import annotations

import numpy as np
import pytest

from fleetplan.simulate.class_model import build_model
from fleetplan.simulate.classes import build_classes
from fleetplan.simulate.engine import allocate
from fleetplan.simulate.fleet import FleetEntry
from fleetplan.simulate.highs_model import lp_bound
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.state import FleetState
from tests.simulate.helpers import ice, rt
from tests.simulate.test_engine import make_problem

DAYS = 2  # test_engine's PERIOD


def _problem(cheap_budget_km: float, dear_budget_km: float) -> AllocationProblem:
    """Five 10-km trips one after another; two cars in one class (rates 1.3 and
    1.3556 kr/km, 4 % apart); a trip outside costs 20 + 2 × 10 = 40 kr."""
    trips = [rt(f"t{k}", 60.0 * k, 60.0 * k + 30.0, 10.0) for k in range(5)]
    fleet = [
        FleetEntry(
            ice(
                "cheap", km_per_l=20.0, km_per_year_allowed=cheap_budget_km * 365 / DAYS
            )
        ),
        FleetEntry(
            ice("dear", km_per_l=18.0, km_per_year_allowed=dear_budget_km * 365 / DAYS)
        ),
    ]
    return make_problem(trips, fleet)


def test_a_class_bound_prices_each_vehicles_budget() -> None:
    """Budgets 10 and 100 km: the cheap car may drive one trip, so the optimum is
    10 × 1.3 + 40 × (0.8 + 10/18) = 13 + 54.222 = 67.222 kr. The class model's
    LP gives exactly that; priced at the class's cheapest rate for all 50 km (the
    bound before the budget segments) it would be 65 kr."""
    problem = _problem(10.0, 100.0)
    state = FleetState.initial(problem, True)
    classes = build_classes(problem, state, 0.10)
    assert len(classes) == 1 and classes[0].count == 2
    model, _ = build_model(problem, np.arange(5), classes, set(), state)
    expected = 10 * 1.3 + 40 * (0.8 + 10 / 18)
    assert lp_bound(model, 10.0) == pytest.approx(expected, abs=1e-6)
    result = allocate(problem, AllocationParams(limit_km=True))
    assert result.objective_dkk == pytest.approx(expected, abs=1e-6)
    assert result.lower_bound_dkk <= result.objective_dkk + 1e-6


def test_budgets_above_the_time_caps_keep_the_plain_segments() -> None:
    """Budgets of 100 km each cannot bind (one car can drive all 50 km): the
    cheap car's rate for everything, 50 × 1.3 = 65 kr."""
    problem = _problem(100.0, 100.0)
    state = FleetState.initial(problem, True)
    classes = build_classes(problem, state, 0.10)
    model, _ = build_model(problem, np.arange(5), classes, set(), state)
    assert lp_bound(model, 10.0) == pytest.approx(65.0, abs=1e-6)
