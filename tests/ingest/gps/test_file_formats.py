"""Files as users hand them over: gzip, Danish Excel CSV, binaries, workbooks,
broken lines; each refused with its code, file and line and never a cell."""

from __future__ import annotations

import bz2
import gzip
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from fleetplan.ingest.gps import GpsInputError, read_gps_file, read_points_csv

HEADER = "vehicle_id,time,lat,lon\n"
ROWS = "7,2026-03-02T07:00:00,56.15012,10.20311\n7,2026-03-02T07:01:00,56.16,10.21\n"


def _refused(path: Path) -> GpsInputError:
    with pytest.raises(GpsInputError) as info:
        read_gps_file(path)
    return info.value


def test_gzip_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "gps_points.csv.gz"
    path.write_bytes(gzip.compress((HEADER + ROWS).encode()))
    frame = read_points_csv(path)
    assert frame["lat"].to_list() == [56.15012, 56.16]


def test_semicolons_and_decimal_commas_as_danish_excel_writes_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "\ufeffvehicle_id;time;lat;lon;odometer_km\n"
        "7;2026-03-02T07:00:00;56,15012;10,20311;1234,5\n",
        encoding="utf-8",
    )
    frame = read_points_csv(path)
    assert frame.row(0) == (
        "7",
        datetime(2026, 3, 2, 7),
        56.15012,
        10.20311,
        None,
        1234.5,
    )


def test_tabs_are_a_separator_too(tmp_path: Path) -> None:
    path = tmp_path / "p.tsv"
    path.write_text("vehicle_id\ttime\tlat\tlon\n7\t2026-03-02T07:00:00\t56.1\t10.2\n")
    assert read_points_csv(path)["lon"].to_list() == [10.2]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (bz2.compress(b"vehicle_id,time\n"), "compressed"),
        (b"", "empty"),
        (b"vehicle_id time lat lon\n7 x 1 2\n", "no_separator"),
        (b"vehicle_id,time,lat,lon\n7,\xe6\xf8,56.1,10.2\n", "not_utf8"),
    ],
)
def test_unreadable_files_name_their_reason(
    tmp_path: Path, content: bytes, code: str
) -> None:
    path = tmp_path / "gps.csv"
    path.write_bytes(content)
    error = _refused(path)
    assert error.code == code
    assert "gps.csv" in str(error)


def test_a_workbook_is_told_to_be_saved_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "gps.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    assert _refused(path).code == "xlsx"


def test_a_line_with_an_extra_value_is_named_without_its_content(
    tmp_path: Path,
) -> None:
    """Line 3 has one value too many (a decimal comma in a comma file): polars'
    own message quotes the line; ours names line 3 and no value of it."""
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER + "7,2026-03-02T07:00:00,56.15012,10.20311\n"
        "7,2026-03-02T07:01:00,43,06,-76.13\n"
    )
    error = _refused(path)
    assert (error.code, error.params["line"]) == ("ragged", 3)
    assert "43" not in str(error) and "76" not in str(error)
    assert error.__cause__ is None and error.__context__ is None


def test_a_broken_quote_is_named_by_its_line(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER
        + "7,2026-03-02T07:00:00,56.15012,10.20311\n"
        + '7,"2026-03-02T07:01:00,43.06,-76.13\n'
        + "7,2026-03-02T07:02:00,56.1,10.2\n"
    )
    error = _refused(path)
    assert error.code in ("quote", "ragged")
    assert error.params["line"] == 3
    assert "43.06" not in str(error)


def test_a_cell_that_is_no_number_names_lines_not_values(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "7,2026-03-02T07:00:00,north,10.2\n")
    error = _refused(path)
    assert (error.code, error.params["lines"], error.params["column"]) == (
        "bad_numbers",
        "2",
        "lat",
    )
    assert "north" not in str(error)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("vehicle_id,time,lat\n7,2026-03-02T07:00:00,56.1\n")
    error = _refused(path)
    assert (error.code, error.params["columns"]) == ("missing_columns", "lon")


def test_unknown_columns_are_ignored_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "driver,vehicle_id,time,lat,lon,speed\nAnn,7,2026-03-02T07:00:00,56.1,10.2,40\n"
    )
    read = read_gps_file(path)
    assert read.frame["lat"].to_list() == [56.1]
    (note,) = read.warnings
    assert (note["code"], note["params"]["columns"]) == (
        "unknown_columns",
        "driver, speed",
    )


def test_ids_written_as_decimals_match_the_register(tmp_path: Path) -> None:
    """A spreadsheet writes 977106 as 977106.0; it is the same vehicle."""
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "977106.0,2026-03-02T07:00:00,56.1,10.2\n")
    read = read_gps_file(path)
    assert read.frame["vehicle_id"].to_list() == ["977106"]
    assert read.warnings[0]["code"] == "float_ids"


def test_unparseable_rows_in_odd_cells_are_kept_for_the_cleaner(
    tmp_path: Path,
) -> None:
    """NaN, latitude 999 and an empty time are read (and dropped and counted by
    the cleaner), not refused: they are what real logs contain."""
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER + "7,2026-03-02T07:00:00,NaN,10.2\n7,2026-03-02T07:01:00,999,10.2\n"
        "7,,56.1,10.2\n"
    )
    frame = read_points_csv(path)
    assert frame.height == 3
    assert frame["time"].null_count() == 1


def test_ids_fixed_in_a_log_grouped_by_vehicle(tmp_path: Path) -> None:
    """Runs of one padded, one decimal and one empty id among clean ones: each
    row is fixed (the checks read only the runs' values)."""
    path = tmp_path / "p.csv"
    rows = [("a", 0), ("a", 1), (" b ", 2), (" b ", 3), ("7.0", 4), ("", 5)]
    rows += [("a", 6)]
    path.write_text(
        HEADER + "".join(f"{v},2026-03-02T07:00:0{s},56.1,10.2\n" for v, s in rows)
    )
    read = read_gps_file(path)
    assert read.frame["vehicle_id"].to_list() == ["a", "a", "b", "b", "7", None, "a"]
    assert [n["code"] for n in read.warnings] == ["float_ids"]
