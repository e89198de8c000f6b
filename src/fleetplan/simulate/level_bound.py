"""Columns of one class for the *level* bound: per-vehicle rates priced exactly.

A class's vehicles have per-km rates ``r_1 <= ... <= r_n`` and trip i costs
``extra_i + km_i × r_v`` on vehicle v. If ``K_v`` is the km vehicle v drives,
``S_l = K_1 + ... + K_l`` (km of the l cheapest vehicles) and ``δ_l = r_{l+1} − r_l``,
then (Abel summation)

    Σ_v r_v K_v = r_n S_n − Σ_{l<n} δ_l S_l.

The LP has, besides x[i] (trip i on the class), one column z_l per level with cost
``−δ_l`` and ``0 <= z_l <= M_l`` (``cumulative_km_caps``), ``z_l <= z_{l+1}``,
``z_{n-1} <= Σ km_i x_i`` and, for the kept levels L, columns y^L[i] with
``y^L <= x``, for every maximal overlap K of the class's busy intervals
``Σ_{i∈K} y^L[i] <= L``, and ``z_L <= Σ km_i y^L[i]``.

Why the optimum is a valid lower bound: any assignment of trips to the class's
vehicles gives a feasible point with the same cost: x = the trips served, y^L = the
trips on the L cheapest vehicles (they form L chains, so no overlap holds more than
L of them, and y^L <= x), z_l = S_l (<= M_l, non-decreasing, S_{n-1} <= the
class's km, and S_L <= the km of y^L). Its objective is
``Σ extra_i + r_n S_n − Σ δ_l S_l``, the assignment's exact cost. Charge and km
budgets are ignored (relaxed), so the bound holds whatever the fleet state.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.highs_model import BinaryModel

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def kept_levels(delta: FloatArray, max_levels: int) -> list[int]:
    """The levels l (1-based, l < n) that get y columns: those with the largest
    rate steps ``δ_l``, at most ``max_levels``, ascending. Steps of zero add
    nothing to the bound and are never kept."""
    order = sorted(
        (lv for lv in range(1, len(delta) + 1) if delta[lv - 1] > 0),
        key=lambda lv: (-float(delta[lv - 1]), lv),
    )
    return sorted(order[:max_levels])


def level_columns(
    model: BinaryModel,
    extra: FloatArray,
    km: FloatArray,
    rates_sorted: FloatArray,
    caps: FloatArray,
    clique_starts: IntArray,
    clique_members: IntArray,
    max_levels: int,
) -> IntArray:
    """Add the class's columns and rows (see the module docstring); returns the x
    columns (one per trip, in the order of ``extra`` and ``km``).

    ``clique_members`` index the trips (0..len(km)-1); ``caps[l-1]`` bounds the km
    any l vehicles can drive among these trips."""
    n = len(rates_sorted)
    top = float(rates_sorted[-1]) if n else 0.0
    x = model.add_columns(extra + km * top)
    if n < 2:
        return x
    delta = np.diff(rates_sorted)
    z = model.add_columns(-delta, integer=False)
    model.uppers[-1] = np.maximum(np.asarray(caps[: n - 1], dtype=np.float64), 0.0)
    if n > 2:  # z_l <= z_{l+1}: S is non-decreasing
        model.add_rows_csr(
            np.arange(0, 2 * (n - 2) + 1, 2),
            np.column_stack([z[:-1], z[1:]]).ravel(),
            np.tile([1.0, -1.0], n - 2),
            np.full(n - 2, -np.inf),
            np.zeros(n - 2),
        )
    model.add_row(
        np.concatenate([[z[-1]], x]), np.concatenate([[1.0], -km]), -np.inf, 0.0
    )
    for level in kept_levels(delta, max_levels):
        y = model.add_columns(np.zeros(len(km)), integer=False)
        trips = np.arange(len(km))
        starts = np.arange(0, 2 * len(km) + 1, 2)
        pairs = np.column_stack([y[trips], x[trips]]).ravel()
        values = np.tile([1.0, -1.0], len(km))
        model.add_rows_csr(
            starts, pairs, values, np.full(len(km), -np.inf), np.zeros(len(km))
        )
        model.add_overlap_rows(y, clique_starts, clique_members, level)
        model.add_row(
            np.concatenate([[z[level - 1]], y]),
            np.concatenate([[1.0], -km]),
            -np.inf,
            0.0,
        )
    return x
