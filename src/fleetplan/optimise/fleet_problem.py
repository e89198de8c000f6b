"""The allocation problem of a count vector, from per-type columns built once.

Verifying a fleet needs its ``AllocationProblem``; ``problem_from_input`` (with
the instance's trips and external costs) builds the trip × type arrays by a
Python loop over every pair: 0.7 s CPU of each 2.6 s verification on
synth_100v_90d (55 types × 9,355 trips), the same columns again for every fleet.
Every per-type array (``feasible``, the busy extensions, trip costs, the rate) is
a function of that one type: its template, home and which of the trips' drivers
it holds (a vehicle may drive its own trips). The fleets a run verifies differ in
a few classes, so most of their types were seen before: ``FleetProblems`` keeps
each type's columns, builds only unseen types' (one ``problem_from_input`` over
a fleet of just those types) and stacks the fleet's. The problem equals
``problem_from_input``'s (``tests/optimise/test_fleet_problem.py``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from fleetplan.domain import Vehicle
from fleetplan.optimise.instance import MixInstance, with_fleet
from fleetplan.simulate import (
    AllocationProblem,
    FleetEntry,
    FleetType,
    build_fleet_types,
    problem_from_input,
)

# a vehicle id no trip names: a type's template stands in under it
_NOBODY = "\x00type-column"
TypeKey = tuple[Vehicle, str | None, frozenset[str]]


@dataclass(frozen=True, slots=True)
class _Columns:
    feasible: npt.NDArray[np.bool_]
    before: npt.NDArray[np.float64]
    after: npt.NDArray[np.float64]
    cost: npt.NDArray[np.float64]
    rate: float


class FleetProblems:
    """``problem(entries)`` = ``problem_from_input`` of that fleet, cached by type.

    Safe to call from the verifier's threads (one lock around the cache)."""

    def __init__(self, inst: MixInstance) -> None:
        self.inst = inst
        self.drivers = frozenset(inst.problem.trips.current_vehicle_ids)
        self.charge_kw = inst.problem.params.default_charge_kw
        self._columns: dict[TypeKey, _Columns] = {}
        self._lock = threading.Lock()

    def _key(self, ftype: FleetType) -> TypeKey:
        own = frozenset(
            v.vehicle_id for v in ftype.vehicles if v.vehicle_id in self.drivers
        )
        return (ftype.template, ftype.home, own)

    def _build(self, keys: list[TypeKey]) -> None:
        """Columns of unseen types: one problem over a fleet of just them, each
        type rebuilt from its template under its drivers' ids (or none)."""
        entries: list[FleetEntry] = []
        for template, home, own in keys:
            ids = sorted(own) or [_NOBODY]
            entries.extend(
                FleetEntry(replace(template, vehicle_id=i), 1, home) for i in ids
            )
        inst = self.inst
        part = problem_from_input(
            with_fleet(inst.inp, entries), inst.problem_params, like=inst.problem
        )
        if len(part.types) != len(keys):
            raise RuntimeError("types merged when built apart.")
        rates = part.rate_dkk_per_km
        if rates is None:  # build_problem always prices its types
            raise RuntimeError("a problem without per-type rates.")
        for t, key in enumerate(keys):
            self._columns[key] = _Columns(
                part.feasible[:, t].copy(),
                part.busy_before_min[:, t].copy(),
                part.busy_after_min[:, t].copy(),
                part.trip_cost_dkk[:, t].copy(),
                float(rates[t]),
            )

    def problem(self, entries: list[FleetEntry]) -> AllocationProblem:
        types = build_fleet_types(entries, self.charge_kw)
        keys = [self._key(ft) for ft in types]
        with self._lock:
            unseen = list(dict.fromkeys(k for k in keys if k not in self._columns))
            if unseen:
                self._build(unseen)
            cols = [self._columns[k] for k in keys]
        n = self.inst.num_trips

        def stack(
            get: str, dtype: type[np.bool_] | type[np.float64]
        ) -> npt.NDArray[np.generic]:
            if not cols:
                return np.zeros((n, 0), dtype=dtype)
            return np.column_stack([getattr(c, get) for c in cols])

        return replace(
            self.inst.problem,
            types=types,
            feasible=stack("feasible", np.bool_),
            busy_before_min=stack("before", np.float64),
            busy_after_min=stack("after", np.float64),
            trip_cost_dkk=stack("cost", np.float64),
            rate_dkk_per_km=np.array([c.rate for c in cols], dtype=np.float64),
        )
