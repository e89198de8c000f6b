"""Read the neutral tables of a CSV folder as text cells, within the import limits
(``ingest.limits``); the pieces ``workbook_reading`` shares for xlsx.

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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fleetplan.ingest.csv_sniff import CsvFormatError, CsvLayout, sniff_layout
from fleetplan.ingest.limits import ImportLimits, file_size_problem
from fleetplan.ingest.neutral_writer import TABLE_COLUMNS
from fleetplan.ingest.problems import ReadProblem, read_problem
from fleetplan.ingest.text_cells import csv_text_in


@dataclass(frozen=True, slots=True)
class RawTable:
    """One CSV file or xlsx sheet as text cells, rows as (row number, cells)."""

    label: str
    header: tuple[str, ...]
    rows: Sequence[tuple[int, Sequence[str]]]
    decimal_comma: bool = False  # a ";" or tab file with cells like 12,5


@dataclass(slots=True)
class TabularInput:
    """The tables found at a path, its meta.json, and problems met while reading.

    ``problems`` holds ``ReadProblem`` tuples (file, row, message, code, params,
    column); ``validation`` turns them into ``Problem`` objects.
    """

    tables: dict[str, RawTable] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    problems: list[ReadProblem] = field(default_factory=list)


class Refused(Exception):
    """A limit broken while reading a table; the table is left out."""

    def __init__(self, problem: ReadProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _column_name(header: Sequence[str], index: int) -> str:
    name = header[index].strip() if index < len(header) else ""
    return name or f"#{index + 1}"


def checked_records(
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
            raise Refused(
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
            raise Refused(
                read_problem(
                    label, number, "cell_too_long", column, max=limits.max_cell_chars
                )
            )
        if number == 1:
            header = cells
        else:
            filled += 1
            if filled > limits.max_rows:
                raise Refused(
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
    text: str,
    label: str,
    limits: ImportLimits,
    header: list[str],
    separator: str = ",",
) -> Iterator[list[str]]:
    """CSV records (the first fills ``header``); the csv module's own field limit
    (131,072 characters) becomes a ``cell_too_long`` problem, not a bare error."""
    lines = _RecordLines(text)
    reader = csv.reader(lines, delimiter=separator)
    for number in itertools.count(1):
        lines.record.clear()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" not in str(exc):
                raise Refused(
                    read_problem(label, number, "csv_invalid", detail=exc)
                ) from exc
            index = _long_field_index("".join(lines.record))
            column = _column_name(header, index)
            raise Refused(
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
    try:  # Danish Excel saves ";" and decimal commas; sniffed from the head
        layout = sniff_layout(text[:65_536])
    except CsvFormatError:
        layout = CsvLayout(",", False, ())
    try:
        records = enumerate(
            _csv_records(text, label, limits, header, layout.separator), start=1
        )
        for number, cells in checked_records(records, label, limits):
            if number > 1:
                # Without the apostrophe the writer put before formula-like text.
                rows.append((number, [csv_text_in(cell) for cell in cells]))
    except Refused as refused:
        found.problems.append(refused.problem)
        return None
    if not header:
        found.problems.append(read_problem(label, 1, "empty_file"))
        return None
    return RawTable(label, tuple(header), rows, layout.decimal_comma)


def read_folder(root: Path, found: TabularInput, limits: ImportLimits) -> None:
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
            parse_meta(text, "meta.json", found)


def parse_meta(text: str, label: str, found: TabularInput) -> None:
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
