"""A 0/1 model (plus bounded continuous columns) in row form, solved with HiGHS.

The LP relaxation is solved first; when its integer columns come out integral it is
the optimum, else the MIP is run. The result carries the objective, a valid lower
bound (the LP optimum, or HiGHS's MIP dual bound) and whether it was proven optimal.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass, field

import highspy
import numpy as np
import numpy.typing as npt

from fleetplan.simulate.class_crash import cheapest_basis

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_INTEGRAL_TOL = 1e-6
# a block MIP stops this close to its dual bound (the bound stays valid and the gap
# reported): proving the last 0.1 % of a fractional block took seconds per block
MIP_REL_GAP = 1e-3
# HiGHS's presolve and probing cost a small block MIP (charge and budget rows over
# a few hundred columns) most of its time: measured 0.8 vs 1.4 s on one of 143
SMALL_MIP_COLUMNS = 2_000
# ... but a tiny one (a random instance's 20-40 trips on a few vehicles: km budget,
# bike day and charge rows) gains from it: 27.5 s -> 1.6 s on one of 142 columns
TINY_MIP_COLUMNS = 250
# a failed dive (``_round_soft``) still gets this long for its MIP
MIN_FALLBACK_S = 0.05
# a dive step with no column above 1/2 fixes this share of the fractional ones
DIVE_SHARE = 0.25
_banner_shown = False
_banner_lock = threading.Lock()


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance. HiGHS prints a banner to the process's stdout when
    the first instance is made; it is sent to /dev/null so stdout stays clean
    (``--json`` output)."""
    global _banner_shown
    if _banner_shown:
        return highspy.Highs()
    # one thread at a time (the optimiser solves block LPs on threads): a second
    # thread saving fd 1 while the first has it on /dev/null would restore
    # /dev/null for good
    with _banner_lock:
        if _banner_shown:
            return highspy.Highs()
        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
            _banner_shown = True
        return h


@dataclass(slots=True)
class BinaryModel:
    """Collects columns (cost, upper bound, integrality) and sparse rows."""

    costs: list[FloatArray] = field(default_factory=list)
    uppers: list[FloatArray] = field(default_factory=list)
    integer: list[npt.NDArray[np.bool_]] = field(default_factory=list)
    num_cols: int = 0
    row_blocks: list[tuple[IntArray, IntArray, FloatArray]] = field(
        default_factory=list
    )
    row_lower: list[FloatArray] = field(default_factory=list)
    row_upper: list[FloatArray] = field(default_factory=list)
    num_rows: int = 0
    # rows a fractional LP may break when rounded (``solve_binary``): a plan's
    # km per class (``km_plan``), which the blocks after it absorb
    soft_rows: list[int] = field(default_factory=list)
    soft_terms: list[tuple[IntArray, FloatArray, float]] = field(default_factory=list)
    # a small MIP runs with HiGHS's presolve all the same (``charge_windows``: its
    # knapsack rows are tightened by it, 3 × fewer nodes on a 21-trip block)
    presolve_mip: bool = False
    # for a cold LP's start (``class_crash``): the rows Σ options = 1 of the
    # trips, and the column made basic in each other equality row
    trip_rows: tuple[int, int] | None = None
    pivots: dict[int, int] = field(default_factory=dict)

    def add_columns(
        self, costs: FloatArray, upper: float = 1.0, integer: bool = True
    ) -> IntArray:
        """Add columns with the given costs; returns their indices."""
        costs = np.asarray(costs, dtype=np.float64)
        first = self.num_cols
        self.costs.append(costs)
        self.uppers.append(np.full(len(costs), upper))
        self.integer.append(np.full(len(costs), integer))
        self.num_cols += len(costs)
        return np.arange(first, self.num_cols, dtype=np.int64)

    def add_rows_csr(
        self,
        starts: IntArray,
        columns: IntArray,
        values: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
    ) -> None:
        """Add rows given in compressed form (``starts`` has one entry per row + 1)."""
        self.row_blocks.append(
            (
                np.asarray(starts, dtype=np.int64),
                np.asarray(columns, dtype=np.int64),
                np.asarray(values, dtype=np.float64),
            )
        )
        self.row_lower.append(np.asarray(lower, dtype=np.float64))
        self.row_upper.append(np.asarray(upper, dtype=np.float64))
        self.num_rows += len(starts) - 1

    def add_row(
        self, columns: IntArray, values: FloatArray, lower: float, upper: float
    ) -> None:
        columns = np.asarray(columns, dtype=np.int64)
        self.add_rows_csr(
            np.array([0, len(columns)]),
            columns,
            np.asarray(values, dtype=np.float64),
            np.array([lower]),
            np.array([upper]),
        )

    def add_overlap_rows(
        self,
        cols: IntArray,
        clique_starts: IntArray,
        clique_members: IntArray,
        capacity: float,
    ) -> None:
        """Σ_{i∈K} cols[i] <= capacity for every overlap K (``maximal_cliques_csr``
        form) with more than ``capacity`` members (smaller ones cannot bind)."""
        sizes = np.diff(clique_starts)
        big = sizes > capacity
        if not big.any():
            return
        member_big = np.repeat(big, sizes)
        self.add_rows_csr(
            np.concatenate([[0], np.cumsum(sizes[big])]),
            cols[clique_members[member_big]],
            np.ones(int(member_big.sum())),
            np.full(int(big.sum()), -np.inf),
            np.full(int(big.sum()), float(capacity)),
        )

    def csr(self) -> tuple[IntArray, IntArray, FloatArray]:
        """All rows as one compressed row matrix."""
        if not self.row_blocks:
            return np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0)
        offsets = np.cumsum([0] + [len(b[1]) for b in self.row_blocks])
        starts = np.concatenate(
            [b[0][:-1] + off for b, off in zip(self.row_blocks, offsets, strict=False)]
            + [offsets[-1:]]
        )
        return (
            starts,
            np.concatenate([b[1] for b in self.row_blocks]),
            np.concatenate([b[2] for b in self.row_blocks]),
        )


