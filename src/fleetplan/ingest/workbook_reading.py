"""Read the neutral tables of an xlsx workbook as text cells, within the import
limits (``ingest.limits``).

The workbook is refused before openpyxl opens it when its zip parts unpack too
big or too densely (a zip bomb); defusedxml, which openpyxl uses once installed,
refuses DTDs and entities (an XML bomb). Each sheet is read row by row from the
rows its XML holds, so a wrong declared ``<dimension>`` costs nothing.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException

from fleetplan.ingest.limits import ImportLimits, file_size_problem, zip_problem
from fleetplan.ingest.neutral_writer import META_SHEET, TABLE_COLUMNS, cell_text
from fleetplan.ingest.problems import ReadProblem, read_problem
from fleetplan.ingest.register_headers import sheet_stem
from fleetplan.ingest.table_files import (
    RawTable,
    Refused,
    TabularInput,
    checked_records,
    parse_meta,
)


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
                raise Refused(
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
    for number, cells in checked_records(records, label, limits):
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
        stem = sheet_stem(sheet.title)  # "Køretøjer" is the vehicles sheet
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
        except Refused as refused:
            found.problems.append(refused.problem)
            continue
        if stem == META_SHEET:
            if table.rows and table.rows[0][1] and table.rows[0][1][0]:
                parse_meta(table.rows[0][1][0], label, found)
        elif table.header or table.rows:
            found.tables[stem] = table


def _xml_forbidden(exc: BaseException | None) -> bool:
    """Did defusedxml refuse a DTD or entity (openpyxl may wrap its error)?"""
    while exc is not None:
        if isinstance(exc, DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def read_workbook(path: Path, found: TabularInput, limits: ImportLimits) -> None:
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
        if stem in found.tables or any(p.file == label for p in found.problems):
            continue
        if stem == "locations" and "vehicles" in found.tables:
            # a workbook of the vehicles only: the locations are the database's,
            # as for one uploaded CSV file
            header = TABLE_COLUMNS[stem][0]
            found.tables[stem] = RawTable(label, tuple(header), [])
            continue
        found.problems.append(read_problem(label, None, "sheet_missing", table=stem))
