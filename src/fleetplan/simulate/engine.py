"""``allocate``: the exact allocation of trips to a fleet, block by block.

Blocks (see ``blocks``) are solved in time order, each exactly (see ``component``):
every EV starts a block full and no bike's daily km limit spans two blocks, so the
charge couples trips only inside a block, where the per-vehicle model sees it. The
km used is carried from block to block; a km budget that cannot bind is dropped
first. The lower bound is the sum of the blocks' bounds (valid: they are the class
models' optima, which relax charge and km limits and under-price every class's km,
or a per-vehicle model's optimum from full batteries with no km budget), raised
afterwards for the blocks with the largest gaps by the track-flow bound of
``flow_bound`` (one min-cost flow per block, no LP) and, while the gap is still
above the target, by the level LP of ``level_bound``. Without re-bounding
(``refine_time_share`` 0) neither runs. When the time limit or a cancel stops the
run, the remaining blocks are finished greedily and their bound is the trivial one;
a block that ``solve_component`` leaves ``Unsolved`` is allocated by its class
model's plan where the charge allows (greedily elsewhere), with its class model's
bound. The status is then ``limit``. Given a ``pool`` (``component_parts``), a
run without a binding km budget has its blocks solved there (on a deployment's
workers, say), each from the start state, and committed here in block order.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from fleetplan.simulate.blocks import blocks
from fleetplan.simulate.classes import build_classes
from fleetplan.simulate.component import (
    ComponentSolution,
    Unsolved,
    component_bound,
    solve_component,
)
from fleetplan.simulate.component_parts import (
    ComponentPool,
    ComponentRun,
    OnProgress,
    ShouldStop,
    block_limits,
    block_share,
    drop_slack_budgets,
)
from fleetplan.simulate.exact_pass import exact_pass
from fleetplan.simulate.fill import fill_budgets
from fleetplan.simulate.flow_bound import flow_bounds
from fleetplan.simulate.greedy import greedy_assign, guided_assign, trivial_bound
from fleetplan.simulate.km_prices import class_budgets, km_prices, priced
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.reselect import reselect_budgets
from fleetplan.simulate.result import (
    AllocationParams,
    AllocationResult,
    Method,
    SolveStatus,
)
from fleetplan.simulate.state import FleetState


def _commit(
    problem: AllocationProblem,
    state: FleetState,
    idx: np.ndarray,
    vehicle_of: np.ndarray,
) -> None:
    order = np.lexsort((problem.trips.end_min[idx], problem.trips.start_min[idx]))
    order = order[vehicle_of[order] >= 0]
    state.serve_many(problem, vehicle_of[order], idx[order])


def true_cost(problem: AllocationProblem, out: np.ndarray, state: FleetState) -> float:
    """The cost of allocation ``out`` at the problem's own prices."""
    served = out >= 0
    return float(
        problem.trip_cost_dkk[served, state.type_of[out[served]]].sum()
        + problem.external_cost_dkk[~served].sum()
    )


def _refine_bound(
    problem: AllocationProblem,
    params: AllocationParams,
    state: FleetState,
    solved: list[tuple[np.ndarray, float, float]],
    cost: float,
    bound: float,
    deadline: float,
) -> float:
    """While the gap exceeds the target, re-bound the components with the largest
    gaps by the LP of classes within ``fine_rate_tolerance`` with ``bound_levels``
    levels of per-vehicle rates (both valid lower bounds, see ``level_bound``)."""
    if cost <= 0 or (cost - bound) / cost <= params.target_gap:
        return bound
    fine = build_classes(problem, state, params.fine_rate_tolerance)
    for idx, part_cost, part_bound in sorted(solved, key=lambda s: s[2] - s[1]):
        left = deadline - time.perf_counter()
        if (cost - bound) / cost <= 0.9 * params.target_gap or left <= 0:
            break
        better = component_bound(problem, idx, fine, state, left, params.bound_levels)
        if better > part_bound:
            bound += min(better, part_cost) - part_bound
    return bound


# the share of a component's gap its track-flow bound closes, taken low (measured
# 0.73-0.90 per component on the reference sets) so one round usually suffices
_FLOW_SHARE = 0.7
_FLOW_BATCH = 32  # components per round, so that the deadline is checked often


