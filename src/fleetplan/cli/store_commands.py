"""``fleetplan import|export|status|init-demo``: the database from the command line.

Every command first upgrades the database schema to the newest migration. ``--db``
defaults to ``FLEETPLAN_DATABASE_URL`` (or a SQLite file in the current folder).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from fleetplan.cli.main import app
from fleetplan.config import get_settings
from fleetplan.domain.status import fleet_status, status_counts
from fleetplan.store import (
    create_engine_for,
    export_path,
    import_path,
    load_dataset,
    save_dataset,
    table_counts,
    upgrade_database,
)

DB_OPTION = typer.Option(
    None, "--db", help="Database URL (default: FLEETPLAN_DATABASE_URL or SQLite)."
)


def _engine(db: str | None) -> Engine:
    """An engine on the upgraded database; a clear message when it cannot open."""
    url = db or get_settings().database_url
    try:
        engine = create_engine_for(url)
        upgrade_database(engine)
    except (SQLAlchemyError, ValueError) as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        reason = getattr(exc, "orig", None) or exc
        typer.echo(
            f"Error: cannot open the database {shown}: {reason}. "
            "Check --db or FLEETPLAN_DATABASE_URL.",
            err=True,
        )
        raise typer.Exit(code=2) from exc
    return engine


@app.command("import")
def import_command(
    path: Path = typer.Argument(..., help="A neutral-format folder or an .xlsx file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    strict: bool = typer.Option(
        False, "--strict", help="Treat warnings (overlapping trips) as errors."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Validate and import a dataset; on any error nothing is written."""
    engine = _engine(db)
    try:
        report = import_path(engine, path, dry_run=dry_run, strict=strict)
    finally:
        engine.dispose()
    for problem in report.problems:
        typer.echo(str(problem))
    counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
    if report.errors or (strict and report.warnings):
        typer.echo(
            f"{len(report.errors)} error(s), {len(report.warnings)} warning(s): "
            "nothing was imported. Fix the rows above and import again."
        )
        raise typer.Exit(code=1)
    if dry_run:
        typer.echo(f"Dry run: no errors; an import would write {counts}.")
    else:
        typer.echo(f"Imported {counts}.")


@app.command("export")
def export_command(
    path: Path = typer.Argument(..., help="A folder, or a file ending in .xlsx."),
    db: str | None = DB_OPTION,
) -> None:
    """Export the stored dataset in the neutral format (CSV folder or xlsx)."""
    engine = _engine(db)
    try:
        counts = export_path(engine, path)
    finally:
        engine.dispose()
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    typer.echo(f"Exported {summary} to {path}.")


@app.command("status")
def status_command(
    db: str | None = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Rows per table and vehicles per status."""
    settings = get_settings()
    engine = _engine(db)
    try:
        tables = table_counts(engine)
        reports = fleet_status(
            load_dataset(engine, with_segments=False),
            today=date.today(),
            inactive_days=settings.inactive_days,
        )
    finally:
        engine.dispose()
    statuses = dict(status_counts(reports))
    if as_json:
        typer.echo(json.dumps({"tables": tables, "vehicle_status": statuses}))
        return
    typer.echo("Rows per table:")
    for name, count in tables.items():
        typer.echo(f"  {name:<16} {count:>8}")
    typer.echo("Vehicles per status:")
    for name, count in statuses.items():
        typer.echo(f"  {name:<16} {count:>8}")
    for report in reports:
        if report.missing_fields:
            fields = ", ".join(report.missing_fields)
            typer.echo(f"  vehicle {report.vehicle_id}: missing {fields}")


@app.command("init-demo")
def init_demo_command(db: str | None = DB_OPTION) -> None:
    """Build the demo municipality and store it, replacing the stored dataset."""
    from fleetplan.demo import build_demo_dataset

    dataset = build_demo_dataset()
    engine = _engine(db)
    try:
        save_dataset(engine, dataset, replace=True)
        tables = table_counts(engine)
    finally:
        engine.dispose()
    summary = ", ".join(
        f"{tables[name]} {name}"
        for name in ("locations", "vehicles", "roundtrips", "segments")
    )
    typer.echo(f"Demo municipality stored: {summary}.")
