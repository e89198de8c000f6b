"""What one Benders round learned: each block's value at the master's point and at
its probes (``BlockLP.solve``), summed to the totals of every point all blocks are
known at (the fleets the round evaluated, candidates for the incumbent)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fleetplan.optimise.blocks import BlockLP, Figures

FloatArray = npt.NDArray[np.float64]
Key = tuple[int, int]  # (class, ±1): the probe n ± step·e_t


class Evaluated:
    """Totals of a round at its point and its probes (``steps``)."""

    def __init__(self, counts: tuple[int, ...], steps: tuple[int, ...] | None) -> None:
        self.counts = counts
        self.steps = steps
        self.complete = True  # every block answered before the deadline
        self.cuts = 0
        self.violated = 0  # cuts at the point itself that θ violated
        self.values: dict[int, float] = {}  # block → V at the point
        self._sums: dict[Key | None, list[float]] = {None: [0.0] * 6}
        self._unknown: set[Key] = set()

    def add(
        self,
        block_id: int,
        value: float,
        figures: Figures,
        block: BlockLP,
        probes: dict[Key, tuple[object, Figures]],
        probe_values: dict[Key, float],
    ) -> None:
        """Add one block's answer. A probe the block did not solve has the
        point's value (``BlockLP.solve``), unless the block's answer is kept from
        an earlier round and does not fit the smaller count (then unknown)."""
        self.values[block_id] = value
        _accumulate(self._sums[None], value, figures)
        if self.steps is None:
            return
        for t, step in enumerate(self.steps):
            for sign in (-1, 1):
                key = (t, sign)
                if key not in self._sums:
                    self._sums[key] = [0.0] * 6
                if key in probes:
                    _accumulate(self._sums[key], probe_values[key], probes[key][1])
                    continue
                fits = block.used[t] <= self.counts[t] - step + 1e-9
                if sign < 0 and t in block.flow_class and not fits:
                    self._unknown.add(key)
                _accumulate(self._sums[key], value, figures)

    def block_values(self, blocks: list[int]) -> FloatArray:
        return np.array([self.values[d] for d in blocks])

    def points(
        self, bounds: tuple[tuple[int, ...], tuple[int, ...]]
    ) -> list[tuple[tuple[int, ...], float, Figures]]:
        """(counts, Σ V, figures) of the point and of each probe every block is
        known at (within the master's bounds on n)."""
        out = [(self.counts, *_figures(self._sums[None]))]
        for key, sums in self._sums.items():
            if key is None or key in self._unknown or self.steps is None:
                continue
            t, sign = key
            to = self.counts[t] + sign * self.steps[t]
            if self.steps[t] <= 0 or not bounds[0][t] <= to <= bounds[1][t]:
                continue
            point = tuple(to if s == t else c for s, c in enumerate(self.counts))
            out.append((point, *_figures(sums)))
        return out


def _accumulate(sums: list[float], value: float, f: Figures) -> None:
    sums[0] += value
    sums[1] += f.cost_dkk
    sums[2] += f.co2e_kg
    sums[3] += f.unallocated
    sums[4] += f.external_dkk
    sums[5] = max(sums[5], f.longest_km)


def _figures(sums: list[float]) -> tuple[float, Figures]:
    return sums[0], Figures(sums[1], sums[2], int(sums[3]), sums[4], sums[5])


class TrustRegion:
    """Box-step stabilisation: the master's next point is sought within
    ``|n_t − center_t| <= delta`` of the best point so far (Marsten et al. 1975),
    which stops Kelley's cutting planes from swinging a class between 0 and its
    upper count. The box moves to each better point, doubles when the better
    point is on its edge and halves when a point is no better. It only steers
    the proposals: the bound comes from the master without the box."""

    def __init__(self, share: float) -> None:
        self.share = share
        self.center: tuple[int, ...] | None = None
        self.value = np.inf
        self.x: FloatArray | None = None  # the master's answer at the center
        self.delta = 0

    def box(self) -> tuple[list[int], list[int]] | None:
        if self.center is None:
            return None
        return [c - self.delta for c in self.center], [
            c + self.delta for c in self.center
        ]

    def update(
        self, counts: tuple[int, ...], value: float, x: FloatArray | None
    ) -> bool:
        """Move to ``counts`` if better; True if it was."""
        if self.center is None:
            self.center, self.value, self.x = counts, value, x
            self.delta = max(1, round(self.share * sum(counts)))
            return True
        if value < self.value:
            edge = any(
                abs(a - b) >= self.delta
                for a, b in zip(counts, self.center, strict=True)
            )
            self.center, self.value, self.x = counts, value, x
            if edge:
                self.delta *= 2
            return True
        self.delta = max(1, self.delta // 2)
        return False

    def inside(self, counts: tuple[int, ...], margin: int = 0) -> bool:
        """Within the box (``margin`` = 1: off its edges, where the box did not
        stop the master)."""
        return self.center is None or all(
            abs(a - b) <= self.delta - margin
            for a, b in zip(counts, self.center, strict=True)
        )

    def widen(self) -> None:
        """The box held nothing better than what was evaluated: look further."""
        self.delta *= 4
