"""The one data model every council report is written as: a title, sections of
paragraphs and tables. ``pdf_doc`` lays it out as a PDF and ``xlsx_doc`` as a
workbook, so the two formats always carry the same figures.

Cells hold raw numbers; each table column says how many decimals to print, and
``format_number`` prints them the way the report's language writes numbers
(Danish ``1.234,5``, English ``1,234.5``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fleetplan.texts.numbers import format_number as format_number

Cell = str | float | int | None


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its heading and, for numbers, the decimals printed."""

    heading: str
    decimals: int | None = None  # None: text (left-aligned)
    percent: bool = False  # a share 0..1 printed as a percentage
    width: float = 1.0  # relative width in the PDF


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    sheet: str  # the workbook sheet's name (Excel allows 31 characters)
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    # a table of figures by row (one option per column): decimals per row,
    # overriding the columns'
    row_decimals: tuple[int, ...] | None = None

    def decimals(self, row: int, column: int) -> int | None:
        col = self.columns[column]
        if self.row_decimals is None or col.decimals is None:
            return col.decimals
        return self.row_decimals[row]

    def __post_init__(self) -> None:
        if self.row_decimals is not None and len(self.row_decimals) != len(self.rows):
            raise ValueError(f"table {self.sheet!r}: one row_decimals per row.")
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.sheet!r}: a row has {len(row)} cells, "
                    f"expected {len(self.columns)}."
                )


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    subtitle: str
    language: str  # "da" or "en": how numbers are written
    sections: tuple[Section, ...]
    page_label: str = "{page}/{pages}"  # footer, e.g. "Side {page} af {pages}"
    landscape: bool = False
    facts: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(t for s in self.sections for t in s.tables)


def format_plain(value: float, language: str) -> str:
    """A factor as given (up to 6 significant digits, no thousands separator)."""
    text = f"{value:.6g}"
    return text.replace(".", ",") if language == "da" else text


def cell_text(
    cell: Cell, column: Column, language: str, decimals: int | None = None
) -> str:
    """How a cell is printed in the PDF (``decimals``: the row's, if it has)."""
    decimals = column.decimals if decimals is None else decimals
    if cell is None:
        return "–"
    if isinstance(cell, str) or decimals is None:
        return str(cell)
    if column.percent:
        return format_number(float(cell) * 100.0, decimals, language) + " %"
    return format_number(float(cell), decimals, language)
