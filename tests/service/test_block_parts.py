"""A decomposed optimisation's block LPs as tasks on the workers (issue 18,
item 7): the same rounds, fleet and bound as the run in one process."""

from __future__ import annotations

from dataclasses import replace

import pytest

from fleetplan.jobs import SqlJobStore
from fleetplan.jobs.block_tasks import QueuePool
from fleetplan.optimise import Method
from fleetplan.optimise.benders import DecomposedModel
from fleetplan.optimise.block_parts import BlockPool, ThreadPool
from tests.service.conftest import Deployment
from tests.service.coordinator import (
    coordinating,
    optimise_input,
    timed,
    warm_workers,
)

pytestmark = pytest.mark.service


def test_block_parts_on_the_workers_give_the_in_process_result(
    deployment: Deployment,
) -> None:
    """synth_100v_90d (90 day blocks: the sample, probes and box steps of the
    city's loop) at weight 5: the decomposition with its block parts on the two
    workers ends with the same history of rounds (values, bounds, fleets), the
    same fleet and the same bound as with every block solved in this process;
    and the workers did answer parts. A worker builds the instance from the
    optimise job's stored parameters, so the job is queued and cancelled first."""
    params = {"time_limit_s": 30}
    with coordinating(deployment, "optimise", params, cancel=True) as job:
        req, _, inst = optimise_input(job)
        params = replace(req.params, method=Method.DECOMPOSED)

        def run(pool: BlockPool) -> tuple[object, list[tuple[object, ...]]]:
            model = DecomposedModel(inst, params, pool)
            model.set_weight(5.0)
            sol = model.solve(3600.0)
            rounds = [
                (h["phase"], h["value"], h["bound"], h["counts"]) for h in model.history
            ]
            return (sol.status, sol.counts, sol.objective, sol.bound), rounds

        here, here_s = timed(lambda: run(ThreadPool(1)))
        warm_workers(job)
        queue = QueuePool(job.engine, job.app, job.job_id)
        there, there_s = timed(lambda: run(queue))
        left = SqlJobStore(job.engine).list(f"part:{job.job_id}")
        # issue 18's speed-up of the parts on the workers (pytest -s shows it)
        print(
            f"block parts: in process {here_s:.1f} s, workers {there_s:.1f} s "
            f"(parts: {queue.remote_parts} by workers, {queue.local_parts} here)"
        )
    assert len(here[1]) >= 2, here
    assert there == here
    assert here[0][0] == "optimal"
    assert queue.remote_parts > 0, (queue.local_parts, here_s, there_s)
    assert left == []  # answered parts are deleted with their bases
