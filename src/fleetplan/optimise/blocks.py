"""Time blocks of a fleet-mix instance and each block's LP (the Benders subproblem).

Once the counts are fixed, trips in different *time components* (groups of trips
whose busy intervals chain together on some class; between them no vehicle is
busy) never compete for a vehicle, so the class model of ``milp`` splits into one
problem per component. Components are merged in time order into blocks of at least
``MIN_BLOCK_TRIPS`` trips.

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
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt

from fleetplan.optimise.block_crash import cheapest_basis
from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.params import OptimiseParams
from fleetplan.simulate.highs_model import new_highs
from fleetplan.simulate.load_flow import checkpoint_rows, events

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_INF = math.inf

MIN_BLOCK_TRIPS = 40
# what a trip left beyond the service level costs in a block LP (dkk/yr, weighted
# like cost): more than any vehicle, so the master prefers holding one
PENALTY_DKK = 1.0e6
# the dearest trip option's cost in a block LP after scaling (see ``set_weight``)
LP_SCALE = 100.0


def class_intervals(inst: MixInstance) -> list[tuple[FloatArray, FloatArray]]:
    """Busy ``[start, end)`` of every trip on each class (its first type)."""
    return [inst.problem.busy_intervals(c.types[0]) for c in inst.classes]


def time_blocks(inst: MixInstance, min_trips: int | None = None) -> list[IntArray]:
    """Trip indices of each block (components in time order, merged to at least
    ``min_trips`` trips, default ``MIN_BLOCK_TRIPS``; the last may be smaller)."""
    min_trips = MIN_BLOCK_TRIPS if min_trips is None else min_trips
    p = inst.problem
    if p.num_trips == 0:
        return []
    start = p.trips.start_min - (p.busy_before_min.max(axis=1) if p.num_types else 0.0)
    end = p.trips.end_min + (p.busy_after_min.max(axis=1) if p.num_types else 0.0)
    start, end = np.round(start, 6), np.round(end, 6)
    order = np.lexsort((end, start))
    running = np.maximum.accumulate(end[order])
    cuts = np.flatnonzero(start[order][1:] >= running[:-1]) + 1
    blocks: list[IntArray] = []
    current: list[IntArray] = []
    size = 0
    for part in np.split(order, cuts):
        current.append(part)
        size += len(part)
        if size >= min_trips:
            blocks.append(np.sort(np.concatenate(current)))
            current, size = [], 0
    if current:
        blocks.append(np.sort(np.concatenate(current)))
    return blocks


@dataclass(frozen=True, slots=True)
class Cut:
    """``θ >= value + Σ_t g_n[t] (n_t − n̂_t) + g_u (N − N̂) + g_e (E − Ê)``."""

    value: float
    g_n: FloatArray
    g_u: float
    g_e: float


@dataclass(frozen=True, slots=True)
class Figures:
    """Yearly figures of a block LP's answer (summed over blocks for a fleet)."""

    cost_dkk: float
    co2e_kg: float
    unallocated: int
    external_dkk: float
    longest_km: float


@dataclass(frozen=True, slots=True)
class Answer:
    """A block's cut and figures at n, and at each probe n ± step_t·e_t that it
    solved (key (t, ±1)); a probe not solved has n's value (see ``solve``)."""

    cut: Cut
    figures: Figures
    probes: dict[tuple[int, int], tuple[Cut, Figures]]


