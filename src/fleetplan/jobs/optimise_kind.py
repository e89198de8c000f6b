"""The ``optimise`` job kind: the best fleets and the cost–CO2e front.

It also returns each solution's fleet as ``{vehicle key: count}``, the parameter
``simulate.fleet`` (``jobs.fleet_kind``) takes, so a solution opens as a full
result. A key is a vehicle id (that vehicle, ``count`` times, at its own home) or
``"<vehicle id>@<location id>"`` (copies homed at that location: candidates and
vehicles added beyond today's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from fleetplan.domain import Dataset, Vehicle, todays_vehicles
from fleetplan.economics import get_builtin_factor_set
from fleetplan.ingest import run_settings_from_meta
from fleetplan.jobs.errors import check_homes
from fleetplan.jobs.fleet_kind import FLEET_KIND, fleet_simulation_kind
from fleetplan.jobs.run_scope import (
    MAX_TIME_LIMIT_S,
    FactorLookup,
    RunScope,
    check_known,
    choice_param,
    flag_param,
    ids_param,
    integer_param,
    number_param,
    scope_param,
)
from fleetplan.jobs.runner import JobCancelled, JobContext, JobFunction
from fleetplan.optimise import (
    BlockPool,
    Co2eBasis,
    ContractTerms,
    CurrentMode,
    MixInstance,
    OptimiseParams,
    build_instance,
    class_labels,
    optimise_fleet,
)
from fleetplan.simulate import FleetEntry, SimulationInput, current_fleet
from fleetplan.simulate.ev_metadata import MissingEvRangeError, missing_range_ids
from fleetplan.simulate.input_report import input_report

OPTIMISE_KIND = "optimise"
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
        "min_difference",
        "budget_dkk_per_year",
        "use_shifts",
        "transfer_minutes",
        "factors",
        "co2e_basis",
        "limit_km",
        "time_limit_s",
        "ignore_meta",
        "require_range",
        "early_return",
        "termination_fee_dkk",
    }
)


@dataclass(frozen=True, slots=True)
class OptimiseRequest:
    scope: RunScope
    candidates: tuple[str, ...] | None  # None: every candidate of the catalogue
    params: OptimiseParams
    contracts: ContractTerms = field(default_factory=ContractTerms)


def contract_terms(params: Mapping[str, Any], dataset: Dataset) -> ContractTerms:
    """``early_return``: true (every lease), false (none, the default) or the ids
    of the vehicles that may be returned before their lease ends;
    ``termination_fee_dkk``: ``{vehicle id: one-off kr}`` replacing the factor
    set's default fee."""
    current_ids = {v.vehicle_id for v in dataset.current_vehicles}
    raw = params.get("early_return", False)
    every = raw is True
    ids: tuple[str, ...] = ()
    if not isinstance(raw, bool):
        ids = ids_param(params, "early_return") or ()
    fees = params.get("termination_fee_dkk") or {}
    if not isinstance(fees, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and v >= 0
        for v in fees.values()
    ):
        raise ValueError("termination_fee_dkk must map vehicle ids to kr >= 0.")
    missing = sorted((set(ids) | set(fees)) - current_ids)
    if missing:
        raise ValueError(f"early return: {missing} are not current vehicles.")
    return ContractTerms(
        early_return_all=every,
        early_return=frozenset(ids),
        termination_fee_dkk={str(k): float(v) for k, v in fees.items()},
    )


def parse_optimise_params(
    params: Mapping[str, Any],
    dataset: Dataset,
    factor_sets: FactorLookup = get_builtin_factor_set,
) -> OptimiseRequest:
    """Check an ``optimise`` request against the dataset (ids must exist).

    Service-level defaults come from the dataset's ``meta.json`` settings (unless
    ``ignore_meta``), as in the CLI; ``time_limit_s`` (per MILP solve) defaults to
    10 s; ``require_range`` refuses EVs (today's or candidates) without a range.
    """
    check_known(params, _OPTIMISE_KEYS)
    scope = scope_param(params, dataset, factor_sets)
    raw = params.get("candidates", "all")
    candidates: tuple[str, ...] | None = None
    if raw != "all":
        candidates = ids_param(params, "candidates")
        known = {v.vehicle_id for v in dataset.candidate_vehicles}
        missing = sorted(set(candidates or ()) - known)
        if missing:
            raise ValueError(f"candidates {missing} are not in the catalogue.")
    keep = ids_param(params, "keep") or ()
    current_ids = {v.vehicle_id for v in todays_vehicles(dataset)}
    missing = sorted(set(keep) - current_ids)
    if missing:
        raise ValueError(f"keep: {missing} are not current vehicles.")
    settings = run_settings_from_meta({} if scope.ignore_meta else dataset.meta)
    if scope.require_range:
        lacking = missing_range_ids(
            [
                *active_vehicles(dataset, scope),
                *with_candidates(dataset, candidates).candidate_vehicles,
            ]
        )
        if lacking:
            raise MissingEvRangeError(lacking)
    max_unallocated = integer_param(params, "max_unallocated")
    max_undriven = number_param(params, "max_undriven_km", 0.0)
    weight = number_param(params, "weight", 0.0, 10.0)
    weight = 5.0 if weight is None else weight
    share = number_param(params, "fossil_free_share_pct", 0.0, 100.0) or 0.0
    time_limit = number_param(params, "time_limit_s", 0.1, MAX_TIME_LIMIT_S) or 10.0
    apart = integer_param(params, "min_difference")  # fleets shown differ by N
    if apart is not None and apart < 1:
        raise ValueError(f"min_difference must be >= 1, got {apart}.")
    optimise = OptimiseParams(
        weight=weight,
        current=CurrentMode(
            choice_param(params, "current", [m.value for m in CurrentMode], "reduce")
        ),
        max_unallocated=settings.slack_unallocated_trips
        if max_unallocated is None
        else max_unallocated,
        max_undriven_km=settings.max_undriven_km
        if max_undriven is None
        else max_undriven,
        keep=frozenset(keep),
        max_new_vehicles=integer_param(params, "max_new_vehicles"),
        budget_dkk_per_year=number_param(params, "budget_dkk_per_year", 0.0),
        fossil_free_share=share / 100.0,
        co2e_basis=Co2eBasis(
            choice_param(params, "co2e_basis", [b.value for b in Co2eBasis], "set")
        ),
        limit_km=flag_param(params, "limit_km", False),
        pareto_weights=tuple(sorted({*PARETO_WEIGHTS, weight})),
        time_limit_s=time_limit,
        min_difference=2 if apart is None else apart,
    )
    return OptimiseRequest(scope, candidates, optimise, contract_terms(params, dataset))


