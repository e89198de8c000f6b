"""The MILP's inputs on Plan og rapporter: one set of rules (``PlanInputs``)
for the form and the API, named in Danish and English, and what they become."""

from __future__ import annotations

from datetime import date

import pytest

from fleetplan.analytics.report_service import PlanSettings
from fleetplan.ingest.field_rules import PlanInputs, field_problems
from fleetplan.optimise.contracts import ContractTerms
from fleetplan.optimise.transition_plan import transition_settings
from fleetplan.web.field_messages import problem_text
from fleetplan.web.translate import translate

DAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("field", "value"),
    [("charger_cap", -1), ("charger_cap", 2.5), ("budget", -5.0), ("co2e_view", "x")],
)
def test_bad_milp_inputs_are_refused_by_name(field: str, value: object) -> None:
    """A negative or fractional cap, a negative budget and an unknown CO2e view
    are refused naming the field in both languages, never clamped."""
    (problem,) = field_problems(PlanInputs, {field: value})
    assert problem.field == field
    for language in ("da", "en"):
        label = translate(language, f"rep.in.{field}")
        assert label in problem_text(problem, f"rep.in.{field}", language)


def test_good_inputs_reach_the_milp() -> None:
    """LCA, a budget, a cap of 3 points per location and early return become the
    MILP's settings; without them there is no cap and leases run to their end."""
    given = PlanInputs.model_validate(
        {"co2e_view": "lca", "budget": 2e6, "charger_cap": 3.0, "early_return": True}
    )
    settings = PlanSettings(
        co2e_view=given.co2e_view,
        budget_dkk_per_year=given.budget,
        max_points_per_location=given.charger_cap,
        early_return_all=given.early_return,
    )
    milp = transition_settings(settings)
    assert (milp.co2e_view, milp.budget_dkk_per_year) == ("lca", 2e6)
    assert milp.max_points_per_location == 3
    assert milp.terms == ContractTerms(early_return_all=True)
    plain = transition_settings(PlanSettings())
    assert plain.max_points_per_location is None
    assert not plain.terms.early_return_all
