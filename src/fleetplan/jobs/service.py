"""``fleetplan worker``: a procrastinate worker for the jobs, the stall sweep
and the periodic tasks (retention daily; the connectors that are due, checked
every 5 minutes, when connectors are configured), each periodic task one at a
time (a queueing lock).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
import sys
import threading
from datetime import datetime

import procrastinate
from sqlalchemy import Engine

from fleetplan.jobs.block_tasks import PartSolver, QueuePool, register_part_task
from fleetplan.jobs.component_tasks import (
    ComponentSolver,
    QueueComponentPool,
    parts_min_trips,
    register_component_task,
)
from fleetplan.jobs.part_queue import PART_QUEUE, part_url
from fleetplan.jobs.queue import QUEUE, TASK_NAME, make_app
from fleetplan.jobs.stall import sweep_stalled
from fleetplan.jobs.weight_tasks import (
    WeightQueue,
    WeightSolver,
    register_weight_task,
)
from fleetplan.jobs.worker import WorkerJobs
from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.gps_persist import delete_expired_roundtrips

logger = logging.getLogger(__name__)

PERIODIC_QUEUE = "periodic"
RETENTION_CRON = "15 3 * * *"  # daily at 03:15
# every 5 minutes: ``sync --due`` runs each connector once a day at its daily_at,
# under its lock (store/connector_schedule.py)
SYNC_CRON = "*/5 * * * *"
STALL_TIMEOUT_ENV = "FLEETPLAN_JOB_STALL_TIMEOUT_S"


def stall_timeout_s() -> float:
    """Seconds without a worker heartbeat before its jobs count as stalled."""
    return float(os.environ.get(STALL_TIMEOUT_ENV, "30"))


def register_tasks(
    app: procrastinate.App, jobs: WorkerJobs, engine: Engine, database_url: str
) -> None:
    @app.task(name=TASK_NAME, queue=QUEUE, pass_context=True)
    def run_job(context: procrastinate.JobContext, job_id: str) -> None:
        jobs.run(job_id, context.should_abort)

    @app.periodic(cron=RETENTION_CRON)
    @app.task(
        name="fleetplan.retention", queue=PERIODIC_QUEUE, queueing_lock="retention"
    )
    def retention(timestamp: int) -> None:
        from fleetplan.config import get_settings

        keep = get_settings().retention_months
        deleted = delete_expired_roundtrips(engine, datetime.now(), keep)
        logger.info("retention: %d roundtrips older than %d months", deleted, keep)

    @app.periodic(cron=SYNC_CRON)
    @app.task(name="fleetplan.sync", queue=PERIODIC_QUEUE, queueing_lock="sync")
    def sync(timestamp: int) -> None:
        if not os.environ.get("FLEETPLAN_CONNECTORS_FILE"):
            return  # no connectors configured on this deployment
        # its own process: a connector that hangs or crashes cannot take the
        # worker with it
        run_cli = "from fleetplan.cli import app; app()"
        command = [sys.executable, "-c", run_cli, "sync", "--due", "--db", database_url]
        subprocess.run(command, check=False, timeout=3600)


async def _sweep_forever(
    app: procrastinate.App, engine: Engine, every_s: float
) -> None:
    while True:
        await asyncio.sleep(every_s)
        try:
            await sweep_stalled(app, engine, stall_timeout_s())
        except Exception:  # a lost connection must not end the worker
            logger.exception("stall sweep failed")


def run_worker(
    database_url: str,
    concurrency: int = 1,
    name: str | None = None,
    simulation_parts_min_trips: int | None = None,
) -> None:
    """Run jobs until SIGINT/SIGTERM (running jobs are finished first). A
    simulation of at least ``simulation_parts_min_trips`` trips hands its
    blocks out to the workers (0: never; None: FLEETPLAN_SIMULATION_PARTS_MIN_TRIPS)."""
    engine = create_engine_for(database_url)
    upgrade_database(engine)  # under the advisory lock: many may start at once
    app = make_app(database_url, max_pool=concurrency + 4)
    # a decomposed optimisation's block parts are queued through a synchronous
    # app of their own (the job runs in a thread, the worker's app is async)
    parts_app = make_app(part_url(database_url), max_pool=2)
    lock = threading.Lock()
    opened: list[bool] = []

    def block_pool(job_id: str) -> QueuePool:
        with lock:
            if not opened:
                parts_app.open()
                opened.append(True)
        pool = QueuePool(engine, parts_app, job_id)
        pool.weights = WeightQueue(engine, parts_app, job_id, stall_timeout_s())
        return pool

    def component_pool(job_id: str) -> QueueComponentPool:
        with lock:
            if not opened:
                parts_app.open()
                opened.append(True)
        return QueueComponentPool(engine, parts_app, job_id, min_trips=min_trips)

    min_trips = simulation_parts_min_trips
    if min_trips is None:
        min_trips = parts_min_trips()
    jobs = WorkerJobs(engine, block_pool, component_pool if min_trips else None)
    register_tasks(app, jobs, engine, database_url)
    parts = PartSolver(engine, jobs.dataset, jobs.factor_sets)
    register_part_task(app, parts)
    register_weight_task(app, WeightSolver(parts))
    solver = ComponentSolver(engine, jobs.dataset, jobs.factor_sets)
    register_component_task(app, solver)
    timeout = stall_timeout_s()

    async def main() -> None:
        async with app.open_async():
            sweeper = asyncio.create_task(_sweep_forever(app, engine, timeout / 3))
            try:
                await app.run_worker_async(
                    queues=[QUEUE, PERIODIC_QUEUE, PART_QUEUE],
                    concurrency=concurrency,
                    name=name,
                    update_heartbeat_interval=max(0.5, timeout / 4),
                    stalled_worker_timeout=timeout,
                )
            finally:
                sweeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sweeper

    try:
        asyncio.run(main())
    finally:
        engine.dispose()
