"""Vehicle classes and time components: how the exact engine decomposes a problem.

A *class* merges types that differ only slightly in consumption (same home, kind,
fuel, make, model, range, feasibility and busy times; per-km rates within a
tolerance), so one capacity constraint covers them. The class model under-prices a
class's km (cheapest rates first), which makes its optimum a valid lower bound; the
actual vehicles are chosen afterwards.

A *component* is a maximal group of trips whose busy intervals (on any type) chain
together; between components no vehicle is busy, so they can be solved in time order
with only the charge and km used carried over.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import TIME_DECIMALS, FleetState

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class VehicleClass:
    """Types ``types`` (first = representative) and their vehicles (fleet indices)."""

    types: tuple[int, ...]
    vehicles: IntArray

    @property
    def rep(self) -> int:
        return self.types[0]

    @property
    def count(self) -> int:
        return len(self.vehicles)


def _split_by_rate(
    types: list[int], rates: FloatArray | None, tolerance: float
) -> list[list[int]]:
    """Cut a group, sorted by per-km rate, wherever a rate exceeds the first rate of
    its part by more than ``tolerance`` (0.02 = 2 %)."""
    if rates is None:
        return [types]
    parts: list[list[int]] = []
    base = None
    for t in sorted(types, key=lambda t: (rates[t], t)):
        if base is None or rates[t] > base * (1.0 + tolerance) + 1e-12:
            parts.append([])
            base = rates[t]
        parts[-1].append(t)
    return parts


def class_key(problem: AllocationProblem, t: int) -> tuple[object, ...]:
    """Types with equal keys are interchangeable for feasibility and busy time:
    same home, model, range, outfitting and trip columns; only rates may differ."""
    ftype = problem.types[t]
    v = ftype.template
    return (
        ftype.home,
        str(v.vehicle_type),
        str(v.fuel),
        v.make,
        v.model,
        ftype.capacity_km,
        v.seats,
        v.wheelchair_lift,
        v.child_seats,
        problem.feasible[:, t].tobytes(),
        problem.busy_before_min[:, t].tobytes(),
        problem.busy_after_min[:, t].tobytes(),
    )


def build_classes(
    problem: AllocationProblem, state: FleetState, rate_tolerance: float = 0.10
) -> list[VehicleClass]:
    """Group types into classes; within a class per-km rates differ by at most
    ``rate_tolerance`` (the class model's bound loses at most about that much on
    the class's km, and the engine's gap shows it)."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for t in range(len(problem.types)):
        groups.setdefault(class_key(problem, t), []).append(t)
    classes = []
    parts = [
        part
        for types in groups.values()
        for part in _split_by_rate(types, problem.rate_dkk_per_km, rate_tolerance)
    ]
    for types in parts:
        vehicles = np.flatnonzero(np.isin(state.type_of, types)).astype(np.int64)
        if len(vehicles):
            classes.append(VehicleClass(tuple(types), vehicles))
    return classes


# Each block asks for its classes' busy intervals a dozen times (model, chains,
# bounds): one rounded column per type of the problem in hand is kept instead
# (np.round on each small slice was ~5 % of synth_50v_60d's run). The columns go
# with the arrays they were made from (by identity) and are swapped as one pair, so
# allocations in several threads each read their own problem's; at most this many
# values are kept, so a city-scale problem is not doubled in memory.
_BUSY_CACHE_VALUES = 2_000_000
_busy_cache: tuple[tuple[object, ...], dict[int, tuple[FloatArray, FloatArray]]] = (
    (),
    {},
)


def _busy_column(
    problem: AllocationProblem, t: int
) -> tuple[FloatArray, FloatArray] | None:
    """Type t's rounded busy column, kept; None when there is no room for it."""
    global _busy_cache
    source = (
        problem.trips.start_min,
        problem.trips.end_min,
        problem.busy_before_min,
        problem.busy_after_min,
    )
    kept, columns = _busy_cache
    if len(kept) != len(source) or any(
        x is not y for x, y in zip(kept, source, strict=True)
    ):
        columns = {}
        _busy_cache = (source, columns)
    column = columns.get(t)
    if column is None:
        if (len(columns) + 1) * problem.num_trips > _BUSY_CACHE_VALUES:
            return None
        start = problem.trips.start_min - problem.busy_before_min[:, t]
        end = problem.trips.end_min + problem.busy_after_min[:, t]
        column = (np.round(start, TIME_DECIMALS), np.round(end, TIME_DECIMALS))
        columns[t] = column
    return column


def busy(
    problem: AllocationProblem, t: int, idx: IntArray
) -> tuple[FloatArray, FloatArray]:
    """Rounded busy ``[start, end)`` of trips ``idx`` on type ``t`` (rounding is
    elementwise: the kept column's values are the slice's)."""
    column = _busy_column(problem, t)
    if column is None:
        start = problem.trips.start_min[idx] - problem.busy_before_min[idx, t]
        end = problem.trips.end_min[idx] + problem.busy_after_min[idx, t]
        return np.round(start, TIME_DECIMALS), np.round(end, TIME_DECIMALS)
    return column[0][idx], column[1][idx]


def components_of(
    problem: AllocationProblem, idx: IntArray, types: IntArray | None = None
) -> list[IntArray]:
    """Components of trips ``idx`` with busy intervals on ``types`` (default all),
    in time order, each sorted by trip index."""
    idx = np.asarray(idx, dtype=np.int64)
    if len(idx) == 0:
        return []
    trips = problem.trips
    cols = np.arange(problem.num_types) if types is None else types
    if len(cols):
        start = trips.start_min[idx] - problem.busy_before_min[idx][:, cols].max(axis=1)
        end = trips.end_min[idx] + problem.busy_after_min[idx][:, cols].max(axis=1)
    else:
        start, end = trips.start_min[idx].copy(), trips.end_min[idx].copy()
    start, end = np.round(start, TIME_DECIMALS), np.round(end, TIME_DECIMALS)
    order = np.lexsort((end, start))
    running = np.maximum.accumulate(end[order])
    cuts = np.flatnonzero(start[order][1:] >= running[:-1]) + 1
    return [np.sort(idx[part]) for part in np.split(order, cuts)]


def components(problem: AllocationProblem) -> list[IntArray]:
    """Trip indices of each component, in time order (each sorted by start)."""
    return components_of(problem, np.arange(problem.num_trips))
