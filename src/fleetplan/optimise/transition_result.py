"""The transition MILP's answer, and the bridge to the plan the reports show.

``TransitionSolution`` carries the status, the chosen path per vehicle, its price
(``plan_cost``: the one cost function), the objective, HiGHS's lower bound and
the proven gap. ``choice_from_plan`` reads a rule plan (``analytics.transition``)
as paths, so the rule is priced by the same function it is compared on, and
``plan_from_choice`` writes the MILP's paths back as plan steps for the yearly
outlook and the business case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from fleetplan.analytics.transition import ChargerNeed, PlanStep, TransitionPlan
from fleetplan.optimise.transition_instance import (
    Path,
    PathKind,
    PlanCost,
    TransitionInstance,
)


@dataclass(frozen=True, slots=True)
class TransitionSolution:
    status: str  # "optimal" | "limit" | "infeasible" (limit without cost: no plan)
    choice: tuple[Path, ...]
    cost: PlanCost | None
    objective_dkk: float
    bound_dkk: float
    runtime_s: float

    @classmethod
    def no_plan(cls, status: str, runtime_s: float) -> TransitionSolution:
        """No plan: proven infeasible, or the time limit came first."""
        inf = float("inf")
        return cls(status, (), None, inf, inf, runtime_s)

    @property
    def gap(self) -> float:
        """(objective − bound) / |objective|: proven, 0 when optimal."""
        if self.cost is None or self.objective_dkk == 0:
            return 0.0
        return max(0.0, (self.objective_dkk - self.bound_dkk) / abs(self.objective_dkk))

    def summary(self, rule: PlanCost | None = None) -> dict[str, Any]:
        """Status, objective, bound, gap and runtime; with the rule's price."""
        out: dict[str, Any] = {
            "engine": "milp",
            "status": self.status,
            "total_dkk": round(self.cost.total_dkk, 2) if self.cost else None,
            "lower_bound_dkk": round(self.bound_dkk, 2) if self.cost else None,
            "gap": round(self.gap, 6),
            "runtime_s": round(self.runtime_s, 3),
        }
        if self.cost is not None:
            out["chargers_dkk"] = round(self.cost.chargers_dkk, 2)
            out["co2e_t"] = round(self.cost.co2e_kg / 1000.0, 3)
        if rule is not None:
            out["rule_total_dkk"] = round(rule.total_dkk, 2)
            out["rule_feasible"] = rule.feasible
            if self.cost is not None:
                out["saving_vs_rule_dkk"] = round(
                    rule.total_dkk - self.cost.total_dkk, 2
                )
        return out


def choice_from_plan(
    inst: TransitionInstance, plan: TransitionPlan
) -> tuple[Path, ...] | None:
    """The rule plan's steps as paths (``keep`` for a vehicle without a step);
    None when a step is not one of the instance's paths (a candidate it could not
    price), so the rule cannot be priced on the same terms."""
    step_of = {s.vehicle_id: s for s in plan.steps}
    year_index = {year: i for i, year in enumerate(inst.years)}
    out = []
    for v in inst.vehicles:
        step = step_of.get(v.vehicle_id)
        if step is None or step.action == "keep":
            out.append(Path(PathKind.KEEP))
            continue
        y = year_index.get(step.year)
        ids = [r.candidate_id for r in v.replacements]
        if y is None or (step.action == "replace" and step.replacement_id not in ids):
            return None
        if step.action == "remove":
            out.append(Path(PathKind.REMOVE, y))
        else:
            out.append(Path(PathKind.REPLACE, y, ids.index(step.replacement_id or "")))
    return tuple(out)


def plan_from_choice(
    inst: TransitionInstance,
    choice: tuple[Path, ...],
    cost: PlanCost,
    rule: TransitionPlan,
) -> TransitionPlan:
    """The rule plan with each vehicle's step replaced by its chosen path (the
    needed range is the rule's: it does not depend on the path) and the charge
    points the MILP bought: today's plus those added, over the horizon."""
    path_of = {v.vehicle_id: (v, p) for v, p in zip(inst.vehicles, choice, strict=True)}
    steps = []
    new_evs = [0] * len(inst.locations)
    for step in rule.steps:
        if step.vehicle_id not in path_of:
            steps.append(step)
            continue
        v, p = path_of[step.vehicle_id]
        if p.kind is PathKind.KEEP or p.year is None:
            steps.append(
                replace(step, action="keep", replacement_id=None, replacement_name=None)
            )
            continue
        r = v.replacements[p.replacement] if p.replacement is not None else None
        if r is not None and r.sessions:
            new_evs[v.location] += 1
        steps.append(
            PlanStep(
                vehicle_id=step.vehicle_id,
                location_id=step.location_id,
                fuel=step.fuel,
                lease_end=step.lease_end,
                needed_range_km=step.needed_range_km,
                action=str(p.kind),
                replacement_id=r.candidate_id if r else None,
                replacement_name=r.name if r else None,
                year=inst.years[p.year],
            )
        )
    chargers = tuple(
        ChargerNeed(
            location_id=loc.location_id,
            evs=loc.evs_today + new_evs[li],
            overnight_points=loc.points_today + sum(cost.new_points[li]),
            daytime_points=0,
        )
        for li, loc in enumerate(inst.locations)
        if loc.evs_today + new_evs[li] > 0
    )
    return TransitionPlan(tuple(steps), chargers, rule.first_year, rule.target_year)
