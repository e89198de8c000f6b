"""The two steps of a Benders round (``benders.DecomposedModel``): the master's
answer (within a trust region or not) and the block LPs' cuts at a point."""

from __future__ import annotations

import math
import time

import numpy as np
import numpy.typing as npt

from fleetplan.optimise.benders_round import Evaluated, TrustRegion
from fleetplan.optimise.block_parts import BlockPool, Point
from fleetplan.optimise.blocks import BlockLP
from fleetplan.optimise.master import Master
from fleetplan.optimise.params import OptimiseParams

FloatArray = npt.NDArray[np.float64]
_INF = math.inf


class BendersSteps:
    """The master and block steps; ``DecomposedModel`` sets these attributes."""

    blocks: list[BlockLP]
    master: Master
    pool: BlockPool
    params: OptimiseParams
    cap_kg: float | None
    lp_solves: int
    master_s: float
    box_bound: float
    min_solve_s: float

    def _cut_at(
        self,
        counts: tuple[int, ...],
        left: FloatArray | None,
        kg: FloatArray | None,
        theta: FloatArray | None = None,
        deadline: float = _INF,
        only: list[int] | None = None,
        steps: tuple[int, ...] | None = None,
    ) -> Evaluated | None:
        """Solve the blocks (``only`` these, default all) at the point and at its
        probes (``steps``, see ``BlockLP.solve``); add every probe cut and the
        cuts at the point that the master's θ violates (all, without θ).
        Returns the totals of the points every block is known at, or None when
        the deadline came first (the cuts found so far are still added). The
        block LPs run in ``self.pool``."""
        n_hat = np.array(counts, dtype=np.float64)
        todo_blocks = range(len(self.blocks)) if only is None else only
        rhs = {
            d: (
                None if left is None else float(left[d]),
                None if kg is None else float(kg[d]),
            )
            for d in todo_blocks
        }
        kept = {
            d: None
            if theta is None
            else self.blocks[d].still_optimal(counts, *rhs[d], float(theta[d]))
            for d in todo_blocks
        }
        todo = [d for d in todo_blocks if kept[d] is None]
        began = time.perf_counter()
        point = Point(
            counts,
            {d: rhs[d][0] for d in todo},
            {d: rhs[d][1] for d in todo},
            steps,
            self.master.n_bounds,
        )
        solved = self.pool.solve(self.blocks, todo, point, deadline)
        out = Evaluated(counts, steps)
        rows = []
        probe_rows = []
        for d in todo_blocks:
            block = self.blocks[d]
            if (known := kept[d]) is not None:
                out.add(d, known[0], known[1], block, {}, {})
                continue
            if (answer := solved[d]) is None:
                out.complete = False
                continue
            self.lp_solves += 1 + len(answer.probes)
            cut = answer.cut
            slack = 1e-9 * max(1.0, abs(cut.value))
            if theta is None or cut.value > theta[d] + slack:
                rows.append(self.master.cut_row(d, cut, n_hat, *rhs[d]))
            for (t, sign), (p_cut, _) in answer.probes.items():
                point = n_hat.copy()
                point[t] += sign * (steps or ())[t]
                probe_rows.append(self.master.cut_row(d, p_cut, point, *rhs[d]))
            values = {k: p_cut.value for k, (p_cut, _) in answer.probes.items()}
            out.add(d, cut.value, answer.figures, block, answer.probes, values)
        out.violated = len(rows)
        self.master.add_rows("cut", rows + probe_rows)
        out.cuts = len(rows) + len(probe_rows)
        if not out.complete:
            return None
        if only is None:
            self.min_solve_s = time.perf_counter() - began
        return out

    def _master(self, time_left_s: float, tol: float) -> FloatArray | None:
        began = time.perf_counter()
        try:
            return self._run_master(time_left_s, tol)
        finally:
            self.master_s += time.perf_counter() - began

    def _run_master(self, time_left_s: float, tol: float) -> FloatArray | None:
        h = self.master.h
        h.setOptionValue("time_limit", float(max(0.1, time_left_s)))
        h.setOptionValue("mip_rel_gap", tol / 2.0)
        h.run()
        if h.getInfo().primal_solution_status != 2:
            return None
        return np.asarray(h.getSolution().col_value)

    def _point(
        self, x: FloatArray
    ) -> tuple[tuple[int, ...], FloatArray | None, FloatArray | None, FloatArray]:
        mst = self.master
        n_left = (
            np.round(x[mst.left0 : mst.kg0])
            if self.params.max_unallocated is not None
            else None
        )
        n_kg = x[mst.kg0 :] if self.cap_kg is not None else None
        return mst.counts_of(x), n_left, n_kg, x[mst.theta0 : mst.left0]

    def _boxed(
        self, region: TrustRegion, time_left_s: float, tol: float
    ) -> FloatArray | None:
        """The master's answer within the trust region (unboxed if none fits)."""
        self.master.set_box(region.box())
        try:
            x = self._master(time_left_s, tol)
            self.box_bound = float(self.master.h.getInfo().mip_dual_bound)
        finally:
            self.master.set_box(None)
        return x if x is not None or region.center is None else region.x
