"""The MIP of a block model whose LP relaxation came out fractional.

``solve_binary`` (``highs_model``) calls one of three: a dive that rounds the LP
when the model has soft rows, an LP-guided MIP (an incumbent, then reduced-cost
fixing), or HiGHS's MIP on the whole model.
"""

from __future__ import annotations

import time

import highspy
import numpy as np

from fleetplan.simulate.binary_model import (
    INTEGRAL_TOL,
    BinaryModel,
    FloatArray,
    IntArray,
    ModelSolution,
)
from fleetplan.simulate.highs_setup import MIP_REL_GAP, load_highs

# a failed dive (``round_soft``) still gets this long for its MIP
MIN_FALLBACK_S = 0.05
# a dive step with no column above 1/2 fixes this share of the fractional ones
DIVE_SHARE = 0.25


def round_soft(
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
        frac = ints & (np.abs(values - np.rint(values)) > INTEGRAL_TOL)
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
    return solve_mip(model, max(until - time.perf_counter(), MIN_FALLBACK_S))


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


def solve_mip(
    model: BinaryModel,
    time_limit_s: float,
    fixed_zero: IntArray | None = None,
    start: FloatArray | None = None,
) -> ModelSolution:
    """HiGHS's MIP on ``model`` with the columns ``fixed_zero`` at 0, from the
    feasible ``start`` if given."""
    n = model.num_cols
    h = load_highs(model, time_limit_s, integer=True, run=False)
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


def lp_guided_mip(
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
    ones = np.flatnonzero(ints & (values > 1.0 - INTEGRAL_TOL))
    h = load_highs(model, time_limit_s / 4, integer=True, run=False)
    if len(ones):
        h.changeColsBounds(len(ones), ones.astype(np.int32), *(np.ones(len(ones)),) * 2)
        # presolve removes the fixed columns and the rows they settle: on
        # synth_50v_60d's charge-bound day (1,394 columns) 3 × faster than without
        h.setOptionValue("presolve", "on")
    h.run()
    info = h.getInfo()
    if info.primal_solution_status != 2:
        return solve_mip(model, time_limit_s)
    incumbent = np.asarray(h.getSolution().col_value, dtype=np.float64)
    upper = float(info.objective_function_value)
    if not _matches(model, incumbent, upper):  # see ``solve_mip``
        return solve_mip(model, time_limit_s)
    if upper - lp_obj <= MIP_REL_GAP * max(abs(upper), 1e-9):
        return ModelSolution(incumbent, upper, min(lp_obj, upper), True, True)
    fixable = np.flatnonzero(
        ints & (values <= INTEGRAL_TOL) & (reduced > (upper - lp_obj) + 1e-7)
    )
    sol = solve_mip(model, time_limit_s, fixable, incumbent)
    if not sol.solved or sol.objective > upper:
        bound = min(upper, max(lp_obj, sol.bound))
        return ModelSolution(incumbent, upper, bound, sol.optimal, True)
    # cheaper than the incumbent: only in the rest, where the MIP's bound holds
    return ModelSolution(sol.values, sol.objective, sol.bound, sol.optimal, True)
