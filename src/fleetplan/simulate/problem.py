"""An allocation problem: trips, vehicle types, feasibility and cost arrays.

Which type may take which trip (home, bikes, outfitting, body, EV range) is
decided in ``feasibility``. The turnaround after a trip is at most the gap its own
vehicle had before its next trip (``own_turnaround_min``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time

import numpy as np
import numpy.typing as npt

from fleetplan.domain import Period, Roundtrip, RunSettings, Vehicle
from fleetplan.economics.winter import DEFAULT_RANGE_FACTORS
from fleetplan.simulate.feasibility import feasibility
from fleetplan.simulate.fleet import DEFAULT_CHARGE_KW, FleetEntry, FleetType
from fleetplan.simulate.fleet import build_fleet_types as build_fleet_types
from fleetplan.simulate.trips import TripSet, build_trips, select_roundtrips

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# per-km rate of a vehicle (dkk/km), and the external cost of one trip (dkk) from
# its km, start, end and the vehicle that drove it (None when unknown)
CostPerKm = Callable[[Vehicle], float]
ExternalCost = Callable[[float, datetime, datetime, Vehicle | None], float]

# The external cost of a trip no external option may take (a truck's, a special
# vehicle's). Finite, as the engine's HiGHS models need finite costs; 100,000 kr
# is over 50 times a day's van rental or a 200 km taxi ride, so the engine serves
# such a trip whenever a vehicle can, even if it pushes several others out. A trip
# no type of the fleet can take gets 0 instead: nothing depends on it, and a
# constant penalty would only blur the gap. The report counts these trips as
# unserved and leaves the penalty out of its cost.
FORBIDDEN_EXTERNAL_DKK = 100_000.0


@dataclass(frozen=True, slots=True)
class ProblemParams:
    """How a problem is built from data (not prices: those come as cost functions)."""

    transfer_min: float | None = None
    transfer_cost_dkk: float = 0.0
    # WLTP range share per month, January first (``economics.winter``);
    # ``problem_from_input`` takes it from the run's factor set
    range_factor_by_month: tuple[float, ...] = DEFAULT_RANGE_FACTORS
    default_charge_kw: float = DEFAULT_CHARGE_KW
    exempt_departments: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.transfer_min is not None and self.transfer_min < 0:
            raise ValueError(f"transfer_min must be >= 0, got {self.transfer_min}.")
        if len(self.range_factor_by_month) != 12 or not all(
            0.0 < f <= 1.0 for f in self.range_factor_by_month
        ):
            raise ValueError("range_factor_by_month must be 12 values in (0, 1].")


@dataclass(frozen=True, slots=True)
class AllocationProblem:
    """Everything the engine needs, as arrays over trips (rows) and types (columns).

    ``busy_before_min[i, t]``/``busy_after_min[i, t]`` extend trip i's busy interval on
    type t (transfer time; ``busy_after`` includes the turnaround). ``trip_cost_dkk``
    is the energy + societal CO2e cost of trip i on type t; ``external_cost_dkk`` that
    of its best allowed external option (``FORBIDDEN_EXTERNAL_DKK``: none allowed).
    ``range_factor[i]`` scales a type's usable range for trip i's month
    (``ProblemParams.range_factor_by_month``).
    """

    period: Period
    settings: RunSettings
    params: ProblemParams
    trips: TripSet
    types: tuple[FleetType, ...]
    feasible: BoolArray
    busy_before_min: FloatArray
    busy_after_min: FloatArray
    trip_cost_dkk: FloatArray
    external_cost_dkk: FloatArray
    range_factor: FloatArray
    rate_dkk_per_km: FloatArray | None = None

    @property
    def num_trips(self) -> int:
        return len(self.trips)

    @property
    def num_types(self) -> int:
        return len(self.types)

    def busy_intervals(self, t: int) -> tuple[FloatArray, FloatArray]:
        """``[start, end)`` of each trip's busy time on type ``t`` (minutes)."""
        return (
            self.trips.start_min - self.busy_before_min[:, t],
            self.trips.end_min + self.busy_after_min[:, t],
        )


