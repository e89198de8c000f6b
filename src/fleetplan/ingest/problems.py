"""Problems met in an import: their codes, English texts and the objects that
carry them (``ReadProblem`` while reading a file, ``Problem`` after validation).

A user interface translates ``code`` through its catalogue (``import.err.<code>``)
with the same parameters; the CLI shows the English ``message``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

# English text of every problem code (the CLI shows it); the web UI translates the
# code through its catalogue (``import.err.<code>``) with the same parameters.
MESSAGES: dict[str, str] = {
    "not_utf8": "the file is not UTF-8 (byte 0x{byte}); save it as 'CSV UTF-8' "
    "and import again.",
    "empty_file": "the file is empty; it needs a header.",
    "bad_json": "not valid JSON: {detail}.",
    "meta_not_object": "must hold a JSON object ({{...}}).",
    "workbook_unreadable": "cannot open the workbook: {detail}.",
    "sheet_missing": "the workbook has no '{table}' sheet; add one named "
    "'{table}' with the header row of data-format.md.",
    "not_tabular": "not a folder of CSV files or an .xlsx workbook.",
    "column_missing": "column '{column}' is missing; add it to the header row.",
    "column_twice": "column '{column}' appears twice; keep one.",
    "column_unknown": "unknown column '{column}'; the columns of {table} are {known}.",
    "column_ignored": "column '{column}' is not a column of {table} and was ignored "
    "(the columns are {known}).",
    "cell_empty": "'{column}' is empty; it needs a value.",
    "cell_invalid": "'{value}' is not valid: {column} {expected}.",
    "cell_negative": "{column} is {value} but must not be negative.",
    "row_width": "row has {cells} values but the header has {columns} columns; "
    "check for a stray or missing comma.",
    "id_twice": "{column} '{value}' is used again (first in row {first}); ids "
    "must be unique.",
    "table_missing": "the {table} table is missing; add {table}.csv (or a "
    "'{table}' sheet).",
    "unknown_id": "{column} '{value}' is not in {table} or the database; add it "
    "to {table} first or fix the id.",
    "lat_lon_pair": "lat and lon must both be given or be empty.",
    "lat_range": "lat {value} is outside -90..90.",
    "lon_range": "lon {value} is outside -180..180.",
    "lat_lon_needed": "lat and lon are needed.",
    "fuel_mismatch": "fuel '{fuel}' does not fit vehicle_type '{type}'; a "
    "vehicle of type {type} runs on {allowed}.",
    "lease_order": "lease_end {end} is before lease_start {start}.",
    "end_before_start": "end_time {end} is before start_time {start}.",
    "km_negative": "distance_km {km} is negative.",
    "km_too_long": "distance_km {km} is more than {max} km; check the unit (km, "
    "not m).",
    "too_fast": "{km} km in {minutes} min is {speed} km/h, more than {max} km/h; "
    "check the km and the times.",
    "overlap": "roundtrip {trip_text} of vehicle '{vehicle}' starts at {start}, "
    "before roundtrip {other_text} ends at {end}; one vehicle cannot drive two "
    "trips at once.",
    "segment_orphan": "roundtrip_id '{value}' is not in roundtrips; import "
    "segments together with their roundtrip.",
    "segment_outside": "segment {start} to {end} lies outside its roundtrip "
    "'{trip}' ({trip_start} to {trip_end}); fix the times.",
    "invalid_row": "{detail}",
    "value_range": "{column} is {value}; it must be from {low} to {high} (the "
    "form's rule).",
    "value_year": "{column} is {value}; it must be a date in the years {low}-{high}.",
    "register_too_long": "the {table} table has {rows} rows; a register has at "
    "most {max}. Check that this is the register, or split the file.",
    "file_too_large": "the file is {size_mb} MB; at most {max_mb} MB can be "
    "imported. Split it into smaller files, or leave out old rows.",
    "too_many_rows": "the table has more than {max} rows; at most {max} rows per "
    "table can be imported. Split it into smaller files.",
    "too_many_columns": "the table has {columns} columns or more; at most {max} "
    "can be imported. Delete the cells to the right of the table.",
    "cell_too_long": "the cell in column '{column}' has more than {max} "
    "characters; at most {max} are allowed. Shorten it (check for a missing "
    "quote).",
    "csv_invalid": "the row cannot be read as CSV ({detail}); save the file "
    "again as 'CSV UTF-8'.",
    "workbook_too_large": "the workbook unpacks to {size_mb} MB; at most {max_mb} "
    "MB can be imported. Split it into smaller workbooks.",
    "workbook_packed": "part '{part}' of the workbook is compressed {ratio} times, "
    "far more than a real workbook; it is refused. Save the data again from Excel.",
    "xml_forbidden": "the workbook contains XML declarations (DTD or entities), "
    "which are refused for safety. Save the data again from Excel.",
}


def message_of(code: str, params: Mapping[str, Any]) -> str:
    """The English text of ``code`` with ``params`` filled in."""
    return MESSAGES[code].format(**params)


class ReadProblem(NamedTuple):
    """A problem met while reading a file (before the rows are parsed)."""

    file: str
    row: int | None
    message: str
    code: str
    params: tuple[tuple[str, str], ...] = ()
    column: str | None = None


def read_problem(
    file: str, row: int | None, code: str, column: str | None = None, **params: Any
) -> ReadProblem:
    """A ``ReadProblem`` of kind ``code`` with its English text; ``column``, when
    given, is also a parameter of the text."""
    if column is not None:
        params["column"] = column
    items = tuple((k, str(v)) for k, v in params.items())
    return ReadProblem(file, row, message_of(code, params), code, items, column)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file; ``row`` counts the header as row 1.

    ``code`` names the kind of problem (a key of ``MESSAGES``) and ``params`` its
    values, so a user interface can say ``message`` in another language.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    severity: str = "error"  # or "warning"
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()

    @property
    def param_dict(self) -> dict[str, str]:
        return dict(self.params)

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        where = ":".join(part for part in (self.file, row, self.column or "") if part)
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


class ProblemReport:
    """Collects problems of one table."""

    def __init__(self, label: str, problems: list[Problem]) -> None:
        self.label = label
        self.problems = problems

    def add(
        self, row: int | None, column: str | None, code: str, /, **params: Any
    ) -> None:
        """An error of kind ``code`` (a key of ``MESSAGES``) with its values."""
        self._append(row, column, code, params, "error")

    def warn(
        self, row: int | None, column: str | None, code: str, /, **params: Any
    ) -> None:
        self._append(row, column, code, params, "warning")

    def _append(
        self,
        row: int | None,
        column: str | None,
        code: str,
        params: Mapping[str, Any],
        severity: str,
    ) -> None:
        items = tuple((k, str(v)) for k, v in params.items())
        message = message_of(code, params)
        self.problems.append(
            Problem(self.label, row, column, message, severity, code, items)
        )
