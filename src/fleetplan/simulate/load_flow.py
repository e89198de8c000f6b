"""Vehicle counts as a flow along the time line: the sparse form of "at most n
busy intervals overlap at any moment".

For one class, the distinct start and end times of its trips' busy intervals
``[start, end)`` are the *events*. ``z_e`` is the number of the class's vehicles idle
just after event e; at event e the vehicles of trips ending there come back and
the trips starting there leave:

    z_{e-1} + Σ_{i ends at e} x_i − Σ_{i starts at e} x_i − z_e = 0,  z_{-1} = n,

with ``z_e >= 0``. Ends are counted before starts at the same moment, so a vehicle
free at ``end`` may start the next trip then (half-open intervals). The running sum
gives ``z_e = n − (trips busy just after e)``, so ``z >= 0`` says exactly what the
maximal-overlap rows say (``Σ_{i∈K} x_i <= n``), with two non-zeros per trip
instead of one per trip and overlap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# busy times are compared at this many decimals of a minute (as simulate does)
TIME_DECIMALS = 6


@dataclass(frozen=True, slots=True)
class Events:
    """Event index of each interval's start and end, and the number of events."""

    count: int
    start_event: IntArray
    end_event: IntArray


def events(start: FloatArray, end: FloatArray) -> Events:
    """Distinct rounded times of ``start`` and ``end``, and each interval's two
    event indices (``start_event < end_event`` for a non-empty interval)."""
    s = np.round(np.asarray(start, dtype=np.float64), TIME_DECIMALS)
    e = np.round(np.asarray(end, dtype=np.float64), TIME_DECIMALS)
    times = np.unique(np.concatenate((s, e)))
    return Events(
        count=len(times),
        start_event=np.searchsorted(times, s).astype(np.int64),
        end_event=np.searchsorted(times, e).astype(np.int64),
    )


def peak_overlap(start: FloatArray, end: FloatArray) -> int:
    """Most intervals busy at one moment (ends before starts at equal times)."""
    if len(start) == 0:
        return 0
    ev = events(start, end)
    delta = np.zeros(ev.count + 1, dtype=np.int64)
    np.add.at(delta, ev.start_event, 1)
    np.add.at(delta, ev.end_event, -1)
    return int(np.cumsum(delta).max())


def checkpoint_rows(ev: Events) -> Events:
    """The same flow with one row per *checkpoint* instead of per event.

    The load (busy intervals) can only peak just after an event with starts that
    is followed by an event with ends; between two such checkpoints it falls and
    then rises, so it is largest at one of them. Summing the rows of the events
    from one checkpoint (exclusive) to the next (inclusive) therefore keeps every
    constraint that can bind: row r holds the starts and ends of those events and
    ``z_r`` is the idle count at checkpoint r. The last event is a checkpoint too.
    """
    if ev.count == 0:
        return ev
    has_start = np.zeros(ev.count, dtype=bool)
    has_end = np.zeros(ev.count, dtype=bool)
    has_start[ev.start_event] = True
    has_end[ev.end_event] = True
    check = has_start.copy()
    check[:-1] &= has_end[1:]
    check[-1] = True
    row_of_event = np.searchsorted(np.flatnonzero(check), np.arange(ev.count))
    return Events(
        count=int(check.sum()),
        start_event=row_of_event[ev.start_event].astype(np.int64),
        end_event=row_of_event[ev.end_event].astype(np.int64),
    )
