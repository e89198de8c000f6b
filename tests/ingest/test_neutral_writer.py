from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fleetplan.ingest import read_dataset
from fleetplan.ingest.neutral_writer import cell_text, format_float, write_tables
from tests.conftest import reference_path


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_float_reads_back_exactly(value: float) -> None:
    assert float(format_float(value)) == value


def test_format_float_examples() -> None:
    assert format_float(165.0) == "165"
    assert format_float(6.59) == "6.59"
    assert format_float(-0.5) == "-0.5"


def test_cell_text() -> None:
    assert cell_text(None) == ""
    assert cell_text(True) == "1"
    assert cell_text(datetime(2026, 3, 2, 7, 45)) == "2026-03-02T07:45:00"
    assert cell_text(datetime(2026, 3, 2)) == "2026-03-02"  # xlsx date cells
    assert cell_text(date(2030, 1, 1)) == "2030-01-01"
    assert cell_text(19.8) == "19.8"


def test_csv_export_matches_the_reference_reader(tmp_path: Path) -> None:
    data = read_dataset(reference_path("os2_fixture_seed42"))
    write_tables(data, tmp_path / "out")
    assert read_dataset(tmp_path / "out") == data
    header = (tmp_path / "out" / "vehicles.csv").read_text(encoding="utf-8")
    assert header.splitlines()[1].startswith("0,001,VW,e-Golf,ev,electric,,220,")
