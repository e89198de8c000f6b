"""Every job kind by name, built over a dataset loader and a factor-set lookup.

The web process builds the kinds to check a request before it is queued; a
worker builds the same kinds over its own connection to the database and
rebuilds the job from its stored parameters. Nothing of the web process is
captured by a queued job: only ``kind`` and ``params`` (JSON) travel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from fleetplan.domain import Dataset, FactorSet
from fleetplan.economics import get_builtin_factor_set
from fleetplan.jobs.fleet_kind import FLEET_KIND, fleet_simulation_kind
from fleetplan.jobs.import_kind import IMPORT_KIND, import_kind
from fleetplan.jobs.kinds import dataset_summary_kind, simulation_kind
from fleetplan.jobs.optimise_kind import optimisation_kinds
from fleetplan.jobs.params import checked_params
from fleetplan.jobs.runner import JobContext, JobFunction
from fleetplan.jobs.simulation_plan import PoolFactory
from fleetplan.optimise import BlockPool

# Kinds that only compute and write their result at the end: running one again
# after its worker died gives the same result, so a stalled one may be retried.
RETRY_SAFE = frozenset(
    {"dataset.summary", "simulate.current", "simulate.fleet", "optimise"}
)


@dataclass(frozen=True, slots=True)
class PreparedJob:
    """A checked request: callable like a job function, and carrying the
    parameters a queue stores so that a worker can build it again."""

    kind: str
    params: dict[str, Any]
    fn: JobFunction

    def __call__(self, ctx: JobContext) -> dict[str, Any]:
        return self.fn(ctx)


JobFactory = Callable[[Mapping[str, Any]], JobFunction]


def _typed(kind: str, factory: JobFactory) -> JobFactory:
    def prepare(params: Mapping[str, Any]) -> PreparedJob:
        checked = checked_params(kind, params)
        return PreparedJob(kind, checked, factory(checked))

    return prepare


def build_kinds(
    load_dataset: Callable[[], Dataset],
    factor_sets: Callable[[str], FactorSet] = get_builtin_factor_set,
    engine: Engine | None = None,
    block_pool: Callable[[str], BlockPool] | None = None,
    component_pool: PoolFactory = None,
) -> dict[str, JobFactory]:
    """Each kind's factory: typed parameters first, then the kind's own checks.
    With ``engine``, also the web import (it writes to that database); with
    ``block_pool`` (a worker), a decomposed optimisation's blocks on the workers;
    with ``component_pool`` (a worker), a simulation's blocks on the workers."""
    raw: dict[str, JobFactory] = {
        "dataset.summary": dataset_summary_kind(load_dataset),
        "simulate.current": simulation_kind(load_dataset, factor_sets, component_pool),
        **optimisation_kinds(load_dataset, factor_sets, block_pool),
    }
    if component_pool is not None:
        raw[FLEET_KIND] = fleet_simulation_kind(
            load_dataset, factor_sets, component_pool
        )
    if engine is not None:
        raw[IMPORT_KIND] = import_kind(engine)
    return {kind: _typed(kind, factory) for kind, factory in raw.items()}
