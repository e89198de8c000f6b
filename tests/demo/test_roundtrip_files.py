"""The demo dataset written as neutral-format CSV validates cleanly and reads back."""

from __future__ import annotations

from pathlib import Path

from fleetplan.demo import build_synthetic_dataset
from fleetplan.domain import Dataset
from fleetplan.ingest import read_dataset
from fleetplan.ingest.tabular import read_tables, write_folder
from fleetplan.ingest.validation import validate_input


def test_demo_passes_import_validation_and_reads_back(
    demo: Dataset, tmp_path: Path
) -> None:
    """No error and no warning (e.g. overlaps) on import; reads back identically."""
    write_folder(demo, tmp_path)
    result = validate_input(read_tables(tmp_path))
    assert [str(p) for p in result.problems] == []
    back = read_dataset(tmp_path)
    assert back.locations == demo.locations
    assert back.vehicles == demo.vehicles
    assert back.roundtrips == demo.roundtrips
    assert back.meta == demo.meta


def test_synthetic_reads_back(tmp_path: Path) -> None:
    data = build_synthetic_dataset(15, 20, seed=9, locations=2)
    write_folder(data, tmp_path)
    assert read_dataset(tmp_path) == data
