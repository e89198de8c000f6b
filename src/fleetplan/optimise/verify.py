"""Verify a count vector: build the fleet, allocate exactly, and price it yearly.

Within a class the fleet holds today's vehicles in the class's order (kept first,
then cheapest fixed cost, then cheapest per km) and adds instances of the class's
added template beyond today's count. The allocation (``simulate.allocate``) decides
every trip, with EV charge carried between trips (trips longer than the service
level's km limit are priced ``LONG_TRIP_PENALTY_DKK`` extra when left, so it drives
them whenever it can), and its result is the truth about
the fleet: yearly cost = fixed (+ the early-termination cost of today's vehicles
not held, ``optimise.contracts``) + annual × allocation objective; yearly CO2e = annual
× (CO2e of each trip on the vehicle that drove it, or of its external option)
(+ production per vehicle-year in the life-cycle view). When the allocation stops
with a gap above ``TRUSTED_ALLOCATION_GAP``, the class model's integral allocation of
the same fleet (``milp.fixed_fleet_solution``; exact unless EV charge binds across
trips; built only up to ``FIXED_FLEET_MAX_PAIRS`` trip-class pairs) is used if
cheaper, and the evaluation is marked not proven.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from fleetplan.economics import fixed_cost_dkk_per_year
from fleetplan.optimise.instance import MixInstance, co2e_kg_per_km, with_fleet
from fleetplan.optimise.milp import fixed_fleet_solution
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
) -> Evaluation:
    """Allocate the trips to the fleet of ``counts`` and price the result."""
    inp = inst.inp
    entries = fleet_entries(inst, counts)
    problem = problem_from_input(
        with_fleet(inp, entries), inst.problem_params, like=inst.problem
    )
    if problem.trips.trip_ids != inst.problem.trips.trip_ids:
        raise RuntimeError("the verification problem's trips differ from the model's.")
    km = problem.trips.distance_km
    penalty = np.zeros(len(km))
    if params.max_undriven_km is not None:
        penalty[km > params.max_undriven_km + 1e-9] = LONG_TRIP_PENALTY_DKK
    priced = replace(problem, external_cost_dkk=problem.external_cost_dkk + penalty)
    result = allocate(
        priced,
        AllocationParams(
            time_limit_s=params.time_limit_s,
            target_gap=min(params.target_gap, 0.005),
            limit_km=params.limit_km,
        ),
        should_stop=should_stop,
    )
    vehicles = [fv for ft in problem.types for fv in ft.vehicles]
    by_id = {fv.vehicle_id: fv for fv in vehicles}
    per_km = np.array(
        [
            co2e_kg_per_km(by_id[vid].template, inp.factors, params.co2e_basis)
            for vid in result.vehicle_ids
        ]
        + [0.0]
    )
    index = result.vehicle_index
    left = index < 0
    trip_kg = np.where(left, inst.external_co2e_kg, km * per_km[index])
    fixed = sum(fixed_cost_dkk_per_year(fv.template, inp.factors) for fv in vehicles)
    production = 0.0
    for cls, n in zip(inst.classes, counts, strict=True):
        production += cls.production_co2e_kg_per_year * n
        fixed += sum(cls.removal_dkk[n:])  # today's vehicles returned early
    cost_dkk = fixed + inst.annual * (result.objective_dkk - penalty[left].sum())
    proven = result.gap <= TRUSTED_ALLOCATION_GAP
    if not proven and int(inst.feasible.sum()) <= FIXED_FLEET_MAX_PAIRS:
        exact = fixed_fleet_solution(inst, params, counts, should_stop)
        if exact.status != "infeasible" and exact.cost_dkk < cost_dkk - 1e-6:
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
        co2e_kg=production + inst.annual * float(trip_kg.sum()),
        unallocated=int(left.sum()),
        longest_unallocated_km=float(km[left].max()) if left.any() else 0.0,
        external_dkk=inst.annual * float(problem.external_cost_dkk[left].sum()),
        allocation_gap=result.gap,
        proven=proven,
    )
