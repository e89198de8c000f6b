"""Maximal cliques of busy intervals and interval colouring.

Busy intervals are half-open ``[start, end)``: a vehicle free at ``end`` may start
the next trip then. n identical vehicles can serve a set of trips exactly when at
most n of their busy intervals overlap at any moment (interval graphs are perfect),
and the maximal overlaps are found at interval starts.
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_BLOCK = 512


def maximal_cliques(start: FloatArray, end: FloatArray) -> list[IntArray]:
    """Index sets of the maximal overlaps (each of size >= 2), in time order."""
    starts, members = maximal_cliques_csr(start, end)
    return [members[a:b] for a, b in itertools.pairwise(starts)]


def maximal_cliques_csr(
    start: FloatArray, end: FloatArray
) -> tuple[IntArray, IntArray]:
    """The maximal overlaps (size >= 2) in compressed form: clique k is
    ``members[starts[k]:starts[k + 1]]``.

    Point ``start[j]`` is covered by every i with ``start[i] <= start[j] < end[i]``;
    the set at a start is maximal when some member ends at or before the next start.
    """
    n = len(start)
    empty = np.zeros(0, dtype=np.int64)
    if n < 2:
        return np.zeros(1, dtype=np.int64), empty
    order = np.argsort(start, kind="stable")
    s = start[order]
    e = end[order]
    longest = float(np.max(e - s))
    sizes_out: list[IntArray] = []
    members_out: list[IntArray] = []
    for j0 in range(0, n, _BLOCK):
        j1 = min(n, j0 + _BLOCK)
        points = s[j0:j1]
        lo = int(np.searchsorted(s, points[0] - longest, side="left"))
        hi = int(np.searchsorted(s, points[-1], side="right"))
        cs, ce = s[lo:hi], e[lo:hi]
        cover = (cs[:, None] <= points[None, :]) & (ce[:, None] > points[None, :])
        next_start = np.append(s[j0 + 1 : j1 + 1], np.inf)[: j1 - j0]
        if j1 < n:
            next_start[-1] = s[j1]
        min_end = np.where(cover, ce[:, None], np.inf).min(axis=0)
        sizes = cover.sum(axis=0)
        keep = (min_end <= next_start) & (sizes >= 2)
        sub = cover[:, keep].T  # one row per kept clique
        rows, cand = np.nonzero(sub)
        sizes_out.append(sizes[keep])
        members_out.append(order[lo + cand])
        del rows
    sizes_all = np.concatenate(sizes_out) if sizes_out else empty
    starts = np.concatenate([[0], np.cumsum(sizes_all)]).astype(np.int64)
    members = np.concatenate(members_out) if members_out else empty
    return starts, members.astype(np.int64)


def colour_intervals(
    start: FloatArray, end: FloatArray, free_at: list[float] | None = None
) -> IntArray:
    """Colour intervals in start order with the lowest-numbered free colour.

    ``free_at[c]`` is when colour c becomes free (default: all free); new colours are
    opened as needed. Returns each interval's colour.
    """
    order = np.argsort(start, kind="stable")
    colours = [-1] * len(start)
    free_at = list(free_at or [])
    free: list[int] = []
    waiting: list[tuple[float, int]] = [(t, c) for c, t in enumerate(free_at)]
    heapq.heapify(waiting)
    # plain Python values: one NumPy scalar per read cost most of the time here
    starts, ends = start.tolist(), end.tolist()
    for i in order.tolist():
        s = starts[i]
        while waiting and waiting[0][0] <= s:
            heapq.heappush(free, heapq.heappop(waiting)[1])
        if free:
            c = heapq.heappop(free)
        else:
            c = len(free_at)
            free_at.append(0.0)
        colours[i] = c
        heapq.heappush(waiting, (ends[i], c))
    return np.asarray(colours, dtype=np.int64)
