"""Where a command's data comes from: a dataset folder or the database; and the one
way commands report a user error."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer

from fleetplan.domain import Dataset, FactorSet, Period
from fleetplan.ingest import DatasetError, read_dataset


def fail(message: str) -> typer.Exit:
    """Print ``Error: message`` on stderr; raise the returned exit (code 2)."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code=2)


def load_source(data: Path | None, db: str | None) -> Dataset:
    """The dataset of ``--data DIR`` or ``--db URL`` (exactly one), without segments
    from the database (the engines read roundtrips only)."""
    if (data is None) == (db is None):
        raise fail("give exactly one of --data DIR and --db URL.")
    if data is not None:
        try:
            return read_dataset(data)
        except DatasetError as exc:
            raise fail(str(exc)) from exc
    from fleetplan.store import create_engine_for, load_dataset, upgrade_database

    engine = create_engine_for(str(db))
    try:
        upgrade_database(engine)
        return load_dataset(engine, with_segments=False)
    finally:
        engine.dispose()


def load_stored(
    url: str,
    factors_name: str,
    *,
    period: Period | None = None,
    location_ids: Sequence[str] | None = None,
    with_segments: bool = True,
) -> tuple[Dataset, FactorSet | None]:
    """The stored dataset, and the stored factor set of that name if there is one
    (a stored set wins over the built-in one of the same name)."""
    from fleetplan.store import (
        NotFoundError,
        create_engine_for,
        load_dataset,
        load_factor_set,
        upgrade_database,
    )

    engine = create_engine_for(url)
    try:
        upgrade_database(engine)
        dataset = load_dataset(
            engine,
            period=period,
            location_ids=list(location_ids) if location_ids else None,
            with_segments=with_segments,
        )
        try:
            stored: FactorSet | None = load_factor_set(engine, factors_name)
        except NotFoundError:
            stored = None
    finally:
        engine.dispose()
    return dataset, stored
