"""Read the neutral tables (a folder of CSV files or one xlsx workbook) as text
cells, within the import limits (``ingest.limits``).

Both readers stream: a CSV file is parsed record by record and an xlsx sheet row
by row, and each stops at the first broken limit with a problem naming the file,
row and column. An xlsx sheet's declared ``<dimension>`` is ignored, since it may
claim far more cells than the sheet holds (a 7 KB file then unpacks to a 16,384
by 1,048,576 grid) or fewer (openpyxl then reads no rows at all).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException

from fleetplan.ingest.limits import ImportLimits, file_size_problem, zip_problem
from fleetplan.ingest.neutral_writer import META_SHEET, TABLE_COLUMNS, cell_text
from fleetplan.ingest.problems import ReadProblem, read_problem
from fleetplan.ingest.text_cells import csv_text_in


@dataclass(frozen=True, slots=True)
class RawTable:
    """One CSV file or xlsx sheet as text cells, rows as (row number, cells)."""

    label: str
    header: tuple[str, ...]
    rows: Sequence[tuple[int, Sequence[str]]]


@dataclass(slots=True)
class TabularInput:
    """The tables found at a path, its meta.json, and problems met while reading.

    ``problems`` holds ``ReadProblem`` tuples (file, row, message, code, params,
    column); ``validation`` turns them into ``Problem`` objects.
    """

    tables: dict[str, RawTable] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    problems: list[ReadProblem] = field(default_factory=list)


class _Refused(Exception):
    """A limit broken while reading a table; the table is left out."""

    def __init__(self, problem: ReadProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _column_name(header: Sequence[str], index: int) -> str:
    name = header[index].strip() if index < len(header) else ""
    return name or f"#{index + 1}"


def _checked_records(
    records: Iterable[tuple[int, Sequence[str]]], label: str, limits: ImportLimits
) -> Iterator[tuple[int, Sequence[str]]]:
    """Numbered records (the header is row 1), stopping at the first broken limit.

    Only rows with a value count towards ``max_rows``; blank rows are skipped.
    """
    header: Sequence[str] = ()
    filled = 0
    for number, cells in records:
        if not any(cell.strip() for cell in cells) and number > 1:
            continue
        if len(cells) > limits.max_columns:
            raise _Refused(
                read_problem(
                    label,
                    number,
                    "too_many_columns",
                    columns=len(cells),
                    max=limits.max_columns,
                )
            )
        lengths = list(map(len, cells))
        if lengths and max(lengths) > limits.max_cell_chars:
            index = next(i for i, n in enumerate(lengths) if n > limits.max_cell_chars)
            column = _column_name(cells if number == 1 else header, index)
            raise _Refused(
                read_problem(
                    label, number, "cell_too_long", column, max=limits.max_cell_chars
                )
            )
        if number == 1:
            header = cells
        else:
            filled += 1
            if filled > limits.max_rows:
                raise _Refused(
                    read_problem(label, None, "too_many_rows", max=limits.max_rows)
                )
        yield number, cells


# ---------------------------------------------------------------- CSV


class _RecordLines:
    """The lines of a text for ``csv.reader``, keeping those of the current record
    so that a record the reader refuses can still be located."""

    def __init__(self, text: str) -> None:
        self._lines = io.StringIO(text, newline="")
        self.record: list[str] = []

    def __iter__(self) -> _RecordLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.record.append(line)
        return line


def _long_field_index(record: str) -> int:
    """The index of the longest field of a CSV record (quotes respected)."""
    index = longest_index = length = longest = 0
    quoted = False
    for piece in record.split(","):
        length += len(piece)
        if piece.count('"') % 2:
            quoted = not quoted
        if length > longest:
            longest, longest_index = length, index
        if quoted:
            length += 1  # the comma belongs to the quoted field
        else:
            index, length = index + 1, 0
    return longest_index


def _csv_records(
    text: str, label: str, limits: ImportLimits, header: list[str]
) -> Iterator[list[str]]:
    """CSV records (the first fills ``header``); the csv module's own field limit
    (131,072 characters) becomes a ``cell_too_long`` problem, not a bare error."""
    lines = _RecordLines(text)
    reader = csv.reader(lines)
    for number in itertools.count(1):
        lines.record.clear()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" not in str(exc):
                raise _Refused(
                    read_problem(label, number, "csv_invalid", detail=exc)
                ) from exc
            index = _long_field_index("".join(lines.record))
            column = _column_name(header, index)
            raise _Refused(
                read_problem(
                    label, number, "cell_too_long", column, max=limits.max_cell_chars
                )
            ) from exc
        if number == 1:
            header.extend(cells)
        yield cells


def _decode(data: bytes, label: str, found: TabularInput) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        found.problems.append(
            read_problem(label, row, "not_utf8", byte=f"{data[exc.start]:02x}")
        )
        return None


def _csv_table(
    path: Path, found: TabularInput, limits: ImportLimits
) -> RawTable | None:
    label = path.name
    too_big = file_size_problem(path, limits)
    if too_big is not None:
        found.problems.append(read_problem(label, None, "file_too_large", **too_big))
        return None
    text = _decode(path.read_bytes(), label, found)  # at most max_file_mb
    if text is None:
        return None
    header: list[str] = []
    rows: list[tuple[int, Sequence[str]]] = []
    try:
        records = enumerate(_csv_records(text, label, limits, header), start=1)
        for number, cells in _checked_records(records, label, limits):
            if number > 1:
                # Without the apostrophe the writer put before formula-like text.
                rows.append((number, [csv_text_in(cell) for cell in cells]))
    except _Refused as refused:
        found.problems.append(refused.problem)
        return None
    if not header:
        found.problems.append(read_problem(label, 1, "empty_file"))
        return None
    return RawTable(label, tuple(header), rows)


def _read_folder(root: Path, found: TabularInput, limits: ImportLimits) -> None:
    for stem in TABLE_COLUMNS:
        path = root / f"{stem}.csv"
        if path.exists():
            table = _csv_table(path, found, limits)
            if table is not None:
                found.tables[stem] = table
    meta_path = root / "meta.json"
    if meta_path.exists():
        too_big = file_size_problem(meta_path, limits)
        if too_big is not None:
            found.problems.append(
                read_problem("meta.json", None, "file_too_large", **too_big)
            )
            return
        text = _decode(meta_path.read_bytes(), "meta.json", found)
        if text is not None:
            _parse_meta(text, "meta.json", found)


def _parse_meta(text: str, label: str, found: TabularInput) -> None:
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        found.problems.append(
            read_problem(label, exc.lineno, "bad_json", detail=exc.msg)
        )
        return
    if not isinstance(meta, dict):
        found.problems.append(read_problem(label, None, "meta_not_object"))
        return
    found.meta = meta


# ---------------------------------------------------------------- xlsx


def _sheet_records(
    sheet: Any, label: str, limits: ImportLimits
) -> Iterator[tuple[int, list[str]]]:
    """(row number, text cells) of each row a read-only sheet's XML holds.

    openpyxl's ``iter_rows`` pads the sheet to its declared ``<dimension>``, or
    stops there; its parser (the one ``iter_rows`` uses, openpyxl 3.1) gives the
    rows that exist, so neither a lying dimension nor a gap of a million empty
    rows costs anything. A row's width is checked before it is padded.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    book = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        first = True
        for number, cells in parser.parse():
            if first and number != 1:
                yield 1, []  # an empty header row, as iter_rows gave
            first = False
            width = max(
                (c["column"] for c in cells if c["value"] is not None), default=0
            )
            if width > limits.max_columns:
                raise _Refused(
                    read_problem(
                        label,
                        number,
                        "too_many_columns",
                        columns=width,
                        max=limits.max_columns,
                    )
                )
            values = [""] * width
            for cell in cells:
                if cell["value"] is not None and 1 <= cell["column"] <= width:
                    values[cell["column"] - 1] = cell_text(cell["value"])
            yield number, values