@dataclass(frozen=True, slots=True)
class ModelSolution:
    values: FloatArray
    objective: float
    bound: float
    optimal: bool
    solved: bool


def _highs(
    model: BinaryModel, time_limit_s: float, integer: bool, run: bool = True
) -> highspy.Highs:
    n = model.num_cols
    starts, index, value = model.csr()
    flags = np.concatenate(model.integer) if integer and n else np.zeros(n, bool)
    h = new_highs()
    h.setOptionValue("output_flag", False)
    # No "threads" option: HiGHS keeps one global scheduler per process, and an
    # instance asking for another thread count than the first one fails to run.
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("time_limit", max(0.01, float(time_limit_s)))
    if integer:
        h.setOptionValue("mip_rel_gap", MIP_REL_GAP)
        small = TINY_MIP_COLUMNS < n <= SMALL_MIP_COLUMNS
        if small and not model.presolve_mip:
            h.setOptionValue("presolve", "off")
    else:
        # These LPs (set partitioning plus interval cliques) gain nothing from
        # presolve: measured 35-45 % faster without it on the reference sets.
        h.setOptionValue("presolve", "off")
    # The array form of passModel (rows start at a_start, no closing entry): about
    # 20 % faster than filling a HighsLp field by field on these models.
    status = h.passModel(
        n,
        model.num_rows,
        len(index),
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        np.concatenate(model.costs) if n else np.zeros(0),
        np.zeros(n),
        np.concatenate(model.uppers) if n else np.zeros(0),
        np.concatenate(model.row_lower) if model.num_rows else np.zeros(0),
        np.concatenate(model.row_upper) if model.num_rows else np.zeros(0),
        starts[:-1].astype(np.int32),
        index.astype(np.int32),
        value,
        flags.astype(np.int32),  # 1 = kInteger, 0 = kContinuous
    )
    if status == highspy.HighsStatus.kError:
        raise RuntimeError("HiGHS rejected the model.")
    if not integer:
        basis = cheapest_basis(model, (starts, index, value))
        if basis is not None:
            h.setBasis(basis)
    if run:
        h.run()
    return h


