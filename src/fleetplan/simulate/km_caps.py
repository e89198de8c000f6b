"""Upper bounds on the km that l vehicles can drive among given busy intervals."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def heaviest_chain_km(start: FloatArray, end: FloatArray, km: FloatArray) -> FloatArray:
    """Most km of pairwise non-overlapping half-open intervals among the first j
    in end order, for every j (weighted interval scheduling: ``best[j] =
    max(best[j−1], km_j + best[last ending by start_j])``); ``best[0] = 0``.
    Intervals must come sorted by end."""
    before = np.searchsorted(end, start, side="right")  # intervals ending by start
    best = np.zeros(len(km) + 1)
    for j, (w, p) in enumerate(zip(km.tolist(), before.tolist(), strict=True)):
        best[j + 1] = max(best[j], w + best[p])
    return best


def max_single_vehicle_km(start: FloatArray, end: FloatArray, km: FloatArray) -> float:
    """Most km one vehicle can drive among these busy intervals."""
    order = np.argsort(end, kind="stable")
    return float(heaviest_chain_km(start[order], end[order], km[order])[-1])


_DENSITY_CELLS = 2_000_000


def cumulative_km_caps(
    start: FloatArray, end: FloatArray, km: FloatArray, vehicles: int
) -> FloatArray:
    """Upper bounds ``M[l-1]`` on the km that any l vehicles can drive together.

    Three valid bounds, the least is kept: the total km; l × the most one vehicle
    can drive (``max_single_vehicle_km``); and spreading each trip's km evenly over
    its busy interval, l vehicles carry at most the l densest active trips at every
    moment, so ``M[l-1] <= ∫ (sum of the l largest active densities) dt``.
    """
    total = float(km.sum())
    single = max_single_vehicle_km(start, end, km)
    levels = np.arange(1, vehicles + 1, dtype=np.float64)
    caps = np.minimum(levels * single, total)
    points = np.unique(np.concatenate([start, end]))
    if len(points) < 2 or (len(points) - 1) * len(km) > _DENSITY_CELLS:
        return caps
    mids = (points[:-1] + points[1:]) / 2.0
    lengths = np.diff(points)
    duration = np.maximum(end - start, 1e-9)
    active = (start[None, :] <= mids[:, None]) & (end[None, :] > mids[:, None])
    density = np.where(active, (km / duration)[None, :], 0.0)
    top = -np.sort(-density, axis=1)[:, :vehicles]
    # past the most trips active at once a sorted row holds only zeros, so its
    # running sum stays put: summed over those columns only, then repeated (the
    # same values; the running sum over all ``vehicles`` columns was most of
    # this function's time)
    deepest = max(1, min(int(active.sum(axis=1).max(initial=0)), top.shape[1]))
    running = np.cumsum(top[:, :deepest], axis=1)
    if deepest < top.shape[1]:
        running = np.concatenate(
            [running, np.repeat(running[:, -1:], top.shape[1] - deepest, axis=1)],
            axis=1,
        )
    spread = (running * lengths[:, None]).sum(axis=0)
    if len(spread) < vehicles:
        spread = np.concatenate([spread, np.full(vehicles - len(spread), spread[-1])])
    return np.minimum(caps, spread)