def _sheet_table(sheet: Any, label: str, limits: ImportLimits) -> RawTable:
    header: list[str] = []
    rows: list[tuple[int, Sequence[str]]] = []
    records = _sheet_records(sheet, label, limits)
    for number, cells in _checked_records(records, label, limits):
        if number == 1:
            header = list(cells)
            while header and not header[-1]:
                header.pop()
        else:
            rows.append((number, (list(cells) + [""] * len(header))[: len(header)]))
    return RawTable(label, tuple(header), rows)


def _workbook_problem(path: Path, limits: ImportLimits) -> ReadProblem | None:
    """Why the workbook is refused before openpyxl opens it, if it is."""
    too_big = file_size_problem(path, limits)
    if too_big is not None:
        return read_problem(path.name, None, "file_too_large", **too_big)
    try:
        with zipfile.ZipFile(path) as archive:
            packed = zip_problem(archive, limits)
    except (zipfile.BadZipFile, OSError) as exc:
        return read_problem(path.name, None, "workbook_unreadable", detail=exc)
    if packed is not None:
        code, params = packed
        return read_problem(path.name, None, code, **params)
    return None


def _read_sheets(
    book: Any, name: str, found: TabularInput, limits: ImportLimits
) -> None:
    for sheet in book.worksheets:
        stem = sheet.title.strip()
        if stem != META_SHEET and stem not in TABLE_COLUMNS:
            continue  # never parsed
        label = f"{name}[{stem}]"
        # meta.json is one cell; the unpacked-size check bounds it
        sheet_limits = (
            replace(limits, max_cell_chars=sys.maxsize)
            if stem == META_SHEET
            else limits
        )
        try:
            table = _sheet_table(sheet, label, sheet_limits)
        except _Refused as refused:
            found.problems.append(refused.problem)
            continue
        if stem == META_SHEET:
            if table.rows and table.rows[0][1] and table.rows[0][1][0]:
                _parse_meta(table.rows[0][1][0], label, found)
        elif table.header or table.rows:
            found.tables[stem] = table


