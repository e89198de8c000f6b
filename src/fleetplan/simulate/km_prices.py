"""Prices on the km of budgeted vehicles: the km budgets as a Lagrangian relaxation.

A km budget couples every block of a large group. With a price ``π_c ≥ 0`` per km
on each class c whose vehicles all have a budget (``B_c`` = their budgets summed),

    L(π) = Σ_blocks min over the block (cost + Σ_c π_c km_c) − Σ_c π_c B_c

is a lower bound of the optimum for every ``π``: any allocation within the
budgets costs at least its priced cost minus ``π·B``, and the per-vehicle budgets
imply the class sums. The engine solves every block on the priced costs, so the
blocks' bounds add up to the first term, and it subtracts ``π·B``; its allocation
keeps each vehicle's budget as a hard limit. A good ``π`` makes the priced blocks
leave each class about its budget, so that the time-ordered allocation does not
spend the cheap vehicles' km early and the bound is tight: ``km_prices`` finds one
as the duals of the budget rows in the class-model LP of all the group's blocks at
once (a sample of them in a large group, against the sample's share of each
budget).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.blocks import Block
from fleetplan.simulate.classes import VehicleClass
from fleetplan.simulate.highs_model import solve_lp_duals
from fleetplan.simulate.km_plan import KmPlan, budget_rows, plan_group
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import FleetState

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SAMPLE_TRIPS = 3_000  # trips in a group's sample for its budget LP
LP_TIME_LIMIT_S = 20.0
# At the duals' prices the marginal trips cost the same on a budgeted class as
# outside; the blocks then leave them out and the budgets unused. Priced a hair
# lower, they are served while the budget lasts: at the margin one km is worth as
# much as another, so serving them first costs (nearly) nothing, and L(π) stays a
# valid bound for any π.
TIE_BREAK = 0.03


def class_budgets(classes: list[VehicleClass], state: FleetState) -> FloatArray:
    """``B_c``: the budgets of a class's vehicles summed (inf if one has none)."""
    return np.array([float(state.budget_km[vc.vehicles].sum()) for vc in classes])


def priced(problem: AllocationProblem, price_per_type: FloatArray) -> AllocationProblem:
    """The problem with ``price_per_type[t]`` added to every km on type t."""
    if not price_per_type.any():
        return problem
    km = problem.trips.distance_km[:, None]
    rates = problem.rate_dkk_per_km
    return dataclasses.replace(
        problem,
        trip_cost_dkk=problem.trip_cost_dkk + km * price_per_type[None, :],
        rate_dkk_per_km=None if rates is None else rates + price_per_type,
    )


def per_type(classes: list[VehicleClass], price: FloatArray, types: int) -> FloatArray:
    out = np.zeros(types)
    for vc, p in zip(classes, price, strict=True):
        out[list(vc.types)] = p
    return out


def _budget_duals(
    problem: AllocationProblem,
    idx: IntArray,
    classes: list[VehicleClass],
    state: FleetState,
    target: FloatArray,
) -> FloatArray:
    """Prices per class: the duals of the class budget rows (``Σ km ≤ target``) in
    the class-model LP of trips ``idx`` (0 where it is not solved)."""
    model, _, rows = budget_rows(problem, idx, classes, state, target)
    price = np.zeros(len(classes))
    duals = solve_lp_duals(model, LP_TIME_LIMIT_S)
    if duals is not None:
        for c, row in rows.items():
            # a ≤ row's dual is ≤ 0; a hair below it, serving wins the LP's ties
            price[c] = max(0.0, -float(duals[row])) * (1.0 - TIE_BREAK)
    return price


def km_prices(
    problem: AllocationProblem,
    classes: list[VehicleClass],
    state: FleetState,
    parts: list[Block],
) -> tuple[FloatArray, KmPlan]:
    """A price per type (0 where no budget binds) and a km plan (``km_plan``) for
    the blocks not solved whole. Per group of blocks with a budget: the plan of
    its whole class-model LP when that is small enough, its blocks then unpriced;
    else the budget rows' duals of the class-model LP over a sample of its blocks
    (up to ``SAMPLE_TRIPS`` trips), each class's budget cut to the sample's share
    of the km it could drive."""
    budget = class_budgets(classes, state)
    price = np.zeros(len(classes))
    plan = KmPlan()
    if not np.isfinite(budget).any():
        return per_type(classes, price, problem.num_types), plan
    km = problem.trips.distance_km
    reps = np.array([vc.rep for vc in classes], dtype=np.int64)
    groups: dict[tuple[int, ...], list[tuple[int, Block]]] = {}
    for number, block in enumerate(parts):
        if block.whole:
            continue
        members = tuple(
            np.flatnonzero(problem.feasible[block.idx][:, reps].any(axis=0))
        )
        groups.setdefault(members, []).append((number, block))
    for members, numbered in groups.items():
        cls = np.asarray(members, dtype=np.int64)
        if not np.isfinite(budget[cls]).any():
            continue
        if plan_group(problem, numbered, classes, state, budget, plan):
            continue
        group = [b for _, b in numbered]
        trips = sum(len(b.idx) for b in group)
        step = max(1, -(-trips // SAMPLE_TRIPS))
        sample = np.concatenate([b.idx for b in group[::step]])
        everything = np.concatenate([b.idx for b in group])
        feasible = problem.feasible[:, reps[cls]]
        possible = km[everything] @ feasible[everything]
        sampled = km[sample] @ feasible[sample]
        target = np.full(len(classes), np.inf)
        target[cls] = budget[cls] * sampled / np.maximum(possible, 1e-9)
        found = _budget_duals(problem, sample, classes, state, target)
        price[cls] = found[cls]
    return per_type(classes, price, problem.num_types), plan