@dataclass(slots=True)
class WarmLp:
    """The LP of a model kept between solves: rows added to the model since (the
    charge window cuts of ``component``) are added to it and the LP re-solved by
    the dual simplex from the last basis instead of from scratch (measured on
    synth_50v_60d's charge-bound day: about 1,000 iterations per cut round cold)."""

    highs: highspy.Highs | None = None
    row_blocks: int = 0  # the model's row blocks already in ``highs``

    def lp(self, model: BinaryModel, time_limit_s: float) -> highspy.Highs:
        if self.highs is None:
            self.highs = _highs(model, time_limit_s, integer=False)
        else:
            new = model.row_blocks[self.row_blocks :]
            if new:
                lower = np.concatenate(model.row_lower[self.row_blocks :])
                upper = np.concatenate(model.row_upper[self.row_blocks :])
                offsets = np.cumsum([0] + [len(b[1]) for b in new])
                starts = np.concatenate(
                    [b[0][:-1] + o for b, o in zip(new, offsets, strict=False)]
                )
                self.highs.addRows(
                    len(lower),
                    lower,
                    upper,
                    int(offsets[-1]),
                    starts.astype(np.int32),
                    np.concatenate([b[1] for b in new]).astype(np.int32),
                    np.concatenate([b[2] for b in new]),
                )
            self.highs.setOptionValue("time_limit", max(0.01, float(time_limit_s)))
            self.highs.run()
        self.row_blocks = len(model.row_blocks)
        return self.highs

    def solved(self) -> bool:
        return (
            self.highs is not None
            and self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
        )

    def values(self) -> FloatArray:
        """The last LP's column values (``solved()`` must hold)."""
        assert self.highs is not None
        return np.asarray(self.highs.getSolution().col_value, dtype=np.float64)


def solve_binary(
    model: BinaryModel,
    time_limit_s: float,
    lp_only: bool = False,
    warm: WarmLp | None = None,
) -> ModelSolution:
    """Solve the LP relaxation; if it is integral it is optimal, else run the MIP
    (with ``lp_only``, return an unsolved result instead). With ``warm``, the LP
    is re-solved from the previous solve's basis with the rows added since."""
    n = model.num_cols
    if n == 0:
        return ModelSolution(np.zeros(0), 0.0, 0.0, True, True)
    if warm is not None:
        h = warm.lp(model, time_limit_s)
    else:
        h = _highs(model, time_limit_s, integer=False)
    if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        values = np.asarray(h.getSolution().col_value, dtype=np.float64)
        lp_obj = float(h.getInfo().objective_function_value)
        ints = np.concatenate(model.integer)
        frac = np.abs(values[ints] - np.rint(values[ints]))
        if np.all(frac <= _INTEGRAL_TOL):
            values[ints] = np.rint(values[ints])
            return ModelSolution(values, lp_obj, lp_obj, True, True)
    if lp_only:
        return ModelSolution(np.zeros(n), float("inf"), float("-inf"), False, False)
    if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        if model.soft_rows:
            return _round_soft(model, h, time_limit_s)
        return _lp_guided_mip(model, h, time_limit_s)
    return _mip(model, time_limit_s)


