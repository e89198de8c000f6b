"""Solve one component exactly: class model, colouring, vehicles, energy repair.

1. Class model (``class_model``); its optimum is the component's lower bound.
2. Each class's trips are coloured in start order into chains; chains go to the
   class's vehicles, longest chain to the cheapest vehicle with the charge and km
   budget for it (``chains``).
3. If some chain fits no vehicle, the affected classes are split into one resource
   per vehicle (capacity 1, its own cost, its remaining km budget) and solved again,
   adding a charge window cut (see ``energy``) for each violated window until every
   vehicle's charge stays >= 0. A split with more than ``SPLIT_MAX_COLUMNS`` trip-
   vehicle columns (hundreds of vehicles in one class) is not tried, nor is a
   further solve once the component's time is spent: the component is then left
   ``Unsolved`` with the class model's bound and its plan, which the engine follows
   where the charge allows (``greedy.guided_assign``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.chains import assign_chains, energy_cuts
from fleetplan.simulate.charge_windows import add_window_cuts
from fleetplan.simulate.class_model import Resource, build_model
from fleetplan.simulate.classes import VehicleClass
from fleetplan.simulate.highs_model import BinaryModel, WarmLp, lp_bound, solve_binary
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import FleetState

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


# a component's first model always gets this long, even past its time limit
MIN_SOLVE_S = 0.05
# the largest per-vehicle model a split may build (trip-vehicle columns); larger
# ones took minutes and gigabytes without an answer (2,000 cars, one city day)
SPLIT_MAX_COLUMNS = 200_000
# a block whose chains leave it above the target gap is solved per vehicle when
# that model has at most this many columns
EXACT_SPLIT_COLUMNS = 3_000
# a fractional class model is re-solved with the types as classes when that model
# has at most this many columns (the demo's blocks: far cheaper than the class
# model's MIP; a reference set's day of 50-100 types: dearer)
FINE_MAX_COLUMNS = 2_500


@dataclass(frozen=True, slots=True)
class Unsolved:
    """No allocation within the limits; ``bound_dkk`` is still a valid lower bound
    of the component's cost (the class model's, −inf when it has none); ``plan``
    the class model's vehicle per local trip (-1 = left), when it has one."""

    bound_dkk: float
    plan: IntArray | None = None


@dataclass(frozen=True, slots=True)
class ComponentSolution:
    vehicle_of: IntArray  # per local trip: fleet vehicle index or -1
    cost_dkk: float
    bound_dkk: float
    optimal: bool
    repaired: bool


def _independent(
    classes: list[VehicleClass], split: set[int], state: FleetState, whole: bool
) -> bool:
    """Whether the per-vehicle model's bound is a valid bound: the block starts with
    full batteries and no daily km carried in (``blocks`` makes it so), and the
    split vehicles have no km budget, or the block is the whole horizon of their
    group (``whole``), so that their budgets are still untouched."""
    return whole or all(
        not np.isfinite(state.budget_km[v]) for c in split for v in classes[c].vehicles
    )


