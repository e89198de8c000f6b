"""The arrays and HiGHS model of one block's LP, built once (``blocks.BlockLP``
sets its costs and right-hand sides and solves it)."""

from __future__ import annotations

import math

import highspy
import numpy as np
import numpy.typing as npt

from fleetplan.optimise.block_answer import Figures
from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.params import OptimiseParams
from fleetplan.simulate.highs_model import new_highs
from fleetplan.simulate.load_flow import checkpoint_rows, events

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_INF = math.inf


class BlockLPBuild:
    """One block's LP as built: columns x per feasible (trip, class) pair, u per
    trip, the two penalised slacks (unallocated beyond N_d, CO2e beyond E_d), then
    z per class and event; rows each trip once, each class's flow, N_d and E_d."""

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
