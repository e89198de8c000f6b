"""The sample of blocks that seeds a long horizon's Benders loop (a short-horizon
optimum): evenly spread blocks, each standing for the blocks around it, plus the
blocks of the highest load, which decide how many vehicles the fleet needs.

The sample's master (θ of a spread block weighted by the blocks it stands for,
of a peak block by 1, of the others by 0) proposes a fleet near the year's optimum
from a few dozen block LPs a round instead of hundreds; its cuts are cuts of their
blocks, so they stay valid for the full master. Its bound is not a bound of the
model and is never reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fleetplan.optimise.instance import MixInstance
from fleetplan.simulate.load_flow import peak_overlap

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# a loop over at least this many blocks is seeded from a sample
SAMPLE_MIN_BLOCKS = 60
# evenly spread blocks and highest-load blocks in the sample
SAMPLE_SPREAD = 24
SAMPLE_PEAKS = 8


@dataclass(frozen=True, slots=True)
class Sample:
    blocks: list[int]
    weights: FloatArray  # blocks each stands for (Σ = all blocks)

    def costs(self, num_blocks: int) -> FloatArray:
        """θ costs of the sample's master."""
        c = np.zeros(num_blocks)
        c[self.blocks] = self.weights
        return c


def choose_sample(inst: MixInstance, blocks: list[IntArray]) -> Sample | None:
    """None below ``SAMPLE_MIN_BLOCKS`` blocks (the loop starts at once)."""
    num = len(blocks)
    if num < SAMPLE_MIN_BLOCKS:
        return None
    trips = inst.problem.trips
    peaks = np.array(
        [peak_overlap(trips.start_min[b], trips.end_min[b]) for b in blocks]
    )
    stride = math.ceil(num / SAMPLE_SPREAD)
    spread = list(range(stride // 2, num, stride))
    top = [int(d) for d in np.argsort(-peaks, kind="stable")[:SAMPLE_PEAKS]]
    chosen = sorted(set(spread) | set(top))
    # a spread block stands for its stride; the peaks (if not spread) for one
    extra = [d for d in top if d not in spread]
    share = (num - len(extra)) / len(spread)
    weights = np.array([share if d in spread else 1.0 for d in chosen])
    return Sample(chosen, weights)
