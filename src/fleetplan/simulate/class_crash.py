"""A dual-feasible starting basis for a class model's LP (``class_model``).

HiGHS starts a cold LP from the slack basis, where every trip row (Σ options = 1)
is infeasible and the dual simplex pivots each of them in. This basis instead
puts each trip on its cheapest option, as ``optimise/block_crash.py`` does for
the optimiser's block LPs, but for any model of this shape:

- every row other than the trip rows is an inequality with its slack basic, or
  an equality with a *pivot* column named by the model's builder
  (``BinaryModel.pivots``: a class's km row its cheapest km segment, the running
  sums their own column, the vehicle flow its idle column), which has no entry
  in a trip row;
- the pivot rows' duals y_P solve M y_P = c_P (M the pivot rows × pivot columns,
  a few dozen); every other non-trip row's dual is 0 (its slack is basic);
- a column's cost net of those duals is its *effective* cost; each trip row's
  dual is its cheapest effective option, which goes into the basis; a non-trip
  column with a negative effective cost sits at its upper bound.

It is a basis: ordered (trip rows, pivot rows, slack rows) × (chosen options,
pivot columns, slacks) the matrix is block lower triangular with diagonal blocks
I, M, I. It is dual feasible by construction, so the dual simplex only has to
repair primal infeasibility (a class busier than its vehicles, a segment past
its width). The optimum is the LP's either way; only the path differs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import highspy
import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from fleetplan.simulate.binary_model import BinaryModel

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_STATUS = highspy.HighsBasisStatus
# a dense solve for the pivot rows' duals; more pivots (a large class's flow
# rows) keep HiGHS's own start
MAX_PIVOTS = 400
_TOL = 1e-9
_KINDS = {int(s): s for s in (_STATUS.kBasic, _STATUS.kLower, _STATUS.kUpper)}


def cheapest_basis(
    model: BinaryModel, csr: tuple[IntArray, IntArray, FloatArray] | None = None
) -> highspy.HighsBasis | None:
    """The basis above, or None when the model is not of that shape; ``csr``:
    ``model.csr()`` if the caller has it."""
    if model.trip_rows is None or model.num_cols == 0:
        return None
    t0, t1 = model.trip_rows
    num_rows = model.num_rows
    starts, index, value = model.csr() if csr is None else csr
    lower = np.concatenate(model.row_lower)
    upper = np.concatenate(model.row_upper)
    costs = np.concatenate(model.costs)
    col_upper = np.concatenate(model.uppers)
    row_of = np.repeat(np.arange(num_rows), np.diff(starts))
    in_trips = (row_of >= t0) & (row_of < t1)
    is_trip = np.zeros(num_rows, dtype=bool)
    is_trip[t0:t1] = True
    pivot_rows = np.fromiter(model.pivots.keys(), dtype=np.int64)
    pivot_cols = np.fromiter(model.pivots.values(), dtype=np.int64)
    equality = (lower == upper) & ~is_trip
    equality[pivot_rows] = False
    if equality.any() or len(pivot_rows) > MAX_PIVOTS:
        return None
    trip_cols = index[in_trips]
    if np.isin(pivot_cols, trip_cols).any():
        return None
    duals = np.zeros(num_rows)
    if len(pivot_rows):
        # M[k, l] = entry of pivot column k in pivot row l
        slot = np.full(num_rows, -1, dtype=np.int64)
        slot[pivot_rows] = np.arange(len(pivot_rows))
        col_slot = np.full(model.num_cols, -1, dtype=np.int64)
        col_slot[pivot_cols] = np.arange(len(pivot_cols))
        hit = (slot[row_of] >= 0) & (col_slot[index] >= 0)
        m = np.zeros((len(pivot_rows), len(pivot_rows)))
        np.add.at(m, (col_slot[index[hit]], slot[row_of[hit]]), value[hit])
        try:
            duals[pivot_rows] = np.linalg.solve(m, costs[pivot_cols])
        except np.linalg.LinAlgError:
            return None
    effective = costs - np.bincount(
        index, weights=value * duals[row_of], minlength=model.num_cols
    )
    # each trip row: its options (coefficient 1, one trip row per column)
    trip_of = np.full(model.num_cols, -1, dtype=np.int64)
    trip_of[trip_cols] = row_of[in_trips] - t0
    options = np.flatnonzero(trip_of >= 0)
    least = np.full(t1 - t0, np.inf)
    np.minimum.at(least, trip_of[options], effective[options])
    at_least = options[effective[options] <= least[trip_of[options]]]
    chosen = np.full(t1 - t0, -1, dtype=np.int64)
    chosen[trip_of[at_least[::-1]]] = at_least[::-1]  # the first at its least
    if (chosen < 0).any():
        return None
    basic = np.zeros(model.num_cols, dtype=bool)
    basic[chosen] = True
    basic[pivot_cols] = True
    at_upper = ~basic & (trip_of < 0) & (effective < -_TOL)
    if not np.isfinite(col_upper[at_upper]).all():
        return None  # no dual-feasible place for it
    status = np.full(model.num_cols, int(_STATUS.kLower))
    status[at_upper] = int(_STATUS.kUpper)
    status[basic] = int(_STATUS.kBasic)
    row_status = np.full(num_rows, int(_STATUS.kBasic))
    row_status[t0:t1] = int(_STATUS.kLower)
    row_status[pivot_rows] = int(_STATUS.kLower)
    # an inequality row's slack is basic; its activity bound, for HiGHS, is the
    # finite one (none is nonbasic here)
    basis = highspy.HighsBasis()
    basis.col_status = list(map(_KINDS.__getitem__, status.tolist()))
    basis.row_status = list(map(_KINDS.__getitem__, row_status.tolist()))
    basis.valid = True
    return basis
