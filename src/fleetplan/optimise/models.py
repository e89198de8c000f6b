"""Vehicle models: the types of an allocation problem grouped into the units whose
counts the optimiser decides.

A *model class* holds the types that differ only in consumption and fixed cost (same
home, kind, fuel, make, model, range, outfitting, feasible trips and busy times), so
its vehicles can drive the same trips in the same way. The MILP prices a trip on a
class at the class's cheapest rate and CO2e and instance k at the k-th cheapest fixed
cost: a relaxation, so its optimum is a valid lower bound, and exact when every class
is one type. The fleet it returns is built and verified by the exact allocation.

Count range: ``0..upper`` with ``upper`` = today's vehicles of the class
(``reduce``) or its peak number of overlapping feasible trips (classes with a
candidate, or any class in ``free``; more vehicles than that never serve a trip).
Instances beyond today's cost the candidate's fixed cost; in ``free`` an added
vehicle of a current model is a copy of today's *typical* one (``typical``: fixed
cost nearest the model's mean). Not the dearest: a new contract's price is unknown,
and a worst case would bias the choice against current models while candidates
compete at their catalogue price. A real vehicle, not a mean-priced copy, so the
fleet re-simulates with the same figures (``simulate --fleet`` copies a vehicle).

Contracts (``optimise.contracts``): a vehicle under lease without leave to return
it early is kept like a ``keep`` vehicle. One that may go costs ``removal_dkk`` a
year when removed, so holding it costs ``fixed − removal`` more than not (its
``fixed_dkk`` entry) and the removal costs of all of today's vehicles are a
constant of the objective (``removal_total_dkk``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fleetplan.domain import FactorSet, Vehicle
from fleetplan.economics import (
    fixed_cost_dkk_per_year,
    production_co2e_kg,
    usage_rates,
)
from fleetplan.economics.keys import EconKey
from fleetplan.optimise.contracts import (
    ContractTerms,
    must_stay,
    removal_dkk_per_year,
)
from fleetplan.optimise.params import Co2eBasis, CurrentMode, OptimiseParams
from fleetplan.simulate import AllocationProblem
from fleetplan.simulate.classes import class_key
from fleetplan.simulate.cliques import maximal_cliques
from fleetplan.simulate.load_flow import peak_overlap

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class ModelClass:
    """Interchangeable vehicles: today's (kept first, then cheapest first) and the
    template of any added ones (None: none may be added)."""

    label: str
    home: str | None
    template: Vehicle
    types: tuple[int, ...]
    current: tuple[Vehicle, ...]
    added_template: Vehicle | None
    fixed_dkk: tuple[float, ...]
    keep_count: int
    fossil_free: bool
    production_co2e_kg_per_year: float
    allowed_km_per_year: float | None
    # yearly cost of removing each of ``current`` (early-termination fee)
    removal_dkk: tuple[float, ...] = ()
    # how many of the kept vehicles stay because their lease runs
    lease_bound: int = 0

    @property
    def current_count(self) -> int:
        return len(self.current)

    @property
    def removal_total_dkk(self) -> float:
        return float(sum(self.removal_dkk))

    @property
    def upper(self) -> int:
        return len(self.fixed_dkk)


def _rate(vehicle: Vehicle, factors: FactorSet) -> float:
    rates = usage_rates(vehicle, factors)
    return rates.energy_cost_dkk_per_km + rates.societal_co2e_cost_dkk_per_km


def _key(problem: AllocationProblem, t: int) -> tuple[object, ...]:
    """Simulate's class key, kept apart for candidates (a candidate model is a
    decision of its own, even when it equals a current one)."""
    return (*class_key(problem, t), problem.types[t].template.is_candidate)


def group_types(problem: AllocationProblem) -> list[tuple[int, ...]]:
    """Type indices of each class, in first-seen order."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for t in range(problem.num_types):
        groups.setdefault(_key(problem, t), []).append(t)
    return [tuple(g) for g in groups.values()]


