"""Tables to xlsx bytes for download (one sheet, header row, plain values)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from fleetplan.ingest import append_row


def rows_to_xlsx(
    sheet_title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]
) -> bytes:
    """An xlsx workbook with one sheet: ``headers`` then ``rows`` (text as text)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    append_row(sheet, headers)
    for row in rows:
        append_row(sheet, row)
    for column, header in zip(sheet.columns, headers, strict=False):
        width = max([len(str(header))] + [len(str(c.value or "")) for c in column])
        sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
