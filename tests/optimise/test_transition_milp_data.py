"""The transition MILP on the demo municipality and the reference datasets: never
worse than the rule priced by the same cost function, and the total the report
shows is the MILP's objective."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from benchmarks.transition_plan_bench import SIZES, run, setup

from fleetplan.analytics.charger_need import charger_need
from fleetplan.analytics.home_dwell import home_days
from fleetplan.analytics.plan_inputs import plan_inputs
from fleetplan.analytics.report_service import (
    PlanSettings,
    business_report,
    transition_report,
)
from fleetplan.analytics.selection import (
    Selection,
    factor_set_for,
    select,
    yearly_km_by_vehicle,
)
from fleetplan.demo import build_demo_dataset
from fleetplan.domain import Dataset, VehicleType
from fleetplan.economics import (
    DEFAULT_FACTOR_SET_NAME,
    EconKey,
    get_builtin_factor_set,
    monthly_range_factors,
)
from fleetplan.ingest import read_dataset
from fleetplan.optimise.contracts import ContractTerms
from fleetplan.optimise.transition_build import (
    TransitionSettings,
    build_transition_instance,
)
from fleetplan.optimise.transition_instance import PathKind, plan_cost
from fleetplan.optimise.transition_milp import solve_transition
from fleetplan.optimise.transition_plan import PlanRun, milp_planner, run_plan
from fleetplan.optimise.transition_result import TransitionSolution
from fleetplan.optimise.transition_sites import charge_point_price_dkk
from tests.conftest import reference_path

TODAY = date(2026, 12, 7)
REFERENCE_SETS = (
    "os2_fixture_298",
    "os2_fixture_seed42",
    "synth_20v_30d",
    "synth_50v_60d",
    "synth_100v_90d",
    "jersey_city_gps",
)


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return build_demo_dataset()


def _run(data: Dataset, settings: PlanSettings | None = None) -> PlanRun:
    settings = settings or PlanSettings()
    rule = transition_report(data, today=TODAY, settings=settings).plan
    sel = select(data)
    return run_plan(sel, factor_set_for(data), TODAY, settings, rule)


@pytest.mark.parametrize("view", ["wtw", "lca"])
def test_demo_never_worse_than_the_rule(demo: Dataset, view: str) -> None:
    """The rule's plan is a feasible plan of the MILP's model (its candidates fit,
    its years respect the leases, its removals keep each location's peak), so the
    optimum costs at most as much; on the demo it costs less."""
    run = _run(demo, PlanSettings(co2e_view=view))
    assert run.rule_cost is not None and run.rule_cost.feasible, run.rule_cost
    assert run.solution.status == "optimal"
    assert run.solution.cost is not None and run.solution.cost.feasible
    assert run.solution.cost.total_dkk <= run.rule_cost.total_dkk * (1 + 1e-9)
    assert run.solution.cost.total_dkk < 0.99 * run.rule_cost.total_dkk
    assert run.solution.gap <= 1e-4


@pytest.mark.parametrize("name", REFERENCE_SETS)
def test_reference_sets_never_worse_than_the_rule(name: str) -> None:
    run = _run(read_dataset(reference_path(name)))
    assert run.rule_cost is not None and run.rule_cost.feasible, run.rule_cost
    assert run.solution.cost is not None and run.solution.cost.feasible
    assert run.solution.cost.total_dkk <= run.rule_cost.total_dkk * (1 + 1e-9) + 1e-6


def test_reported_total_is_the_milp_objective(demo: Dataset) -> None:
    """One cost function: the report's engine row shows the total ``plan_cost``
    gives the MILP's plan, which is the MILP's objective; its plan steps are the
    MILP's paths and leave no fossil vehicle after the target year."""
    report = transition_report(
        demo, today=TODAY, settings=PlanSettings(), planner=milp_planner()
    )
    run = _run(demo)
    assert run.solution.cost is not None
    engine = report.engine
    assert engine is not None and engine["engine"] == "milp"
    assert engine["total_dkk"] == pytest.approx(run.solution.objective_dkk, abs=0.01)
    assert engine["total_dkk"] == pytest.approx(
        plan_cost(run.instance, run.solution.choice).total_dkk, abs=0.01
    )
    assert run.rule_cost is not None
    assert engine["rule_total_dkk"] == pytest.approx(run.rule_cost.total_dkk, abs=0.01)
    assert report.to_rows()["engine"] == [engine]
    step_of = {s.vehicle_id: s for s in report.plan.steps}
    for v, path in zip(run.instance.vehicles, run.solution.choice, strict=True):
        step = step_of[v.vehicle_id]
        assert step.action == str(path.kind)
        if path.kind is not PathKind.KEEP:
            assert path.year is not None
            assert step.year == run.instance.years[path.year] <= 2030
        else:
            assert v.exempt


def _inputs(sel: Selection, data: Dataset) -> dict[str, Any]:
    """The suitability and sessions the report's planner passes the builder."""
    got = plan_inputs(
        sel.vehicles,
        sel.roundtrips,
        sel.candidates,
        range_factor_by_month=monthly_range_factors(factor_set_for(data)),
    )
    return {"charging": got.charging, "suitable": got.suitable}


def test_budget_binds_and_is_kept(demo: Dataset) -> None:
    """A 2027 budget below what the free optimum spends then (2.25 M kr of fixed
    costs, fees and points) changes the plan, costs more and is kept; a budget
    no plan can keep is reported infeasible."""
    sel = select(demo)

    def solve(budget: float) -> TransitionSolution:
        inst = build_transition_instance(
            sel.vehicles,
            sel.roundtrips,
            sel.candidates,
            factor_set_for(demo),
            yearly_km_by_vehicle(sel),
            first_year=TODAY.year,
            settings=TransitionSettings(budget_dkk_by_year={2027: budget}),
            **_inputs(sel, demo),
        )
        return solve_transition(inst)

    free = _run(demo).solution
    tight = solve(2_200_000.0)
    assert free.cost is not None and tight.cost is not None and tight.cost.feasible
    assert tight.choice != free.choice
    assert tight.cost.total_dkk > free.cost.total_dkk
    assert solve(1_000_000.0).status == "infeasible"


def test_business_case_reads_the_milp_plan(demo: Dataset) -> None:
    """The business case follows the plan the planner chose."""
    rule = business_report(demo, today=TODAY)
    milp = business_report(demo, today=TODAY, planner=milp_planner())
    assert [y.vehicles_removed for y in milp.years] != [
        y.vehicles_removed for y in rule.years
    ]


def test_benchmark_runs_at_its_smallest_size() -> None:
    """The benchmark's case runs (so it cannot rot) and reports the MILP optimal,
    no dearer than the rule."""
    reference_path(SIZES[0])
    line = run(setup(SIZES[0]))
    assert line["status"] == "optimal"
    assert line["milp_total_dkk"] <= line["rule_total_dkk"]
    assert line["saving_vs_rule"] >= 0


def _solve_demo(demo: Dataset, **settings: Any) -> tuple[Any, TransitionSolution]:
    sel = select(demo)
    inst = build_transition_instance(
        sel.vehicles,
        sel.roundtrips,
        sel.candidates,
        factor_set_for(demo),
        yearly_km_by_vehicle(sel),
        first_year=TODAY.year,
        settings=TransitionSettings(**settings),
        **_inputs(sel, demo),
    )
    return inst, solve_transition(inst)


def test_charger_cap_limits_the_points_and_costs_more(demo: Dataset) -> None:
    """The site that adds the most points in the free optimum (k >= 3), capped at
    k − 2 new points, adds at most k − 2 (fewer EVs there, or EVs that charge
    apart: phase-outs, other models, later changes), at a higher total."""
    inst, free = _solve_demo(demo)
    assert free.cost is not None
    added = [sum(row) for row in free.cost.new_points]
    li = max(range(len(added)), key=added.__getitem__)
    assert added[li] >= 3
    loc = inst.locations[li]
    cap = {loc.location_id: loc.points_today + added[li] - 2}
    _, capped = _solve_demo(demo, max_points=cap)
    assert capped.cost is not None and capped.cost.feasible
    assert sum(capped.cost.new_points[li]) <= added[li] - 2
    assert capped.cost.total_dkk > free.cost.total_dkk


def test_early_return_allowed_never_costs_more(demo: Dataset) -> None:
    """Letting every lease go early (at its fee) adds paths, so the optimum can only
    fall; on the demo it does (returning some leases pays)."""
    _, kept = _solve_demo(demo)
    _, early = _solve_demo(demo, terms=ContractTerms(early_return_all=True))
    assert kept.cost is not None and early.cost is not None
    assert early.cost.total_dkk < kept.cost.total_dkk


def test_charge_point_price_is_the_sets_point_plus_grid() -> None:
    """Point price + grid kr/kW × 11 kW per point: 20,000 + 1,000 × 11 = 31,000;
    dk-2025: 30,000 + 1,000 × 11 = 41,000."""
    factors = get_builtin_factor_set(DEFAULT_FACTOR_SET_NAME).with_values(
        {EconKey.CHARGE_POINT_DKK: 20_000.0, EconKey.CHARGER_GRID_DKK_PER_KW: 1_000.0},
        source="test",
    )
    assert charge_point_price_dkk(factors, 11.0) == 31_000.0
    dk = get_builtin_factor_set(DEFAULT_FACTOR_SET_NAME)
    assert charge_point_price_dkk(dk, 11.0) == 30_000.0 + 1_000.0 * 11.0


def test_no_plan_within_the_budget_falls_back_to_the_rule(demo: Dataset) -> None:
    """A budget no plan keeps (1 kr a year): the report shows the rule's plan and
    its engine row says the MILP found none."""
    settings = PlanSettings(budget_dkk_per_year=1.0)
    report = transition_report(
        demo, today=TODAY, settings=settings, planner=milp_planner()
    )
    rule = transition_report(demo, today=TODAY, settings=settings)
    assert report.engine is not None
    assert (report.engine["engine"], report.engine["status"]) == ("rule", "infeasible")
    assert report.engine["total_dkk"] is None
    assert report.plan == rule.plan


def test_milp_points_are_the_reports_charger_need(demo: Dataset) -> None:
    """One source: per location, the points the MILP's plan has (today's plus
    those it adds) are what ``charger_need`` (the report's rule) gives for
    today's EVs and each EV replacement driving the days of the vehicle it
    replaces; the plan adds points somewhere, so the check is not empty."""
    run = _run(demo)
    sel = select(demo)
    winter = monthly_range_factors(factor_set_for(demo))
    at_home = home_days(sel.roundtrips)
    model = {c.vehicle_id: c for c in sel.candidates}
    evs: dict[str, list[Any]] = defaultdict(list)
    for v in sel.vehicles:
        if not v.is_candidate and v.vehicle_type is VehicleType.EV:
            evs[v.location_id or ""].append((v, at_home.get(v.vehicle_id, [])))
    for step in run.plan.steps:
        new = model.get(step.replacement_id or "")
        if step.action == "replace" and new and new.vehicle_type is VehicleType.EV:
            evs[step.location_id or ""].append((new, at_home[step.vehicle_id]))
    got = {c.location_id: c.overnight_points for c in run.plan.chargers}
    want = {
        loc: charger_need(loc, pairs, range_factor_by_month=winter).points
        for loc, pairs in evs.items()
    }
    assert got == want
    assert run.solution.cost is not None and sum(map(sum, run.solution.cost.new_points))
