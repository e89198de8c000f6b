"""Each time block's LP (the Benders subproblem); the blocks are ``time_blocks``'s.

For block d and right-hand sides b = (n_t per class, the block's share N_d of the
unallocated trips, its share E_d of a CO2e cap) V_d(b) is the least weighted cost of
the block's LP: every trip driven by a feasible class or left (trips continuous in
[0, 1]), and per class the vehicle flow of ``simulate.load_flow`` over its
checkpoints (at most n_t busy at once; the same polytope as ``milp``'s
maximal-overlap rows, with two non-zeros per trip). V_d
is convex in b, so for any b̂ the row duals π give the cut
``θ_d >= V_d(b̂) + π·(b − b̂)``.

The LP is always feasible: a trip longer than the km limit may still be left at a
penalty of ``PENALTY_DKK`` (weighted like cost), and unallocated trips beyond N_d or
CO2e beyond E_d are paid the same way. A penalised value only lowers V_d, so every
cut stays valid; the penalty steers the master to fleets that need none.
"""

from __future__ import annotations

import math

import highspy
import numpy as np
import numpy.typing as npt

from fleetplan.optimise.block_answer import Answer, Cut, Figures
from fleetplan.optimise.block_crash import cheapest_basis
from fleetplan.optimise.block_lp_build import BlockLPBuild
from fleetplan.optimise.time_blocks import class_intervals as class_intervals
from fleetplan.optimise.time_blocks import time_blocks as time_blocks

FloatArray = npt.NDArray[np.float64]
_INF = math.inf

# what a trip left beyond the service level costs in a block LP (dkk/yr, weighted
# like cost): more than any vehicle, so the master prefers holding one
PENALTY_DKK = 1.0e6
# the dearest trip option's cost in a block LP after scaling (see ``set_weight``)
LP_SCALE = 100.0