def class_cliques(problem: AllocationProblem, t: int) -> tuple[IntArray, ...]:
    """Maximal overlaps of type t's feasible busy intervals, singletons included."""
    ok = np.flatnonzero(problem.feasible[:, t])
    start, end = problem.busy_intervals(t)
    found = maximal_cliques(start[ok], end[ok])
    covered = np.zeros(len(ok), dtype=bool)
    for c in found:
        covered[c] = True
    return tuple([ok[c] for c in found] + [ok[[j]] for j in np.flatnonzero(~covered)])


def class_peak(problem: AllocationProblem, t: int) -> int:
    """Most of type t's feasible trips busy at one moment."""
    ok = np.flatnonzero(problem.feasible[:, t])
    start, end = problem.busy_intervals(t)
    return peak_overlap(start[ok], end[ok])


def typical(current: Sequence[Vehicle], factors: FactorSet) -> Vehicle:
    """Today's vehicle whose fixed cost is nearest the mean of ``current``; ties go
    to the dearer (the cautious guess), then to the lower vehicle id."""
    costs = [fixed_cost_dkk_per_year(v, factors) for v in current]
    mean = sum(costs) / len(costs)
    best = min(
        zip(costs, current, strict=True),
        key=lambda cv: (abs(cv[0] - mean), -cv[0], cv[1].vehicle_id),
    )
    return best[1]


def build_classes(
    problem: AllocationProblem,
    groups: Sequence[tuple[int, ...]],
    peaks: Sequence[int],
    factors: FactorSet,
    params: OptimiseParams,
    terms: ContractTerms | None = None,
) -> tuple[ModelClass, ...]:
    """One class per group; ``peaks`` is each group's most feasible trips busy at
    once (``class_peak``), the most vehicles it can use; ``terms``: the user's
    leave to return leased vehicles early (default: none)."""
    terms = terms or ContractTerms()
    years = float(factors[EconKey.SERVICE_LIFE_YEARS])
    out = []
    for types, peak in zip(groups, peaks, strict=True):
        members = [fv.template for t in types for fv in problem.types[t].vehicles]
        current = [v for v in members if not v.is_candidate]
        candidate = [v for v in members if v.is_candidate]
        leased = {v.vehicle_id for v in current if must_stay(v, terms)}
        stays = params.keep | leased
        removal = {
            v.vehicle_id: 0.0
            if v.vehicle_id in stays
            else removal_dkk_per_year(v, factors, terms)
            for v in current
        }
        kept = [v for v in current if v.vehicle_id in stays]
        rest = sorted(
            (v for v in current if v.vehicle_id not in stays),
            key=lambda v: (
                fixed_cost_dkk_per_year(v, factors) - removal[v.vehicle_id],
                _rate(v, factors),
                v.vehicle_id,
            ),
        )
        costs = [
            fixed_cost_dkk_per_year(v, factors) - removal[v.vehicle_id]
            for v in kept + rest
        ]
        added: Vehicle | None = None
        if candidate:
            added = candidate[0]
        elif params.current is CurrentMode.FREE and current:
            added = typical(current, factors)
        if added is not None:
            extra = fixed_cost_dkk_per_year(added, factors)
            costs += [extra] * max(0, peak - len(costs))
        template = (kept + rest)[0] if current else members[0]
        production = 0.0
        if params.co2e_basis is Co2eBasis.LIFECYCLE:
            production = production_co2e_kg(template, factors) / years
        allowed = [v.km_per_year_allowed for v in members]
        known = [a for a in allowed if a is not None]
        home = problem.types[types[0]].home
        out.append(
            ModelClass(
                label=template.name,
                home=home,
                template=template,
                types=types,
                current=tuple(kept + rest),
                added_template=added,
                fixed_dkk=tuple(costs),
                keep_count=len(kept),
                fossil_free=not template.is_fossil,
                production_co2e_kg_per_year=production,
                allowed_km_per_year=max(known) if len(known) == len(allowed) else None,
                removal_dkk=tuple(removal[v.vehicle_id] for v in kept + rest),
                lease_bound=len([v for v in kept if v.vehicle_id in leased]),
            )
        )
    return tuple(out)
