"""The piece columns of the Benders master (``master.Master``).

Where costs rise, vehicles of equal cost on the same side of the kept and today's
counts are interchangeable, so one *piece* column in [0, run length] stands for
each run of them (~40 pieces instead of 1,300 y of a city class; the convex costs
fill the cheaper pieces first, as the y chain did). A class with binary y has one
piece per vehicle and the chain rows.
"""

from __future__ import annotations

import numpy as np

from fleetplan.optimise.instance import MixInstance


def cost_pieces(inst: MixInstance, binary: list[bool]) -> list[tuple[int, int, int]]:
    """(class, first vehicle k, length) of each piece: runs of equal fixed cost,
    split where the kept vehicles and today's count end; single vehicles in a
    class with binary y."""
    out: list[tuple[int, int, int]] = []
    for t, cls in enumerate(inst.classes):
        fixed = np.asarray(cls.fixed_dkk, dtype=np.float64)
        k = 1
        while k <= cls.upper:
            end = k
            if not binary[t]:
                stops = {cls.keep_count, cls.current_count}
                while (
                    end < cls.upper and end not in stops and fixed[end] == fixed[k - 1]
                ):
                    end += 1
            out.append((t, k, end - k + 1))
            k = end + 1
    return out
