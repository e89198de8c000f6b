"""The register (vehicles and locations) as a workbook that imports back
unchanged: every column, Danish headers and sheet names (or the internal ones),
numbers as numbers and dates as dates; and the empty template of it.

``register_headers`` maps both kinds of header back on import, so a fleet manager
can export, edit in Excel and import the file again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from io import BytesIO
from typing import Any

from fleetplan.domain import Dataset
from fleetplan.ingest.register_headers import COLUMNS, SHEET_NAMES, danish_header
from fleetplan.ingest.text_cells import append_row

DATE_FORMAT = "yyyy-mm-dd"  # the format the import and data-format.md use


def _cell(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)  # 0/1, as the neutral format writes it
    return value


def _rows(dataset: Dataset, stem: str) -> Iterable[list[Any]]:
    items: Sequence[Any] = dataset.vehicles if stem == "vehicles" else dataset.locations
    for item in items:
        yield [_cell(getattr(item, name)) for name in COLUMNS[stem]]


def register_workbook(
    dataset: Dataset | None,
    *,
    danish: bool = True,
    guide: Sequence[Sequence[str]] = (),
) -> bytes:
    """The register as xlsx bytes; ``dataset`` None gives the empty template.

    ``danish``: Danish sheet names and headers (else the internal ones).
    ``guide``: rows of an explanatory first sheet (the template's), in the
    page's language."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = book.active
    if guide:
        first.title = "Vejledning" if danish else "Guide"
        for row in guide:
            append_row(first, list(row))
        first.column_dimensions["A"].width = 28
        first.column_dimensions["B"].width = 24
        first.column_dimensions["C"].width = 80
    else:
        book.remove(first)
    for stem in ("vehicles", "locations"):
        sheet = book.create_sheet(SHEET_NAMES[stem] if danish else stem)
        names = COLUMNS[stem]
        append_row(sheet, [danish_header(stem, n) if danish else n for n in names])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        if dataset is not None:
            for row in _rows(dataset, stem):
                append_row(sheet, row)  # a text is a string cell, never a formula
        for index, name in enumerate(names, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = max(
                12, len(str(sheet.cell(1, index).value)) + 2
            )
            if name in ("lease_start", "lease_end"):
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = DATE_FORMAT
            elif name in ("vehicle_id", "location_id", "plate"):
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "@"  # ids and plates stay text ("001")
        sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
