"""The register exported as Excel (Danish headers) imports back unchanged; the
template imports empty; Danish or internal headers are both read; one dry run
names every problem of a file and counts new, changed and unchanged rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from fleetplan.ingest.register_checks import MAX_REGISTER_ROWS
from fleetplan.ingest.register_sheets import register_workbook
from fleetplan.store import import_path, load_dataset
from tests.store.db import dump
from tests.store.test_import_problems import BASE, LOCATIONS, write_folder

ALL_SAME = {
    "vehicles": {"new": 0, "changed": 0, "unchanged": 3},
    "locations": {"new": 0, "changed": 0, "unchanged": 2},
}


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Engine:
    report = import_path(engine, write_folder(tmp_path / "base", dict(BASE)))
    assert report.problems == () and report.written
    return engine


def _content(engine: Engine) -> dict[str, object]:
    """Every table but the counter a write bumps (``data_version``)."""
    return {k: v for k, v in dump(engine).items() if k != "data_version"}


def _export(engine: Engine, path: Path, *, danish: bool = True) -> Path:
    data = load_dataset(engine, with_segments=False)
    path.write_bytes(register_workbook(data, danish=danish))
    return path


@pytest.mark.parametrize("danish", [True, False])
def test_export_then_import_changes_nothing(
    loaded: Engine, tmp_path: Path, danish: bool
) -> None:
    book = _export(loaded, tmp_path / "register.xlsx", danish=danish)
    sheets = load_workbook(book).sheetnames
    assert sheets == (
        ["Køretøjer", "Lokationer"] if danish else ["vehicles", "locations"]
    )
    before = _content(loaded)
    dry = import_path(loaded, book, dry_run=True)
    assert dry.problems == ()
    assert dry.changes == ALL_SAME
    saved = import_path(loaded, book)
    assert saved.written and saved.changes == ALL_SAME
    assert _content(loaded) == before


def test_exported_values_are_typed_and_headers_danish(
    loaded: Engine, tmp_path: Path
) -> None:
    sheet = load_workbook(_export(loaded, tmp_path / "r.xlsx"))["Køretøjer"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Id", "Nummerplade", "Mærke"]
    assert "Årlig omkostning, kr." in header and len(header) == 26
    rows = [
        {h: c.value for h, c in zip(header, cells, strict=True)}
        for cells in sheet.iter_rows(min_row=2)
    ]
    row = next(r for r in rows if r["Id"] == "V1")
    assert row["Årlig omkostning, kr."] == 41100  # a number, not text
    assert row["Leasing starter"].year == 2025  # a date, not text


def test_a_changed_cost_counts_as_changed(loaded: Engine, tmp_path: Path) -> None:
    path = _export(loaded, tmp_path / "r.xlsx")
    book = load_workbook(path)
    sheet = book["Køretøjer"]
    column = [c.value for c in sheet[1]].index("Årlig omkostning, kr.") + 1
    sheet.cell(row=2, column=column, value=42_000)
    book.save(path)
    report = import_path(loaded, path, dry_run=True)
    assert report.changes["vehicles"] == {"new": 0, "changed": 1, "unchanged": 2}


def test_the_template_imports_empty(loaded: Engine, tmp_path: Path) -> None:
    path = tmp_path / "skabelon.xlsx"
    path.write_bytes(register_workbook(None, guide=[("Kolonne", "Navn", "Regel")]))
    assert load_workbook(path).sheetnames == ["Vejledning", "Køretøjer", "Lokationer"]
    report = import_path(loaded, path, dry_run=True)
    assert report.problems == ()
    assert report.changes["vehicles"] == {"new": 0, "changed": 0, "unchanged": 0}


def test_every_problem_of_a_file_in_one_dry_run(loaded: Engine, tmp_path: Path) -> None:
    """Issue 16: a bad location was reported only after two other errors were
    fixed. Row 2 has text for a cost and an unknown location, row 3 an absurd
    cost, row 4 a lease ending in 2999: all four in one run."""
    path = _export(loaded, tmp_path / "r.xlsx")
    book = load_workbook(path)
    sheet = book["Køretøjer"]
    header = [c.value for c in sheet[1]]

    def put(row: int, name: str, value: object) -> None:
        sheet.cell(row=row, column=header.index(name) + 1, value=value)

    put(2, "Årlig omkostning, kr.", "mange")
    put(2, "Lokation", "L9")
    put(3, "Årlig omkostning, kr.", 1e308)
    put(4, "Leasing slutter", "2999-01-01")
    book.save(path)
    report = import_path(loaded, path, dry_run=True)
    found = {(p.row, p.column, p.code) for p in report.errors}
    assert found == {
        (2, "annual_cost_dkk", "cell_invalid"),
        (2, "location_id", "unknown_id"),
        (3, "annual_cost_dkk", "value_range"),
        (4, "lease_end", "value_year"),
    }
    assert not report.written


def test_a_file_far_larger_than_a_register_is_refused(
    loaded: Engine, tmp_path: Path
) -> None:
    rows = MAX_REGISTER_ROWS["vehicles"] + 1
    vehicles = "vehicle_id,vehicle_type,fuel,location_id\n" + "".join(
        f"X{i},ev,electric,L1\n" for i in range(rows)
    )
    header = BASE["vehicles.csv"].splitlines()[0]
    vehicles = vehicles.replace(
        "vehicle_id,vehicle_type,fuel,location_id", header, 1
    ).replace(",ev,electric,L1", ",,,,ev,electric,,,,,L1,,,,,,,0", rows)
    folder = write_folder(
        tmp_path / "big", {"locations.csv": LOCATIONS, "vehicles.csv": vehicles}
    )
    before = dump(loaded)
    report = import_path(loaded, folder, dry_run=True)
    (problem,) = report.errors
    assert problem.code == "register_too_long"
    assert f"{rows} rows" in problem.message
    assert dump(loaded) == before


def test_the_template_guide_names_every_column_with_its_rule() -> None:
    from fleetplan.web.register_excel import template_guide

    rows = template_guide()
    names = [name for _, name, _ in rows[1:-1]]
    assert names.count("vehicle_id") == 1 and len(names) == 26 + 5
    rule = next(r for _, n, r in rows if n == "annual_cost_dkk")
    assert rule == "Kan være tom. Tal fra 0 til 5.000.000."


def test_a_text_is_never_exported_as_a_formula() -> None:
    from io import BytesIO

    from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType

    car = Vehicle("V1", VehicleType.ICE, Fuel.PETROL, make="=1+1", location_id="L1")
    data = Dataset((Location("L1", "@Rådhus"),), (car,), ())
    book = load_workbook(BytesIO(register_workbook(data)))
    make = book["Køretøjer"].cell(row=2, column=3)
    assert (make.value, make.data_type) == ("=1+1", "s")
    assert book["Lokationer"].cell(row=2, column=2).value == "@Rådhus"
