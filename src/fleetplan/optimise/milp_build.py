"""The fleet-mix MILP on HiGHS, built once and re-solved with new weights and cuts.

Variables: ``x[i,t]`` (binary) = trip i driven by type t, for feasible pairs;
``u[i]`` (binary) = trip i left to its cheapest external option; ``y[t,k]``
(binary, k = 1..upper_t, ``y[t,k] >= y[t,k+1]``) = the type holds at least k
vehicles, so ``n_t = Σ_k y[t,k]`` and instance k costs ``fixed_dkk[t][k]``.

Constraints: every trip is driven once or left (``Σ_t x[i,t] + u[i] = 1``); for
every maximal overlap K of type t's busy intervals ``Σ_{i∈K} x[i,t] <= n_t`` -
exact, because interval graphs are perfect: trips fit on n identical vehicles iff
at most n of them overlap at any moment (singleton K make ``x[i,t] <= y[t,1]``);
service level ``Σ u <= N`` and ``u[i] = 0`` for trips longer than X km; external
budget; kept vehicles (``y[t,k] = 1`` for k <= kept); max new vehicles
``Σ_{k > today_t} y[t,k] <= M``; yearly budget; fossil-free share
``Σ (ff_t − P) n_t >= 0``; allowed km/year in aggregate per type. EV energy across
trips is not modelled here: solutions are verified by the exact allocation.

Yearly cost C = Σ fixed + annual × (Σ x·trip cost + Σ u·external cost) (+ the
early-termination cost of leased vehicles returned: ``optimise.contracts``; a
constant of every class's removal costs plus ``y[t,k]`` costing fixed − removal),
where trip
and external costs include energy and the societal CO2e cost; yearly CO2e E =
annual × (Σ x·CO2e + Σ u·external CO2e) (+ production ÷ life years per vehicle in
the life-cycle view). With a = weight/10 the objective is
``(1 − a + ε) C / C_ref + (a + ε) E / E_ref`` with ε = 0.01 (so weights 0 and 10 do
not pick a solution dominated in the other criterion) and C_ref, E_ref today's
values (``MixInstance``).
"""

from __future__ import annotations

import math

import highspy
import numpy as np
import numpy.typing as npt

from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.params import OptimiseParams
from fleetplan.simulate.highs_cancel import CancelToken, OnGap
from fleetplan.simulate.highs_model import new_highs

FloatArray = npt.NDArray[np.float64]
_INF = math.inf


