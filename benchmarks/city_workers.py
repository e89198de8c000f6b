"""A city-scale optimisation with its block parts on ``fleetplan worker``
processes against the same run in one process (issue 18 item 7). Prints JSON.

Run (starts its own PostgreSQL on port 55452 under /tmp when none answers there)::

    .venv/bin/python -m benchmarks.city_workers --days 30      # a check, minutes
    .venv/bin/python -m benchmarks.city_workers --days 365     # the city, ~25 min

Options: ``--days D`` (default 365), ``--vehicles V`` (2000), ``--workers N``
(2), ``--server URL`` (a PostgreSQL server; a fresh database is made on it and
dropped at the end), ``--seed S`` (2000, optimise_bench's), ``--nice K`` (the
workers' ``--nice``, default 0: this process's priority; a worker's own default
is 10, and on a busy machine a nice-10 worker gets a tenth of a core),
``--front`` (the Pareto front's weights 0, 2.5, 7.5 and 10 too, with the
decomposition's front path as at city scale: in (b) they go to the workers as
``jobs.weight_tasks`` does), ``--repeat R`` ((a) and (b) alternately R times;
the workers and their instance stay, as for a deployment's next run). Steps:

1. ``build_synthetic_dataset(V, D)`` (optimise_bench ``--city``'s generator),
   stored with ``save_dataset`` (bulk upserts) in a fresh database;
2. an ``optimise`` job record with ``{"weight": 5, "limit_km": false}``, not
   queued: the workers build the instance from its parameters, as they do
   for a coordinator on a worker;
3. (a) ``optimise_fleet`` in this process, the decomposition forced, the best
   fleet only (optimise_bench's city settings: target gap 1 %), blocks on
   ``BLOCK_WORKERS`` threads; (b) the same with ``QueuePool``: this process
   coordinates (as the optimise job's worker would) and N workers started here
   take the parts. Both runs use the instance built once from the stored data.

Output: both wall and CPU times (CPU: this process; the workers' from /proc),
``speed_up`` = wall (a) / wall (b), parts answered by workers and by the
coordinator, ``same`` (the rounds' phase, value, bound and fleet, and the final
fleet, value and bound agree; with ``--front`` the front's points, fleets and
gaps and the solves, as the rounds of weights run on a worker are logged
there), peak RSS of this process and of each worker, and the 1-minute load
average at start and end of each run. With ``--repeat`` every pair is listed
and ``speed_up`` is the median of the pairs' ratios.
"""

from __future__ import annotations

import contextlib
import json
import logging
import resource
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.scratch_database import scratch_postgres
from benchmarks.worker_processes import (
    cpu_s,
    ensure_server,
    load_1min,
    proc_cpu_s,
    proc_peak_mib,
    start_workers,
    stop_workers,
    worker_arguments,
)
from fleetplan.demo import build_synthetic_dataset
from fleetplan.jobs import SqlJobStore
from fleetplan.jobs.block_tasks import QueuePool
from fleetplan.jobs.model import JobRecord, JobState
from fleetplan.jobs.optimise_kind import parse_optimise_params, request_input
from fleetplan.jobs.part_queue import part_url
from fleetplan.jobs.queue import make_app
from fleetplan.jobs.weight_tasks import WeightQueue
from fleetplan.optimise import Method, OptimiseResult, build_instance, optimise_fleet
from fleetplan.optimise import answer as answer_module
from fleetplan.optimise.benders import BLOCK_WORKERS
from fleetplan.optimise.block_parts import BlockPool, Point, ThreadPool
from fleetplan.optimise.blocks import Answer, BlockLP
from fleetplan.optimise.weight_runs import WeightPool
from fleetplan.store import create_engine_for, save_dataset, upgrade_database
from fleetplan.store.dataset_cache import DatasetCache
from fleetplan.store.jobs import job_organisation
from fleetplan.store.register_service import RegisterService
from fleetplan.store.scoped import using_organisation

FRONT = (0.0, 2.5, 5.0, 7.5, 10.0)