def _flow_bound(
    problem: AllocationProblem,
    params: AllocationParams,
    state: FleetState,
    solved: list[tuple[np.ndarray, float, float]],
    cost: float,
    bound: float,
    deadline: float,
) -> float:
    """Raise the bounds of the components with the largest gaps to their
    track-flow bounds (``flow_bound``), taking in each round as many as it should
    take to bring the gap to 0.8 × the target (at most ``_FLOW_BATCH``), until the
    deadline; ``solved`` is updated in place for the LP re-bounding."""
    todo = sorted(range(len(solved)), key=lambda k: solved[k][2] - solved[k][1])
    todo.reverse()  # smallest gap last, so pop() takes the largest
    while (
        todo
        and cost > 0
        and (cost - bound) > 0.8 * params.target_gap * cost
        and time.perf_counter() < deadline
    ):
        excess = (cost - bound) - 0.8 * params.target_gap * cost
        take: list[int] = []
        covered = 0.0
        while todo and _FLOW_SHARE * covered < excess and len(take) < _FLOW_BATCH:
            k = todo.pop()
            take.append(k)
            covered += solved[k][1] - solved[k][2]
        better = flow_bounds(problem, [solved[k][0] for k in take], state)
        for k, value in zip(take, better, strict=True):
            idx, part_cost, part_bound = solved[k]
            raised = min(float(value), part_cost)
            if raised > part_bound:
                bound += raised - part_bound
                solved[k] = (idx, part_cost, raised)
    return bound


def _planned(
    solution: ComponentSolution | Unsolved,
) -> ComponentSolution | Unsolved:
    """A planned block's result with its bound at its cost: its group's bound is
    the plan's LP (``km_plan``), added once at the end."""
    if isinstance(solution, Unsolved):
        return Unsolved(np.inf, solution.plan)
    return dataclasses.replace(solution, bound_dkk=solution.cost_dkk)


