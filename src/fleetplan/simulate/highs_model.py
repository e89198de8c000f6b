"""A 0/1 model (plus bounded continuous columns) in row form, solved with HiGHS.

The LP relaxation is solved first; when its integer columns come out integral it is
the optimum, else the MIP is run (``block_mip``). The result carries the objective,
a valid lower bound (the LP optimum, or HiGHS's MIP dual bound) and whether it was
proven optimal. The model itself is in ``binary_model``, the HiGHS instances in
``highs_setup``; their names are importable from here as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from fleetplan.simulate.binary_model import INTEGRAL_TOL, FloatArray, ModelSolution
from fleetplan.simulate.binary_model import BinaryModel as BinaryModel
from fleetplan.simulate.block_mip import lp_guided_mip, round_soft, solve_mip
from fleetplan.simulate.highs_setup import load_highs
from fleetplan.simulate.highs_setup import new_highs as new_highs


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
            self.highs = load_highs(model, time_limit_s, integer=False)
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
        h = load_highs(model, time_limit_s, integer=False)
    if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        values = np.asarray(h.getSolution().col_value, dtype=np.float64)
        lp_obj = float(h.getInfo().objective_function_value)
        ints = np.concatenate(model.integer)
        frac = np.abs(values[ints] - np.rint(values[ints]))
        if np.all(frac <= INTEGRAL_TOL):
            values[ints] = np.rint(values[ints])
            return ModelSolution(values, lp_obj, lp_obj, True, True)
    if lp_only:
        return ModelSolution(np.zeros(n), float("inf"), float("-inf"), False, False)
    if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        if model.soft_rows:
            return round_soft(model, h, time_limit_s)
        return lp_guided_mip(model, h, time_limit_s)
    return solve_mip(model, time_limit_s)


def lp_bound(model: BinaryModel, time_limit_s: float) -> float:
    """The LP relaxation's optimum (a valid lower bound), or -inf if not solved."""
    if model.num_cols == 0:
        return 0.0
    h = load_highs(model, time_limit_s, integer=False)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return float("-inf")
    return float(h.getInfo().objective_function_value)


def solve_lp_duals(model: BinaryModel, time_limit_s: float) -> FloatArray | None:
    """The LP relaxation's row duals at its optimum, or None if not solved."""
    if model.num_cols == 0:
        return None
    h = load_highs(model, time_limit_s, integer=False)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.asarray(h.getSolution().row_dual, dtype=np.float64)


def solve_lp_primal(
    model: BinaryModel, time_limit_s: float
) -> tuple[FloatArray, float] | None:
    """The LP relaxation's optimal column values and optimum, or None."""
    if model.num_cols == 0:
        return np.zeros(0), 0.0
    h = load_highs(model, time_limit_s, integer=False)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    values = np.asarray(h.getSolution().col_value, dtype=np.float64)
    return values, float(h.getInfo().objective_function_value)
