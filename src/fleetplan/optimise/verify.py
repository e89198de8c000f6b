"""Verify a count vector: build the fleet, allocate exactly, and price it yearly.

Within a class the fleet holds today's vehicles in the class's order (kept first,
then cheapest fixed cost, then cheapest per km) and adds instances of the class's
added template beyond today's count. The allocation (``simulate.allocate``) decides
every trip, with EV charge carried between trips (trips longer than the service
level's km limit are priced ``LONG_TRIP_PENALTY_DKK`` extra when left, so it drives
them whenever it can). It operates the fleet as the run's weight values it: each
trip and external option is priced at its cost plus its CO2e at ``co2e_value``
(the weighted objective's per-kg over its per-kr multiplier), so trips go where the
weighted objective is least, as in the MILP and its LP relaxation. (Operated at
cost alone, synth_50v_60d's best fleet at weight 5 was worth 1.0 % more than the
relaxation's least weighted operation of it: a gap no relaxation that admits every
operation can close.) Its result is the truth about the fleet: yearly cost = fixed
(+ the early-termination cost of today's vehicles not held,
``optimise.contracts``) + annual × the trips' real cost; yearly CO2e = annual ×
(CO2e of each trip on the vehicle that drove it, or of its external option) (+
production per vehicle-year in the life-cycle view). When the allocation stops
with a gap above ``TRUSTED_ALLOCATION_GAP``, the class model's integral allocation
of the same fleet at the same weight (``milp.fixed_fleet_solution``; exact unless EV
charge binds across trips; built only up to ``FIXED_FLEET_MAX_PAIRS`` trip-class
pairs) is used if better, and the evaluation is marked not proven.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from fleetplan.economics import fixed_cost_dkk_per_year
from fleetplan.optimise.fleet_problem import FleetProblems
from fleetplan.optimise.instance import MixInstance, co2e_kg_per_km, with_fleet
from fleetplan.optimise.milp import fixed_fleet_solution, objective_weights
from fleetplan.optimise.params import OptimiseParams
from fleetplan.simulate import (
    AllocationParams,
    FleetEntry,
    allocate,
    problem_from_input,
)

# added to the external cost of trips longer than max_undriven_km, so the
# allocation leaves one only when no vehicle of the fleet can drive it
LONG_TRIP_PENALTY_DKK = 1.0e6
# an allocation within this gap is taken as it is; a looser one (stopped early) is
# compared with the class model's exact allocation of the same fleet ...
TRUSTED_ALLOCATION_GAP = 0.02
# ... when that model is small enough to build (a city year has ~5 million pairs)
FIXED_FLEET_MAX_PAIRS = 200_000


def co2e_value(inst: MixInstance, weight: float) -> float:
    """kr a kg of CO2e weighs beside a kr of cost at ``weight``."""
    per_dkk, per_kg = objective_weights(weight, inst)
    return per_kg / per_dkk


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The exact allocation's verdict on one fleet (yearly figures)."""

    counts: tuple[int, ...]
    cost_dkk: float
    co2e_kg: float
    unallocated: int
    longest_unallocated_km: float
    external_dkk: float
    allocation_gap: float
    proven: bool = True

    def meets(self, params: OptimiseParams) -> bool:
        """True when the service level holds (count, length, external budget)."""
        if (
            params.max_unallocated is not None
            and self.unallocated > params.max_unallocated
        ):
            return False
        if (
            params.max_undriven_km is not None
            and self.longest_unallocated_km > params.max_undriven_km + 1e-9
        ):
            return False
        budget = params.external_budget_dkk_per_year
        return budget is None or self.external_dkk <= budget + 1e-6


def fleet_entries(inst: MixInstance, counts: tuple[int, ...]) -> list[FleetEntry]:
    """The fleet a count vector stands for."""
    out: list[FleetEntry] = []
    for cls, n in zip(inst.classes, counts, strict=True):
        out.extend(FleetEntry(v, 1) for v in cls.current[:n])
        extra = n - min(n, cls.current_count)
        if extra and cls.added_template is not None:
            out.append(FleetEntry(cls.added_template, extra, cls.home))
    return out


