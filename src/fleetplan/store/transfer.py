"""Import and export of the neutral format (CSV folder or xlsx) against the store.

An import reads and validates everything first, against what the database already
holds, and writes in one transaction only when there is no error; a dry run never
writes. Warnings (overlapping roundtrips) block only a strict import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from fleetplan.domain import Dataset
from fleetplan.ingest.neutral_writer import LOCATION_COLUMNS
from fleetplan.ingest.tabular import read_tables, write_tables
from fleetplan.ingest.validation import (
    Problem,
    ProblemsBySeverity,
    StoreContext,
    StoredTrip,
    validate_input,
)
from fleetplan.store import audit
from fleetplan.store.audit import AuditAction
from fleetplan.store.dataset_repo import load_dataset
from fleetplan.store.dataset_rows import vehicle_from_row, vehicle_select
from fleetplan.store.dataset_write import write_dataset
from fleetplan.store.scoped import run
from fleetplan.store.tables import LocationRow, RoundtripRow, VehicleRow


@dataclass(frozen=True, slots=True)
class ImportReport(ProblemsBySeverity):
    """What an import found and did; ``written`` is False on any blocking problem."""

    problems: tuple[Problem, ...]
    written: bool
    dry_run: bool
    counts: dict[str, int]
    # per register table: rows new, changed and unchanged against the database
    changes: dict[str, dict[str, int]] = field(default_factory=dict)


def store_context(connection: Connection) -> StoreContext:
    """Ids and roundtrip times already in the database, for the cross-checks."""
    trips = [
        StoredTrip(rt_id, vehicle_id, start, end)
        for rt_id, vehicle_id, start, end in run(
            connection,
            select(
                RoundtripRow.roundtrip_id,
                RoundtripRow.vehicle_id,
                RoundtripRow.start_time,
                RoundtripRow.end_time,
            ),
        )
    ]
    return StoreContext(
        location_ids=frozenset(
            run(connection, select(LocationRow.location_id)).scalars()
        ),
        vehicle_ids=frozenset(run(connection, select(VehicleRow.vehicle_id)).scalars()),
        roundtrips=trips,
    )


def register_changes(
    connection: Connection, dataset: Dataset | None
) -> dict[str, dict[str, int]]:
    """How many of the file's vehicles and locations are new, changed or the
    same as stored (an export imported back is all unchanged)."""
    if dataset is None:
        return {}
    stored = run(connection, vehicle_select())
    vehicles = {v.vehicle_id: v for v in map(vehicle_from_row, stored)}
    locations = {
        row.location_id: tuple(getattr(row, c) for c in LOCATION_COLUMNS)
        for row in run(
            connection,
            select(
                *(getattr(LocationRow, c) for c in ("location_id", *LOCATION_COLUMNS))
            ),
        )
    }
    given = {
        "vehicles": [(v.vehicle_id, v, vehicles) for v in dataset.vehicles],
        "locations": [
            (
                loc.location_id,
                tuple(getattr(loc, c) for c in LOCATION_COLUMNS),
                locations,
            )
            for loc in dataset.locations
        ],
    }
    out: dict[str, dict[str, int]] = {}
    for table, items in given.items():
        tally = {"new": 0, "changed": 0, "unchanged": 0}
        for key, value, stored in items:
            if key not in stored:
                tally["new"] += 1
            else:
                tally["unchanged" if stored[key] == value else "changed"] += 1
        out[table] = tally
    return out


def _counts(dataset: Dataset | None) -> dict[str, int]:
    if dataset is None:
        return {}
    return {
        "locations": len(dataset.locations),
        "vehicles": len(dataset.vehicles),
        "roundtrips": len(dataset.roundtrips),
        "segments": sum(len(r.segments) for r in dataset.roundtrips),
    }


def import_path(
    engine: Engine, path: str | Path, *, dry_run: bool = False, strict: bool = False
) -> ImportReport:
    """Validate the neutral tables at ``path`` (folder or .xlsx) and upsert them.

    Nothing is written on a dry run, on any error, or (``strict``) on any warning.
    """
    found = read_tables(path)
    with engine.begin() as connection:
        result = validate_input(found, store_context(connection))
        blocked = bool(result.errors) or (strict and bool(result.warnings))
        write = result.dataset is not None and not blocked and not dry_run
        changes = register_changes(connection, result.dataset)
        if write and result.dataset is not None:
            write_dataset(connection, result.dataset)
            detail = {"counts": _counts(result.dataset), "changes": changes}
            audit.record(
                connection, AuditAction.REGISTER_IMPORT, Path(path).name, detail
            )
    return ImportReport(
        result.problems, write, dry_run, _counts(result.dataset), changes
    )


def export_path(engine: Engine, path: str | Path) -> dict[str, int]:
    """Write the stored dataset to ``path``: CSV folder, or xlsx when it ends so."""
    dataset = load_dataset(engine)
    write_tables(dataset, path)
    return _counts(dataset)