def own_turnaround_min(trips: TripSet, turnaround_min: float) -> FloatArray:
    """The turnaround after each trip: ``turnaround_min``, but never more than the
    time its own vehicle had before its next trip (the data shows that switch was
    possible), so that today's fleet can always drive today's trips."""
    out = np.full(len(trips), float(turnaround_min))
    last: dict[str, int] = {}
    for i in np.lexsort((trips.end_min, trips.start_min)):
        vehicle = trips.current_vehicle_ids[i]
        j = last.get(vehicle)
        if j is not None:
            gap = float(trips.start_min[i] - trips.end_min[j])
            if gap >= 0:  # overlapping trips of one vehicle prove nothing
                out[j] = min(out[j], gap)
        last[vehicle] = int(i)
    return out


def build_problem(
    roundtrips: Sequence[Roundtrip],
    fleet: Sequence[FleetEntry],
    *,
    current_vehicles: Sequence[Vehicle],
    settings: RunSettings,
    period: Period,
    cost_per_km: CostPerKm,
    external_cost: ExternalCost,
    locations: Collection[str] | None = None,
    params: ProblemParams | None = None,
    like: AllocationProblem | None = None,
) -> AllocationProblem:
    """Select and merge trips, build types, feasibility and costs.

    ``roundtrips`` are the dataset's roundtrips (``Roundtrip``); ``current_vehicles``
    the vehicles that drove them (for outfitting needs). Minutes count from midnight
    of the period start. ``like``: a problem built from the same roundtrips, period,
    settings and locations for another fleet, whose trips and external costs are
    taken as they are (they do not depend on the fleet; merging and pricing them is
    most of the build).
    """
    params = params or ProblemParams()
    if like is None:
        chosen = select_roundtrips(roundtrips, period, locations)
        origin = datetime.combine(period.start.date(), time())
        trips = build_trips(chosen, settings.shifts, origin)
    else:
        trips = like.trips
    types = build_fleet_types(fleet, params.default_charge_kw)
    n, m = len(trips), len(types)
    range_factor = np.array(
        [params.range_factor_by_month[s.month - 1] for s in trips.start_times],
        dtype=np.float64,
    )
    current = {v.vehicle_id: v for v in current_vehicles}
    ok = feasibility(trips, types, settings, params, current, range_factor)
    away = np.zeros((n, m), dtype=bool)
    if params.transfer_min is not None:
        homes = np.array([t.home or "" for t in types], dtype=object)
        locs = np.array(trips.location_ids, dtype=object)
        away = locs[:, None] != homes[None, :]
    transfer = params.transfer_min or 0.0
    before = np.where(away, transfer, 0.0)
    after = before + own_turnaround_min(trips, settings.turnaround_min)[:, None]
    rates = np.array([cost_per_km(t.template) for t in types], dtype=np.float64)
    cost = trips.distance_km[:, None] * rates[None, :]
    cost = cost + np.where(away, 2.0 * params.transfer_cost_dkk, 0.0)
    external = (
        like.external_cost_dkk
        if like is not None
        else np.fromiter(
            (
                external_cost(
                    float(trips.distance_km[i]),
                    trips.start_times[i],
                    trips.end_times[i],
                    current.get(trips.current_vehicle_ids[i]),
                )
                for i in range(n)
            ),
            np.float64,
            n,
        )
    )
    if like is None:
        unservable = (external >= FORBIDDEN_EXTERNAL_DKK) & ~ok.any(axis=1)
        external = np.where(unservable, 0.0, external)
    return AllocationProblem(
        period=period,
        settings=settings,
        params=params,
        trips=trips,
        types=types,
        feasible=ok,
        busy_before_min=before.reshape(n, m),
        busy_after_min=after.reshape(n, m),
        trip_cost_dkk=cost.reshape(n, m),
        external_cost_dkk=external,
        range_factor=range_factor,
        rate_dkk_per_km=rates,
    )
