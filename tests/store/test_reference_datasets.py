"""Every reference dataset imports without error, exports and re-imports
identically (CSV and xlsx), and its counts show in ``table_counts``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from fleetplan.domain import Dataset
from fleetplan.ingest import read_dataset
from fleetplan.store import (
    create_engine_for,
    export_path,
    import_path,
    load_dataset,
    table_counts,
    upgrade_database,
)
from tests.conftest import reference_path
from tests.store.db import dump

REFERENCE_SETS = [
    "synth_20v_30d",
    "synth_50v_60d",
    "os2_fixture_298",
    "os2_fixture_seed42",
    "jersey_city_gps",
]


def _sorted(dataset: Dataset) -> Dataset:
    """The same dataset with locations and vehicles in id order."""
    return Dataset(
        tuple(sorted(dataset.locations, key=lambda x: x.location_id)),
        tuple(sorted(dataset.vehicles, key=lambda x: x.vehicle_id)),
        dataset.roundtrips,
        dataset.meta,
    )


@pytest.mark.parametrize("name", REFERENCE_SETS)
def test_reference_dataset_round_trip(
    name: str, engine: Engine, database_url: str, tmp_path: Path
) -> None:
    folder = reference_path(name)
    expected = read_dataset(folder)
    report = import_path(engine, folder)
    assert report.errors == () and report.written
    stored = load_dataset(engine)
    assert _sorted(stored) == _sorted(expected)

    counts = table_counts(engine)
    assert counts["locations"] == len(expected.locations)
    assert counts["vehicles"] == len(expected.vehicles)
    assert counts["roundtrips"] == len(expected.roundtrips)
    assert counts["segments"] == sum(len(r.segments) for r in expected.roundtrips)

    before = dump(engine)
    assert import_path(engine, folder).written  # re-import changes nothing
    assert dump(engine) == before

    export_path(engine, tmp_path / "out")
    assert _sorted(read_dataset(tmp_path / "out")) == _sorted(expected)
    other_url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    upgrade_database(other_url)
    other = create_engine_for(other_url)
    assert import_path(other, tmp_path / "out").written
    assert load_dataset(other) == stored
    other.dispose()


def test_largest_reference_dataset(engine: Engine, tmp_path: Path) -> None:
    """synth_100v_90d (14,666 roundtrips): import, counts, export and re-import
    into a fresh database give the same data (the repeat checks run on the others)."""
    folder = reference_path("synth_100v_90d")
    report = import_path(engine, folder)
    assert report.errors == () and report.written
    counts = table_counts(engine)
    assert (counts["vehicles"], counts["roundtrips"], counts["segments"]) == (
        104,
        14666,
        33770,
    )
    stored = load_dataset(engine)
    export_path(engine, tmp_path / "out")
    other_url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    upgrade_database(other_url)
    other = create_engine_for(other_url)
    assert import_path(other, tmp_path / "out").written
    assert load_dataset(other) == stored
    other.dispose()


@pytest.mark.parametrize("name", ["os2_fixture_seed42", "synth_20v_30d"])
def test_xlsx_round_trip(name: str, engine: Engine, tmp_path: Path) -> None:
    assert import_path(engine, reference_path(name)).written
    stored = load_dataset(engine)
    export_path(engine, tmp_path / "fleet.xlsx")
    before = dump(engine)
    report = import_path(engine, tmp_path / "fleet.xlsx")
    assert report.errors == () and report.written
    assert dump(engine) == before
    other_url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    upgrade_database(other_url)
    other = create_engine_for(other_url)
    assert import_path(other, tmp_path / "fleet.xlsx").written
    assert load_dataset(other) == stored
    other.dispose()


def test_overlapping_trips_of_the_os2_fixture_are_warnings(engine: Engine) -> None:
    """The anchor's own data has 2 overlaps; they are reported, not blocking."""
    report = import_path(engine, reference_path("os2_fixture_seed42"))
    assert report.written
    assert [(p.file, p.row, p.severity) for p in report.problems] == [
        ("roundtrips.csv", 95, "warning"),
        ("roundtrips.csv", 97, "warning"),
    ]
    assert "roundtrip '162' of vehicle '2'" in report.problems[0].message