def solve_component(
    problem: AllocationProblem,
    idx: IntArray,
    classes: list[VehicleClass],
    state: FleetState,
    time_limit_s: float,
    max_rounds: int,
    whole: bool = False,
    target_gap: float | None = None,
    fine: list[VehicleClass] | None = None,
    caps: FloatArray | None = None,
    prefer: FloatArray | None = None,
) -> ComponentSolution | Unsolved:
    """Solve block ``idx`` given the fleet state within ``time_limit_s`` for the
    whole block (``Unsolved`` when the limits stop it); ``whole``: the block holds
    every trip its vehicles could serve (see ``_independent``); ``target_gap``: a
    block that its chains leave above it is solved per vehicle (if small);
    ``fine``: the types as classes, used when the class model's LP is fractional;
    ``caps``: the km plan's most km per class and ``prefer`` its km per vehicle
    (``km_plan``): chains go to the vehicles with the most planned km first."""
    until = time.perf_counter() + time_limit_s
    split: set[int] = set()
    bound = None
    optimal = True
    plan = None
    prepared = None
    # the first model's answer when it was solved already (below): the same LP
    # solved again gave the same answer at twice the cost
    presolved = None
    if (
        fine is not None
        and caps is None  # the plan's caps are per class of ``classes``
        and len(fine) > len(classes)
        and _columns(problem, idx, fine) <= FINE_MAX_COLUMNS
    ):
        # a class model whose LP is fractional is mostly integral with the
        # block's types as classes (each its own rate): cheaper than its MIP
        prepared = build_model(problem, idx, classes, split, state)
        first = solve_binary(prepared[0], max(time_limit_s, MIN_SOLVE_S), lp_only=True)
        if first.solved:
            presolved = first
        else:
            classes, prepared = fine, None
    for _ in range(max_rounds):
        if _split_columns(problem, idx, classes, split) > SPLIT_MAX_COLUMNS:
            break
        model, resources = prepared or build_model(
            problem,
            idx,
            classes,
            split,
            state,
            class_caps=caps,
        )
        prepared = None
        # every window of each EV's own resource from the start: a class is split
        # where charge (or the gap) binds
        windowed: set[int] = set()
        for res in resources:
            if res.vehicle >= 0:
                windowed.add(res.vehicle)
                add_window_cuts(problem, idx, state, res, model)
        warm = WarmLp()
        # cuts are first separated on the LP (its trips above ½ per vehicle):
        # each MIP of a cut round cost seconds on 90-column charge models
        lp_phase = any(res.vehicle >= 0 for res in resources)
        for _cut_round in range(max_rounds + 1):
            left = until - time.perf_counter()
            if _cut_round == max_rounds or (left <= 0 and bound is not None):
                return _unsolved(bound, plan)
            sol = presolved or solve_binary(
                model, max(left, MIN_SOLVE_S), lp_only=lp_phase, warm=warm
            )
            presolved = None
            if not sol.solved and lp_phase and warm.solved():
                found = _add_cuts(
                    problem, idx, state, resources, model, warm.values(), windowed
                )
                lp_phase = found > 0
                continue
            if not sol.solved:
                return _unsolved(bound, plan)
            if bound is None:
                bound, optimal = sol.bound, sol.optimal
            if (
                _add_cuts(problem, idx, state, resources, model, sol.values, windowed)
                == 0
            ):
                break
        out = np.full(len(idx), -1, dtype=np.int64)
        failed: set[int] = set()
        for c, vc in enumerate(classes):
            members = [r for r in resources if r.cls == c]
            if c in split:
                for res in members:
                    out[res.trips[sol.values[res.columns] > 0.5]] = res.vehicle
                continue
            local = np.sort(
                np.concatenate(
                    [r.trips[sol.values[r.columns] > 0.5] for r in members]
                    or [np.zeros(0, dtype=np.int64)]
                )
            )
            if not assign_chains(
                problem, idx, vc, local, state, out, force=True, prefer=prefer
            ):
                failed.add(c)
        plan = out
        if not failed:
            served = out >= 0
            cost = float(problem.external_cost_dkk[idx[~served]].sum())
            cost += float(
                problem.trip_cost_dkk[idx[served], state.type_of[out[served]]].sum()
            )
            if split and _independent(classes, split, state, whole):
                bound = max(bound, sol.bound)
            # a small block still above the target gap: its classes' vehicles one
            # by one (their own rates, budgets and charge), which is exact
            pending = {c for c, vc in enumerate(classes) if c not in split and vc.count}
            slack = None if target_gap is None else target_gap * abs(cost) + 1e-9
            failed = pending if slack is not None and cost - bound > slack else set()
            if not failed or (
                _split_columns(problem, idx, classes, split | failed)
                > EXACT_SPLIT_COLUMNS
            ):
                return ComponentSolution(out, cost, float(bound), optimal, bool(split))
        split |= failed
    return _unsolved(bound, plan)


def _add_cuts(
    problem: AllocationProblem,
    idx: IntArray,
    state: FleetState,
    resources: list[Resource],
    model: BinaryModel,
    values: np.ndarray,
    windowed: set[int],
) -> int:
    """Add the charge window cuts found from each vehicle's trips at more than
    ½ in ``values`` that ``values`` itself violates (a fractional LP may meet the
    cuts of its rounding); returns how many (valid inequalities: ``energy``).
    A small resource's first violation adds every window that can bind
    (``charge_windows``; its vehicle goes into ``windowed``)."""
    cuts = 0
    for res in resources:
        if res.vehicle < 0:
            continue
        served = np.sort(res.trips[values[res.columns] > 0.5])
        found = 0
        for cols, vals, upper in energy_cuts(problem, idx, state, res, served):
            if float(vals @ values[cols]) > upper + 1e-6:
                model.add_row(cols, vals, -np.inf, upper)
                found += 1
        if found and res.vehicle not in windowed:
            windowed.add(res.vehicle)
            add_window_cuts(problem, idx, state, res, model)
        cuts += found
    return cuts


# the feasible classes per trip of the last class list asked about (every block
# asks about the same ``fine``), kept with the objects it was counted from
_per_trip: tuple[object, object, IntArray] = (None, None, np.zeros(0, np.int64))


def _columns(
    problem: AllocationProblem, idx: IntArray, classes: list[VehicleClass]
) -> int:
    """Trip-class columns of a class model of block ``idx``."""
    global _per_trip
    kept_classes, kept_feasible, counts = _per_trip
    if kept_classes is not classes or kept_feasible is not problem.feasible:
        reps = [vc.rep for vc in classes]
        counts = np.count_nonzero(problem.feasible[:, reps], axis=1)
        _per_trip = (classes, problem.feasible, counts)
    return int(counts[idx].sum())


def _unsolved(bound: float | None, plan: IntArray | None = None) -> Unsolved:
    return Unsolved(-np.inf if bound is None else float(bound), plan)


def _split_columns(
    problem: AllocationProblem,
    idx: IntArray,
    classes: list[VehicleClass],
    split: set[int],
) -> int:
    """Trip-vehicle columns of the split classes' per-vehicle resources."""
    return sum(
        len(classes[c].vehicles) * int(problem.feasible[idx, classes[c].rep].sum())
        for c in split
    )


def component_bound(
    problem: AllocationProblem,
    idx: IntArray,
    classes: list[VehicleClass],
    state: FleetState,
    time_limit_s: float,
    max_levels: int = 0,
) -> float:
    """LP bound of the class model on (finer) classes, with the level columns of
    ``level_bound`` when ``max_levels`` > 0; ignores charge and km limits, so it is
    valid whatever the fleet state."""
    model, _ = build_model(problem, idx, classes, set(), state, max_levels)
    return lp_bound(model, time_limit_s)