def _xml_forbidden(exc: BaseException | None) -> bool:
    """Did defusedxml refuse a DTD or entity (openpyxl may wrap its error)?"""
    while exc is not None:
        if isinstance(exc, DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _read_workbook(path: Path, found: TabularInput, limits: ImportLimits) -> None:
    from openpyxl import load_workbook

    refused = _workbook_problem(path, limits)
    if refused is not None:
        found.problems.append(refused)
        return
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            _read_sheets(book, path.name, found, limits)
        finally:
            book.close()
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        if _xml_forbidden(exc):
            found.problems.append(read_problem(path.name, None, "xml_forbidden"))
            return
        found.problems.append(
            read_problem(path.name, None, "workbook_unreadable", detail=exc)
        )
        return
    for stem in ("locations", "vehicles"):
        label = f"{path.name}[{stem}]"
        if stem not in found.tables and not any(
            p.file == label for p in found.problems
        ):
            found.problems.append(
                read_problem(label, None, "sheet_missing", table=stem)
            )


def read_tables(path: str | Path, limits: ImportLimits | None = None) -> TabularInput:
    """Text cells of every neutral table at ``path`` (a folder or an .xlsx file),
    read within ``limits`` (default: the settings')."""
    root = Path(path)
    limits = limits or ImportLimits.from_settings()
    found = TabularInput()
    if root.is_dir():
        _read_folder(root, found, limits)
    elif root.suffix.lower() == ".xlsx" and root.is_file():
        _read_workbook(root, found, limits)
    else:
        found.problems.append(read_problem(root.name, None, "not_tabular"))
    return found