def evaluate(
    inst: MixInstance,
    counts: tuple[int, ...],
    params: OptimiseParams,
    *,
    should_stop: Callable[[], bool] | None = None,
    problems: FleetProblems | None = None,
) -> Evaluation:
    """Allocate the trips to the fleet of ``counts`` and price the result
    (``problems``: the run's cache of per-type columns, the same problem)."""
    inp = inst.inp
    entries = fleet_entries(inst, counts)
    problem = (
        problems.problem(entries)
        if problems is not None
        else problem_from_input(
            with_fleet(inp, entries), inst.problem_params, like=inst.problem
        )
    )
    if problem.trips.trip_ids != inst.problem.trips.trip_ids:
        raise RuntimeError("the verification problem's trips differ from the model's.")
    km = problem.trips.distance_km
    penalty = np.zeros(len(km))
    if params.max_undriven_km is not None:
        penalty[km > params.max_undriven_km + 1e-9] = LONG_TRIP_PENALTY_DKK
    type_kg_per_km = np.array(
        [
            co2e_kg_per_km(ft.template, inp.factors, params.co2e_basis)
            for ft in problem.types
        ]
    )
    type_kg = km[:, None] * type_kg_per_km[None, :]
    value = co2e_value(inst, params.weight)
    rates = problem.rate_dkk_per_km
    priced = replace(
        problem,
        trip_cost_dkk=problem.trip_cost_dkk + value * type_kg,
        external_cost_dkk=problem.external_cost_dkk
        + penalty
        + value * inst.external_co2e_kg,
        rate_dkk_per_km=None if rates is None else rates + value * type_kg_per_km,
    )
    alloc = AllocationParams(
        time_limit_s=params.time_limit_s,
        target_gap=min(params.target_gap, 0.005),
        limit_km=params.limit_km,
    )
    result = allocate(priced, alloc, should_stop=should_stop)
    cap = params.max_unallocated
    if cap is not None and int((result.vehicle_index < 0).sum()) > cap:
        # at a high weight an external option's CO2e can undercut a vehicle's
        # and the allocation knows no service level: then the fleet drives every
        # trip it can (the MILP's operations leave at most ``cap``, so its bound
        # stays below this one's value)
        every = priced.external_cost_dkk + LONG_TRIP_PENALTY_DKK
        result = allocate(
            replace(priced, external_cost_dkk=every), alloc, should_stop=should_stop
        )
    vehicles = [fv for ft in problem.types for fv in ft.vehicles]
    type_of = {
        fv.vehicle_id: t for t, ft in enumerate(problem.types) for fv in ft.vehicles
    }
    # a trip left (index -1) reads the extra zero column, which a fleet of no
    # vehicles also has
    m = len(problem.types)
    types = np.array([type_of[v] for v in result.vehicle_ids] + [m], dtype=np.int64)
    index = result.vehicle_index
    left = index < 0
    rows = np.arange(len(km))
    on = types[index]
    pad = np.zeros((len(km), 1))
    trip_kg = np.where(left, inst.external_co2e_kg, np.hstack((type_kg, pad))[rows, on])
    trip_dkk = np.where(
        left,
        problem.external_cost_dkk,
        np.hstack((problem.trip_cost_dkk, pad))[rows, on],
    )
    fixed = sum(fixed_cost_dkk_per_year(fv.template, inp.factors) for fv in vehicles)
    production = 0.0
    for cls, n in zip(inst.classes, counts, strict=True):
        production += cls.production_co2e_kg_per_year * n
        fixed += sum(cls.removal_dkk[n:])  # today's vehicles returned early
    cost_dkk = fixed + inst.annual * float(trip_dkk.sum())
    co2e_kg = production + inst.annual * float(trip_kg.sum())
    proven = result.gap <= TRUSTED_ALLOCATION_GAP
    if not proven and int(inst.feasible.sum()) <= FIXED_FLEET_MAX_PAIRS:
        exact = fixed_fleet_solution(inst, params, counts, should_stop)
        ours = cost_dkk + value * co2e_kg  # both at the run's weight
        if (
            exact.status != "infeasible"
            and exact.cost_dkk + value * exact.co2e_kg < ours - 1e-6
        ):
            return Evaluation(
                counts=counts,
                cost_dkk=exact.cost_dkk,
                co2e_kg=exact.co2e_kg,
                unallocated=exact.unallocated,
                longest_unallocated_km=exact.longest_unallocated_km,
                external_dkk=exact.external_dkk,
                allocation_gap=result.gap,
                proven=False,
            )
    return Evaluation(
        counts=counts,
        cost_dkk=cost_dkk,
        co2e_kg=co2e_kg,
        unallocated=int(left.sum()),
        longest_unallocated_km=float(km[left].max()) if left.any() else 0.0,
        external_dkk=inst.annual * float(problem.external_cost_dkk[left].sum()),
        allocation_gap=result.gap,
        proven=proven,
    )
