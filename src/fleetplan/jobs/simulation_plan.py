"""A checked simulation request as what its run needs: the input's build and the
parameters. The simulation kinds run it; a worker answering the run's block
parts (``jobs.component_tasks``) builds the same problem from it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from fleetplan.domain import Dataset
from fleetplan.simulate import (
    AllocationParams,
    AllocationResult,
    ProblemParams,
    SimulationInput,
    allocate,
)
from fleetplan.simulate.component_parts import ComponentPool

# A deployment's pool for a job's blocks (by job id); None: all in the job's process.
PoolFactory = Callable[[str], ComponentPool] | None


@dataclass(frozen=True, slots=True)
class SimulationPlan:
    build_input: Callable[[Dataset], SimulationInput]  # checks the homes too
    allocation: AllocationParams
    problem_params: ProblemParams
    factors: str  # the factor set's name, for the result


def allocator(
    pools: PoolFactory, job_id: str, inp: SimulationInput
) -> Callable[..., AllocationResult]:
    """``allocate`` with the job's blocks on the deployment's pool, if any; a
    pool that can ``warm`` has its workers build the run while this process
    builds it (the dataset's roundtrips: at least as many as the run's trips)."""
    if pools is None:
        return allocate
    pool = pools(job_id)
    warm = getattr(pool, "warm", None)
    if warm is not None:
        warm(len(inp.dataset.roundtrips))
    return functools.partial(allocate, pool=pool)