def active_vehicles(dataset: Dataset, scope: RunScope) -> list[Vehicle]:
    return [entry.vehicle for entry in active_fleet(dataset, scope)]


def user_sources(inp: SimulationInput, params: Mapping[str, Any]) -> SimulationInput:
    """The input with the service levels the request set marked as the user's."""
    provenance = inp.provenance
    for key, setting in (
        ("max_unallocated", "slack_unallocated_trips"),
        ("max_undriven_km", "max_undriven_km"),
    ):
        if provenance is not None and params.get(key) is not None:
            provenance = provenance.with_user(setting, float(params[key]), key)
    return replace(inp, provenance=provenance)


def active_fleet(dataset: Dataset, scope: RunScope) -> list[FleetEntry]:
    """Today's fleet of the scope's locations (``current_fleet``: without the
    vehicles deactivated by today); their roundtrips stay as demand the new fleet
    must cover."""
    return current_fleet(dataset, scope.locations)


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

    Labels are ``optimise.class_labels``' (the model, at its location's name
    when classes have several homes). Within a label, today's vehicles are kept
    in the optimiser's order (kept first, then cheapest) and the rest are added
    copies, as the optimiser's own verification builds the fleet.
    """
    by_label: dict[str, list[int]] = {}
    for index, label in enumerate(class_labels(inst)):
        by_label.setdefault(label, []).append(index)
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


def request_input(
    request: OptimiseRequest, echo: Mapping[str, Any], dataset: Dataset
) -> SimulationInput:
    """The run's input: the job's own and, for its block parts on other
    workers, the same (``jobs.block_tasks``)."""
    data = with_candidates(dataset, request.candidates)
    fleet = active_fleet(data, request.scope)
    # vehicles without a home named, not a bare job.failed
    check_homes(fleet, data, request.scope.locations)
    inp = request.scope.input(data, fleet, with_candidates=True)
    return user_sources(inp, echo)


def optimise_kind(
    load_dataset: Callable[[], Dataset],
    factor_sets: FactorLookup = get_builtin_factor_set,
    block_pool: Callable[[str], BlockPool] | None = None,
) -> Callable[[Mapping[str, Any]], JobFunction]:
    """``optimise``: the best 5 fleets at the slider weight and the Pareto front.
    ``block_pool`` (a deployment with workers): the decomposition's block LPs of
    the job (by its id) on the workers (``jobs.block_tasks``), and its front's
    weights (the pool's ``weights``, ``jobs.weight_tasks``).

    Parameters (all optional; see ``parse_optimise_params``). The result is
    ``OptimiseResult.to_dict()`` plus ``fleets`` (per solution, for
    ``simulate.fleet``), ``params`` (the request as run) and ``period``.
    """

    def factory(params: Mapping[str, Any]) -> JobFunction:
        request = parse_optimise_params(params, load_dataset(), factor_sets)
        echo = dict(params)

        def run(ctx: JobContext) -> dict[str, Any]:
            ctx.on_progress("job.loading", 0.0)
            inp = request_input(request, echo, load_dataset())
            if ctx.should_stop():  # loading takes seconds: a cancel ends it here
                raise JobCancelled
            ctx.on_progress("optimise.building", 0.0)
            inst = build_instance(
                inp, request.params, request.scope.problem_params, request.contracts
            )
            if ctx.should_stop():
                raise JobCancelled
            pool = None if block_pool is None else block_pool(ctx.job_id)
            result = optimise_fleet(
                inp,
                request.params,
                request.scope.problem_params,
                should_stop=ctx.should_stop,
                on_progress=ctx.on_progress,
                instance=inst,
                block_pool=pool,
                # a queue pool carries the front's weights too (jobs.weight_tasks)
                weight_pool=getattr(pool, "weights", None),
            )
            out = result.to_dict()
            out["fleets"] = solution_fleets(inst, [s.counts for s in result.solutions])
            out["weight"] = request.params.weight
            out["params"] = echo
            out["period"] = {
                "start": inp.period.start.isoformat(),
                "end": inp.period.end.isoformat(),
            }
            out["trips"] = inst.num_trips
            out.update(input_report(inp))
            return out

        return run

    return factory


def optimisation_kinds(
    load_dataset: Callable[[], Dataset],
    factor_sets: FactorLookup = get_builtin_factor_set,
    block_pool: Callable[[str], BlockPool] | None = None,
) -> dict[str, Callable[[Mapping[str, Any]], JobFunction]]:
    """Both kinds, for ``build_services``."""
    return {
        OPTIMISE_KIND: optimise_kind(load_dataset, factor_sets, block_pool),
        FLEET_KIND: fleet_simulation_kind(load_dataset, factor_sets),
    }