class BlockLP:
    """One block's LP; its right-hand sides change with the master's answer.

    Columns: x per feasible (trip, class) pair, u per trip, the two penalised
    slacks (unallocated beyond N_d, CO2e beyond E_d), then z per class and event.
    """

    def __init__(
        self,
        inst: MixInstance,
        params: OptimiseParams,
        trips: IntArray,
        intervals: list[tuple[FloatArray, FloatArray]],
        *,
        live: bool = True,
    ) -> None:
        self.trips = trips
        self.live = live
        self.basis: highspy.HighsBasis | None = None
        self._costs = np.zeros(0)
        self.m = len(inst.classes)
        nb = len(trips)
        feas = inst.feasible[trips].copy()
        for t, cls in enumerate(inst.classes):
            if cls.upper == 0:
                feas[:, t] = False
        # pairs ordered by class, so each class's x columns are one run
        self.pair_type, self.pair_trip = np.nonzero(feas.T)
        num_x = len(self.pair_trip)
        self.u0 = num_x
        self.s_u = num_x + nb
        self.s_e = self.s_u + 1
        self.z0 = self.s_e + 1
        a = inst.annual
        gi = trips[self.pair_trip]
        self.cost = np.concatenate(
            (
                a * inst.trip_cost_dkk[gi, self.pair_type],
                a * inst.external_cost_dkk[trips],
            )
        )
        self.co2e = np.concatenate(
            (
                a * inst.trip_co2e_kg[gi, self.pair_type],
                a * inst.external_co2e_kg[trips],
            )
        )
        limit = params.max_undriven_km
        km = inst.problem.trips.distance_km[trips]
        self.km = km
        self.long = km > limit + 1e-9 if limit is not None else np.zeros(nb, bool)
        # the most CO2e the block can emit: its E_d never needs to be larger
        worst = np.zeros(nb)
        np.maximum.at(worst, self.pair_trip, self.co2e[:num_x])
        self.max_co2e = float(np.maximum(worst, self.co2e[self.u0 :]).sum())
        self.cold = True  # not solved yet: the first solve starts from a crash basis
        self._build(feas, trips, intervals)
        self.last_n: tuple[int, ...] | None = None
        # the last answer, for ``still_optimal``
        self.last: tuple[float | None, float | None, float, Figures] | None = None
        self.used = np.zeros(self.m)
        self.scale = 1.0  # LP cost per weighted unit (``set_weight``)
        self.weights: tuple[float, float] | None = None  # of ``set_weight``

    def _build(
        self,
        feas: npt.NDArray[np.bool_],
        trips: IntArray,
        intervals: list[tuple[FloatArray, FloatArray]],
    ) -> None:
        nb, num_x = len(trips), self.u0
        rows_r: list[IntArray] = []  # (row, column, value) triplets
        rows_c: list[IntArray] = []
        rows_v: list[FloatArray] = []
        lo: list[FloatArray] = []
        # every trip driven once or left
        rows_r += [self.pair_trip, np.arange(nb)]
        rows_c += [np.arange(num_x), self.u0 + np.arange(nb)]
        rows_v += [np.ones(num_x), np.ones(nb)]
        lo.append(np.ones(nb))
        row0 = nb
        col = self.z0
        first_rows: list[int] = []
        self.flow_class: list[int] = []
        self.z_ranges: list[tuple[int, int]] = []
        for t in range(self.m):
            xs = np.flatnonzero(self.pair_type == t)
            if len(xs) == 0:
                continue
            local = self.pair_trip[xs]
            start, end = intervals[t]
            ev = checkpoint_rows(events(start[trips[local]], end[trips[local]]))
            e = ev.count
            # row e: z_{e-1} + Σ ends − Σ starts − z_e = 0; row 0 holds z_{-1} = n
            busy = ev.start_event != ev.end_event  # an empty interval holds nothing
            xs_b = xs[busy]
            rows_r += [row0 + ev.start_event[busy], row0 + ev.end_event[busy]]
            rows_c += [xs_b, xs_b]
            rows_v += [-np.ones(len(xs_b)), np.ones(len(xs_b))]
            rows_r += [row0 + np.arange(e), row0 + np.arange(1, e)]
            rows_c += [col + np.arange(e), col + np.arange(e - 1)]
            rows_v += [-np.ones(e), np.ones(e - 1)]
            lo.append(np.zeros(e))
            first_rows.append(row0)
            self.flow_class.append(t)
            self.z_ranges.append((col, col + e))
            row0 += e
            col += e
        self.first_rows = np.array(first_rows, dtype=np.int32)
        self.u_row, self.e_row = row0, row0 + 1
        us = self.u0 + np.arange(nb)
        rows_r += [np.full(nb + 1, self.u_row), np.full(self.s_u + 1, self.e_row)]
        rows_c += [np.append(us, self.s_u), np.append(np.arange(self.s_u), self.s_e)]
        rows_v += [np.append(np.ones(nb), -1.0), np.append(self.co2e, -1.0)]
        lo.append(np.full(2, -_INF))
        self.num_cols = col
        num_rows = row0 + 2
        lower = np.concatenate(lo)
        upper = lower.copy()
        upper[self.u_row :] = _INF
        r = np.concatenate(rows_r)
        c = np.concatenate(rows_c)
        v = np.concatenate(rows_v)
        order = np.lexsort((c, r))
        r, c, v = r[order], c[order], v[order]
        starts = np.searchsorted(r, np.arange(num_rows)).astype(np.int32)
        col_upper = np.ones(col)
        col_upper[self.s_u :] = _INF
        self._lp = (col_upper, lower, upper, starts, c.astype(np.int32), v)
        self.h: highspy.Highs | None = self._new_highs() if self.live else None

    def _new_highs(self) -> highspy.Highs:
        col_upper, lower, upper, starts, index, value = self._lp
        h = new_highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("presolve", "off")  # re-solved warm: presolve only costs
        h.addVars(self.num_cols, np.zeros(self.num_cols), col_upper)
        h.addRows(len(lower), lower, upper, len(value), starts, index, value)
        self.last_n = None  # its flow rows hold no count yet
        return h

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
