"""A km plan per block from the class-model LP of a whole group: km budgets exactly.

Prices alone (``km_prices``) leave the blocks at a degenerate margin: at the right
``π`` a marginal trip costs the same on a budgeted class as outside, so which of
them a block serves is arbitrary, and the time-ordered allocation spends the
budgets early or leaves them unused (synth_50v_60d with ``--limit-km``: 2–3 %
above the bound). When a group's class-model LP over all its blocks is small
enough (``PLAN_MAX_COLUMNS``) it is solved once with one budget row per class
(``Σ km ≤ B_c``, ``B_c`` the class's budgets summed):

- its optimum is a lower bound of the group's cost: the class model relaxes each
  block (``class_model``) and the per-vehicle budgets imply the class sums;
- its solution is a plan: class c may drive ``K_{b,c} = Σ_{i∈b} km_i x_{ic}`` in
  block b. The engine solves each block with the row ``Σ km on c ≤ K_{b,c} + carry``
  (the plan's km that earlier blocks left unused), so the blocks follow the LP,
  which is almost integral (synth_50v_60d: 10 fractional of 29,702 columns).

The plan's rows only restrict the allocation (every vehicle's budget stays a hard
limit); the group's bound is the LP optimum, not the capped blocks' bounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.blocks import Block
from fleetplan.simulate.class_model import Resource, build_model
from fleetplan.simulate.classes import VehicleClass
from fleetplan.simulate.highs_model import BinaryModel, solve_lp_primal
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import FleetState

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# the largest class-model LP over a whole group that is planned (columns);
# synth_100v_90d's 102,762 take 7–9 s, larger groups are priced from a sample
PLAN_MAX_COLUMNS = 150_000
PLAN_TIME_LIMIT_S = 30.0
# a group is planned per vehicle up to this many trip-vehicle columns (synth_20v_30d:
# 19,992, LP 1.5-3.5 s; synth_50v_60d's 247,100 would take minutes)
VEHICLE_PLAN_MAX_COLUMNS = 40_000


@dataclass(slots=True)
class KmPlan:
    """Per planned block (its number in the engine's list): the km each class,
    or each vehicle for the blocks in ``per_vehicle``, may drive (inf where
    unplanned); ``bound_dkk``: the planned groups' LP optima summed."""

    caps: dict[int, FloatArray] = field(default_factory=dict)
    per_vehicle: set[int] = field(default_factory=set)
    bound_dkk: float = 0.0
    # the plan's km that earlier blocks left unused, per class and per vehicle
    carry: dict[bool, FloatArray] = field(default_factory=dict)

    def planned(self, number: int) -> bool:
        return number in self.caps

    def room(self, number: int) -> FloatArray:
        """The km each class (vehicle) may drive in block ``number``."""
        caps = self.caps[number]
        carry = self.carry.get(number in self.per_vehicle)
        return caps if carry is None else caps + carry

    def guide(
        self, number: int, classes: list[VehicleClass]
    ) -> tuple[FloatArray | None, FloatArray | None]:
        """(km per class, km per vehicle or None) block ``number`` may drive by
        the plan; (None, None) for a block the plan does not cover."""
        if number not in self.caps:
            return None, None
        room = self.room(number)
        if number not in self.per_vehicle:
            return room, None
        per_class = np.array(
            [
                float(room[np.asarray(vc.vehicles, dtype=np.int64)].sum())
                for vc in classes
            ]
        )
        return per_class, room

    def spend(
        self,
        number: int,
        problem: AllocationProblem,
        classes: list[VehicleClass],
        idx: IntArray,
        vehicle_of: IntArray,
    ) -> None:
        """Block ``number`` (trips ``idx``) was allocated ``vehicle_of``."""
        caps = self.caps[number]
        mine = number in self.per_vehicle
        used = np.zeros(len(caps))
        served = vehicle_of >= 0
        unit = vehicle_of[served]
        if not mine:
            class_of = np.full(sum(vc.count for vc in classes) + 1, -1, np.int64)
            for c, vc in enumerate(classes):
                class_of[np.asarray(vc.vehicles, dtype=np.int64)] = c
            unit = class_of[unit]
        np.add.at(used, unit, problem.trips.distance_km[idx[served]])
        left = np.where(np.isfinite(caps), caps - used, 0.0)
        carry = self.carry.get(mine)
        self.carry[mine] = left if carry is None else carry + left


def budget_rows(
    problem: AllocationProblem,
    idx: IntArray,
    classes: list[VehicleClass],
    state: FleetState,
    target: FloatArray,
) -> tuple[BinaryModel, list[Resource], dict[int, int]]:
    """The class model of trips ``idx`` with a row ``Σ km on c ≤ target[c]`` per
    class with a finite target; returns (model, resources, row of each class)."""
    model, resources = build_model(problem, idx, classes, set(), state)
    km = problem.trips.distance_km[idx]
    rows: dict[int, int] = {}
    for res in resources:
        if np.isfinite(target[res.cls]) and res.cls not in rows:
            mine = [r for r in resources if r.cls == res.cls]
            rows[res.cls] = model.num_rows
            model.add_row(
                np.concatenate([r.columns for r in mine]),
                np.concatenate([km[r.trips] for r in mine]),
                -np.inf,
                float(target[res.cls]),
            )
    return model, resources, rows


def _vehicle_columns(
    problem: AllocationProblem, idx: IntArray, classes: list[VehicleClass]
) -> int:
    reps = [vc.rep for vc in classes]
    counts = np.array([vc.count for vc in classes])
    return int(problem.feasible[np.ix_(idx, reps)].sum(axis=0) @ counts)


def plan_group(
    problem: AllocationProblem,
    group: list[tuple[int, Block]],
    classes: list[VehicleClass],
    state: FleetState,
    budget: FloatArray,
    plan: KmPlan,
) -> bool:
    """Plan the numbered blocks of one group into ``plan``: per vehicle when that
    LP is small (``VEHICLE_PLAN_MAX_COLUMNS``: each vehicle's own budget and rate,
    the tighter bound), else per class; False when the class LP is too large or
    not solved (the group is then priced instead)."""
    idx = np.concatenate([b.idx for _, b in group])
    per_vehicle = _vehicle_columns(problem, idx, classes) <= VEHICLE_PLAN_MAX_COLUMNS
    if per_vehicle:
        every = set(range(len(classes)))
        model, resources = build_model(problem, idx, classes, every, state)
        units = len(state.type_of)
    else:
        model, resources, _ = budget_rows(problem, idx, classes, state, budget)
        units = len(classes)
    if model.num_cols > PLAN_MAX_COLUMNS:
        return False
    solved = solve_lp_primal(model, PLAN_TIME_LIMIT_S)
    if solved is None:
        return False
    values, objective = solved
    km = problem.trips.distance_km[idx]
    # km on each class (vehicle) per local trip of the group, summed per block
    on_unit = np.zeros((len(idx), units))
    for res in resources:
        unit = res.vehicle if per_vehicle else res.cls
        on_unit[res.trips, unit] += km[res.trips] * values[res.columns]
    limited = np.isfinite(state.budget_km) if per_vehicle else np.isfinite(budget)
    start = 0
    for number, block in group:
        stop = start + len(block.idx)
        caps = np.full(units, np.inf)
        caps[limited] = on_unit[start:stop, limited].sum(axis=0)
        plan.caps[number] = caps
        if per_vehicle:
            plan.per_vehicle.add(number)
        start = stop
    plan.bound_dkk += objective
    return True