def _round_soft(
    model: BinaryModel, lp: highspy.Highs, time_limit_s: float
) -> ModelSolution:
    """Round a fractional LP with soft rows by diving: the columns above 1/2
    (else the largest ``DIVE_SHARE`` of the fractional ones) fixed at 1 and the
    LP re-solved from its basis until it is integral (a fixing that makes it
    infeasible is put at 0 instead). Each soft row is loosened by the km the
    fixing adds to it, so the fixing does not push the LP's other trips out of
    the plan. A planned block's bound is its group's LP (``km_plan``), so this
    needs no proof, only speed: the plan's km a block overdraws or leaves carry
    to the next block (measured on synth_20v_30d with km budgets: 40 % of the
    LP solves of fixing one column at a time with no loosening, and the same
    cost within 0.1 %). A dive that fails falls back to the MIP."""
    lp_obj = float(lp.getInfo().objective_function_value)
    ints = np.concatenate(model.integer)
    rows = np.asarray(model.soft_rows, dtype=np.int32)
    upper = np.array([u for _, _, u in model.soft_terms], dtype=np.float64)
    until = time.perf_counter() + time_limit_s
    while time.perf_counter() < until:
        if lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        values = np.asarray(lp.getSolution().col_value, dtype=np.float64)
        frac = ints & (np.abs(values - np.rint(values)) > _INTEGRAL_TOL)
        if not frac.any():
            values[ints] = np.rint(values[ints])
            objective = float(lp.getInfo().objective_function_value)
            return ModelSolution(values, objective, min(lp_obj, objective), True, True)
        cols = np.flatnonzero(frac & (values > 0.5))
        if len(cols) == 0:
            fractional = np.flatnonzero(frac)
            top = np.argsort(-values[fractional], kind="stable")
            cols = fractional[top[: max(1, int(len(top) * DIVE_SHARE))]]
        rounding = np.zeros(model.num_cols)
        rounding[cols] = 1.0 - values[cols]
        upper += [float(km @ rounding[c]) for c, km, _ in model.soft_terms]
        lp.changeRowsBounds(len(rows), rows, np.full(len(rows), -np.inf), upper)
        _fix(lp, cols, 1.0)
        lp.run()
        if lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            _fix(lp, cols, 0.0, lower=0.0, upper=1.0)
            _fix(lp, cols[:1], 0.0)
            lp.run()
    return _mip(model, max(until - time.perf_counter(), MIN_FALLBACK_S))


def _fix(
    h: highspy.Highs,
    cols: IntArray,
    value: float,
    lower: float | None = None,
    upper: float | None = None,
) -> None:
    """Columns ``cols`` fixed at ``value`` (or given bounds)."""
    n = len(cols)
    low = np.full(n, value if lower is None else lower)
    up = np.full(n, value if upper is None else upper)
    h.changeColsBounds(n, np.asarray(cols, dtype=np.int32), low, up)


def _mip(
    model: BinaryModel,
    time_limit_s: float,
    fixed_zero: IntArray | None = None,
    start: FloatArray | None = None,
) -> ModelSolution:
    """HiGHS's MIP on ``model`` with the columns ``fixed_zero`` at 0, from the
    feasible ``start`` if given."""
    n = model.num_cols
    h = _highs(model, time_limit_s, integer=True, run=False)
    if fixed_zero is not None and len(fixed_zero):
        zeros = np.zeros(len(fixed_zero))
        h.changeColsBounds(len(fixed_zero), fixed_zero.astype(np.int32), zeros, zeros)
    if start is not None:
        h.setSolution(_solution_of(start))
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    if info.primal_solution_status != 2:  # no feasible solution found
        return ModelSolution(np.zeros(n), float("inf"), float("-inf"), False, False)
    values = np.asarray(h.getSolution().col_value, dtype=np.float64)
    objective = float(info.objective_function_value)
    if not _matches(model, values, objective):
        # seen with presolve on a 21-column MIP (random instance, small seed
        # 129): the values cost more than the objective HiGHS reports; re-solve
        # without presolve, where they agree
        h.setOptionValue("presolve", "off")
        h.run()
        info = h.getInfo()
        values = np.asarray(h.getSolution().col_value, dtype=np.float64)
        objective = float(info.objective_function_value)
        status = h.getModelStatus()
        if info.primal_solution_status != 2 or not _matches(model, values, objective):
            return ModelSolution(np.zeros(n), float("inf"), float("-inf"), False, False)
    optimal = status == highspy.HighsModelStatus.kOptimal
    # "optimal" means within MIP_REL_GAP: the dual bound, not the objective, is
    # the valid bound then
    bound = min(objective, float(info.mip_dual_bound))
    return ModelSolution(values, objective, bound, optimal, True)


def _matches(model: BinaryModel, values: FloatArray, objective: float) -> bool:
    """Whether the column values cost the objective HiGHS reports."""
    cost = float(np.concatenate(model.costs) @ values)
    return abs(cost - objective) <= 1e-6 * max(1.0, abs(objective))


