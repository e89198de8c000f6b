"""Time blocks of a fleet-mix instance (the Benders subproblems' trip sets).

Once the counts are fixed, trips in different *time components* (groups of trips
whose busy intervals chain together on some class; between them no vehicle is
busy) never compete for a vehicle, so the class model of ``milp`` splits into one
problem per component. Components are merged in time order into blocks of at least
``MIN_BLOCK_TRIPS`` trips.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fleetplan.optimise.instance import MixInstance

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MIN_BLOCK_TRIPS = 40


def class_intervals(inst: MixInstance) -> list[tuple[FloatArray, FloatArray]]:
    """Busy ``[start, end)`` of every trip on each class (its first type)."""
    return [inst.problem.busy_intervals(c.types[0]) for c in inst.classes]


def time_blocks(inst: MixInstance, min_trips: int | None = None) -> list[IntArray]:
    """Trip indices of each block (components in time order, merged to at least
    ``min_trips`` trips, default ``MIN_BLOCK_TRIPS``; the last may be smaller)."""
    min_trips = MIN_BLOCK_TRIPS if min_trips is None else min_trips
    p = inst.problem
    if p.num_trips == 0:
        return []
    start = p.trips.start_min - (p.busy_before_min.max(axis=1) if p.num_types else 0.0)
    end = p.trips.end_min + (p.busy_after_min.max(axis=1) if p.num_types else 0.0)
    start, end = np.round(start, 6), np.round(end, 6)
    order = np.lexsort((end, start))
    running = np.maximum.accumulate(end[order])
    cuts = np.flatnonzero(start[order][1:] >= running[:-1]) + 1
    blocks: list[IntArray] = []
    current: list[IntArray] = []
    size = 0
    for part in np.split(order, cuts):
        current.append(part)
        size += len(part)
        if size >= min_trips:
            blocks.append(np.sort(np.concatenate(current)))
            current, size = [], 0
    if current:
        blocks.append(np.sort(np.concatenate(current)))
    return blocks
