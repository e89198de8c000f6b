"""The transition plan's engine: the MILP, with the rule as its baseline.

``milp_planner`` is the ``Planner`` the API, web page and CLI hand to
``analytics.report_service``: it builds the instance from the same selection the
rule planned, solves it, and returns the MILP's plan (as plan steps, so the yearly
outlook and the business case read it unchanged) with a summary row: status,
total, proven lower bound and gap, runtime and the rule's total priced by the same
cost function (``transition_instance.plan_cost``). When the MILP finds no plan
(a budget too small, say) the rule's plan is returned and the summary says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fleetplan.analytics.plan_inputs import PlanInputs
from fleetplan.analytics.report_service import (
    Planner,
    PlanSettings,
    selection_plan_inputs,
)
from fleetplan.analytics.selection import Selection, yearly_km_by_vehicle
from fleetplan.analytics.transition import TransitionPlan
from fleetplan.domain import FactorSet
from fleetplan.optimise.contracts import ContractTerms
from fleetplan.optimise.transition_build import (
    Co2eView,
    TransitionSettings,
    build_transition_instance,
)
from fleetplan.optimise.transition_instance import (
    PlanCost,
    TransitionInstance,
    plan_cost,
)
from fleetplan.optimise.transition_milp import TransitionParams, solve_transition
from fleetplan.optimise.transition_result import (
    TransitionSolution,
    choice_from_plan,
    plan_from_choice,
)


@dataclass(frozen=True, slots=True)
class PlanRun:
    """Everything one MILP plan run produced (for tests and the benchmark)."""

    instance: TransitionInstance
    solution: TransitionSolution
    rule_cost: PlanCost | None  # None: the rule's plan is not one of the paths
    plan: TransitionPlan  # the MILP's, or the rule's when the MILP found none


def transition_settings(
    settings: PlanSettings, terms: ContractTerms | None = None
) -> TransitionSettings:
    """The report's plan settings as the MILP's."""
    return TransitionSettings(
        target_year=settings.target_year,
        co2e_view=Co2eView(settings.co2e_view),
        co2_price_dkk_per_t=settings.co2_price_dkk_per_t,
        range_percentile=settings.range_percentile,
        charger_kw=settings.charger_kw,
        overnight_h=settings.overnight_h,
        budget_dkk_per_year=settings.budget_dkk_per_year,
        max_points_per_location=settings.max_points_per_location,
        terms=terms or ContractTerms(early_return_all=settings.early_return_all),
    )


def run_plan(
    sel: Selection,
    factors: FactorSet,
    today: date,
    settings: PlanSettings,
    rule: TransitionPlan,
    params: TransitionParams | None = None,
    terms: ContractTerms | None = None,
    inputs: PlanInputs | None = None,
) -> PlanRun:
    """Build, solve and price against the rule (see module); ``inputs`` are the
    suitability and plug-in sessions the rule was made with (computed here when
    not given)."""
    if inputs is None:
        inputs = selection_plan_inputs(sel, factors, settings)
    inst = build_transition_instance(
        sel.vehicles,
        sel.roundtrips,
        sel.candidates,
        factors,
        yearly_km_by_vehicle(sel),
        first_year=today.year,
        settings=transition_settings(settings, terms),
        charging=inputs.charging,
        suitable=inputs.suitable,
    )
    solution = solve_transition(inst, params)
    rule_choice = choice_from_plan(inst, rule)
    rule_cost = None if rule_choice is None else plan_cost(inst, rule_choice)
    if solution.cost is None:
        return PlanRun(inst, solution, rule_cost, rule)
    plan = plan_from_choice(inst, solution.choice, solution.cost, rule)
    return PlanRun(inst, solution, rule_cost, plan)


def milp_planner(
    params: TransitionParams | None = None, terms: ContractTerms | None = None
) -> Planner:
    """A ``Planner`` running the MILP with these limits and contract terms."""

    def planner(
        sel: Selection,
        factors: FactorSet,
        today: date,
        settings: PlanSettings,
        rule: TransitionPlan,
        inputs: PlanInputs | None = None,
    ) -> tuple[TransitionPlan, dict[str, Any]]:
        run = run_plan(sel, factors, today, settings, rule, params, terms, inputs)
        summary = run.solution.summary(run.rule_cost)
        if run.solution.cost is None:
            summary["engine"] = "rule"  # the MILP found no plan: the rule's is shown
        return run.plan, summary

    return planner
