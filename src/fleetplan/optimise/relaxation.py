"""The fleet-mix MILP's LP relaxation, kept warm: bounds and rounded fleets fast.

One HiGHS LP (``milp.MixModel`` with every column continuous) serves every weight,
CO2e cap and distinctness cut of a run: HiGHS re-solves from the last basis after
a cost, bound or row change, so a new weight or cut costs a few hundred simplex
iterations, not a fresh root LP as a MILP solve does. Its optimum is a lower bound
on every fleet the cuts allow (the MILP, itself a relaxation of the exact
allocation, is a restriction of it), which proves the gaps of the fleets a dive
finds. ``dive`` fixes one class count at a time (the most fractional class, to
the best by the LP of floor and ceiling, or of n − 1, n, n + 1 when n is whole
but its unary columns are not) and re-solves, so a fleet costs at most three LPs
per class; classes that look integral are left free, so a later rounding can
still move them.

Costs are scaled to kroner-like magnitudes (× today's cost) so HiGHS's absolute
tolerances (1e-7) are negligible against trip costs; values are scaled back.
"""

from __future__ import annotations

import math

import highspy
import numpy as np

from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.milp import MixModel, objective_weights
from fleetplan.optimise.params import OptimiseParams
from fleetplan.simulate.highs_cancel import CancelToken

# a count within this of an integer is taken as that integer
INTEGRAL_TOL = 1e-6
# relative safety margin on a reported LP bound (solver tolerances)
BOUND_MARGIN = 1e-7
Counts = tuple[int, ...]


def distance(a: Counts, b: Counts) -> int:
    """Vehicles added or removed to turn fleet ``a`` into ``b`` (L1 on counts)."""
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


def distance_row(
    model: MixModel, counts: Counts, at_least: int
) -> tuple[list[int], list[float], float]:
    """``distance(n, counts) >= at_least`` as one row over the unary ``y`` columns.

    With ``y[t,k]`` non-increasing in k, Σ_{k>c} y[t,k] = max(0, n − c) and
    Σ_{k<=c} (1 − y[t,k]) = max(0, c − n), so their sum is |n − c|: the row is
    Σ_t (Σ_{k>c_t} y − Σ_{k<=c_t} y) >= at_least − Σ_t c_t (``exclude`` is
    ``at_least`` = 1).
    """
    cols: list[int] = []
    vals: list[float] = []
    for t, c in enumerate(counts):
        upper = int(model.uppers[t])
        for k in range(1, upper + 1):
            cols.append(model._y(t, k))
            vals.append(1.0 if k > c else -1.0)
    return cols, vals, float(at_least - sum(counts))


