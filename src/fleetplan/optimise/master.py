"""The Benders master: counts and one value estimate θ_d per time block.

Columns: ``y[t,k]`` (as in ``milp``: the class holds at least k vehicles, but
continuous), ``n_t = Σ_k y[t,k]`` (integral), ``θ_d``, ``N_d`` (integral share of
the unallocated trips, ``Σ N_d <= N``) and ``E_d`` (share of a CO2e cap,
``Σ E_d <= cap``; fixed at the block's most CO2e while no cap is set). Objective:
weighted fixed cost (and production CO2e) + Σ θ_d, subject to kept vehicles, max
new vehicles, the fossil-free share, no-good cuts and the optimality cuts of the
blocks (``blocks.Cut``). Cuts hold for one weight only; no-goods until ``reset``.

Only n_t (and N_d) are integral where a class's fixed costs rise with k beyond its
kept vehicles (today's cheapest first, then added ones at the candidate's cost):
for an integral n_t the cheapest y is then integral too. A class whose costs do not
rise (``free`` adds current models at a typical, not the dearest, cost) keeps binary
y. That leaves a handful of integers instead of one binary per vehicle (5,000 at
2,000 vehicles). A no-good therefore says "some n_t is above or below" with two
binaries per class (``exclude``).

Piece columns: ``master_pieces``.
"""

from __future__ import annotations

import itertools
import math

import highspy
import numpy as np
import numpy.typing as npt

from fleetplan.optimise.blocks import Cut
from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.master_pieces import cost_pieces
from fleetplan.optimise.params import OptimiseParams
from fleetplan.simulate.highs_model import new_highs

FloatArray = npt.NDArray[np.float64]
Row = tuple[list[int], list[float], float, float]
_INF = math.inf


