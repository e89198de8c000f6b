"""A council report (``document.Document``) as an xlsx workbook: a first sheet
with the title, the facts and the text, then one sheet per table holding the
raw numbers (with a number format of the table's decimals), so a reader can
compute on them.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from fleetplan.reports.document import Column, Document, Table

_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDEBF7")


def _number_format(column: Column, decimals: int | None) -> str | None:
    if decimals is None:
        return None
    digits = "0" if decimals == 0 else "0." + "0" * decimals
    return f"{digits}%" if column.percent else f"#,##{digits}"


def _sheet_name(name: str, taken: set[str]) -> str:
    base = name[:31]
    candidate, n = base, 2
    while candidate in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def _write_table(book: Workbook, table: Table, taken: set[str]) -> None:
    sheet = book.create_sheet(_sheet_name(table.sheet, taken))
    sheet.append([c.heading for c in table.columns])
    for cell in sheet[1]:
        cell.font, cell.fill = _BOLD, _FILL
    for row in table.rows:
        sheet.append(list(row))
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        for r, (cell,) in enumerate(
            sheet.iter_rows(min_row=2, min_col=index, max_col=index)
        ):
            fmt = _number_format(column, table.decimals(r, index - 1))
            if fmt and isinstance(cell.value, int | float):
                cell.number_format = fmt
        longest = max(
            [len(column.heading)] + [len(str(r[index - 1] or "")) for r in table.rows]
        )
        sheet.column_dimensions[letter].width = min(60, max(10, longest + 2))
    sheet.freeze_panes = "A2"


def to_xlsx(doc: Document, summary_sheet: str) -> bytes:
    """The document as xlsx bytes; ``summary_sheet`` names the first sheet."""
    book = Workbook()
    first = book.active
    taken = {summary_sheet[:31]}
    first.title = summary_sheet[:31]
    first.append([doc.title])
    first["A1"].font = Font(bold=True, size=14)
    first.append([doc.subtitle])
    first.append([])
    for label, value in doc.facts:
        first.append([label, value])
    for section in doc.sections:
        if not (section.paragraphs or section.bullets):
            continue
        first.append([])
        first.append([section.heading])
        first.cell(row=first.max_row, column=1).font = _BOLD
        for text in section.paragraphs:
            first.append([text])
        for text in section.bullets:
            first.append([f"• {text}"])
    first.column_dimensions["A"].width = 60
    first.column_dimensions["B"].width = 40
    for section in doc.sections:
        for table in section.tables:
            _write_table(book, table, taken)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
