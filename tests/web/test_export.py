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
