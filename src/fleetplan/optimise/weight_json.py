"""JSON of a front weight's run (``weight_runs``): the run's parameters, the
verified fleets and the numbers that may be infinite (a bound), so a request
and its reply can be stored in a job record (PostgreSQL's JSON has no
Infinity) and come back exactly (floats by their shortest repr)."""

from __future__ import annotations

import math
from dataclasses import fields
from enum import Enum
from typing import Any

from fleetplan.optimise.params import Co2eBasis, CurrentMode, Method, OptimiseParams
from fleetplan.optimise.verify import Evaluation

_ENUMS: dict[str, type[Enum]] = {
    "current": CurrentMode,
    "co2e_basis": Co2eBasis,
    "method": Method,
}


def number(x: float) -> float | str:
    """A float, or "inf" / "-inf" / "nan" where JSON has none."""
    return x if math.isfinite(x) else str(x)


def unnumber(raw: float | str) -> float:
    return float(raw)


def params_json(params: OptimiseParams) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(params):
        value = getattr(params, f.name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def params_of(raw: dict[str, Any]) -> OptimiseParams:
    values: dict[str, Any] = dict(raw)
    for name, kind in _ENUMS.items():
        values[name] = kind(values[name])
    values["keep"] = frozenset(values["keep"])
    values["pareto_weights"] = tuple(float(w) for w in values["pareto_weights"])
    return OptimiseParams(**values)


def evaluation_json(ev: Evaluation) -> list[Any]:
    return [
        list(ev.counts),
        number(ev.cost_dkk),
        number(ev.co2e_kg),
        ev.unallocated,
        number(ev.longest_unallocated_km),
        number(ev.external_dkk),
        number(ev.allocation_gap),
        ev.proven,
    ]


def evaluation_of(raw: list[Any]) -> Evaluation:
    counts, cost, kg, left, longest, external, gap, proven = raw
    return Evaluation(
        tuple(int(c) for c in counts),
        unnumber(cost),
        unnumber(kg),
        int(left),
        unnumber(longest),
        unnumber(external),
        unnumber(gap),
        bool(proven),
    )
