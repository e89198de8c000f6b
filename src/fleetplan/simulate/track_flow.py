"""Most weight of busy intervals that k vehicles can carry, for every k at once.

``M_k`` = the largest total weight of a set of half-open intervals that overlap at
most k deep (k vehicles can drive them: interval graphs are perfect). It is a
min-cost flow on the time line (points in time order, free arcs ``p → p+1``, one
arc ``start → end`` of capacity 1 and cost ``−weight`` per interval, k units from
the first point to the last), so successive shortest paths give ``M_1, M_2, …``
in one pass: each augmentation adds ``M_k − M_{k−1}``.

Many independent instances (*lanes*, e.g. one per day) are solved side by side
with NumPy: each shortest path is Bellman-Ford over the residual network, where
the free arcs are closed in one step (a running minimum forwards, and a minimum
over each stretch of time whose line arcs carry flow backwards), so one round
per interval on the path suffices. Weights are integers, so the sums are exact.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_INF = np.int64(1) << 52
_LANE = np.int64(1) << 41  # > any distance in one lane
_MAX_LANES = 512  # lanes × _LANE stays below _INF
_NONE, _FWD, _BWD, _ARC = 0, 1, 2, 3


class _Lanes:
    """The residual networks of some lanes, as flat (lane × point) arrays.

    A lane's points are its distinct interval starts plus a last point after all
    of them; an interval ends at the first start at or after its end (no other
    interval starts in between, so no overlap is added or lost)."""

    def __init__(
        self,
        lanes: Sequence[tuple[FloatArray, FloatArray, IntArray]],
        used: list[BoolArray],
    ) -> None:
        points = [np.unique(s) for s, _, _ in lanes]
        self.width = max(len(p) for p in points) + 1
        self.last = np.array([len(p) for p in points], dtype=np.int64)
        base = np.arange(len(lanes), dtype=np.int64) * self.width
        self.tail = np.concatenate(
            [
                np.searchsorted(p, s) + b
                for p, (s, _, _), b in zip(points, lanes, base, strict=True)
            ]
        ).astype(np.int64)
        self.head = np.concatenate(
            [
                np.searchsorted(p, e) + b
                for p, (_, e, _), b in zip(points, lanes, base, strict=True)
            ]
        ).astype(np.int64)
        self.weight = np.concatenate([w for _, _, w in lanes]).astype(np.int64)
        self.sizes = np.array([len(w) for _, _, w in lanes], dtype=np.int64)
        self.used = np.concatenate(used)
        self.shape = (len(lanes), self.width)
        self.source = base
        self.sink = base + self.last
        column = np.arange(self.width)[None, :]
        # segment j (points j, j+1) exists in a lane while j < its last point
        self.segment = column < self.last[:, None]

    def used_by_lane(self) -> list[BoolArray]:
        return np.split(self.used, np.cumsum(self.sizes)[:-1])

    def coverage(self) -> IntArray:
        """Used intervals over each segment (lane × point, last column unused)."""
        step = np.zeros(self.shape[0] * self.width + 1, dtype=np.int64)
        np.add.at(step, self.tail[self.used], 1)
        np.add.at(step, self.head[self.used], -1)
        return np.cumsum(step[:-1]).reshape(self.shape)

    def shortest(self, flow: IntArray) -> tuple[IntArray, IntArray, IntArray]:
        """Distances from each lane's first point with ``flow`` units sent so far,
        and the predecessor kind and interval of every point."""
        lanes, width = self.shape
        carries = self.segment & (self.coverage() < flow[:, None])
        start = np.ones(self.shape, dtype=bool)
        start[:, 1:] = ~carries[:, :-1]
        starts = np.flatnonzero(start.ravel())
        # after the running minimum, distances fall along a lane, so a stretch's
        # minimum is at its last point
        zone_end = np.repeat(
            np.append(starts[1:], lanes * width) - 1,
            np.diff(np.append(starts, lanes * width)),
        )
        # lane offsets make one flat running minimum restart at each lane's source
        offset = np.repeat((lanes - np.arange(lanes, dtype=np.int64)) * _LANE, width)
        flat = np.full(lanes * width, _INF, dtype=np.int64)
        flat[self.source] = 0
        kinds = np.zeros(lanes * width, dtype=np.int8)
        arc = np.full(lanes * width, -1, dtype=np.int64)
        backward = self.used
        tail = np.where(backward, self.head, self.tail)
        head = np.where(backward, self.tail, self.head)
        cost = np.where(backward, self.weight, -self.weight)
        numbers = np.arange(len(cost))
        for _ in range(len(cost) + 2):
            # flat <= _INF always, so the offsets keep the lanes apart
            ahead = np.minimum.accumulate(flat + offset) - offset
            better = ahead < flat
            kinds[better] = _FWD
            flat = np.where(better, ahead, flat)
            zone_min = flat[zone_end]
            better = zone_min < flat
            kinds[better] = _BWD
            flat = np.where(better, zone_min, flat)
            from_tail = flat[tail]
            reach = from_tail < _INF
            candidate = from_tail + cost
            new = flat.copy()
            np.minimum.at(new, head[reach], candidate[reach])
            improved = new < flat
            if not improved.any():
                return flat.reshape(self.shape), kinds.reshape(self.shape), arc
            win = reach & improved[head] & (candidate == new[head])
            arc[head[win]] = numbers[win]
            kinds[head[win]] = _ARC
            flat = new
        raise RuntimeError("track_flow: no convergence (negative cycle)")

    def augment(
        self, kind: IntArray, arc: IntArray, active: npt.NDArray[np.bool_]
    ) -> None:
        """Send one unit along each active lane's shortest path (walked back from
        its last point; runs of free arcs are skipped in one step)."""
        index = np.arange(self.shape[0] * self.width).reshape(self.shape)
        back_to = np.maximum.accumulate(np.where(kind != _FWD, index, -1), axis=1)
        big = self.shape[0] * self.width
        on_to = np.minimum.accumulate(
            np.where(kind != _BWD, index, big)[:, ::-1], axis=1
        )[:, ::-1]
        kinds, back_to, on_to = kind.ravel(), back_to.ravel(), on_to.ravel()
        pos = self.sink[active].copy()
        source = self.source[active]
        flip = np.zeros(len(self.weight), dtype=bool)
        for _ in range(3 * len(self.weight) + 3 * self.width + 3):
            moving = pos != source
            if not moving.any():
                break
            k = kinds[pos]
            pos = np.where(moving & (k == _FWD), back_to[pos], pos)
            k = kinds[pos]
            pos = np.where(moving & (k == _BWD), on_to[pos], pos)
            k = kinds[pos]
            take = (pos != source) & (k == _ARC)
            if take.any():
                chosen = arc[pos[take]]
                flip[chosen] ^= True
                ends = np.where(self.used[chosen], self.head[chosen], self.tail[chosen])
                pos[take] = ends
        else:
            raise RuntimeError("track_flow: path walk did not end")
        self.used ^= flip


def track_values(
    lanes: Sequence[tuple[FloatArray, FloatArray, IntArray]], levels: Sequence[int]
) -> list[IntArray]:
    """For each lane ``(start, end, weight)`` (weights >= 0, integers), the array
    ``M`` with ``M[k-1]`` = the most weight of intervals overlapping at most k deep,
    for k = 1..``levels[lane]``. Intervals of length zero overlap nothing and count
    at every k."""
    prepared: list[tuple[FloatArray, FloatArray, IntArray]] = []
    free = np.zeros(len(lanes), dtype=np.int64)
    for j, (start, end, weight) in enumerate(lanes):
        w = np.asarray(weight, dtype=np.int64)
        if np.any(w < 0):
            raise ValueError("track_values: weights must be >= 0.")
        s, e = np.asarray(start, np.float64), np.asarray(end, np.float64)
        empty = e <= s
        free[j] = int(w[empty].sum())
        keep = ~empty & (w > 0)
        prepared.append((s[keep], e[keep], w[keep]))
    want = np.asarray(levels, dtype=np.int64)
    gains = np.zeros((len(lanes), int(want.max(initial=0))), np.int64)
    flow = np.zeros(len(lanes), dtype=np.int64)
    used = [np.zeros(len(p[2]), dtype=bool) for p in prepared]
    todo = np.flatnonzero(
        (want > 0) & np.array([len(p[2]) > 0 for p in prepared], bool)
    )
    for first in range(0, len(todo), _MAX_LANES):
        _solve(prepared, todo[first : first + _MAX_LANES], used, flow, want, gains)
    totals = np.cumsum(gains, axis=1)
    return [totals[j, : int(want[j])] + free[j] for j in range(len(lanes))]


def _solve(
    prepared: list[tuple[FloatArray, FloatArray, IntArray]],
    lanes: IntArray,
    used: list[BoolArray],
    flow: IntArray,
    want: IntArray,
    gains: IntArray,
) -> None:
    """Augment the given lanes until each has ``want`` units or gains nothing more;
    lanes that are done leave the arrays once a third of them are."""
    while len(lanes):
        net = _Lanes([prepared[j] for j in lanes], [used[j] for j in lanes])
        active = np.ones(len(lanes), dtype=bool)
        while active.sum() > (2 * len(lanes)) // 3:
            dist, kind, arc = net.shortest(flow[lanes])
            gain = -dist.ravel()[net.sink]
            active &= gain > 0
            if active.any():
                net.augment(kind, arc, active)
                mine = lanes[active]
                gains[mine, flow[mine]] = gain[active]
                flow[mine] += 1
            active &= flow[lanes] < want[lanes]
        for j, u in zip(lanes, net.used_by_lane(), strict=True):
            used[j] = u
        lanes = lanes[active]
