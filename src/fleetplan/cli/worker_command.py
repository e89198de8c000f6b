"""``fleetplan worker``: runs jobs on a PostgreSQL database (procrastinate)."""

from __future__ import annotations

import logging

import typer

from fleetplan.cli.main import app
from fleetplan.cli.web_commands import DB_OPTION, _database_url


@app.command("worker")
def worker_command(
    db: str | None = DB_OPTION,
    concurrency: int = typer.Option(
        1, "--concurrency", min=1, max=64, help="Jobs this process runs at once."
    ),
    name: str | None = typer.Option(None, "--name", help="Name in logs."),
    nice: int | None = typer.Option(
        None,
        "--nice",
        min=0,
        max=19,
        help="Lower CPU priority by this much, so the web apps on the same "
        "machine answer first (default FLEETPLAN_JOB_NICE or 10; 0: none).",
    ),
    simulation_parts_min_trips: int | None = typer.Option(
        None,
        "--simulation-parts-min-trips",
        min=0,
        help="Hand a simulation's blocks out to the workers from this many trips "
        "on (default FLEETPLAN_SIMULATION_PARTS_MIN_TRIPS; 0 or unset: never).",
    ),
) -> None:
    """Run simulations, optimisations and periodic tasks for the web apps on the
    same PostgreSQL database (stop with Ctrl+C: running jobs finish first)."""
    from fleetplan.jobs.component_tasks import parts_min_trips
    from fleetplan.jobs.priority import job_nice, lower_process_priority
    from fleetplan.jobs.queue import is_postgres
    from fleetplan.jobs.service import run_worker

    database_url = _database_url(db)
    if not is_postgres(database_url):
        typer.echo(
            "Error: workers need PostgreSQL; on SQLite the web app runs jobs itself.",
            err=True,
        )
        raise typer.Exit(code=2)
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(name)s %(message)s"
    )
    logging.getLogger("fleetplan").setLevel(logging.INFO)  # each job's start
    # every thread, and the ones started later inherit it
    niceness = lower_process_priority(job_nice() if nice is None else nice)
    typer.echo(
        f"Fleetplan worker (concurrency {concurrency}, nice {niceness}); "
        "stop with Ctrl+C"
    )
    min_trips = simulation_parts_min_trips
    run_worker(
        database_url,
        concurrency,
        name,
        parts_min_trips() if min_trips is None else min_trips,
    )
