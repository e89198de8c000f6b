"""One answer of the count model (``MilpSolution``) and the weights of its objective."""

from __future__ import annotations

from dataclasses import dataclass

from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.pareto import TIE_BREAK


@dataclass(frozen=True, slots=True)
class MilpSolution:
    """One MILP answer: counts per type, yearly figures and the proof of quality."""

    status: str  # "optimal" | "limit" | "infeasible" | "cancelled" (no answer)
    counts: tuple[int, ...]
    objective: float
    bound: float
    cost_dkk: float
    co2e_kg: float
    unallocated: int
    longest_unallocated_km: float = 0.0
    external_dkk: float = 0.0

    @property
    def gap(self) -> float:
        if self.status == "infeasible" or self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / abs(self.objective))


def objective_weights(weight: float, inst: MixInstance) -> tuple[float, float]:
    """``(per dkk, per kg)`` multipliers of the weighted objective."""
    a = weight / 10.0
    return (
        (1.0 - a + TIE_BREAK) / inst.ref_cost_dkk,
        (a + TIE_BREAK) / inst.ref_co2e_kg,
    )
