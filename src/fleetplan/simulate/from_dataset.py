"""Build an allocation problem from a dataset, a fleet and a factor set.

Prices, factors and run settings: ``ingest.resolve_settings`` (a named factor set >
the dataset's ``meta.json`` settings block > the default set; each value's source
in ``SimulationInput.provenance``). Per-km cost of a type = energy cost + societal CO2e
cost (``usage_rates``); an unallocated trip costs its best allowed external option
(``ExternalRules`` of the vehicle that drove it), chosen and priced on cost +
CO2e valued as the yearly report values it (CO2 price × ``yearly_multiplier``),
or ``FORBIDDEN_EXTERNAL_DKK`` when none is allowed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from fleetplan.domain import (
    Dataset,
    FactorKey,
    FactorSet,
    Fuel,
    Period,
    RunSettings,
    Vehicle,
    retired_ids,
)
from fleetplan.economics import (
    OS2_FACTOR_SET_NAME,
    ExternalOption,
    cheapest_external_option,
    monthly_range_factors,
    usage_rates,
    yearly_multiplier,
)
from fleetplan.ingest import Provenance, resolve_settings
from fleetplan.simulate.ev_metadata import (
    MissingEvRangeError,
    MissingRange,
    assumption,
    missing_range_ids,
    with_assumed_range,
)
from fleetplan.simulate.fleet import FleetEntry
from fleetplan.simulate.problem import (
    FORBIDDEN_EXTERNAL_DKK,
    AllocationProblem,
    ProblemParams,
    build_problem,
)


@dataclass(frozen=True, slots=True)
class SimulationInput:
    """A dataset-level request: what ``build_problem`` and the results need."""

    dataset: Dataset
    fleet: tuple[FleetEntry, ...]
    factors: FactorSet
    settings: RunSettings
    period: Period
    data_span: Period | None
    locations: tuple[str, ...] | None
    external_kinds: tuple[str, ...]
    # where each setting came from (``ingest.provenance``); EVs given an assumed range
    provenance: Provenance | None = None
    missing_range: MissingRange | None = None
    # vehicles deactivated by the run's day (``domain.fleet_on``): not in today's
    # fleet; the trips they drove are demand, priced at their external option
    retired: frozenset[str] = frozenset()


def default_external_kinds(factors: FactorSet) -> tuple[str, ...]:
    """OS2 pays every unallocated trip as a private car; Fleetplan may also use
    taxi and rental."""
    if factors.name == OS2_FACTOR_SET_NAME:
        return ("allowance",)
    return ("taxi", "rental", "allowance")


def current_fleet(
    dataset: Dataset, locations: Collection[str] | None, today: date | None = None
) -> list[FleetEntry]:
    """Each vehicle of today's fleet once (of the selected locations): the
    register's vehicles without those deactivated by ``today`` (default: the
    current date), as ``domain.fleet_on`` defines it for every page."""
    chosen = set(locations) if locations else None
    gone = retired_ids(dataset.meta, today)
    return [
        FleetEntry(v, 1)
        for v in dataset.current_vehicles
        if (chosen is None or v.location_id in chosen) and v.vehicle_id not in gone
    ]


def _with_home(
    entry: FleetEntry, dataset: Dataset, locations: tuple[str, ...] | None
) -> FleetEntry:
    """A vehicle without a home (a candidate) lives at the only selected location."""
    if entry.home:
        return entry
    pool = locations or tuple(loc.location_id for loc in dataset.locations)
    if len(pool) == 1:
        return FleetEntry(entry.vehicle, entry.count, pool[0])
    raise ValueError(
        f"vehicle {entry.vehicle.vehicle_id} has no home location; give it one "
        "(location_id column in the fleet file) or select one location."
    )


def default_period(dataset: Dataset) -> Period:
    """The dataset's meta period, else its data span."""
    raw = dataset.meta.get("period") if isinstance(dataset.meta, dict) else None
    if isinstance(raw, dict) and raw.get("start") and raw.get("end"):
        return Period(
            datetime.fromisoformat(str(raw["start"])),
            datetime.fromisoformat(str(raw["end"])),
        )
    span = dataset.data_span()
    if span is None:
        raise ValueError("the dataset has no roundtrips and no meta period.")
    return span


