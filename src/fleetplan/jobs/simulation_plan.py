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


def allocator(pool: PoolFactory, job_id: str) -> Callable[..., AllocationResult]:
    """``allocate`` with the job's blocks on the deployment's pool, if any."""
    return allocate if pool is None else functools.partial(allocate, pool=pool(job_id))