class BlockLP(BlockLPBuild):
    """One block's LP; its right-hand sides change with the master's answer."""

    def _highs(self) -> highspy.Highs:
        """The live model, or (``live`` False) one rebuilt with the costs and the
        last basis, so a year of blocks keeps only arrays and bases in memory."""
        if self.h is not None:
            if self.cold and len(self._costs) == self.num_cols:
                self.h.setBasis(self._cheapest_basis())
            return self.h
        h = self._new_highs()
        if len(self._costs) == self.num_cols:
            h.changeColsCost(
                self.num_cols, np.arange(self.num_cols, dtype=np.int32), self._costs
            )
            h.setBasis(self._cheapest_basis() if self.basis is None else self.basis)
        return h

    def _cheapest_basis(self) -> highspy.HighsBasis:
        """A cold solve's start (``block_crash``): each trip on its cheapest option."""
        rows = (self.u_row, self.e_row)
        return cheapest_basis(
            self._costs, self.pair_trip, self.u0, self.z0, len(self._lp[1]), rows
        )

    def set_weight(self, per_dkk: float, per_kg: float) -> None:
        self.last = None  # its value was of the old weights
        self.weights = (per_dkk, per_kg)
        c = np.zeros(self.num_cols)
        c[: self.s_u] = per_dkk * self.cost + per_kg * self.co2e
        # the weighted costs are ~1e-6 a trip (shares of today's yearly total),
        # near HiGHS's 1e-7 tolerances: the LP runs on costs scaled so the dearest
        # trip option costs LP_SCALE, and values and duals are scaled back. The
        # penalties stay out of it: on city days most trips are over the km
        # limit, so a penalty-led scale left real options ~1e-3 apart and doubled
        # a cold solve's iterations (6.1-8.2 k -> 2.7-3.1 k, 3-4x less CPU)
        top = float(np.abs(c[: self.s_u]).max()) if self.s_u else 0.0
        penalty = per_dkk * PENALTY_DKK
        c[self.u0 : self.s_u][self.long] += penalty
        c[self.s_u] = penalty
        # a kg over the block's CO2e share: far dearer than any real trade-off
        c[self.s_e] = penalty / 10.0
        self.scale = LP_SCALE / top if top > 0 else 1.0
        self._costs = c * self.scale
        if self.h is not None:
            self.h.changeColsCost(
                self.num_cols, np.arange(self.num_cols, dtype=np.int32), self._costs
            )

    def solve(
        self,
        n: tuple[int, ...],
        left: float | None,
        kg: float | None,
        steps: tuple[int, ...] | None = None,
        bounds: tuple[tuple[int, ...], tuple[int, ...]] | None = None,
    ) -> Answer:
        """V_d, its subgradient at (n, N_d, E_d) and the answer's figures; None =
        that row is off. With ``steps`` also the probes n ± steps[t]·e_t (within
        the master's ``bounds`` on n) where they can change V_d: n − s where the
        answer does not fit (its peak on t is above n_t − s), n + s where t's
        capacity has a price. Elsewhere V_d(probe) = V_d(n): the answer still
        fits, or V_d is non-increasing in n_t and its cut's slope on t is 0."""
        h = self._highs()
        self._set_counts(h, n)
        h.changeRowBounds(self.u_row, -_INF, _INF if left is None else left)
        h.changeRowBounds(self.e_row, -_INF, _INF if kg is None else kg)
        cut, x = self._run(h, left, kg)
        self.cold = False
        if self.h is None:
            self.basis = h.getBasis()
        # vehicles of each class the answer keeps busy at its peak (n − least idle)
        self.used = np.zeros(self.m)
        for t, (a, b) in zip(self.flow_class, self.z_ranges, strict=True):
            self.used[t] = n[t] - float(x[a:b].min())
        figures = self._figures(x)
        self.last = (left, kg, cut.value, figures)
        probes: dict[tuple[int, int], tuple[Cut, Figures]] = {}
        if steps is not None and bounds is not None:
            for t in self.flow_class:
                for sign in (-1, 1):
                    to = n[t] + sign * steps[t]
                    if steps[t] <= 0 or not bounds[0][t] <= to <= bounds[1][t]:
                        continue
                    if sign < 0 and self.used[t] <= to + 1e-9:
                        continue
                    if sign > 0 and cut.g_n[t] > -1e-12:
                        continue
                    point = tuple(to if s == t else c for s, c in enumerate(n))
                    self._set_counts(h, point)
                    p_cut, p_x = self._run(h, left, kg)
                    probes[(t, sign)] = (p_cut, self._figures(p_x))
            if probes and self.h is not None:
                self._set_counts(h, n)  # a live model stays at the master's n
        return Answer(cut, figures, probes)

    def _set_counts(self, h: highspy.Highs, n: tuple[int, ...]) -> None:
        if n != self.last_n and len(self.first_rows):
            ub = np.array(n, dtype=np.float64)[self.flow_class]
            h.changeRowsBounds(len(self.first_rows), self.first_rows, -ub, -ub)
            self.last_n = n

    def _run(
        self, h: highspy.Highs, left: float | None, kg: float | None
    ) -> tuple[Cut, FloatArray]:
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            h.clearSolver()
            h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"block LP ended {h.getModelStatus()}")
        sol = h.getSolution()
        dual = np.asarray(sol.row_dual) / self.scale
        g_n = np.zeros(self.m)
        if len(self.first_rows):
            # the row says −(Σ starts) − z_0 = −n: ∂V/∂n is minus its dual
            g_n[self.flow_class] = -dual[self.first_rows]
        cut = Cut(
            value=float(h.getInfo().objective_function_value) / self.scale,
            g_n=g_n,
            g_u=float(dual[self.u_row]) if left is not None else 0.0,
            g_e=float(dual[self.e_row]) if kg is not None else 0.0,
        )
        return cut, np.asarray(sol.col_value)

    def _figures(self, x: FloatArray) -> Figures:
        u = x[self.u0 : self.s_u]
        gone = u > 0.5
        return Figures(
            cost_dkk=float(self.cost @ x[: self.s_u]),
            co2e_kg=float(self.co2e @ x[: self.s_u]),
            unallocated=int(gone.sum()),
            external_dkk=float(self.cost[self.u0 :] @ u),
            longest_km=float(self.km[gone].max()) if gone.any() else 0.0,
        )

    def adopt(
        self,
        left: float | None,
        kg: float | None,
        answer: Answer,
        used: FloatArray,
        basis: highspy.HighsBasis | None,
    ) -> None:
        """Take the answer of this block solved elsewhere (``block_parts``) as
        if ``solve`` had computed it here."""
        self.last = (left, kg, answer.cut.value, answer.figures)
        self.used = used
        self.basis = basis
        self.cold = False

    def still_optimal(
        self, n: tuple[int, ...], left: float | None, kg: float | None, theta: float
    ) -> tuple[float, Figures] | None:
        """The last value and answer when they hold at n without a solve: the
        answer still fits (n covers its peaks, same N_d and E_d), so V_d(n) is at
        most its value (an upper estimate; exact when no n_t grew), and the
        master's θ_d already reaches that value, so no cut is violated."""
        if self.last is None or self.last[:2] != (left, kg):
            return None
        value, figures = self.last[2], self.last[3]
        fits = bool(np.all(np.array(n, dtype=np.float64) >= self.used - 1e-9))
        if not fits or theta < value - 1e-9 * max(1.0, abs(value)):
            return None
        return value, figures
