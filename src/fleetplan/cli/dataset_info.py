"""``fleetplan dataset-info DIR``: what a neutral-format folder holds."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from fleetplan.cli.main import app
from fleetplan.ingest import DatasetError, read_dataset


@app.command("dataset-info")
def dataset_info(
    folder: Path = typer.Argument(..., help="A folder in the neutral CSV format."),
) -> None:
    """Print counts of a dataset folder as JSON (no database involved)."""
    try:
        data = read_dataset(folder)
    except DatasetError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    span = data.data_span()
    typer.echo(
        json.dumps(
            {
                "locations": len(data.locations),
                "vehicles": len(data.current_vehicles),
                "candidates": len(data.candidate_vehicles),
                "roundtrips": len(data.roundtrips),
                "segments": sum(len(r.segments) for r in data.roundtrips),
                "km": round(sum(r.distance_km for r in data.roundtrips), 3),
                "first_start": span.start.isoformat() if span else None,
                "last_end": span.end.isoformat() if span else None,
            }
        )
    )