def allocate(
    problem: AllocationProblem,
    params: AllocationParams | None = None,
    *,
    should_stop: ShouldStop | None = None,
    on_progress: OnProgress | None = None,
    pool: ComponentPool | None = None,
) -> AllocationResult:
    """Allocate every trip to a vehicle or leave it unallocated, at least cost.

    Cost = energy + societal CO2e cost of the trips driven + the external cost of
    the unallocated ones (period values). Deterministic for the same input.
    ``pool``: where the blocks of a run without a binding km budget are solved
    (``component_parts``; the same answers); without it, here in block order.
    """
    params = params or AllocationParams()
    began = time.perf_counter()
    deadline = began + params.time_limit_s
    state = FleetState.initial(problem, params.limit_km)
    out = np.full(problem.num_trips, -1, dtype=np.int64)
    if params.method is Method.GREEDY:
        cost = greedy_assign(problem, state, np.arange(problem.num_trips), out)
        return AllocationResult(
            status=SolveStatus.LIMIT,
            method=Method.GREEDY,
            objective_dkk=cost,
            lower_bound_dkk=trivial_bound(problem, np.arange(problem.num_trips)),
            runtime_s=time.perf_counter() - began,
            trip_ids=problem.trips.trip_ids,
            vehicle_ids=state.vehicle_ids,
            vehicle_index=out,
        )
    drop_slack_budgets(problem, state)
    classes = build_classes(problem, state, params.class_rate_tolerance)
    parts = blocks(problem, state)
    # km budgets as prices (``km_prices``): the blocks are solved on priced costs
    original = problem
    prices, plan = km_prices(problem, classes, state, parts)
    problem = priced(problem, prices)
    budget_value = float(
        sum(
            prices[vc.rep] * b
            for vc, b in zip(classes, class_budgets(classes, state), strict=True)
            if prices[vc.rep] > 0
        )
    )
    budgeted = bool(np.isfinite(state.budget_km).any())
    fine = build_classes(problem, state, 0.0) if params.class_rate_tolerance else None
    cost = bound = 0.0
    proven = True
    repairs = 0
    planned = 0
    messages: list[str] = []
    solved: list[tuple[np.ndarray, float, float]] = []
    pooled = None
    if pool is not None and not budgeted:  # no plan either: its blocks stand alone
        run = ComponentRun(problem, params, state.copy(), classes, fine, parts)
        limits = block_limits(run, deadline - time.perf_counter())
        pooled = pool.solve(run, limits, deadline, should_stop, on_progress)
    for number, block in enumerate(parts):
        idx = block.idx
        left = deadline - time.perf_counter()
        stopped = left <= 0 or (should_stop is not None and should_stop())
        solution: ComponentSolution | Unsolved = Unsolved(-np.inf)
        if pooled is not None:  # None: a cancel or the deadline stopped it
            solution = pooled.get(number) or solution
        elif not stopped:
            share = block_share(left, number, len(parts))
            # a block planned per vehicle is solved on its types (each its own
            # rate), its chains led by the plan's km per vehicle
            mine = fine if fine is not None and number in plan.per_vehicle else classes
            solution = solve_component(
                problem,
                idx,
                mine,
                state,
                # a whole group's block is its whole horizon: no per-block cap
                share if block.whole else min(share, params.component_time_limit_s),
                params.max_energy_rounds,
                block.whole,
                # a block that later blocks depend on (km budgets) is made exact
                # now; the others only if the run's gap needs it (``exact_pass``)
                # (a planned block's bound is its plan's LP: no split for it)
                params.target_gap
                if block.whole or (budgeted and not plan.planned(number))
                else None,
                fine,
                *plan.guide(number, mine),
            )
        if plan.planned(number):
            # a planned group's bound is its LP optimum (``km_plan``), not the
            # capped blocks' bounds; the plan's unused km carry forward
            solution = _planned(solution)
        if isinstance(solution, Unsolved):
            # a plan followed with repairs is judged by the gap alone (its bound
            # is the class model's); a greedy part is not proven
            proven = proven and solution.plan is not None
            planned += int(solution.plan is not None)
            part_cost = (
                greedy_assign(problem, state, idx, out)
                if solution.plan is None
                else guided_assign(problem, state, idx, solution.plan, out)
            )
            part_bound = min(
                max(trivial_bound(problem, idx), solution.bound_dkk), part_cost
            )
            cost += part_cost
            bound += part_bound
            solved.append((idx, part_cost, part_bound))
            if plan.planned(number):
                plan.spend(number, problem, classes, idx, out[idx])
            continue
        out[idx] = solution.vehicle_of
        _commit(problem, state, idx, solution.vehicle_of)
        cost += solution.cost_dkk
        bound += min(solution.bound_dkk, solution.cost_dkk)
        solved.append(
            (idx, solution.cost_dkk, min(solution.bound_dkk, solution.cost_dkk))
        )
        proven = proven and solution.optimal
        repairs += int(solution.repaired)
        if plan.planned(number):
            plan.spend(number, problem, classes, idx, solution.vehicle_of)
        if on_progress is not None and pooled is None:  # a pool tells its own
            on_progress("simulate.allocating", 100.0 * (number + 1) / len(parts))
    # after a cancel, return at once with the bound found so far
    if params.refine_time_share > 0 and not (should_stop is not None and should_stop()):
        bound = _flow_bound(problem, params, state, solved, cost, bound, deadline)
        if not budgeted and proven:
            fresh = FleetState.initial(problem, params.limit_km)
            drop_slack_budgets(problem, fresh)
            cost, bound = exact_pass(
                problem, params, classes, fresh, solved, out, cost, bound, deadline
            )
        spent = time.perf_counter() - began
        refine_until = min(
            deadline, time.perf_counter() + params.refine_time_share * spent
        )
        bound = _refine_bound(problem, params, state, solved, cost, bound, refine_until)
    # back from priced to true costs: L(π) = priced bound − π·B (``km_prices``);
    # the planned groups' blocks counted their cost as bound: their LP instead
    bound -= budget_value
    if plan.caps:
        bound += plan.bound_dkk - sum(
            part_cost for k, (_, part_cost, _) in enumerate(solved) if plan.planned(k)
        )
    if budgeted:
        fresh = FleetState.initial(original, params.limit_km)
        fill_budgets(original, fresh, out)
        # at least a moment even when the blocks used the whole time limit
        reselect_budgets(original, fresh, out, max(deadline, time.perf_counter() + 0.5))
    cost = true_cost(original, out, state)
    if not proven:
        messages.append("stopped early: part of the period was allocated greedily.")
    if planned:
        messages.append(
            f"{planned} time component(s) too large for the per-vehicle charge model "
            "follow the class model's plan, repaired where a battery ran short."
        )
    over = np.flatnonzero(state.km_used > state.budget_km + 1e-6)
    messages.extend(
        f"vehicle {state.vehicle_ids[v]} exceeds its allowed km." for v in over
    )
    gap = 0.0 if cost <= 0 else max(0.0, (cost - bound) / cost)
    status = (
        SolveStatus.OPTIMAL
        if proven and gap <= params.target_gap
        else SolveStatus.LIMIT
    )
    return AllocationResult(
        status=status,
        method=Method.EXACT,
        objective_dkk=cost,
        lower_bound_dkk=bound,
        runtime_s=time.perf_counter() - began,
        trip_ids=problem.trips.trip_ids,
        vehicle_ids=state.vehicle_ids,
        vehicle_index=out,
        components=len(parts),
        energy_repairs=repairs,
        messages=tuple(messages),
    )