def make_input(
    dataset: Dataset,
    fleet: Sequence[FleetEntry] | None,
    factors: FactorSet,
    *,
    period: Period | None = None,
    locations: Collection[str] | None = None,
    use_shifts: bool = True,
    external_kinds: Sequence[str] | None = None,
    factors_explicit: bool = False,
    ignore_meta: bool = False,
    require_range: bool = False,
    with_candidates: bool = False,
    today: date | None = None,
) -> SimulationInput:
    """Resolve defaults: fleet = current, period = meta period, the settings by
    ``ingest.provenance``'s precedence (``factors_explicit``: the user named the
    factor set; ``ignore_meta``: skip meta.json's settings).

    EVs of the fleet (and, ``with_candidates``, the catalogue) without a known
    range: ``MissingEvRangeError`` when ``require_range``, else they run with the
    factor set's assumed range, named in ``missing_range`` (``ev_metadata``).
    ``today``: whose fleet is today's (default: the current date).
    """
    resolved = resolve_settings(
        dataset.meta,
        factors,
        factors_explicit=factors_explicit,
        ignore_meta=ignore_meta,
        use_shifts=use_shifts,
    )
    factors, settings = resolved.factors, resolved.settings
    period = period or default_period(dataset)
    locs = tuple(locations) if locations else None
    if fleet is None:
        fleet = current_fleet(dataset, locs, today)
    fleet = tuple(fleet)
    fleet = tuple(_with_home(entry, dataset, locs) for entry in fleet)
    offered = dataset.candidate_vehicles if with_candidates else ()
    lacking = missing_range_ids([e.vehicle for e in fleet] + list(offered))
    if lacking and require_range:
        raise MissingEvRangeError(lacking)
    assumed = assumption(factors, lacking) if lacking else None
    if assumed is not None:
        fleet = tuple(
            replace(e, vehicle=with_assumed_range(e.vehicle, assumed)) for e in fleet
        )
        vehicles = tuple(with_assumed_range(v, assumed) for v in dataset.vehicles)
        dataset = replace(dataset, vehicles=vehicles)
    selected = [
        r
        for r in dataset.roundtrips
        if (locs is None or r.location_id in locs)
        and period.start <= r.start_time <= period.end
    ]
    span = (
        Period(min(r.start_time for r in selected), max(r.end_time for r in selected))
        if selected
        else None
    )
    return SimulationInput(
        dataset=dataset,
        fleet=fleet,
        factors=factors,
        settings=settings,
        period=period,
        data_span=span,
        locations=locs,
        external_kinds=tuple(external_kinds or default_external_kinds(factors)),
        provenance=resolved.provenance,
        missing_range=assumed,
        retired=retired_ids(dataset.meta, today),
    )


def allowed_external_kinds(
    inp: SimulationInput, driver: Vehicle | None
) -> frozenset[str]:
    """The options a trip driven by ``driver`` may go to: the run's rules for its
    category and department, within the kinds the factor set prices."""
    return inp.settings.external.allowed(driver) & frozenset(inp.external_kinds)


def co2e_value_dkk_per_kg(inp: SimulationInput) -> float:
    """What 1 kg CO2e of an external option counts in the yearly report: the CO2
    price per kg × ``yearly_multiplier`` (as vehicles' societal cost per km)."""
    price = inp.factors[FactorKey.CO2_PRICE_DKK_PER_T]
    return price / 1000.0 * yearly_multiplier(inp.factors)


def external_option(
    inp: SimulationInput,
    distance_km: float,
    start: datetime,
    end: datetime,
    driver: Vehicle | None = None,
    co2e_value: float | None = None,
) -> ExternalOption | None:
    """The allowed option with the least cost + valued CO2e; None when the rules
    allow none. The allowance is paid per trip at the rate of the yearly
    threshold's first band (docs/methods.md, "One cost"). ``co2e_value``:
    ``co2e_value_dkk_per_kg(inp)`` when the caller has it already."""
    kinds = allowed_external_kinds(inp, driver)
    if not kinds:
        return None
    return cheapest_external_option(
        distance_km,
        start,
        end,
        inp.factors,
        allowed=kinds,
        private_car_fuel=Fuel(inp.settings.private_car_fuel),
        co2e_dkk_per_kg=co2e_value_dkk_per_kg(inp)
        if co2e_value is None
        else co2e_value,
    )


def external_cost_dkk(
    inp: SimulationInput,
    distance_km: float,
    start: datetime,
    end: datetime,
    driver: Vehicle | None = None,
    co2e_value: float | None = None,
) -> float:
    """Cost of the best allowed option plus its valued CO2e, or
    ``FORBIDDEN_EXTERNAL_DKK`` when none is allowed."""
    value = co2e_value_dkk_per_kg(inp) if co2e_value is None else co2e_value
    option = external_option(inp, distance_km, start, end, driver, value)
    if option is None:
        return FORBIDDEN_EXTERNAL_DKK
    return option.cost_dkk + option.co2e_kg * value


def problem_from_input(
    inp: SimulationInput,
    params: ProblemParams | None = None,
    like: AllocationProblem | None = None,
) -> AllocationProblem:
    """The allocation problem of a resolved request (``like``: see
    ``build_problem``); EV range by month from the request's factor set."""
    params = replace(
        params or ProblemParams(),
        range_factor_by_month=monthly_range_factors(inp.factors),
    )

    value = co2e_value_dkk_per_kg(inp)

    def cost_per_km(vehicle: Vehicle) -> float:
        rates = usage_rates(vehicle, inp.factors)
        return rates.energy_cost_dkk_per_km + rates.societal_co2e_cost_dkk_per_km

    return build_problem(
        inp.dataset.roundtrips,
        inp.fleet,
        current_vehicles=inp.dataset.vehicles,
        settings=inp.settings,
        period=inp.period,
        cost_per_km=cost_per_km,
        external_cost=lambda km, s, e, v: external_cost_dkk(inp, km, s, e, v, value),
        locations=inp.locations,
        params=params,
        like=like,
    )
