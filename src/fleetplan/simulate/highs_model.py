"""A 0/1 model (plus bounded continuous columns) in row form, solved with HiGHS.

The LP relaxation is solved first; when its integer columns come out integral it is
the optimum, else the MIP is run. The result carries the objective, a valid lower
bound (the LP optimum, or HiGHS's MIP dual bound) and whether it was proven optimal.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

import highspy
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_INTEGRAL_TOL = 1e-6
_banner_shown = False


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance. HiGHS prints a banner to the process's stdout when
    the first instance is made; it is sent to /dev/null so stdout stays clean
    (``--json`` output)."""
    global _banner_shown
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
    rows_index: list[IntArray] = field(default_factory=list)
    rows_value: list[FloatArray] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)

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

    def add_row(
        self, columns: IntArray, values: FloatArray, lower: float, upper: float
    ) -> None:
        self.rows_index.append(np.asarray(columns, dtype=np.int64))
        self.rows_value.append(np.asarray(values, dtype=np.float64))
        self.row_lower.append(lower)
        self.row_upper.append(upper)

    def add_rows(
        self,
        rows: IntArray,
        columns: IntArray,
        values: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
    ) -> None:
        """Add ``len(lower)`` rows from triplets; ``rows`` count from 0 (new rows)."""
        order = np.argsort(rows, kind="stable")
        rows, columns, values = rows[order], columns[order], values[order]
        cuts = np.searchsorted(rows, np.arange(1, len(lower)))
        for cols, vals in zip(
            np.split(columns, cuts), np.split(values, cuts), strict=True
        ):
            self.rows_index.append(cols.astype(np.int64))
            self.rows_value.append(vals.astype(np.float64))
        self.row_lower.extend(float(x) for x in lower)
        self.row_upper.extend(float(x) for x in upper)

    @property
    def num_rows(self) -> int:
        return len(self.row_lower)


@dataclass(frozen=True, slots=True)
class ModelSolution:
    values: FloatArray
    objective: float
    bound: float
    optimal: bool
    solved: bool


def _highs(model: BinaryModel, time_limit_s: float, integer: bool) -> highspy.Highs:
    n = model.num_cols
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = model.num_rows
    lp.col_cost_ = np.concatenate(model.costs)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.concatenate(model.uppers)
    lp.row_lower_ = np.asarray(model.row_lower, dtype=np.float64)
    lp.row_upper_ = np.asarray(model.row_upper, dtype=np.float64)
    lengths = np.fromiter((len(r) for r in model.rows_index), np.int64, model.num_rows)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    lp.a_matrix_.index_ = np.concatenate(model.rows_index).astype(np.int32)
    lp.a_matrix_.value_ = np.concatenate(model.rows_value)
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = model.num_rows
    if integer:
        flags = np.concatenate(model.integer)
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if f else highspy.HighsVarType.kContinuous
            for f in flags
        ]
    h = new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("time_limit", max(0.01, float(time_limit_s)))
    if integer:
        h.setOptionValue("mip_rel_gap", 1e-7)
    h.passModel(lp)
    h.run()
    return h


def solve_binary(model: BinaryModel, time_limit_s: float) -> ModelSolution:
    """Solve the LP relaxation; if it is integral it is optimal, else run the MIP."""
    n = model.num_cols
    if n == 0:
        return ModelSolution(np.zeros(0), 0.0, 0.0, True, True)
    h = _highs(model, time_limit_s, integer=False)
    if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        values = np.asarray(h.getSolution().col_value, dtype=np.float64)
        lp_obj = float(h.getInfo().objective_function_value)
        ints = np.concatenate(model.integer)
        frac = np.abs(values[ints] - np.rint(values[ints]))
        if np.all(frac <= _INTEGRAL_TOL):
            values[ints] = np.rint(values[ints])
            return ModelSolution(values, lp_obj, lp_obj, True, True)
    h = _highs(model, time_limit_s, integer=True)
    status = h.getModelStatus()
    info = h.getInfo()
    if info.primal_solution_status != 2:  # no feasible solution found
        return ModelSolution(np.zeros(n), float("inf"), float("-inf"), False, False)
    values = np.asarray(h.getSolution().col_value, dtype=np.float64)
    objective = float(info.objective_function_value)
    optimal = status == highspy.HighsModelStatus.kOptimal
    bound = objective if optimal else float(info.mip_dual_bound)
    return ModelSolution(values, objective, bound, optimal, True)
