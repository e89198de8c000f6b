"""Why no fleet meets the constraints: plain reasons for the user (``Note``s)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.messages import Note
from fleetplan.optimise.params import CurrentMode, OptimiseParams
from fleetplan.optimise.verify import Evaluation

_SHOWN = 5


def _trip_list(inst: MixInstance, idx: np.ndarray) -> str:
    trips = inst.problem.trips
    shown = ", ".join(
        f"{trips.trip_ids[i]} ({trips.distance_km[i]:.1f} km)" for i in idx[:_SHOWN]
    )
    return shown + (", …" if len(idx) > _SHOWN else "")


def _uncoverable(
    inst: MixInstance, params: OptimiseParams, allowed: np.ndarray, what: str
) -> list[str]:
    """Reasons when the trips no allowed class can drive break the service level
    (``what``: ``no_model`` or ``no_fossil_free``, the end of the keys)."""
    out: list[str] = []
    left = np.flatnonzero(~inst.feasible[:, allowed].any(axis=1))
    km = inst.problem.trips.distance_km
    limit = params.max_undriven_km
    if limit is not None:
        long = left[km[left] > limit + 1e-9]
        if len(long):
            out.append(
                Note(
                    f"optimiser.long_trips_{what}",
                    count=len(long),
                    km=f"{limit:g}",
                    trips=_trip_list(inst, long),
                )
            )
    cap = params.max_unallocated
    if cap is not None and len(left) > cap:
        out.append(
            Note(
                f"optimiser.too_many_{what}",
                count=len(left),
                cap=cap,
                trips=_trip_list(inst, left),
            )
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
    reasons = _uncoverable(inst, params, every, "no_model")
    if params.fossil_free_share >= 1.0 - 1e-9:
        green = np.array(
            [i for i, c in enumerate(classes) if c.fossil_free and c.upper]
        )
        if len(green) == 0:
            reasons.append(Note("optimiser.no_fossil_free_model"))
        else:
            reasons.extend(_uncoverable(inst, params, green, "no_fossil_free"))
    if params.current is CurrentMode.REDUCE and not any(
        c.added_template is not None for c in classes
    ):
        reasons.append(Note("optimiser.reduce_without_candidates"))
    if pool:
        reasons.append(Note("optimiser.all_fleets_break_service", count=len(pool)))
    if not reasons:
        reasons.append(Note("optimiser.constraints_together"))
    return reasons
