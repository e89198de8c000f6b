"""Parameters and result of an allocation."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # gap <= target_gap
    LIMIT = "limit"  # feasible, stopped by the time limit or a cancel; gap reported
    INFEASIBLE = "infeasible"


class Method(StrEnum):
    EXACT = "exact"
    GREEDY = "greedy"


@dataclass(frozen=True, slots=True)
class AllocationParams:
    """How to allocate.

    ``limit_km`` enforces each vehicle's allowed km/year over the period (allowed ×
    days / 365); OS2 FleetOptimiser's ``limit_km`` is off by default, and so is ours
    when comparing with it. ``class_rate_tolerance`` groups vehicles whose per-km
    rates differ by at most that share into one class of the exact model (smaller:
    tighter bound, but more fractional LPs and slower); when the gap is above
    ``target_gap``, the components with the largest gaps are re-bounded by the LP
    of classes within ``fine_rate_tolerance`` with ``bound_levels`` levels of
    per-vehicle rates (see ``level_bound``; 0 = none), for at most
    ``refine_time_share`` × the time the allocation took. ``component_time_limit_s``
    caps the solves of one component together (their dual bound is used when they
    stop; a component whose time runs out follows its class model's plan); each
    component also gets at most twice its fair share of the time left.
    """

    method: Method = Method.EXACT
    time_limit_s: float = 30.0
    target_gap: float = 0.005
    limit_km: bool = True
    max_energy_rounds: int = 50
    class_rate_tolerance: float = 0.10
    fine_rate_tolerance: float = 0.10
    bound_levels: int = 2
    refine_time_share: float = 3.0
    component_time_limit_s: float = 5.0

    def __post_init__(self) -> None:
        if self.time_limit_s <= 0:
            raise ValueError(f"time_limit_s must be > 0, got {self.time_limit_s}.")
        if not 0.0 <= self.target_gap < 1.0:
            raise ValueError(f"target_gap must be in [0, 1), got {self.target_gap}.")


@dataclass(frozen=True, slots=True)
class AllocationResult:
    """Who serves each trip, with the proof of quality.

    ``vehicle_index[i]`` indexes ``vehicle_ids`` (-1 = unallocated). Costs are for the
    period (not annualised): energy + societal CO2e of the trips driven plus the
    external cost of the unallocated ones. ``gap = (objective − bound) / objective``.
    """

    status: SolveStatus
    method: Method
    objective_dkk: float
    lower_bound_dkk: float
    runtime_s: float
    trip_ids: tuple[str, ...]
    vehicle_ids: tuple[str, ...]
    vehicle_index: IntArray
    components: int = 0
    energy_repairs: int = 0
    messages: tuple[str, ...] = field(default_factory=tuple)

    @property
    def gap(self) -> float:
        if self.objective_dkk <= 0:
            return 0.0
        return max(
            0.0, (self.objective_dkk - self.lower_bound_dkk) / self.objective_dkk
        )

    @property
    def num_unallocated(self) -> int:
        return int(np.sum(self.vehicle_index < 0))

    @property
    def vehicle_of_trip(self) -> dict[str, str | None]:
        return {
            tid: (self.vehicle_ids[v] if v >= 0 else None)
            for tid, v in zip(self.trip_ids, self.vehicle_index.tolist(), strict=True)
        }
