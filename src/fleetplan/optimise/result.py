"""Results of a fleet-mix optimisation: solutions, the Pareto front, today's fleet."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from fleetplan.optimise.messages import note_dicts


class OptimiseStatus(StrEnum):
    OPTIMAL = "optimal"  # every reported gap within the target
    LIMIT = "limit"  # stopped by a time limit, a round limit or a cancel; gaps reported
    INFEASIBLE = "infeasible"  # no fleet meets the constraints; ``messages`` say why


@dataclass(frozen=True, slots=True)
class FleetSolution:
    """One verified fleet: counts by vehicle model and its yearly figures.

    ``gap`` bounds how far its weighted objective (at ``weight``) can be from the
    best possible: (value − lower bound) ÷ value.
    """

    weight: float
    counts: dict[str, int]
    changes: dict[str, int]
    total_cost_dkk: float
    co2e_kg: float
    unallocated: int
    gap: float
    objective: float
    # vehicles held more (+) or fewer (−) than the best fleet (#1), by model
    versus_best: dict[str, int] = field(default_factory=dict)

    @property
    def co2e_t(self) -> float:
        return self.co2e_kg / 1000.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "weight": self.weight,
            "counts": dict(self.counts),
            "changes": dict(self.changes),
            "total_cost_dkk": round(self.total_cost_dkk, 2),
            "co2e_t": round(self.co2e_t, 4),
            "unallocated": self.unallocated,
            "gap": round(self.gap, 6),
            "versus_best": dict(self.versus_best),
        }


@dataclass(frozen=True, slots=True)
class ParetoPoint:
    """A non-dominated verified fleet and the slider weights that select it."""

    weights: tuple[float, ...]
    solution: FleetSolution

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": list(self.weights),
            "total_cost_dkk": round(self.solution.total_cost_dkk, 2),
            "co2e_t": round(self.solution.co2e_t, 4),
            "unallocated": self.solution.unallocated,
            "counts": dict(self.solution.counts),
        }


@dataclass(frozen=True, slots=True)
class OptimiseResult:
    status: OptimiseStatus
    solutions: tuple[FleetSolution, ...]
    pareto: tuple[ParetoPoint, ...]
    today_counts: dict[str, int]
    today_cost_dkk: float
    today_co2e_kg: float
    seconds: float
    milp_solves: int = 0
    messages: tuple[str, ...] = field(default_factory=tuple)
    # True when the front is proven to hold every non-dominated fleet (within the
    # target gap); otherwise it holds the non-dominated fleets verified
    front_complete: bool = False
    # the fleets shown differ pairwise by at least this many vehicles
    min_difference: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "solutions": [s.to_dict() for s in self.solutions],
            "pareto": [p.to_dict() for p in self.pareto],
            "today": {
                "counts": dict(self.today_counts),
                "total_cost_dkk": round(self.today_cost_dkk, 2),
                "co2e_t": round(self.today_co2e_kg / 1000.0, 4),
            },
            "seconds": round(self.seconds, 3),
            "milp_solves": self.milp_solves,
            "front_complete": self.front_complete,
            "min_difference": self.min_difference,
            "messages": [str(m) for m in self.messages],
            # key and parameters of each message, for the web's language
            "notes": note_dicts(self.messages),
        }