def _solution_of(values: FloatArray) -> highspy.HighsSolution:
    sol = highspy.HighsSolution()
    sol.col_value = list(map(float, values))
    sol.value_valid = True
    return sol


def _lp_guided_mip(
    model: BinaryModel, lp: highspy.Highs, time_limit_s: float
) -> ModelSolution:
    """The MIP, helped by its LP optimum ``lp`` (fractional). An incumbent first:
    the MIP with the columns at 1 in the LP fixed at 1 (a small MIP); if it is
    within ``MIP_REL_GAP`` of the LP bound it is returned. Else reduced-cost
    fixing: a 0/1 column at 0 in the LP with reduced cost d > incumbent − LP
    cannot be 1 in any solution cheaper than the incumbent (LP duality: such a
    solution costs at least LP + d), so it is fixed at 0 and the MIP is solved on
    the rest from the incumbent. The MIP's optimum over the rest, or the
    incumbent, is then the optimum: the bound stays valid (``docs/methods.md``)."""
    values = np.asarray(lp.getSolution().col_value, dtype=np.float64)
    reduced = np.asarray(lp.getSolution().col_dual, dtype=np.float64)
    lp_obj = float(lp.getInfo().objective_function_value)
    ints = np.concatenate(model.integer)
    ones = np.flatnonzero(ints & (values > 1.0 - _INTEGRAL_TOL))
    h = _highs(model, time_limit_s / 4, integer=True, run=False)
    if len(ones):
        h.changeColsBounds(len(ones), ones.astype(np.int32), *(np.ones(len(ones)),) * 2)
        # presolve removes the fixed columns and the rows they settle: on
        # synth_50v_60d's charge-bound day (1,394 columns) 3 × faster than without
        h.setOptionValue("presolve", "on")
    h.run()
    info = h.getInfo()
    if info.primal_solution_status != 2:
        return _mip(model, time_limit_s)
    incumbent = np.asarray(h.getSolution().col_value, dtype=np.float64)
    upper = float(info.objective_function_value)
    if not _matches(model, incumbent, upper):  # see ``_mip``
        return _mip(model, time_limit_s)
    if upper - lp_obj <= MIP_REL_GAP * max(abs(upper), 1e-9):
        return ModelSolution(incumbent, upper, min(lp_obj, upper), True, True)
    fixable = np.flatnonzero(
        ints & (values <= _INTEGRAL_TOL) & (reduced > (upper - lp_obj) + 1e-7)
    )
    sol = _mip(model, time_limit_s, fixable, incumbent)
    if not sol.solved or sol.objective > upper:
        bound = min(upper, max(lp_obj, sol.bound))
        return ModelSolution(incumbent, upper, bound, sol.optimal, True)
    # cheaper than the incumbent: only in the rest, where the MIP's bound holds
    return ModelSolution(sol.values, sol.objective, sol.bound, sol.optimal, True)


def lp_bound(model: BinaryModel, time_limit_s: float) -> float:
    """The LP relaxation's optimum (a valid lower bound), or -inf if not solved."""
    if model.num_cols == 0:
        return 0.0
    h = _highs(model, time_limit_s, integer=False)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return float("-inf")
    return float(h.getInfo().objective_function_value)


def solve_lp_duals(model: BinaryModel, time_limit_s: float) -> FloatArray | None:
    """The LP relaxation's row duals at its optimum, or None if not solved."""
    if model.num_cols == 0:
        return None
    h = _highs(model, time_limit_s, integer=False)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.asarray(h.getSolution().row_dual, dtype=np.float64)


def solve_lp_primal(
    model: BinaryModel, time_limit_s: float
) -> tuple[FloatArray, float] | None:
    """The LP relaxation's optimal column values and optimum, or None."""
    if model.num_cols == 0:
        return np.zeros(0), 0.0
    h = _highs(model, time_limit_s, integer=False)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    values = np.asarray(h.getSolution().col_value, dtype=np.float64)
    return values, float(h.getInfo().objective_function_value)
