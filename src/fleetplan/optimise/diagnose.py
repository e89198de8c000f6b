"""Why no fleet meets the constraints: plain reasons for the user."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.params import CurrentMode, OptimiseParams
from fleetplan.optimise.verify import Evaluation

_SHOWN = 5


def _trip_list(inst: MixInstance, idx: np.ndarray) -> str:
    trips = inst.problem.trips
    shown = ", ".join(
        f"{trips.trip_ids[i]} ({trips.distance_km[i]:.1f} km)" for i in idx[:_SHOWN]
    )
    more = f" and {len(idx) - _SHOWN} more" if len(idx) > _SHOWN else ""
    return shown + more


def _uncoverable(
    inst: MixInstance, params: OptimiseParams, allowed: np.ndarray, what: str
) -> list[str]:
    """Reasons when the trips no allowed class can drive break the service level."""
    out: list[str] = []
    left = np.flatnonzero(~inst.feasible[:, allowed].any(axis=1))
    km = inst.problem.trips.distance_km
    limit = params.max_undriven_km
    if limit is not None:
        long = left[km[left] > limit + 1e-9]
        if len(long):
            out.append(
                f"{len(long)} trips longer than {limit:g} km can be driven by no "
                f"{what}: {_trip_list(inst, long)}; allow longer undriven trips or "
                "offer a model that can drive them."
            )
    cap = params.max_unallocated
    if cap is not None and len(left) > cap:
        out.append(
            f"{len(left)} trips can be driven by no {what}, more than the "
            f"{cap} allowed unallocated: {_trip_list(inst, left)}."
        )
    return out


def infeasible_reasons(
    inst: MixInstance,
    params: OptimiseParams,
    pool: Mapping[tuple[int, ...], Evaluation],
) -> list[str]:
    """Reasons in order of how certain they are; never empty."""
    classes = inst.classes
    every = np.arange(len(classes))
    reasons = _uncoverable(inst, params, every, "vehicle model")
    if params.fossil_free_share >= 1.0 - 1e-9:
        green = np.array(
            [i for i, c in enumerate(classes) if c.fossil_free and c.upper]
        )
        if len(green) == 0:
            reasons.append(
                "100 % fossil-free: no fossil-free model may be held "
                f"(current mode {params.current}); offer electric candidates."
            )
        else:
            reasons.extend(
                "100 % fossil-free: " + r
                for r in _uncoverable(inst, params, green, "fossil-free model")
            )
    if params.current is CurrentMode.REDUCE and not any(
        c.added_template is not None for c in classes
    ):
        reasons.append(
            "current mode 'reduce' with no candidates: no vehicles can be added."
        )
    if pool:
        reasons.append(
            f"{len(pool)} fleets were proposed but the exact allocation showed each "
            "breaks the service level (EV charge or allowed km)."
        )
    if not reasons:
        reasons.append(
            "no fleet meets all constraints together (service level, kept vehicles, "
            "max new vehicles, budget, fossil-free share); relax one of them."
        )
    return reasons
