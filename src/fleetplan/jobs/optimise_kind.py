"""Job kinds of the optimisation: ``optimise`` (the best fleets and the cost–CO2e
front) and ``simulate.fleet`` (the full simulation of one chosen fleet).

``optimise`` also returns each solution's fleet as ``{vehicle key: count}``, the
parameter ``simulate.fleet`` takes, so a solution opens as a full result. A key is
a vehicle id (that vehicle, ``count`` times, at its own home) or
``"<vehicle id>@<location id>"`` (copies homed at that location: candidates and
vehicles added beyond today's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from fleetplan.domain import Dataset, Period
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set
from fleetplan.ingest import run_settings_from_meta
from fleetplan.jobs.kinds import _period_param
from fleetplan.jobs.runner import JobContext, JobFunction
from fleetplan.optimise import (
    Co2eBasis,
    CurrentMode,
    MixInstance,
    OptimiseParams,
    build_instance,
    optimise_fleet,
)
from fleetplan.simulate import (
    AllocationParams,
    FleetEntry,
    ProblemParams,
    SimulationInput,
    make_input,
    report_to_dict,
    simulate,
)

OPTIMISE_KIND = "optimise"
FLEET_KIND = "simulate.fleet"
MAX_TIME_LIMIT_S = 600.0
PARETO_WEIGHTS = (0.0, 2.5, 5.0, 7.5, 10.0)
_OPTIMISE_KEYS = frozenset(
    {
        "start",
        "end",
        "locations",
        "candidates",
        "current",
        "weight",
        "max_unallocated",
        "max_undriven_km",
        "keep",
        "fossil_free_share_pct",
        "max_new_vehicles",
        "budget_dkk_per_year",
        "use_shifts",
        "transfer_minutes",
        "factors",
        "co2e_basis",
        "limit_km",
        "time_limit_s",
    }
)
_FLEET_KEYS = frozenset(
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
    }
)


@dataclass(frozen=True, slots=True)
class RunScope:
    """What both kinds share: which trips, which rules, which prices."""

    period: Period | None
    locations: tuple[str, ...] | None
    factors: str
    use_shifts: bool
    transfer_minutes: float | None

    def input(
        self, dataset: Dataset, fleet: list[FleetEntry] | None
    ) -> SimulationInput:
        return make_input(
            dataset,
            fleet,
            get_builtin_factor_set(self.factors),
            period=self.period,
            locations=self.locations,
            use_shifts=self.use_shifts,
        )

    @property
    def problem_params(self) -> ProblemParams:
        return ProblemParams(transfer_min=self.transfer_minutes)


@dataclass(frozen=True, slots=True)
class OptimiseRequest:
    scope: RunScope
    candidates: tuple[str, ...] | None  # None: every candidate of the catalogue
    params: OptimiseParams


def _ids(params: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    value = params.get(key)
    if value is None:
        return None
    if not (isinstance(value, list) and all(isinstance(x, str) for x in value)):
        raise ValueError(f"{key} must be a list of ids.")
    return tuple(value)


def _number(
    params: Mapping[str, Any], key: str, low: float, high: float | None = None
) -> float | None:
    value = params.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key} must be a number, got {value!r}.")
    if value < low or (high is not None and value > high):
        upper = "" if high is None else f" and <= {high:g}"
        raise ValueError(f"{key} must be >= {low:g}{upper}, got {value!r}.")
    return float(value)


def _integer(params: Mapping[str, Any], key: str) -> int | None:
    number = _number(params, key, 0.0)
    if number is not None and number != int(number):
        raise ValueError(f"{key} must be a whole number, got {params[key]!r}.")
    return None if number is None else int(number)


def _flag(params: Mapping[str, Any], key: str, default: bool) -> bool:
    value = params.get(key, default)
    if not isinstance(value, bool):
        raise ValueError(f"{key} must be true or false, got {value!r}.")
    return value


def _choice(
    params: Mapping[str, Any], key: str, options: list[str], default: str
) -> str:
    value = params.get(key, default)
    if value not in options:
        raise ValueError(f"{key} must be one of {options}, got {value!r}.")
    return str(value)


def _check_known(params: Mapping[str, Any], known: frozenset[str]) -> None:
    unknown = set(params) - known
    if unknown:
        raise ValueError(f"unknown parameters: {sorted(unknown)}.")


def _scope(params: Mapping[str, Any], dataset: Dataset) -> RunScope:
    locations = _ids(params, "locations")
    known = {loc.location_id for loc in dataset.locations}
    missing = sorted(set(locations or ()) - known)
    if missing:
        raise ValueError(f"locations {missing} are not locations of the dataset.")
    factors = str(params.get("factors", DEFAULT_FACTOR_SET_NAME))
    try:
        get_builtin_factor_set(factors)
    except KeyError as exc:
        raise ValueError(str(exc.args[0])) from exc
    return RunScope(
        period=_period_param(params),
        locations=locations or None,
        factors=factors,
        use_shifts=_flag(params, "use_shifts", True),
        transfer_minutes=_number(params, "transfer_minutes", 0.0),
    )


def parse_optimise_params(
    params: Mapping[str, Any], dataset: Dataset
) -> OptimiseRequest:
    """Check an ``optimise`` request against the dataset (ids must exist).

    Service-level defaults come from the dataset's ``meta.json`` settings, as in
    the CLI; ``time_limit_s`` (per MILP solve) defaults to 10 s.
    """
    _check_known(params, _OPTIMISE_KEYS)
    scope = _scope(params, dataset)
    raw = params.get("candidates", "all")
    candidates: tuple[str, ...] | None = None
    if raw != "all":
        candidates = _ids(params, "candidates")
        known = {v.vehicle_id for v in dataset.candidate_vehicles}
        missing = sorted(set(candidates or ()) - known)
        if missing:
            raise ValueError(f"candidates {missing} are not in the catalogue.")
    keep = _ids(params, "keep") or ()
    current_ids = {v.vehicle_id for v in dataset.current_vehicles}
    missing = sorted(set(keep) - current_ids)
    if missing:
        raise ValueError(f"keep: {missing} are not current vehicles.")
    settings = run_settings_from_meta(dataset.meta)
    max_unallocated = _integer(params, "max_unallocated")
    max_undriven = _number(params, "max_undriven_km", 0.0)
    weight = _number(params, "weight", 0.0, 10.0)
    weight = 5.0 if weight is None else weight
    share = _number(params, "fossil_free_share_pct", 0.0, 100.0) or 0.0
    time_limit = _number(params, "time_limit_s", 0.1, MAX_TIME_LIMIT_S) or 10.0
    optimise = OptimiseParams(
        weight=weight,
        current=CurrentMode(
            _choice(params, "current", [m.value for m in CurrentMode], "reduce")
        ),
        max_unallocated=settings.slack_unallocated_trips
        if max_unallocated is None
        else max_unallocated,
        max_undriven_km=settings.max_undriven_km
        if max_undriven is None
        else max_undriven,
        keep=frozenset(keep),
        max_new_vehicles=_integer(params, "max_new_vehicles"),
        budget_dkk_per_year=_number(params, "budget_dkk_per_year", 0.0),
        fossil_free_share=share / 100.0,
        co2e_basis=Co2eBasis(
            _choice(params, "co2e_basis", [b.value for b in Co2eBasis], "set")
        ),
        limit_km=_flag(params, "limit_km", False),
        pareto_weights=tuple(sorted({*PARETO_WEIGHTS, weight})),
        time_limit_s=time_limit,
    )
    return OptimiseRequest(scope, candidates, optimise)


def with_candidates(dataset: Dataset, candidates: tuple[str, ...] | None) -> Dataset:
    """The dataset offering only the chosen candidates (None: all of them)."""
    if candidates is None:
        return dataset
    chosen = set(candidates)
    vehicles = tuple(
        v for v in dataset.vehicles if not v.is_candidate or v.vehicle_id in chosen
    )
    return replace(dataset, vehicles=vehicles)


def solution_fleets(
    inst: MixInstance, solutions: list[dict[str, int]]
) -> list[dict[str, int]]:
    """Each solution's counts by model label as ``{vehicle key: count}``.

    Labels are the class label, or ``"label @ home"`` when classes have several
    homes. Within a label, today's vehicles are kept in the optimiser's order
    (kept first, then cheapest) and the rest are added copies, as the optimiser's
    own verification builds the fleet.
    """
    by_label: dict[str, list[int]] = {}
    for index, cls in enumerate(inst.classes):
        by_label.setdefault(cls.label, []).append(index)
        by_label.setdefault(f"{cls.label} @ {cls.home}", []).append(index)
    fleets = []
    for counts in solutions:
        fleet: dict[str, int] = {}
        for label, count in counts.items():
            members = [inst.classes[i] for i in by_label.get(label, [])]
            if not members:
                raise ValueError(f"the optimiser returned an unknown model {label!r}.")
            left = count
            for cls in members:
                for vehicle in cls.current[: max(0, left)]:
                    fleet[vehicle.vehicle_id] = 1
                left -= min(left, cls.current_count)
            added = next((c for c in members if c.added_template is not None), None)
            if left > 0 and added is not None and added.added_template is not None:
                key = f"{added.added_template.vehicle_id}@{added.home}"
                fleet[key] = fleet.get(key, 0) + left
        fleets.append(fleet)
    return fleets


def optimise_kind(
    load_dataset: Callable[[], Dataset],
) -> Callable[[Mapping[str, Any]], JobFunction]:
    """``optimise``: the best 5 fleets at the slider weight and the Pareto front.

    Parameters (all optional; see ``parse_optimise_params``). The result is
    ``OptimiseResult.to_dict()`` plus ``fleets`` (per solution, for
    ``simulate.fleet``), ``params`` (the request as run) and ``period``.
    """

    def factory(params: Mapping[str, Any]) -> JobFunction:
        request = parse_optimise_params(params, load_dataset())
        echo = dict(params)

        def run(ctx: JobContext) -> dict[str, Any]:
            ctx.on_progress("job.loading", 0.0)
            data = with_candidates(load_dataset(), request.candidates)
            inp = request.scope.input(data, None)
            result = optimise_fleet(
                inp,
                request.params,
                request.scope.problem_params,
                should_stop=ctx.should_stop,
                on_progress=ctx.on_progress,
            )
            out = result.to_dict()
            inst = build_instance(inp, request.params, request.scope.problem_params)
            out["fleets"] = solution_fleets(inst, [s.counts for s in result.solutions])
            out["weight"] = request.params.weight
            out["params"] = echo
            out["period"] = {
                "start": inp.period.start.isoformat(),
                "end": inp.period.end.isoformat(),
            }
            out["trips"] = inst.num_trips
            return out

        return run

    return factory


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
) -> Callable[[Mapping[str, Any]], JobFunction]:
    """``simulate.fleet``: a given fleet on the period's trips (exact), compared
    with today's. Parameters: ``fleet`` (required), ``start``/``end``,
    ``locations``, ``factors``, ``use_shifts``, ``transfer_minutes``,
    ``time_limit_s``, ``limit_km``, ``source`` (free-form, returned as given).
    The result is ``report_to_dict`` of the report with its driving book, plus
    ``fleet``, ``source``, ``factors`` and ``setup`` (``simulation_setup``).
    """

    def factory(params: Mapping[str, Any]) -> JobFunction:
        _check_known(params, _FLEET_KEYS)
        dataset = load_dataset()
        scope = _scope(params, dataset)
        entries = parse_fleet(params.get("fleet"), dataset)
        time_limit = _number(params, "time_limit_s", 0.1, MAX_TIME_LIMIT_S) or 60.0
        allocation = AllocationParams(
            time_limit_s=time_limit, limit_km=_flag(params, "limit_km", False)
        )
        fleet, source = dict(params["fleet"]), params.get("source")

        def run(ctx: JobContext) -> dict[str, Any]:
            ctx.on_progress("job.loading", 0.0)
            inp = scope.input(load_dataset(), entries)
            report = simulate(
                inp,
                allocation,
                scope.problem_params,
                should_stop=ctx.should_stop,
                on_progress=ctx.on_progress,
            )
            return {
                **report_to_dict(report, book=True),
                "fleet": fleet,
                "source": source,
                "factors": scope.factors,
                "setup": simulation_setup(params, dataset),
            }

        return run

    return factory


def simulation_setup(params: Mapping[str, Any], dataset: Dataset) -> dict[str, Any]:
    """The ``simulate.current`` parameters of a ``simulate.fleet`` request, so
    Simulering shows (and can rerun) the fleet: the same scope, and today's
    vehicles of the locations that the fleet leaves out at count 0."""
    setup = {
        key: params[key]
        for key in ("start", "end", "locations", "factors", "limit_km")
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


def optimisation_kinds(
    load_dataset: Callable[[], Dataset],
) -> dict[str, Callable[[Mapping[str, Any]], JobFunction]]:
    """Both kinds, for ``build_services``."""
    return {
        OPTIMISE_KIND: optimise_kind(load_dataset),
        FLEET_KIND: fleet_simulation_kind(load_dataset),
    }
