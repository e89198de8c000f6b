"""The data of a fleet-mix problem: one allocation problem over every vehicle that
may be held, with per-class cost and CO2e arrays and today's figures.

Each current vehicle and each candidate (at every selected location) enters the
allocation problem once; its types are grouped into model classes (``models``).
Period values become yearly ones with ``annual`` (``annualisation_factor``: 365 ÷
days of the period, or of the data span for sets that say so, as OS2 does).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from fleetplan.domain import FactorSet, Vehicle
from fleetplan.economics import annualisation_factor, usage_rates
from fleetplan.optimise.contracts import ContractTerms
from fleetplan.optimise.models import (
    ModelClass,
    build_classes,
    class_cliques,
    class_peak,
    group_types,
)
from fleetplan.optimise.params import Co2eBasis, OptimiseParams
from fleetplan.simulate import (
    AllocationProblem,
    FleetEntry,
    ProblemParams,
    SimulationInput,
    co2e_value_dkk_per_kg,
    external_option,
    problem_from_input,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class MixInstance:
    """Arrays over trips × classes (period values; ``annual`` makes them yearly).

    ``trip_cost_dkk`` is energy + societal CO2e cost, ``trip_co2e_kg`` the CO2e of
    the trip on the class (cheapest member); the external arrays price a trip left
    to its cheapest external option. ``ref_cost_dkk``/``ref_co2e_kg`` are today's
    yearly figures: every current vehicle's fixed cost + each trip on the vehicle
    that drove it.
    """

    inp: SimulationInput
    problem_params: ProblemParams
    problem: AllocationProblem
    classes: tuple[ModelClass, ...]
    feasible: BoolArray
    trip_cost_dkk: FloatArray
    trip_co2e_kg: FloatArray
    external_cost_dkk: FloatArray
    external_co2e_kg: FloatArray
    annual: float
    ref_cost_dkk: float
    ref_co2e_kg: float
    _cliques: dict[int, tuple[IntArray, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    contracts: ContractTerms = field(default_factory=ContractTerms)

    @property
    def num_trips(self) -> int:
        return self.problem.num_trips

    def cliques(self, t: int) -> tuple[IntArray, ...]:
        """Class t's maximal overlaps (singletons included), made when first asked:
        only the one MILP reads them, and a city's year holds ~800 million."""
        if t not in self._cliques:
            self._cliques[t] = class_cliques(self.problem, self.classes[t].types[0])
        return self._cliques[t]


def co2e_kg_per_km(vehicle: Vehicle, factors: FactorSet, basis: Co2eBasis) -> float:
    """Use-phase CO2e per km: the set's basis, TTW, or WTW for the life-cycle view."""
    rates = usage_rates(vehicle, factors)
    if basis is Co2eBasis.TTW:
        return rates.co2e_ttw_kg_per_km
    if basis is Co2eBasis.LIFECYCLE:
        return rates.co2e_wtw_kg_per_km
    return rates.co2e_kg_per_km


def locations_of(inp: SimulationInput) -> tuple[str, ...]:
    """The selected locations, else every location with roundtrips."""
    return inp.locations or tuple(
        sorted({r.location_id for r in inp.dataset.roundtrips})
    )


def with_fleet(inp: SimulationInput, fleet: list[FleetEntry]) -> SimulationInput:
    return SimulationInput(
        inp.dataset,
        tuple(fleet),
        inp.factors,
        inp.settings,
        inp.period,
        inp.data_span,
        inp.locations,
        inp.external_kinds,
        retired=inp.retired,
    )


def external_co2e_kg(inp: SimulationInput, problem: AllocationProblem) -> FloatArray:
    """CO2e of each trip's external option, the one its external cost prices
    (0 where none is allowed)."""
    trips = problem.trips
    drivers = {v.vehicle_id: v for v in inp.dataset.vehicles}
    value = co2e_value_dkk_per_kg(inp)
    out = np.zeros(problem.num_trips, dtype=np.float64)
    for i in range(problem.num_trips):
        option = external_option(
            inp,
            float(trips.distance_km[i]),
            trips.start_times[i],
            trips.end_times[i],
            drivers.get(trips.current_vehicle_ids[i]),
            value,
        )
        if option is not None:
            out[i] = option.co2e_kg
    return out


def build_instance(
    inp: SimulationInput,
    params: OptimiseParams,
    problem_params: ProblemParams | None = None,
    contracts: ContractTerms | None = None,
) -> MixInstance:
    """Everything the MILP needs for ``inp``'s current fleet and the candidates;
    ``contracts``: leave to return leased vehicles early (default: none, so every
    vehicle under lease today stays)."""
    problem_params = problem_params or ProblemParams()
    current = [FleetEntry(e.vehicle, 1) for e in inp.fleet for _ in range(e.count)]
    candidates = [
        FleetEntry(v, 1, loc)
        for v in inp.dataset.candidate_vehicles
        for loc in locations_of(inp)
    ]
    problem = problem_from_input(with_fleet(inp, current + candidates), problem_params)
    groups = group_types(problem)
    peaks = [class_peak(problem, g[0]) for g in groups]
    classes = build_classes(problem, groups, peaks, inp.factors, params, contracts)
    per_km = np.array(
        [
            co2e_kg_per_km(ft.template, inp.factors, params.co2e_basis)
            for ft in problem.types
        ]
    )
    type_co2e = problem.trips.distance_km[:, None] * per_km[None, :]
    cost = np.stack([problem.trip_cost_dkk[:, list(g)].min(axis=1) for g in groups], 1)
    co2e = np.stack([type_co2e[:, list(g)].min(axis=1) for g in groups], 1)
    feasible = problem.feasible[:, [g[0] for g in groups]]
    ext_co2e = external_co2e_kg(inp, problem)
    annual = annualisation_factor(inp.period, inp.data_span, inp.factors)
    type_of_vehicle = {
        fv.vehicle_id: t for t, ft in enumerate(problem.types) for fv in ft.vehicles
    }
    today = np.array(
        [type_of_vehicle.get(v, -1) for v in problem.trips.current_vehicle_ids],
        dtype=np.int64,
    )
    rows = np.arange(problem.num_trips)
    col = np.maximum(today, 0)
    driven = today >= 0
    today_cost = np.where(
        driven, problem.trip_cost_dkk[rows, col], problem.external_cost_dkk
    )
    today_kg = np.where(driven, type_co2e[rows, col], ext_co2e)
    # today holds every vehicle: each one's fixed_dkk entry plus its removal cost
    fixed = sum(
        sum(c.fixed_dkk[: c.current_count]) + c.removal_total_dkk for c in classes
    )
    production = sum(c.production_co2e_kg_per_year * c.current_count for c in classes)
    return MixInstance(
        inp=inp,
        problem_params=problem_params,
        problem=problem,
        classes=classes,
        feasible=feasible,
        trip_cost_dkk=cost,
        trip_co2e_kg=co2e,
        external_cost_dkk=problem.external_cost_dkk,
        external_co2e_kg=ext_co2e,
        annual=annual,
        ref_cost_dkk=max(1.0, fixed + annual * float(today_cost.sum())),
        ref_co2e_kg=max(1.0, production + annual * float(today_kg.sum())),
        contracts=contracts or ContractTerms(),
    )
