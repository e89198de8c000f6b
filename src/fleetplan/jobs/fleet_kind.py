"""The ``simulate.fleet`` job kind: the full simulation of one chosen fleet (an
optimised solution), with what Simulering needs to show and rerun it.

A fleet is ``{vehicle key: count}``: a vehicle id (that vehicle, ``count`` times,
at its own home) or ``"<vehicle id>@<location id>"`` (copies homed at that
location: candidates and vehicles added beyond today's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fleetplan.domain import Dataset
from fleetplan.economics import get_builtin_factor_set
from fleetplan.jobs.errors import check_homes
from fleetplan.jobs.run_scope import (
    MAX_TIME_LIMIT_S,
    FactorLookup,
    check_known,
    flag_param,
    number_param,
    scope_param,
)
from fleetplan.jobs.runner import JobContext, JobFunction
from fleetplan.jobs.simulation_plan import PoolFactory, SimulationPlan, allocator
from fleetplan.simulate import (
    AllocationParams,
    FleetEntry,
    SimulationInput,
    report_to_dict,
    simulate,
)
from fleetplan.simulate.input_report import input_report

FLEET_KIND = "simulate.fleet"
FLEET_KEYS = frozenset(
    {
        "fleet",
        "start",
        "end",
        "locations",
        "factors",
        "use_shifts",
        "transfer_minutes",
        "time_limit_s",
        "limit_km",
        "source",
        "ignore_meta",
        "require_range",
    }
)


def parse_fleet(value: Any, dataset: Dataset) -> list[FleetEntry]:
    """``{vehicle key: count}`` as fleet entries (see the module docstring)."""
    if not isinstance(value, dict) or not value:
        raise ValueError("fleet must be a non-empty object {vehicle id: count}.")
    vehicles = {v.vehicle_id: v for v in dataset.vehicles}
    locations = {loc.location_id for loc in dataset.locations}
    entries = []
    for key, count in value.items():
        vehicle_id, _, home = str(key).partition("@")
        if vehicle_id not in vehicles:
            raise ValueError(f"fleet: {vehicle_id!r} is not a vehicle of the dataset.")
        if home and home not in locations:
            raise ValueError(f"fleet: {home!r} is not a location of the dataset.")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(
                f"fleet: the count of {key!r} must be a whole number >= 0."
            )
        if count:
            entries.append(FleetEntry(vehicles[vehicle_id], count, home or None))
    if not entries:
        raise ValueError("fleet: every count is 0; give at least one vehicle.")
    return entries


def fleet_simulation_kind(
    load_dataset: Callable[[], Dataset],
    factor_sets: FactorLookup = get_builtin_factor_set,
    component_pool: PoolFactory = None,
) -> Callable[[Mapping[str, Any]], JobFunction]:
    """``simulate.fleet``: a given fleet on the period's trips (exact), compared
    with today's. Parameters: ``fleet`` (required), ``start``/``end``,
    ``locations``, ``factors``, ``use_shifts``, ``transfer_minutes``,
    ``time_limit_s``, ``limit_km``, ``ignore_meta``, ``require_range``, ``source``
    (free-form, returned as given). The result is ``report_to_dict`` of the report
    with its driving book, plus ``fleet``, ``source``, ``factors``, ``setup``
    (``simulation_setup``) and ``input_report``'s keys. ``component_pool``:
    the run's blocks on the deployment's workers.
    """

    def factory(params: Mapping[str, Any]) -> JobFunction:
        dataset = load_dataset()
        plan = fleet_plan(params, dataset, factor_sets)
        fleet, source = dict(params["fleet"]), params.get("source")

        def run(ctx: JobContext) -> dict[str, Any]:
            ctx.on_progress("job.loading", 0.0)
            inp = plan.build_input(load_dataset())
            report = simulate(
                inp,
                plan.allocation,
                plan.problem_params,
                should_stop=ctx.should_stop,
                on_progress=ctx.on_progress,
                allocator=allocator(component_pool, ctx.job_id, inp),
            )
            return {
                **report_to_dict(report, book=True),
                "fleet": fleet,
                "source": source,
                "factors": plan.factors,
                "setup": simulation_setup(params, dataset),
                **input_report(inp),
            }

        return run

    return factory


def fleet_plan(
    params: Mapping[str, Any],
    dataset: Dataset,
    factor_sets: FactorLookup = get_builtin_factor_set,
) -> SimulationPlan:
    """A ``simulate.fleet`` request checked against ``dataset``."""
    check_known(params, FLEET_KEYS)
    scope = scope_param(params, dataset, factor_sets)
    entries = parse_fleet(params.get("fleet"), dataset)
    time_limit = number_param(params, "time_limit_s", 0.1, MAX_TIME_LIMIT_S) or 60.0
    allocation = AllocationParams(
        time_limit_s=time_limit, limit_km=flag_param(params, "limit_km", False)
    )

    def build_input(data: Dataset) -> SimulationInput:
        check_homes(entries, data, scope.locations)
        return scope.input(data, entries)

    return SimulationPlan(build_input, allocation, scope.problem_params, scope.factors)


def simulation_setup(params: Mapping[str, Any], dataset: Dataset) -> dict[str, Any]:
    """The ``simulate.current`` parameters of a ``simulate.fleet`` request, so
    Simulering shows (and can rerun) the fleet: the same scope, and today's
    vehicles of the locations that the fleet leaves out at count 0."""
    setup = {
        key: params[key]
        for key in (
            "start",
            "end",
            "locations",
            "factors",
            "limit_km",
            "ignore_meta",
            "require_range",
        )
        if key in params
    }
    setup["shifts"] = bool(params.get("use_shifts", True))
    if params.get("transfer_minutes") is not None:
        setup["transfer_minutes"] = params["transfer_minutes"]
    fleet = dict(params["fleet"])
    chosen = set(params.get("locations") or ())
    for vehicle in dataset.current_vehicles:
        in_scope = not chosen or vehicle.location_id in chosen
        if in_scope and vehicle.vehicle_id not in fleet:
            fleet[vehicle.vehicle_id] = 0
    setup["fleet"] = fleet
    return setup
