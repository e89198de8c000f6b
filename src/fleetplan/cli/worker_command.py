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
) -> None:
    """Run simulations, optimisations and periodic tasks for the web apps on the
    same PostgreSQL database (stop with Ctrl+C: running jobs finish first)."""
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
    run_worker(database_url, concurrency, name)
