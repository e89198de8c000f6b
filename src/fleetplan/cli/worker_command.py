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
) -> None:
    """Run simulations, optimisations and periodic tasks for the web apps on the
    same PostgreSQL database (stop with Ctrl+C: running jobs finish first)."""
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
    typer.echo(f"Fleetplan worker (concurrency {concurrency}); stop with Ctrl+C")
    run_worker(database_url, concurrency, name)
