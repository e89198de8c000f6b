"""Job kinds that need only a dataset: a summary and the simulation of a fleet.

A kind is a factory: it checks the request's parameters and returns the job
function the runner runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime, time, timedelta
from typing import Any

from fleetplan.domain import (
    Dataset,
    FactorSet,
    Period,
    check_day,
    check_period,
)
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set
from fleetplan.jobs.errors import check_homes
from fleetplan.jobs.runner import JobCancelled, JobContext, JobFunction
from fleetplan.jobs.simulation_plan import PoolFactory, SimulationPlan, allocator
from fleetplan.simulate import (
    FleetEntry,
    ProblemParams,
    SimulationInput,
    current_fleet,
    make_input,
)
from fleetplan.simulate.ev_metadata import MissingEvRangeError, missing_range_ids
from fleetplan.simulate.input_report import input_report
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.serialise import report_to_dict
from fleetplan.simulate.simulation import simulate


def dataset_summary_kind(
    load_dataset: Callable[[], Dataset],
) -> Callable[[Mapping[str, Any]], JobFunction]:
    """``dataset.summary``: km and roundtrips per vehicle, in vehicle-id order.

    Reports progress per vehicle and stops when cancelled.
    """

    def factory(params: Mapping[str, Any]) -> JobFunction:
        if params:
            raise ValueError(
                f"dataset.summary takes no parameters, got {sorted(params)}."
            )

        def run(ctx: JobContext) -> dict[str, Any]:
            ctx.on_progress("job.loading", 0.0)
            data = load_dataset()
            km: dict[str, float] = defaultdict(float)
            trips: dict[str, int] = defaultdict(int)
            for r in data.roundtrips:
                km[r.vehicle_id] += r.distance_km
                trips[r.vehicle_id] += 1
            ids = sorted(v.vehicle_id for v in data.current_vehicles)
            rows = []
            for index, vehicle_id in enumerate(ids, start=1):
                if ctx.should_stop():
                    raise JobCancelled
                rows.append(
                    {
                        "vehicle_id": vehicle_id,
                        "roundtrips": trips[vehicle_id],
                        "distance_km": round(km[vehicle_id], 3),
                    }
                )
                ctx.on_progress("job.summarising", 100.0 * index / len(ids))
            return {
                "vehicles": rows,
                "total_km": round(sum(km[i] for i in ids), 3),
                "roundtrips": sum(trips[i] for i in ids),
            }

        return run

    return factory


def _period_param(params: Mapping[str, Any]) -> Period | None:
    start, end = params.get("start"), params.get("end")
    if start is None and end is None:
        return None
    if not (isinstance(start, str) and isinstance(end, str)):
        raise ValueError("give both start and end as ISO dates (YYYY-MM-DD).")
    try:
        first = datetime.fromisoformat(start)
        last = datetime.fromisoformat(end)
    except ValueError as exc:
        raise ValueError(f"start/end must be ISO dates: {exc}.") from exc
    check_day(first.date(), "start")  # the shared bounds: 2000 to 2099
    check_day(last.date(), "end")
    if len(end.strip()) <= 10:
        last += timedelta(days=1)  # a date-only end includes that day
    if last <= first:
        raise ValueError(f"end ({end}) must be after start ({start}).")
    # Simulating builds per-day arrays: the same longest period as the analyses.
    check_period(first.date(), last.date(), last_included=last.time() != time())
    return Period(first, last)


SIMULATION_PARAMS = frozenset(
    {
        "start",
        "end",
        "locations",
        "factors",
        "time_limit_s",
        "limit_km",
        "fleet",
        "homes",
        "shifts",
        "transfer_minutes",
        "ignore_meta",
        "require_range",
    }
)
MAX_COUNT = 500
MAX_TIME_LIMIT_S = 3600.0
MAX_TRANSFER_MIN = 240.0


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _flag(params: Mapping[str, Any], name: str, default: bool) -> bool:
    value = params.get(name, default)
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false, got {value!r}.")
    return value


def _number(
    params: Mapping[str, Any], name: str, default: float, low: float, high: float
) -> float:
    value = params.get(name, default)
    if not _is_number(value) or not low <= float(value) <= high:
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}.")
    return float(value)


def _fleet_entries(
    params: Mapping[str, Any], data: Dataset, locations: list[str] | None
) -> list[FleetEntry] | None:
    """``fleet`` {vehicle key: count} (0 leaves it out) with ``homes`` {vehicle_id:
    location_id} for candidates; None means the current fleet.

    A key is a vehicle id, or ``"<vehicle id>@<location id>"`` for copies homed at
    that location (``simulate.fleet``'s keys), so one model can be added at
    several locations; a home in the key wins over ``homes``.
    """
    fleet, homes = params.get("fleet"), params.get("homes", {})
    if fleet is None:
        if homes:
            raise ValueError("homes needs a fleet.")
        return None
    if not isinstance(fleet, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
        for k, v in fleet.items()
    ):
        raise ValueError("fleet must map vehicle ids to whole-number counts.")
    if not isinstance(homes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in homes.items()
    ):
        raise ValueError("homes must map vehicle ids to location ids.")
    known_locations = {loc.location_id for loc in data.locations}
    pool = locations or sorted(known_locations)
    entries = []
    keyed_ids = set()
    for key, count in fleet.items():
        vehicle_id, _, keyed_home = key.partition("@")
        if keyed_home:
            keyed_ids.add(vehicle_id)
        try:
            vehicle = data.vehicle(vehicle_id)
        except KeyError:
            raise ValueError(
                f"fleet: vehicle {vehicle_id!r} is not in the register or the "
                "catalogue."
            ) from None
        if not 0 <= count <= MAX_COUNT:
            raise ValueError(
                f"fleet: the count of vehicle {vehicle_id!r} must be from 0 to "
                f"{MAX_COUNT}, got {count}."
            )
        home = keyed_home or homes.get(vehicle_id)
        if home is not None and home not in known_locations:
            raise ValueError(
                f"homes: location {home!r} of vehicle {vehicle_id!r} is unknown."
            )
        if count and home is None and vehicle.location_id is None and len(pool) > 1:
            raise ValueError(
                f"fleet: candidate {vehicle_id!r} needs a home location (homes) "
                "when more than one location is selected."
            )
        if count:
            entries.append(FleetEntry(vehicle, count, home))
    unknown_homes = set(homes) - set(fleet) - keyed_ids
    if unknown_homes:
        raise ValueError(f"homes: {sorted(unknown_homes)} are not in the fleet.")
    if not entries:
        raise ValueError("fleet: give at least one vehicle a count above 0.")
    return entries


def simulation_kind(
    load_dataset: Callable[[], Dataset],
    factor_sets: Callable[[str], FactorSet] = get_builtin_factor_set,
    component_pool: PoolFactory = None,
) -> Callable[[Mapping[str, Any]], JobFunction]:
    """``simulate.current``: a fleet (the current one by default) on the period's
    trips (exact allocation).

    Parameters (all optional): ``start``/``end`` (ISO dates), ``locations`` (ids),
    ``fleet`` ({vehicle_id: count}, current vehicles and catalogue models; 0 leaves
    a vehicle out; without it each current vehicle of the locations once),
    ``homes`` ({vehicle_id: location_id}, needed for candidates when more than one
    location is selected), ``shifts`` (keep shift locks; default true),
    ``transfer_minutes`` (pool the locations with this transfer time; default no
    pooling), ``factors`` (a built-in factor set name), ``time_limit_s``,
    ``limit_km`` (enforce each vehicle's allowed km/year; off by default, as in the
    CLI, because a fleet that already drives over its allowances would show those
    trips as unallocated rather than the allocation question asked),
    ``ignore_meta`` (skip the dataset's meta.json settings), ``require_range``
    (refuse EVs without a range instead of assuming the factor set's).

    The result is ``report_to_dict`` of the report with its driving book, plus
    ``setup`` (the parameters as given), ``factors`` (the factor set's name) and
    ``input_report``'s keys (where each setting came from; assumed EV ranges).
    Every parameter is checked here, so a bad request fails before it is queued.
    ``component_pool``: the run's blocks on the deployment's workers.
    """

    def factory(params: Mapping[str, Any]) -> JobFunction:
        plan = simulation_plan(params, load_dataset, factor_sets)
        setup = dict(params)

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
            out = report_to_dict(report, book=True)
            out["setup"] = setup
            out["factors"] = plan.factors
            out.update(input_report(inp))
            return out

        return run

    return factory


def simulation_plan(
    params: Mapping[str, Any],
    load_dataset: Callable[[], Dataset],
    factor_sets: Callable[[str], FactorSet] = get_builtin_factor_set,
) -> SimulationPlan:
    """A ``simulate.current`` request checked against the dataset."""
    unknown = set(params) - SIMULATION_PARAMS
    if unknown:
        raise ValueError(f"unknown parameters: {sorted(unknown)}.")
    period = _period_param(params)
    locations = params.get("locations")
    if locations is not None and not (
        isinstance(locations, list) and all(isinstance(x, str) for x in locations)
    ):
        raise ValueError("locations must be a list of location ids.")
    try:
        factors = factor_sets(str(params.get("factors", DEFAULT_FACTOR_SET_NAME)))
    except KeyError as exc:
        raise ValueError(str(exc)) from exc
    allocation = AllocationParams(
        time_limit_s=_number(params, "time_limit_s", 60.0, 1.0, MAX_TIME_LIMIT_S),
        limit_km=_flag(params, "limit_km", False),
    )
    use_shifts = _flag(params, "shifts", True)
    transfer = params.get("transfer_minutes")
    if transfer is not None:
        transfer = _number(params, "transfer_minutes", 0.0, 0.0, MAX_TRANSFER_MIN)
    data = load_dataset()
    if locations:
        known = {loc.location_id for loc in data.locations}
        missing = [x for x in locations if x not in known]
        if missing:
            raise ValueError(f"locations: {missing} are not in the dataset.")
    entries = _fleet_entries(params, data, locations)
    ignore_meta = _flag(params, "ignore_meta", False)
    require_range = _flag(params, "require_range", False)
    if require_range:
        lacking = missing_range_ids(
            [e.vehicle for e in entries]
            if entries is not None
            else [
                v
                for v in data.current_vehicles
                if not locations or v.location_id in locations
            ]
        )
        if lacking:
            raise MissingEvRangeError(lacking)

    def build_input(data: Dataset) -> SimulationInput:
        check_homes(entries or current_fleet(data, locations or None), data, locations)
        return make_input(
            data,
            entries,
            factors,
            period=period,
            locations=locations or None,
            use_shifts=use_shifts,
            factors_explicit="factors" in params,
            ignore_meta=ignore_meta,
            require_range=require_range,
        )

    problem_params = ProblemParams(transfer_min=transfer)
    return SimulationPlan(build_input, allocation, problem_params, factors.name)