class Master:
    def __init__(
        self, inst: MixInstance, params: OptimiseParams, max_kg: FloatArray
    ) -> None:
        self.inst = inst
        self.m = m = len(inst.classes)
        self.num_blocks = d = len(max_kg)
        self.max_kg = max_kg
        self.uppers = np.array([c.upper for c in inst.classes], dtype=np.int64)
        # the range of each n_t (kept vehicles .. upper): probes stay inside
        self.n_bounds = (
            tuple(c.keep_count for c in inst.classes),
            tuple(int(u) for u in self.uppers),
        )
        self.y_start = np.concatenate(([0], np.cumsum(self.uppers)[:-1])).astype(
            np.int64
        )
        # per piece column: class, first vehicle k (1-based), length
        self.binary = [
            bool(np.any(np.diff(c.fixed_dkk[c.keep_count :]) < 0)) for c in inst.classes
        ]
        self.pieces = cost_pieces(inst, self.binary)
        self.n0 = len(self.pieces)
        self.theta0 = self.n0 + m
        self.left0 = self.theta0 + d
        self.kg0 = self.left0 + d
        self.num_cols = self.kg0 + d
        self.fixed = np.concatenate(
            [np.array(c.fixed_dkk, dtype=np.float64) for c in inst.classes] or [[]]
        )
        self.production = np.concatenate(
            [np.full(c.upper, c.production_co2e_kg_per_year) for c in inst.classes]
            or [[]]
        )
        self.row_kind: list[str] = []
        self.excluded: set[tuple[int, ...]] = set()
        self.max_new = params.max_new_vehicles
        self.fossil_share = params.fossil_free_share
        self.h = new_highs()
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("random_seed", 0)
        # an n_t off by the default 1e-6 moves θ by its cuts' slope (about one
        # vehicle's weighted cost): enough to stall the loop short of the optimum
        self.h.setOptionValue("mip_feasibility_tolerance", 1e-9)
        self._build(params)

    def y(self, t: int, k: int) -> int:
        """Index of y[t,k] (k = 1..upper) in the per-vehicle arrays."""
        return int(self.y_start[t]) + k - 1

    def add_rows(self, kind: str, rows: list[Row]) -> None:
        if not rows:
            return
        starts, index, value, lo, hi = [], [], [], [], []
        nnz = 0
        for cols, vals, a, b in rows:
            starts.append(nnz)
            index.extend(cols)
            value.extend(vals)
            lo.append(a)
            hi.append(b)
            nnz += len(cols)
        self.h.addRows(
            len(rows),
            np.array(lo),
            np.array(hi),
            nnz,
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, dtype=np.float64),
        )
        self.row_kind.extend([kind] * len(rows))

    def delete(self, kind: str) -> None:
        gone = [r for r, k in enumerate(self.row_kind) if k == kind]
        if gone:
            self.h.deleteRows(len(gone), np.array(gone, dtype=np.int32))
            self.row_kind = [k for k in self.row_kind if k != kind]

    def count(self, kind: str) -> int:
        return sum(1 for k in self.row_kind if k == kind)

    def _build(self, params: OptimiseParams) -> None:
        inst, h = self.inst, self.h
        lower = np.zeros(self.num_cols)
        upper = np.ones(self.num_cols)
        upper[self.n0 : self.theta0] = self.uppers
        upper[self.theta0 : self.left0] = _INF
        left = params.max_unallocated
        upper[self.left0 : self.kg0] = 0.0 if left is None else float(left)
        lower[self.kg0 :] = upper[self.kg0 :] = self.max_kg
        cls_of = np.array([p[0] for p in self.pieces], dtype=np.int64)
        first = np.array([p[1] for p in self.pieces], dtype=np.int64)
        length = np.array([p[2] for p in self.pieces], dtype=np.float64)
        upper[: self.n0] = length
        keep = np.array([inst.classes[t].keep_count for t in cls_of], dtype=np.int64)
        lower[: self.n0] = np.where(first <= keep, length, 0.0)
        h.addVars(self.num_cols, lower, upper)
        # y stays binary in a class whose costs do not rise (the LP would pick
        # a cheaper later instance over an earlier one)
        binary_y = np.flatnonzero([self.binary[t] for t in cls_of]).astype(np.int32)
        integer = np.concatenate(
            (
                binary_y,
                np.arange(self.n0, self.theta0, dtype=np.int32),
                np.arange(self.left0, self.kg0, dtype=np.int32),
            )
        )
        h.changeColsIntegrality(
            len(integer), integer, np.full(len(integer), highspy.HighsVarType.kInteger)
        )
        rows: list[Row] = []
        for t in range(self.m):
            cols = np.flatnonzero(cls_of == t).tolist()
            if self.binary[t]:
                chain = itertools.pairwise(cols)
                rows += [([b, a], [1.0, -1.0], -_INF, 0.0) for a, b in chain]
            rows.append(([*cols, self.n0 + t], [1.0] * len(cols) + [-1.0], 0.0, 0.0))
        if left is not None:
            cols = list(range(self.left0, self.kg0))
            rows.append((cols, [1.0] * len(cols), -_INF, float(left)))
        if params.max_new_vehicles is not None:
            today = np.array([inst.classes[t].current_count for t in cls_of])
            new = np.flatnonzero(first > today).tolist()
            rows.append((new, [1.0] * len(new), -_INF, float(params.max_new_vehicles)))
        if params.fossil_free_share > 0:
            share = [
                float(inst.classes[t].fossil_free) - params.fossil_free_share
                for t in cls_of
            ]
            rows.append((list(range(self.n0)), share, -1e-9, _INF))
        self.add_rows("fixed", rows)
        self.cap_row = len(self.row_kind)
        cols = list(range(self.kg0, self.num_cols))
        self.add_rows("fixed", [(cols, [1.0] * len(cols), -_INF, _INF)])

    def set_weight(self, per_dkk: float, per_kg: float) -> None:
        """New objective; the cuts of another weight are dropped (not valid)."""
        self.delete("cut")
        c = np.zeros(self.num_cols)
        # a piece's vehicles cost the same: its first vehicle's cost per unit
        first = [self.y(t, k) for t, k, _ in self.pieces]
        c[: self.n0] = per_dkk * self.fixed[first] + per_kg * self.production[first]
        c[self.theta0 : self.left0] = 1.0
        self.h.changeColsCost(
            self.num_cols, np.arange(self.num_cols, dtype=np.int32), c
        )
        # early-termination costs of every leased vehicle that may go, paid for
        # those not held (``optimise.contracts``; y costs fixed minus it)
        removal = sum(cls.removal_total_dkk for cls in self.inst.classes)
        self.h.changeObjectiveOffset(per_dkk * removal)

    def set_theta_costs(self, costs: FloatArray) -> None:
        """Weights of the blocks' θ (1 = the model; a sample's seed weighs some)."""
        idx = np.arange(self.theta0, self.left0, dtype=np.int32)
        self.h.changeColsCost(len(idx), idx, np.asarray(costs, dtype=np.float64))

    def set_box(self, box: tuple[list[int], list[int]] | None) -> None:
        """Bounds on each n_t (a trust region; None = 0..upper)."""
        idx = np.arange(self.n0, self.theta0, dtype=np.int32)
        lo = np.zeros(self.m) if box is None else np.maximum(0.0, box[0])
        hi = self.uppers if box is None else np.minimum(self.uppers, box[1])
        self.h.changeColsBounds(
            self.m, idx, lo.astype(np.float64), hi.astype(np.float64)
        )

    def set_co2e_cap(self, cap_kg: float | None) -> None:
        idx = np.arange(self.kg0, self.num_cols, dtype=np.int32)
        lower = np.zeros(self.num_blocks) if cap_kg is not None else self.max_kg
        self.h.changeColsBounds(len(idx), idx, lower, self.max_kg)
        self.h.changeRowBounds(self.cap_row, -_INF, _INF if cap_kg is None else cap_kg)

    def fixed_value(
        self, counts: tuple[int, ...], per_dkk: float, per_kg: float
    ) -> float:
        y = self.held(counts)
        return float((per_dkk * self.fixed + per_kg * self.production) @ y)

    def held(self, counts: tuple[int, ...]) -> FloatArray:
        """The y columns of ``counts`` (1 for each vehicle held)."""
        y = np.zeros(int(self.uppers.sum()))
        for t, c in enumerate(counts):
            y[self.y(t, 1) : self.y(t, 1) + c] = 1.0
        return y

    def cut_row(
        self, d: int, cut: Cut, n_hat: FloatArray, left: float | None, kg: float | None
    ) -> Row:
        """θ_d − g·n − g_u N_d − g_e E_d >= V − g·n̂ − g_u N̂ − g_e Ê."""
        rhs = cut.value - float(cut.g_n @ n_hat)
        cols = [self.theta0 + d]
        vals = [1.0]
        for t in np.flatnonzero(np.abs(cut.g_n) > 1e-12):
            cols.append(self.n0 + int(t))
            vals.append(-float(cut.g_n[t]))
        if left is not None and abs(cut.g_u) > 1e-12:
            cols.append(self.left0 + d)
            vals.append(-cut.g_u)
            rhs -= cut.g_u * left
        if kg is not None and abs(cut.g_e) > 1e-12:
            cols.append(self.kg0 + d)
            vals.append(-cut.g_e)
            rhs -= cut.g_e * kg
        return (cols, vals, rhs, _INF)

    def exclude(self, counts: tuple[int, ...]) -> None:
        """No-good: some class's count differs from ``counts``. Binaries a_t
        (n_t >= c_t + 1) and b_t (n_t <= c_t − 1), at least one of them on."""
        rows: list[Row] = []
        pick: list[int] = []
        for t, c in enumerate(counts):
            upper = int(self.uppers[t])
            n = self.n0 + t
            if c < upper:  # n_t − (c + 1) a_t >= 0
                pick.append(self._binary())
                rows.append(([n, pick[-1]], [1.0, -(c + 1.0)], 0.0, _INF))
            if c > 0:  # n_t + (upper − c + 1) b_t <= upper
                pick.append(self._binary())
                rows.append(([n, pick[-1]], [1.0, upper - c + 1.0], -_INF, upper))
        rows.append((pick, [1.0] * len(pick), 1.0, _INF))
        self.add_rows("nogood", rows)
        self.excluded.add(tuple(counts))

    def _binary(self) -> int:
        col = int(self.h.getNumCol())
        self.h.addVar(0.0, 1.0)
        self.h.changeColIntegrality(col, highspy.HighsVarType.kInteger)
        return col

    def drop_nogoods(self) -> None:
        """Remove every no-good row and its binaries (the last columns)."""
        self.delete("nogood")
        self.excluded.clear()
        extra = int(self.h.getNumCol()) - self.num_cols
        if extra:
            idx = np.arange(self.num_cols, self.num_cols + extra, dtype=np.int32)
            self.h.deleteCols(extra, idx)

    def admits(self, counts: tuple[int, ...]) -> bool:
        """Whether ``counts`` meets the master's rows on counts (a probe's fleet
        may be an incumbent only then): bounds, kept, max new, fossil-free share,
        no-goods."""
        classes = self.inst.classes
        if counts in self.excluded or any(
            not c.keep_count <= n <= c.upper
            for n, c in zip(counts, classes, strict=True)
        ):
            return False
        new = sum(
            max(0, n - c.current_count) for n, c in zip(counts, classes, strict=True)
        )
        if self.max_new is not None and new > self.max_new:
            return False
        share = sum(
            (float(c.fossil_free) - self.fossil_share) * n
            for n, c in zip(counts, classes, strict=True)
        )
        return self.fossil_share <= 0 or share >= -1e-9

    def counts_of(self, x: FloatArray) -> tuple[int, ...]:
        return tuple(round(float(x[self.n0 + t])) for t in range(self.m))
