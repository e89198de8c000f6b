from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from fleetplan.ingest import read_dataset
from fleetplan.ingest.tabular import read_tables, write_tables
from tests.conftest import reference_path


def test_folder_tables_have_file_row_numbers(tmp_path: Path) -> None:
    (tmp_path / "locations.csv").write_text(
        '\ufefflocation_id,name,address,lat,lon\n1,A,,,\n\n2,B,"x, y",,\n',
        encoding="utf-8",
    )
    (tmp_path / "gps_points.csv").write_text("vehicle_id,time\n", encoding="utf-8")
    found = read_tables(tmp_path)
    assert list(found.tables) == ["locations"]  # other files are not tables
    table = found.tables["locations"]
    assert table.header[0] == "location_id"  # byte-order mark removed
    assert [(n, cells[1]) for n, cells in table.rows] == [(2, "A"), (4, "B")]


def test_non_utf8_reports_the_row(tmp_path: Path) -> None:
    (tmp_path / "vehicles.csv").write_bytes(b"vehicle_id\n1\nK\xf8ge\n")
    (problem,) = read_tables(tmp_path).problems
    assert problem[:2] == ("vehicles.csv", 3)


def test_bad_meta_json(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text("{not json", encoding="utf-8")
    (problem,) = read_tables(tmp_path).problems
    assert problem[0] == "meta.json" and "not valid JSON" in problem[2]


def test_not_a_dataset(tmp_path: Path) -> None:
    (problem,) = read_tables(tmp_path / "nothing.txt").problems
    assert "not a folder of CSV files or an .xlsx workbook" in problem[2]


def test_xlsx_cells_are_typed(tmp_path: Path) -> None:
    data = read_dataset(reference_path("os2_fixture_seed42"))
    write_tables(data, tmp_path / "fleet.xlsx")
    book = load_workbook(tmp_path / "fleet.xlsx")
    assert book.sheetnames == [
        "locations",
        "vehicles",
        "roundtrips",
        "segments",
        "meta",
    ]
    sheet = book["roundtrips"]
    assert sheet["A1"].value == "roundtrip_id"
    assert isinstance(sheet["D2"].value, datetime)
    assert book["vehicles"]["B2"].value == "001"  # plates stay text
    found = read_tables(tmp_path / "fleet.xlsx")
    assert found.problems == []
    assert found.meta == dict(data.meta)
    assert found.tables["roundtrips"].label == "fleet.xlsx[roundtrips]"


def test_workbook_without_a_vehicles_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "locations"
    book.active.append(["location_id", "name", "address", "lat", "lon"])
    book.save(tmp_path / "fleet.xlsx")
    (problem,) = read_tables(tmp_path / "fleet.xlsx").problems
    assert problem[:2] == ("fleet.xlsx[vehicles]", None)
    assert "no 'vehicles' sheet" in problem[2]


def test_danish_excel_csv_with_extra_columns_imports(tmp_path: Path) -> None:
    """Semicolons, decimal commas (what Danish Excel saves) and a column from
    another system: read as the comma original, the extra column a warning."""
    import csv

    from fleetplan.ingest.validation import validate_input

    source = reference_path("os2_fixture_seed42")
    for path in source.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        rows[0].append("kostested")
        for row in rows[1:]:
            row.append("4711")
        danish = [
            [
                cell.replace(".", ",") if cell.replace(".", "", 1).isdigit() else cell
                for cell in row
            ]
            for row in rows
        ]
        with (tmp_path / path.name).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, delimiter=";").writerows(danish)
    result = validate_input(read_tables(tmp_path))
    assert result.errors == ()
    assert {p.code for p in result.warnings} >= {"column_ignored"}
    original = read_dataset(source)
    assert result.dataset is not None
    assert result.dataset.roundtrips == original.roundtrips
    assert result.dataset.vehicles == original.vehicles
