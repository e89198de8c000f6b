"""A starting basis for a block LP's first (cold) solve.

HiGHS starts a cold LP from the slack basis: every trip row and every vehicle-flow
row of ``blocks.BlockLP`` is then infeasible and the dual simplex pivots each of
them in (7.8 k iterations on a 2,135-trip city day). This basis instead puts each
trip on its cheapest option (a class or left) and every flow column z basic:

- it is a basis: on the trip rows the chosen columns form an identity, on each
  class's flow rows its z columns a bidiagonal with −1 on the diagonal, and z
  has no entry in a trip row, so the matrix is block triangular and nonsingular;
- it is dual feasible: z costs nothing, so every flow row's dual is 0 and a trip
  row's dual is its cheapest option's cost, which no other option undercuts.

What is left for the dual simplex is to make it primal feasible: move trips off a
class where its z went negative (more trips at once than vehicles). On city days
that halves the iterations (7.8 k -> 3.6 k) and cuts a cold solve's CPU by a
quarter to two fifths. The optimum is the LP's either way; only the path differs.
"""

from __future__ import annotations

import highspy
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_STATUS = highspy.HighsBasisStatus


def cheapest_basis(
    costs: FloatArray,
    pair_trip: IntArray,
    u0: int,
    z0: int,
    num_rows: int,
    basic_rows: tuple[int, ...],
) -> highspy.HighsBasis:
    """The basis above for a block LP whose columns are the x pairs
    (``pair_trip`` their trip), a u per trip from ``u0``, then the slacks, then
    the z columns from ``z0`` to ``len(costs)``; ``basic_rows`` the rows whose
    activity is basic (the unallocated and CO2e rows, never at a bound here)."""
    num_trips = z0 - u0 - 2
    cost_x = costs[:u0]
    least = np.full(num_trips, np.inf)
    np.minimum.at(least, pair_trip, cost_x)
    # the first pair at each trip's least cost (pairs are ordered by class)
    chosen = np.full(num_trips, -1, dtype=np.int64)
    at_least = np.flatnonzero(cost_x <= least[pair_trip])
    chosen[pair_trip[at_least[::-1]]] = at_least[::-1]
    left = costs[u0 : u0 + num_trips]
    use_u = (chosen < 0) | (left < least)
    chosen[use_u] = u0 + np.flatnonzero(use_u)
    basic = np.zeros(len(costs), dtype=bool)
    basic[chosen] = True
    basic[z0:] = True
    basis = highspy.HighsBasis()
    basis.col_status = [_STATUS.kBasic if b else _STATUS.kLower for b in basic]
    rows = [_STATUS.kLower] * num_rows
    for r in basic_rows:
        rows[r] = _STATUS.kBasic
    basis.row_status = rows
    basis.valid = True
    return basis