class Relaxation:
    """The LP relaxation of ``MixModel``, re-solved warm across changes."""

    def __init__(
        self,
        inst: MixInstance,
        params: OptimiseParams,
        cancel: CancelToken | None = None,
    ) -> None:
        self.inst = inst
        # the token stops a running LP too (its solves can take seconds)
        self.model = MixModel(inst, params, integral_trips=False, cancel=cancel)
        h = self.model.h
        cols = np.arange(self.model.y0, self.model.n0, dtype=np.int32)
        h.changeColsIntegrality(
            len(cols), cols, np.full(len(cols), highspy.HighsVarType.kContinuous)
        )
        lp = h.getLp()
        self._lower = np.asarray(lp.col_lower_, dtype=np.float64).copy()
        self._upper = np.asarray(lp.col_upper_, dtype=np.float64).copy()
        self.scale = inst.ref_cost_dkk
        self.weight = 0.0
        self.solves = 0

    # -- changes --------------------------------------------------------------
    def set_weight(self, weight: float) -> None:
        m = self.model
        if m.abandoned:
            return
        per_dkk, per_kg = objective_weights(weight, self.inst)
        c = self.scale * (per_dkk * m.cost + per_kg * m.co2e)
        m.h.changeColsCost(m.num_cols, np.arange(m.num_cols, dtype=np.int32), c)
        # the early-termination costs' constant (``optimise.contracts``)
        m.h.changeObjectiveOffset(self.scale * per_dkk * m.offset_dkk)
        self.weight = weight

    def set_co2e_cap(self, cap_kg: float | None) -> None:
        self.model.set_co2e_cap(cap_kg)

    def mark(self) -> int:
        return self.model.mark()

    def reset(self, mark: int) -> None:
        self.model.reset(mark)

    def basis(self) -> highspy.HighsBasis | None:
        """The last solve's basis (a copy), for ``restore`` with the same rows."""
        if self.model.abandoned:
            return None
        basis = self.model.h.getBasis()
        return basis if basis.valid else None

    def restore(self, basis: highspy.HighsBasis) -> None:
        """Start the next solve from ``basis`` (taken with the rows there now)."""
        if not self.model.abandoned:
            self.model.h.setBasis(basis)

    def keep_apart(self, counts: Counts, at_least: int) -> None:
        """Only fleets at least ``at_least`` vehicles from ``counts``."""
        cols, vals, lower = distance_row(self.model, counts, at_least)
        self.model._add_cut(cols, vals, lower)

    # -- solving --------------------------------------------------------------
    def _run(self) -> tuple[float, Counts | None, np.ndarray, np.ndarray]:
        """(value, counts when every unary column is integral, per-class counts,
        per-class fractionality); value inf when infeasible."""
        m = self.model
        h = m.h
        if m.abandoned:
            return math.inf, None, np.zeros(0), np.zeros(0)
        h.setOptionValue("time_limit", math.inf)
        if m.cancel is None:
            h.run()
        elif not m.cancel.run(h):
            m.abandoned = True  # HiGHS may still run it: never touch it again
            return math.inf, None, np.zeros(0), np.zeros(0)
        self.solves += 1
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return math.inf, None, np.zeros(0), np.zeros(0)
        x = np.asarray(h.getSolution().col_value)
        n = np.zeros(len(m.uppers))
        frac = np.zeros(len(m.uppers))
        for t in range(len(m.uppers)):
            y = x[m._y(t, 1) : m._y(t, 1) + int(m.uppers[t])]
            n[t] = y.sum()
            # n may be whole while y is not (equal fixed costs): a distance row
            # sees y, so a class is integral only when its y is
            odd = float(np.minimum(y, 1.0 - y).max()) if len(y) else 0.0
            frac[t] = max(abs(n[t] - round(n[t])), odd)
        value = float(h.getInfo().objective_function_value) / self.scale
        whole = bool((frac <= INTEGRAL_TOL).all())
        counts = tuple(int(v) for v in np.round(n)) if whole else None
        return value, counts, n, frac

    def bound(self) -> float:
        """The LP optimum: a lower bound on every fleet the cuts allow (inf when
        none is feasible)."""
        value = self._run()[0]
        if self.model.abandoned:
            return -math.inf  # cancelled: no bound
        return value if math.isinf(value) else value - BOUND_MARGIN * abs(value)

    def _fix(self, t: int, low: int, high: int) -> None:
        """Class t's count within [low, high] (unary columns' bounds)."""
        m = self.model
        if m.abandoned:
            return
        for k in range(1, int(m.uppers[t]) + 1):
            col = m._y(t, k)
            lo = 1.0 if k <= low else self._lower[col]
            hi = 0.0 if k > high else self._upper[col]
            m.h.changeColBounds(col, lo, hi)

    def _free(self, t: int) -> None:
        m = self.model
        if m.abandoned:
            return
        for k in range(1, int(m.uppers[t]) + 1):
            col = m._y(t, k)
            m.h.changeColBounds(col, self._lower[col], self._upper[col])

    def dive(self) -> tuple[Counts, float] | None:
        """A fleet (integral counts) and its LP value, by rounding class counts
        one at a time; None when the LP or every rounding is infeasible."""
        fixed: list[int] = []
        uppers = self.model.uppers
        try:
            value, counts, n, frac = self._run()
            while counts is None and not math.isinf(value):
                t = int(np.argmax(frac))
                fixed.append(t)
                low, high = (
                    math.floor(n[t] + INTEGRAL_TOL),
                    math.ceil(n[t] - INTEGRAL_TOL),
                )
                options = {low, high} if low != high else {low - 1, low, low + 1}
                best: tuple[float, int] | None = None
                for c in sorted(o for o in options if 0 <= o <= int(uppers[t])):
                    self._fix(t, c, c)
                    tried = self._run()[0]
                    if not math.isinf(tried) and (best is None or tried < best[0]):
                        best = (tried, c)
                if best is None:
                    return None
                self._fix(t, best[1], best[1])
                value, counts, n, frac = self._run()
            if counts is None:
                return None
            return counts, value
        finally:
            for t in fixed:
                self._free(t)
