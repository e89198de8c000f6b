"""A city-scale simulation with its blocks on ``fleetplan worker`` processes
against the same allocation in one process (issue 18 item 7). Prints JSON.

Run (starts its own PostgreSQL on port 55452 under /tmp when none answers there)::

    .venv/bin/python -m benchmarks.city_simulate_workers --days 30

Options: ``--days D`` (default 30), ``--vehicles V`` (2000), ``--demo`` (the
demo municipality, ``build_demo_dataset()``, instead), ``--workers N``
(2), ``--runs R`` (3), ``--server URL``, ``--seed S`` (2000), ``--nice K``
(the workers' ``--nice``, default 0 as this process). Steps:

1. ``build_synthetic_dataset(V, D)`` (``city_workers``' generator) stored with
   ``save_dataset`` in a fresh database; the N workers started;
2. R times, alternately, what a ``simulate.current`` job of the current fleet
   (``{"limit_km": false}``) computes but its report: (a) the problem built
   and allocated in this process (the engine's own loop); (b) the same with
   ``QueueComponentPool`` for a new job record (not queued), this process
   coordinating as the job's worker would: the pool's ``warm`` first (the
   workers build the run from the job's parameters while this process builds
   it), so every (b) run pays the workers' rebuild, as a real job does. The
   dataset is loaded once here, from the stored data.

Output: per run wall and CPU seconds (this process; the workers' from /proc),
their medians, ``speed_up`` = median wall (a) / median wall (b) and the
per-pair ratios, the parts answered by workers and by this process, ``same``
(every trip's vehicle, the cost, the bound and the status agree in every run),
and the 1-minute load average at start and end.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.scratch_database import scratch_postgres
from benchmarks.worker_processes import (
    cpu_s,
    ensure_server,
    load_1min,
    proc_cpu_s,
    start_workers,
    stop_workers,
    worker_arguments,
)
from fleetplan.demo import build_demo_dataset, build_synthetic_dataset
from fleetplan.domain import Dataset
from fleetplan.jobs import SqlJobStore
from fleetplan.jobs.component_tasks import PLANS, QueueComponentPool
from fleetplan.jobs.model import JobRecord, JobState
from fleetplan.jobs.part_queue import part_url
from fleetplan.jobs.queue import make_app
from fleetplan.simulate import AllocationResult, allocate, problem_from_input
from fleetplan.store import create_engine_for, save_dataset, upgrade_database
from fleetplan.store.dataset_cache import DatasetCache
from fleetplan.store.jobs import job_organisation
from fleetplan.store.register_service import RegisterService
from fleetplan.store.scoped import using_organisation

KIND = "simulate.current"
PARAMS = {"time_limit_s": 3600.0, "limit_km": False}


def _answer(result: AllocationResult) -> tuple[Any, ...]:
    return (
        result.vehicle_index.tobytes(),
        result.objective_dkk,
        result.lower_bound_dkk,
        str(result.status),
    )


def _timed(fn: Any) -> tuple[AllocationResult, float, float]:
    began, cpu0 = time.perf_counter(), cpu_s()
    result = fn()
    return result, time.perf_counter() - began, cpu_s() - cpu0


def bench(
    server: str, dataset: Dataset, case: str, workers: int, runs: int, nice: int
) -> dict[str, Any]:
    ensure_server(server)
    with scratch_postgres(server, "fleetplan_city_sim") as url:
        return _bench_on(url, dataset, case, workers, runs, nice)


def _bench_on(
    url: str, dataset: Dataset, case: str, workers: int, runs: int, nice: int
) -> dict[str, Any]:
    engine = create_engine_for(url)
    folder = Path(tempfile.mkdtemp(prefix="fleetplan_city_sim_"))
    out: dict[str, Any] = {
        "case": f"city_simulate_workers.{case}",
        "workers": workers,
        "workers_nice": nice,
    }
    processes: list[subprocess.Popen[bytes]] = []
    app = make_app(part_url(url), max_pool=2)
    try:
        upgrade_database(engine)
        began = time.perf_counter()
        save_dataset(engine, dataset, replace=True)
        out["store_s"] = round(time.perf_counter() - began, 1)
        out["roundtrips"] = len(dataset.roundtrips)
        del dataset
        store = SqlJobStore(engine)

        def new_job() -> str:
            job_id = uuid.uuid4().hex
            record = JobRecord(job_id, KIND, "bench", JobState.CANCELLED, params=PARAMS)
            store.save(record)
            return job_id

        organisation = job_organisation(engine, new_job())
        assert organisation is not None
        with using_organisation(organisation):
            data = DatasetCache(engine)()
            plan = PLANS[KIND](PARAMS, data, RegisterService(engine).factor_set)
            began, cpu0 = time.perf_counter(), cpu_s()
            problem = problem_from_input(plan.build_input(data), plan.problem_params)
            out["problem_s"] = [
                round(time.perf_counter() - began, 1),
                round(cpu_s() - cpu0, 1),
            ]
            out["trips"] = problem.num_trips
            processes = start_workers(url, workers, folder, nice)
            app.open()
            here: list[tuple[float, float]] = []
            there: list[tuple[float, float, list[float]]] = []
            answers: set[tuple[Any, ...]] = set()
            parts: list[tuple[int, int]] = []
            load0 = load_1min()

            def alone() -> AllocationResult:
                built = problem_from_input(plan.build_input(data), plan.problem_params)
                return allocate(built, plan.allocation)

            def on_workers(pool: QueueComponentPool) -> AllocationResult:
                inp = plan.build_input(data)
                pool.warm(len(inp.dataset.roundtrips))  # as the job does
                built = problem_from_input(inp, plan.problem_params)
                return allocate(built, plan.allocation, pool=pool)

            for _ in range(runs):
                result, wall, cpu = _timed(alone)
                here.append((wall, cpu))
                answers.add(_answer(result))
                out["components"] = result.components
                pool = QueueComponentPool(engine, app, new_job(), workers)
                cpu_w0 = [proc_cpu_s(p.pid) for p in processes]
                result, wall, cpu = _timed(lambda pool=pool: on_workers(pool))
                cpu_w = [
                    round(proc_cpu_s(p.pid) - c, 1)
                    for p, c in zip(processes, cpu_w0, strict=True)
                ]
                there.append((wall, cpu, cpu_w))
                answers.add(_answer(result))
                parts.append((pool.remote_parts, pool.local_parts))
            out["load_1min"] = [load0, load_1min()]
    finally:
        stop_workers(processes)
        app.close()
        engine.dispose()
    out["status"] = str(result.status)
    out["same"] = len(answers) == 1
    out["in_process"] = {
        "wall_s": [round(w, 2) for w, _ in here],
        "cpu_s": [round(c, 2) for _, c in here],
    }
    out["on_workers"] = {
        "wall_s": [round(w, 2) for w, _, _ in there],
        "coordinator_cpu_s": [round(c, 2) for _, c, _ in there],
        "workers_cpu_s": [w for _, _, w in there],
        "parts_workers_coordinator": parts,
    }
    wall_here = statistics.median(w for w, _ in here)
    wall_there = statistics.median(w for w, _, _ in there)
    out["median_wall_s"] = [round(wall_here, 2), round(wall_there, 2)]
    out["speed_up"] = round(wall_here / wall_there, 2)
    out["pair_ratios"] = [
        round(a[0] / b[0], 2) for a, b in zip(here, there, strict=True)
    ]
    cpu_there = statistics.median(c + float(np.sum(w)) for _, c, w in there)
    out["cpu_ratio"] = round(statistics.median(c for _, c in here) / cpu_there, 2)
    return out


def main() -> None:
    parser = worker_arguments(__doc__, days=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--demo", action="store_true")
    args = parser.parse_args()
    if args.demo:
        dataset, case = build_demo_dataset(), "demo"
    else:
        dataset = build_synthetic_dataset(args.vehicles, args.days, seed=args.seed)
        case = f"{args.vehicles}v_{args.days}d"
    result = bench(args.server, dataset, case, args.workers, args.runs, args.nice)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