class MixModelBuild:
    """The MILP of one instance as built (``milp.MixModel`` changes and solves it)."""

    def __init__(
        self,
        inst: MixInstance,
        params: OptimiseParams,
        *,
        integral_trips: bool = True,
        cancel: CancelToken | None = None,
        on_gap: OnGap | None = None,
    ) -> None:
        self.inst = inst
        self.cancel = cancel
        self.on_gap = on_gap
        self.abandoned = False
        self.min_solve_s = 0.0  # a solve can stop at any time (``benders`` cannot)
        self.integral_trips = integral_trips
        self.params = params
        n, m = inst.num_trips, len(inst.classes)
        self.pair_trip, self.pair_type = np.nonzero(inst.feasible)
        num_x = len(self.pair_trip)
        self.u0 = num_x
        self.y0 = num_x + n
        uppers = np.array([td.upper for td in inst.classes], dtype=np.int64)
        self.y_start = (
            self.y0 + np.concatenate(([0], np.cumsum(uppers)[:-1])).astype(np.int64)
            if m
            else np.zeros(0, dtype=np.int64)
        )
        self.uppers = uppers
        self.n0 = self.y0 + int(uppers.sum())
        self.num_cols = self.n0 + m
        # the removal cost of every vehicle of today: paid for those not held
        self.offset_dkk = float(sum(td.removal_total_dkk for td in inst.classes))
        a = inst.annual
        rows_i, cols_t = self.pair_trip, self.pair_type
        self.cost = np.concatenate(
            (
                a * inst.trip_cost_dkk[rows_i, cols_t],
                a * inst.external_cost_dkk,
                np.concatenate([np.array(td.fixed_dkk) for td in inst.classes] or [[]]),
                np.zeros(m),
            )
        )
        self.co2e = np.concatenate(
            (
                a * inst.trip_co2e_kg[rows_i, cols_t],
                a * inst.external_co2e_kg,
                np.concatenate(
                    [
                        np.full(td.upper, td.production_co2e_kg_per_year)
                        for td in inst.classes
                    ]
                    or [[]]
                ),
                np.zeros(m),
            )
        )
        self.h = new_highs()
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("random_seed", 0)
        self._build()

    # -- building -------------------------------------------------------------
    def _y(self, t: int, k: int) -> int:
        """Column of y[t,k] (k = 1..upper)."""
        return int(self.y_start[t]) + k - 1

    def _build(self) -> None:
        inst, params, p = self.inst, self.params, self.inst.problem
        n = inst.num_trips
        lower = np.zeros(self.num_cols)
        upper = np.ones(self.num_cols)
        limit_km = params.max_undriven_km
        if limit_km is not None:
            upper[self.u0 : self.u0 + n][p.trips.distance_km > limit_km + 1e-9] = 0.0
        for t, td in enumerate(inst.classes):
            for k in range(1, td.keep_count + 1):
                lower[self._y(t, k)] = 1.0
            upper[self.n0 + t] = float(td.upper)
        h = self.h
        h.addVars(self.num_cols, lower, upper)
        integer = np.arange(
            0 if self.integral_trips else self.y0, self.n0, dtype=np.int32
        )
        h.changeColsIntegrality(
            len(integer), integer, np.full(len(integer), highspy.HighsVarType.kInteger)
        )
        starts: list[int] = []
        index: list[npt.NDArray[np.int64]] = []
        value: list[FloatArray] = []
        lo: list[float] = []
        hi: list[float] = []
        nnz = 0

        def row(
            cols: npt.NDArray[np.int64], vals: FloatArray, a: float, b: float
        ) -> None:
            nonlocal nnz
            starts.append(nnz)
            index.append(cols)
            value.append(vals)
            lo.append(a)
            hi.append(b)
            nnz += len(cols)

        pair_index = {
            (int(i), int(t)): j
            for j, (i, t) in enumerate(zip(self.pair_trip, self.pair_type, strict=True))
        }
        by_trip: list[list[int]] = [[] for _ in range(n)]
        for j, i in enumerate(self.pair_trip.tolist()):
            by_trip[i].append(j)
        for i in range(n):
            cols = np.array([*by_trip[i], self.u0 + i], dtype=np.int64)
            row(cols, np.ones(len(cols)), 1.0, 1.0)
        for t, td in enumerate(inst.classes):
            for k in range(1, td.upper):
                row(
                    np.array([self._y(t, k + 1), self._y(t, k)], dtype=np.int64),
                    np.array([1.0, -1.0]),
                    -_INF,
                    0.0,
                )
            ys = np.arange(self._y(t, 1), self._y(t, 1) + td.upper, dtype=np.int64)
            # n_t = Σ_k y[t,k], so each overlap row holds one count column
            nt = np.array([self.n0 + t], dtype=np.int64)
            row(
                np.concatenate((ys, nt)),
                np.concatenate((np.ones(len(ys)), [-1.0])),
                0.0,
                0.0,
            )
            for clique in inst.cliques(t):
                xs = np.array([pair_index[(int(i), t)] for i in clique], dtype=np.int64)
                if td.upper == 0:
                    row(xs, np.ones(len(xs)), -_INF, 0.0)
                elif len(xs) == 1:
                    row(np.array([xs[0], ys[0]]), np.array([1.0, -1.0]), -_INF, 0.0)
                else:
                    cols = np.concatenate((xs, nt))
                    vals = np.concatenate((np.ones(len(xs)), [-1.0]))
                    row(cols, vals, -_INF, 0.0)
            allowed = td.allowed_km_per_year
            if params.limit_km and allowed and td.upper:
                xs = np.flatnonzero(self.pair_type == t)
                km = inst.annual * p.trips.distance_km[self.pair_trip[xs]]
                row(
                    np.concatenate((xs, nt)),
                    np.concatenate((km, [-allowed])),
                    -_INF,
                    0.0,
                )
        us = np.arange(self.u0, self.u0 + n, dtype=np.int64)
        if params.max_unallocated is not None:
            row(us, np.ones(n), -_INF, float(params.max_unallocated))
        if params.external_budget_dkk_per_year is not None:
            row(
                us,
                self.cost[self.u0 : self.y0],
                -_INF,
                params.external_budget_dkk_per_year,
            )
        y_all = np.arange(self.y0, self.n0, dtype=np.int64)
        if params.max_new_vehicles is not None:
            new = [
                self._y(t, k)
                for t, td in enumerate(inst.classes)
                for k in range(td.current_count + 1, td.upper + 1)
            ]
            row(
                np.array(new, dtype=np.int64),
                np.ones(len(new)),
                -_INF,
                params.max_new_vehicles,
            )
        if params.budget_dkk_per_year is not None:
            budget = params.budget_dkk_per_year - self.offset_dkk
            row(np.arange(self.num_cols), self.cost, -_INF, budget)
        if params.fossil_free_share > 0:
            share = np.concatenate(
                [
                    np.full(td.upper, float(td.fossil_free) - params.fossil_free_share)
                    for td in inst.classes
                ]
            )
            row(y_all, share, -1e-9, _INF)
        self.cap_row = len(lo)
        row(np.arange(self.num_cols), self.co2e, -_INF, _INF)
        h.addRows(
            len(lo),
            np.array(lo),
            np.array(hi),
            nnz,
            np.array(starts, dtype=np.int32),
            np.concatenate(index).astype(np.int32),
            np.concatenate(value),
        )
