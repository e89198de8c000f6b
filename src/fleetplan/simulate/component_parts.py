"""A simulation's blocks solved in parts, in this process or elsewhere (issue 18,
item 7: the components of a simulation as tasks on a deployment's workers).

Without a km budget that can bind (``engine.drop_slack_budgets``), a block's
solution depends on the problem, the classes and the block only: every EV is
full at a block's start and no bike's daily limit spans two blocks (``blocks``).
Such blocks are solved here from the *start state* (``ComponentRun.state``: the
fleet as it stands before the first trip, slack budgets dropped), which any
process rebuilds from the same problem (``component_run``), so a part's answer
does not depend on where, or in which order, it was solved. The engine commits
the answers in block order, as it does its own.

A *part* is some blocks with their time limits (fixed when the run hands its
blocks out, from the time left then: ``block_limits``). Its request and reply
are JSON (``part_request``, ``solve_part``, ``read_reply``).
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from fleetplan.simulate.blocks import Block, blocks
from fleetplan.simulate.classes import VehicleClass, build_classes
from fleetplan.simulate.component import ComponentSolution, Unsolved, solve_component
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.state import FleetState

# a component may take this many times its fair share of the time left
COMPONENT_SHARE = 2.0
# ... but at least this long while the time lasts: most blocks take milliseconds,
# and a block MIP cut off after its fair share is left unproven
BLOCK_FLOOR_S = 1.0

Solution = ComponentSolution | Unsolved
ShouldStop = Callable[[], bool]
OnProgress = Callable[[str, float], None]


def block_share(left: float, number: int, count: int) -> float:
    """Block ``number``'s time of ``left`` seconds: a fair share of the time
    left, so that a tight deadline still reaches every block (then mostly by
    its class model's plan)."""
    return max(COMPONENT_SHARE * left / (count - number), min(left, BLOCK_FLOOR_S))


def drop_slack_budgets(problem: AllocationProblem, state: FleetState) -> None:
    """A km budget that all the trips a vehicle could serve together stay within
    cannot bind: it is dropped, so that it couples nothing."""
    if not np.isfinite(state.budget_km).any():
        return  # nothing to drop (the product below converts the whole matrix)
    feasible_km = problem.trips.distance_km @ problem.feasible
    slack = feasible_km[state.type_of] <= state.budget_km + 1e-9
    state.budget_km[slack] = np.inf


def start_state(problem: AllocationProblem, params: AllocationParams) -> FleetState:
    state = FleetState.initial(problem, params.limit_km)
    drop_slack_budgets(problem, state)
    return state


@dataclass(frozen=True, slots=True)
class ComponentRun:
    """What every part of a run is solved with: the (unpriced) problem, the
    params, the start state (never changed), the classes, the types as classes
    (``fine``) and the blocks."""

    problem: AllocationProblem
    params: AllocationParams
    state: FleetState
    classes: list[VehicleClass]
    fine: list[VehicleClass] | None
    parts: list[Block]


def component_run(problem: AllocationProblem, params: AllocationParams) -> ComponentRun:
    """The run as ``engine.allocate`` sets it up for a problem without a
    binding km budget (the same calls in the same order)."""
    state = start_state(problem, params)
    classes = build_classes(problem, state, params.class_rate_tolerance)
    parts = blocks(problem, state)
    fine = build_classes(problem, state, 0.0) if params.class_rate_tolerance else None
    return ComponentRun(problem, params, state, classes, fine, parts)


def solve_block(run: ComponentRun, number: int, limit_s: float) -> Solution:
    """Block ``number`` from the start state (no km budget, no plan: no split
    for the gap, as the engine's own loop does for such a block)."""
    return solve_component(
        run.problem,
        run.parts[number].idx,
        run.classes,
        run.state,
        limit_s,
        run.params.max_energy_rounds,
        False,
        None,
        run.fine,
    )


def block_limits(run: ComponentRun, left: float) -> list[float]:
    """Each block's time limit when ``left`` seconds are left for them all."""
    cap = run.params.component_time_limit_s
    count = len(run.parts)
    return [min(block_share(left, n, count), cap) for n in range(count)]


class ComponentPool(Protocol):
    """Solves a run's blocks: per block number its solution, or None where a
    cancel or the deadline stopped it (the engine then allocates it greedily).
    Returning None for the whole run declines it: the engine then solves its
    blocks one by one in this process, as without a pool."""

    def solve(
        self,
        run: ComponentRun,
        limits: list[float],
        deadline: float,
        should_stop: ShouldStop | None,
        on_progress: OnProgress | None,
    ) -> dict[int, Solution | None] | None: ...


# -- a part's request and reply (JSON) ------------------------------------------
def fingerprint(run: ComponentRun) -> list[int]:
    """Trips, vehicles, blocks and a checksum of the trip ids and block sizes:
    a worker whose rebuilt run differs (the data changed) must not answer."""
    ids = "\n".join(run.problem.trips.trip_ids).encode()
    sizes = np.array([len(b.idx) for b in run.parts], dtype=np.int64).tobytes()
    crc = zlib.crc32(sizes, zlib.crc32(ids))
    return [run.problem.num_trips, len(run.state.type_of), len(run.parts), crc]


def part_request(
    run: ComponentRun, todo: Sequence[int], limits: Sequence[float]
) -> dict[str, Any]:
    return {
        "blocks": [int(n) for n in todo],
        "limits": [float(limits[n]) for n in todo],
        "run": fingerprint(run),
    }


def encode_solution(solution: Solution) -> dict[str, Any]:
    if isinstance(solution, Unsolved):
        bound = solution.bound_dkk
        return {
            "unsolved": True,
            # -inf has no JSON: None
            "bound": float(bound) if np.isfinite(bound) else None,
            "plan": None if solution.plan is None else solution.plan.tolist(),
        }
    return {
        "vehicle_of": solution.vehicle_of.tolist(),
        "cost": float(solution.cost_dkk),
        "bound": float(solution.bound_dkk),
        "optimal": bool(solution.optimal),
        "repaired": bool(solution.repaired),
    }


def decode_solution(raw: dict[str, Any]) -> Solution:
    if raw.get("unsolved"):
        bound = -np.inf if raw["bound"] is None else float(raw["bound"])
        plan = raw["plan"]
        return Unsolved(bound, None if plan is None else np.array(plan, np.int64))
    return ComponentSolution(
        np.array(raw["vehicle_of"], dtype=np.int64),
        float(raw["cost"]),
        float(raw["bound"]),
        bool(raw["optimal"]),
        bool(raw["repaired"]),
    )


def solve_part(run: ComponentRun, req: dict[str, Any]) -> dict[str, Any]:
    """A part's blocks, in the request's order; raises when ``run`` is not the
    run the request was made from."""
    if list(req["run"]) != fingerprint(run):
        raise ValueError("this part was made from other data than this run's.")
    answers = [
        encode_solution(solve_block(run, int(n), float(limit)))
        for n, limit in zip(req["blocks"], req["limits"], strict=True)
    ]
    return {"answers": answers}


def read_reply(req: dict[str, Any], reply: dict[str, Any]) -> dict[int, Solution]:
    return {
        int(n): decode_solution(raw)
        for n, raw in zip(req["blocks"], reply["answers"], strict=True)
    }


class InProcessPool:
    """Every block in this process, in block order, from the start state and
    with the limits given (what a part's worker does, without the traffic)."""

    def solve(
        self,
        run: ComponentRun,
        limits: list[float],
        deadline: float,
        should_stop: ShouldStop | None,
        on_progress: OnProgress | None,
    ) -> dict[int, Solution | None]:
        out: dict[int, Solution | None] = {}
        for n in range(len(run.parts)):
            stop = should_stop is not None and should_stop()
            if stop or time.perf_counter() > deadline:
                out[n] = None
                continue
            out[n] = solve_block(run, n, limits[n])
            if on_progress is not None:
                on_progress("simulate.allocating", 100.0 * (n + 1) / len(run.parts))
        return out
