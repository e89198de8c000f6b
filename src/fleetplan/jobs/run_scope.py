"""What the ``optimise`` and ``simulate.fleet`` kinds share: the run's scope
(trips, rules, prices) and the checks of their JSON parameters.

Each check names the parameter and the rule, so a bad request fails with a clear
message before it is queued.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fleetplan.domain import Dataset, FactorSet, Period
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set
from fleetplan.jobs.kinds import _period_param
from fleetplan.simulate import (
    FleetEntry,
    ProblemParams,
    SimulationInput,
    make_input,
)

MAX_TIME_LIMIT_S = 600.0

# Finds a factor set by name (built-in or an edited copy in the database); raises
# KeyError for an unknown name.
FactorLookup = Callable[[str], FactorSet]


@dataclass(frozen=True, slots=True)
class RunScope:
    """What both kinds share: which trips, which rules, which prices."""

    period: Period | None
    locations: tuple[str, ...] | None
    factors: str
    factor_set: FactorSet
    use_shifts: bool
    transfer_minutes: float | None
    # the request named ``factors`` (its values win over meta.json's)
    factors_explicit: bool = False
    ignore_meta: bool = False
    require_range: bool = False

    def input(
        self,
        dataset: Dataset,
        fleet: list[FleetEntry] | None,
        *,
        with_candidates: bool = False,
    ) -> SimulationInput:
        return make_input(
            dataset,
            fleet,
            self.factor_set,
            period=self.period,
            locations=self.locations,
            use_shifts=self.use_shifts,
            factors_explicit=self.factors_explicit,
            ignore_meta=self.ignore_meta,
            require_range=self.require_range,
            with_candidates=with_candidates,
        )

    @property
    def problem_params(self) -> ProblemParams:
        return ProblemParams(transfer_min=self.transfer_minutes)


def ids_param(params: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    value = params.get(key)
    if value is None:
        return None
    if not (isinstance(value, list) and all(isinstance(x, str) for x in value)):
        raise ValueError(f"{key} must be a list of ids.")
    return tuple(value)


def number_param(
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


def integer_param(params: Mapping[str, Any], key: str) -> int | None:
    number = number_param(params, key, 0.0)
    if number is not None and number != int(number):
        raise ValueError(f"{key} must be a whole number, got {params[key]!r}.")
    return None if number is None else int(number)


def flag_param(params: Mapping[str, Any], key: str, default: bool) -> bool:
    value = params.get(key, default)
    if not isinstance(value, bool):
        raise ValueError(f"{key} must be true or false, got {value!r}.")
    return value


def choice_param(
    params: Mapping[str, Any], key: str, options: list[str], default: str
) -> str:
    value = params.get(key, default)
    if value not in options:
        raise ValueError(f"{key} must be one of {options}, got {value!r}.")
    return str(value)


def check_known(params: Mapping[str, Any], known: frozenset[str]) -> None:
    unknown = set(params) - known
    if unknown:
        raise ValueError(f"unknown parameters: {sorted(unknown)}.")


def scope_param(
    params: Mapping[str, Any],
    dataset: Dataset,
    factor_sets: FactorLookup = get_builtin_factor_set,
) -> RunScope:
    locations = ids_param(params, "locations")
    known = {loc.location_id for loc in dataset.locations}
    missing = sorted(set(locations or ()) - known)
    if missing:
        raise ValueError(f"locations {missing} are not locations of the dataset.")
    factors = str(params.get("factors", DEFAULT_FACTOR_SET_NAME))
    try:
        factor_set = factor_sets(factors)
    except KeyError as exc:
        raise ValueError(str(exc.args[0])) from exc
    return RunScope(
        period=_period_param(params),
        locations=locations or None,
        factors=factors,
        factor_set=factor_set,
        use_shifts=flag_param(params, "use_shifts", True),
        transfer_minutes=number_param(params, "transfer_minutes", 0.0),
        factors_explicit="factors" in params,
        ignore_meta=flag_param(params, "ignore_meta", False),
        require_range=flag_param(params, "require_range", False),
    )
