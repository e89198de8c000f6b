"""Blocks solved ahead on worker threads while the engine commits them in order.

Without km budgets a block depends on the blocks before it only through the EVs'
charge and the bikes' km per day at its start, and ``blocks`` cuts where every EV
is full again and no daily limit spans the cut. So a block can be solved from the
fleet state before any block was served (``fresh``) while the blocks before it are
still being solved: HiGHS releases the GIL in ``run``, so one block's LP can run
while the other thread builds or reads the next one's. Measured on the shared
2-core machine (synth_50v_60d, load 2-7): no wall time saved and 5-20 % more CPU,
as the Python around each LP (over half a block's time) holds the GIL; hence
``AllocationParams.block_threads`` is 1 (off) by default.

The answers are those of solving in turn, bit for bit: before a block's solution
from ``fresh`` is used, ``starts_fresh`` checks on the real state that every value
the block's solve reads from the state is the one it read from ``fresh`` (see
there); where not, the engine solves the block again on the real state. The engine
still commits the blocks and sums their costs and bounds in block order.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.component import ComponentSolution, Unsolved
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import MINUTES_PER_DAY, FleetState

IntArray = npt.NDArray[np.int64]
Solution = ComponentSolution | Unsolved
# block number, fleet state -> its solution (None: no time was left to solve it)
SolveBlock = Callable[[int, FleetState], Solution | None]

# blocks solved ahead of the one the engine waits for: enough to keep 2 workers
# busy, few enough that a cancel does not leave many solves running
LOOKAHEAD = 4


def starts_fresh(problem: AllocationProblem, state: FleetState, idx: IntArray) -> bool:
    """Whether block ``idx``'s solve reads from ``state`` exactly what it reads
    from a state with nothing served (``FleetState.initial``, no km budget).

    What a block's solve reads of the vehicles that can serve its trips (``chains``,
    ``charge_windows``, ``class_model``): each EV's charge at the block's first
    start ``s0`` (its window cuts from there) and at its trips' starts,
    ``min(cap·rf, soc + rate·(start − last_end))``, which is ``cap·rf`` from a
    fresh state (so an EV full by its own first trip but still charging at ``s0``
    fails); each daily-limited bike's km on the block's days, none from a fresh
    state; the km left of a budget (none may be finite here). Not its busy time:
    blocks do not overlap for a vehicle. An EV whose ``soc + rate·(s0 − last_end)``
    reaches ``cap`` × the block's highest range factor is clamped to ``cap·rf`` at
    every later start too (IEEE rounding is monotone), so it reads the same."""
    mine = problem.feasible[idx].any(axis=0)[state.type_of]
    if np.isfinite(state.budget_km[mine]).any():
        return False
    s0 = float(problem.trips.start_min[idx].min())
    rf_max = float(problem.range_factor[idx].max())
    served_ev = mine & np.isfinite(state.cap_km) & np.isfinite(state.last_end)
    for v in np.flatnonzero(served_ev).tolist():
        last = float(state.last_end[v])
        if last > s0:
            return False
        charged = float(state.soc_km[v]) + float(state.rate_km_per_min[v]) * (s0 - last)
        if not charged >= float(state.cap_km[v]) * rf_max:
            return False
    bikes = np.flatnonzero(mine & np.isfinite(state.day_cap_km)).tolist()
    if bikes and state.day_km:
        days = np.unique(problem.trips.start_min[idx] // MINUTES_PER_DAY)
        for v in bikes:
            if any((v, int(d)) in state.day_km for d in days.tolist()):
                return False
    return True


class BlocksAhead:
    """Solves blocks from ``fresh`` on ``workers`` threads, up to ``LOOKAHEAD``
    ahead of the block asked for; ``take`` gives a block's solution when it holds
    for the real state (``starts_fresh``), else None (solve it in turn)."""

    def __init__(
        self,
        problem: AllocationProblem,
        parts: list[IntArray],
        fresh: FleetState,
        solve: SolveBlock,
        workers: int,
    ) -> None:
        self._problem = problem
        self._parts = parts
        self._fresh = fresh
        self._solve = solve
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="block")
        self._futures: dict[int, Future[Solution | None]] = {}
        self._submitted = 0
        self.reused = 0  # blocks whose solution from ``fresh`` was used
        self.rejected = 0  # blocks solved again on the real state

    def take(self, number: int, state: FleetState) -> Solution | None:
        """Block ``number``'s solution from ``fresh`` if it is the one ``state``
        gives, else None."""
        while self._submitted < min(len(self._parts), number + 1 + LOOKAHEAD):
            k = self._submitted
            self._futures[k] = self._pool.submit(self._solve, k, self._fresh)
            self._submitted += 1
        future = self._futures.pop(number, None)
        solution = None if future is None else future.result()
        if solution is None:
            return None
        if not starts_fresh(self._problem, state, self._parts[number]):
            self.rejected += 1
            return None
        self.reused += 1
        return solution

    def close(self) -> None:
        """Drop the blocks not started; running ones finish in the background
        (they only read ``fresh`` and the problem)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