class Rounds(logging.Handler):
    """The decomposition's rounds: phase, value, bound and fleet (not times)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.entries: list[tuple[Any, ...]] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        entry = args[0] if isinstance(args, tuple) and args else args
        if isinstance(entry, dict):
            self.entries.append(
                (entry["phase"], entry["value"], entry["bound"], tuple(entry["counts"]))
            )


class Timed:
    """A pool's time in the rounds' block solves (the part that is split)."""

    def __init__(self, pool: BlockPool) -> None:
        self.pool, self.wall_s, self.cpu_s, self.calls = pool, 0.0, 0.0, 0

    def solve(
        self, blocks: Sequence[BlockLP], todo: list[int], point: Point, deadline: float
    ) -> dict[int, Answer | None]:
        began, cpu0 = time.perf_counter(), cpu_s()
        try:
            return self.pool.solve(blocks, todo, point, deadline)
        finally:
            self.wall_s += time.perf_counter() - began
            self.cpu_s += cpu_s() - cpu0
            self.calls += 1


def run_once(
    inp: Any,
    params: Any,
    problem: Any,
    inst: Any,
    pool: BlockPool,
    weights: WeightPool | None = None,
) -> dict[str, Any]:
    rounds = Rounds()
    log = logging.getLogger("fleetplan.optimise.benders")
    log.addHandler(rounds)
    log.setLevel(logging.INFO)
    load0, cpu0, began = load_1min(), cpu_s(), time.perf_counter()
    timed = Timed(pool)
    try:
        res: OptimiseResult = optimise_fleet(
            inp, params, problem, instance=inst, block_pool=timed, weight_pool=weights
        )
    finally:
        log.removeHandler(rounds)
    top = res.solutions[0]
    return {
        "wall_s": round(time.perf_counter() - began, 1),
        "cpu_s": round(cpu_s() - cpu0, 1),
        "load_1min": [load0, load_1min()],
        "status": str(res.status),
        "answer": [top.counts, round(top.total_cost_dkk, 2), round(top.gap, 6)],
        "front": [
            [
                p.weights,
                p.solution.counts,
                p.solution.total_cost_dkk,
                p.solution.co2e_kg,
                p.solution.gap,
            ]
            for p in res.pareto
        ],
        "solves": res.milp_solves,
        "rounds": rounds.entries,
        # the block solves alone: wall and this process's CPU, and how often
        "blocks": [round(timed.wall_s, 1), round(timed.cpu_s, 1), timed.calls],
        "rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def bench(
    server: str,
    vehicles: int,
    days: int,
    workers: int,
    seed: int,
    nice: int = 0,
    front: bool = False,
    repeat: int = 1,
) -> dict[str, Any]:
    ensure_server(server)
    with scratch_postgres(server, "fleetplan_city") as url:
        return _bench_on(url, vehicles, days, workers, seed, nice, front, repeat)


def _bench_on(
    url: str,
    vehicles: int,
    days: int,
    workers: int,
    seed: int,
    nice: int,
    front: bool,
    repeat: int,
) -> dict[str, Any]:
    """``bench`` on the empty database at ``url``."""
    engine = create_engine_for(url)
    folder = Path(tempfile.mkdtemp(prefix="fleetplan_city_"))
    out: dict[str, Any] = {
        "case": f"city_workers.{vehicles}v_{days}d",
        "workers": workers,
        "workers_nice": nice,
        "front": front,
    }
    processes: list[subprocess.Popen[bytes]] = []
    app = make_app(part_url(url), max_pool=2)
    scope = contextlib.ExitStack()
    try:
        upgrade_database(engine)
        began = time.perf_counter()
        dataset = build_synthetic_dataset(vehicles, days, seed=seed)
        out["generate_s"] = round(time.perf_counter() - began, 1)
        began = time.perf_counter()
        save_dataset(engine, dataset, replace=True)
        out["store_s"] = round(time.perf_counter() - began, 1)
        out["roundtrips"] = len(dataset.roundtrips)
        del dataset
        job_id = uuid.uuid4().hex
        stored = {"weight": 5.0, "limit_km": False, "time_limit_s": 600.0}
        SqlJobStore(engine).save(
            JobRecord(job_id, "optimise", "bench", JobState.CANCELLED, params=stored)
        )
        # as a worker runs a job: as its organisation (no lookup per statement)
        organisation = job_organisation(engine, job_id)
        assert organisation is not None
        scope.enter_context(using_organisation(organisation))
        began = time.perf_counter()
        data = DatasetCache(engine)()
        out["load_s"] = round(time.perf_counter() - began, 1)
        req = parse_optimise_params(stored, data, RegisterService(engine).factor_set)
        inp = request_input(req, stored, data)
        problem = req.scope.problem_params
        began = time.perf_counter()
        inst = build_instance(inp, req.params, problem, req.contracts)
        out["instance_s"] = round(time.perf_counter() - began, 1)
        out["trips"] = inst.num_trips
        # optimise_bench's city run: best fleet only, the decomposition, 1 %
        params = replace(
            req.params,
            num_solutions=1,
            pareto_weights=FRONT if front else (5.0,),
            min_pareto_points=1,
            target_gap=0.01,
            method=Method.DECOMPOSED,
            total_time_limit_s=7200.0,
        )
        out["pairs"] = int(inst.feasible.sum())
        if front:
            # the city's front path (no LP relaxation) below its size too
            answer_module.LP_MAX_PAIRS = 0
        processes = start_workers(url, workers, folder, nice)
        app.open()
        pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for _ in range(repeat):
            here = run_once(inp, params, problem, inst, ThreadPool(BLOCK_WORKERS))
            cpu0 = [proc_cpu_s(p.pid) for p in processes]
            pool = QueuePool(engine, app, job_id, workers)
            weights = WeightQueue(engine, app, job_id) if front else None
            there = run_once(inp, params, problem, inst, pool, weights)
            there["workers_cpu_s"] = [
                round(proc_cpu_s(p.pid) - c, 1)
                for p, c in zip(processes, cpu0, strict=True)
            ]
            there["workers_rss_mib"] = [proc_peak_mib(p.pid) for p in processes]
            there["parts"] = {
                "workers": pool.remote_parts,
                "coordinator": pool.local_parts,
            }
            if weights is not None:
                there["weights"] = {
                    "workers": weights.remote,
                    "coordinator": weights.local,
                    "pids": weights.pids,
                }
            pairs.append((here, there))
        same = {"answer": True, "rounds": True, "front": True, "solves": True}
        for here, there in pairs:
            same["answer"] &= here["answer"] == there["answer"]
            same["front"] &= here["front"] == there["front"]
            same["solves"] &= here["solves"] == there["solves"]
            # weights on a worker log their rounds there
            same["rounds"] &= front or here["rounds"] == there["rounds"]
        out["same"] = same
        runs = []
        for here, there in pairs:
            for run in (here, there):
                run["rounds"] = len(run["rounds"])
            cpu_there = there["cpu_s"] + sum(there["workers_cpu_s"])
            runs.append(
                {
                    "in_process": {**here, "threads": BLOCK_WORKERS},
                    "on_workers": there,
                    "speed_up": round(here["wall_s"] / there["wall_s"], 2),
                    "cpu_ratio": round(here["cpu_s"] / cpu_there, 2),
                }
            )
        out["runs"] = runs
        out["speed_up"] = statistics.median(r["speed_up"] for r in runs)
        out["cpu_ratio"] = statistics.median(r["cpu_ratio"] for r in runs)
    finally:
        scope.close()
        stop_workers(processes)
        app.close()
        engine.dispose()
    return out


def main() -> None:
    parser = worker_arguments(__doc__, days=365)
    parser.add_argument("--front", action="store_true")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    result = bench(
        args.server,
        args.vehicles,
        args.days,
        args.workers,
        args.seed,
        args.nice,
        args.front,
        args.repeat,
    )
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
