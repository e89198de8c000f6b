"""Exact evaluations of fleets on worker threads, shared through one cache.

The exact allocation of a fleet (``verify.evaluate``) is the run's dearest step
(a few seconds on 50 vehicles × 60 days) and fleets found by the LP dives do not
depend on each other's verdicts, so they are submitted as soon as they are found
and allocated while the next dive runs. HiGHS releases Python's lock while it
solves, so two threads use both cores.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from fleetplan.optimise.fleet_problem import FleetProblems
from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.params import OptimiseParams
from fleetplan.optimise.verify import Evaluation, evaluate

Counts = tuple[int, ...]
# threads allocating at once (each HiGHS solve is single-threaded)
MAX_WORKERS = 2


class Verifier:
    """Submit fleets; ``get`` waits for one's verdict (cached in ``pool``)."""

    def __init__(
        self,
        inst: MixInstance,
        params: OptimiseParams,
        pool: dict[Counts, Evaluation],
        should_stop: Callable[[], bool] | None,
        seconds_left: Callable[[], float],
        problems: FleetProblems | None = None,
    ) -> None:
        self.inst = inst
        self.problems = FleetProblems(inst) if problems is None else problems
        self.params = params
        self.pool = pool
        self.should_stop = should_stop
        self.seconds_left = seconds_left
        workers = max(1, min(MAX_WORKERS, os.cpu_count() or 1))
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="verify")
        self._futures: dict[Counts, Future[Evaluation]] = {}

    def _run(self, counts: Counts) -> Evaluation:
        seconds = max(1.0, self.seconds_left())
        params = (
            self.params
            if seconds >= self.params.time_limit_s
            else replace(self.params, time_limit_s=seconds)
        )
        return evaluate(
            self.inst,
            counts,
            params,
            should_stop=self.should_stop,
            problems=self.problems,
        )

    def submit(self, counts: Counts) -> None:
        if counts not in self.pool and counts not in self._futures:
            self._futures[counts] = self._executor.submit(self._run, counts)

    def get(self, counts: Counts) -> Evaluation:
        if counts not in self.pool:
            self.submit(counts)
            self.pool[counts] = self._futures.pop(counts).result()
        return self.pool[counts]

    def close_pending(self) -> None:
        """Wait for the submitted fleets (their verdicts join the pool)."""
        for counts in list(self._futures):
            self.get(counts)

    def close(self) -> None:
        self.close_pending()
        self._executor.shutdown()
