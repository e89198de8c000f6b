"""Read the neutral tables (a folder of CSV files or one xlsx workbook) into typed
rows, reporting each bad header, cell and row as a ``Problem``.

``validation`` checks the rows against each other and builds the ``Dataset``; the
writer and the column definitions are in ``neutral_writer`` (re-exported here).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from fleetplan.domain import Fuel, LeaseType, VehicleCategory, VehicleType
from fleetplan.ingest.neutral_writer import (
    LOCATION_COLUMNS,
    META_SHEET,
    PARKING_POINT_COLUMNS,
    ROUNDTRIP_COLUMNS,
    SEGMENT_COLUMNS,
    TABLE_COLUMNS,
    VEHICLE_COLUMNS,
    VEHICLE_OPTIONAL_COLUMNS,
    cell_text,
    dataset_tables,
    format_float,
    write_folder,
    write_tables,
    write_workbook,
)

__all__ = [
    "LOCATION_COLUMNS",
    "MESSAGES",
    "PARKING_POINT_COLUMNS",
    "ROUNDTRIP_COLUMNS",
    "SEGMENT_COLUMNS",
    "TABLE_COLUMNS",
    "VEHICLE_COLUMNS",
    "VEHICLE_OPTIONAL_COLUMNS",
    "Problem",
    "ProblemReport",
    "RawTable",
    "ReadProblem",
    "Row",
    "TabularInput",
    "dataset_tables",
    "format_float",
    "parse_rows",
    "read_tables",
    "write_folder",
    "write_tables",
    "write_workbook",
]

Row = dict[str, Any]

_ID_COLUMN = {
    "locations": "location_id",
    "vehicles": "vehicle_id",
    "roundtrips": "roundtrip_id",
}


# fmt: off
# Column kinds; "!" marks a value that must not be empty. Others are text.
_KINDS: dict[str, str] = {
    "location_id": "text!", "vehicle_id": "text!", "roundtrip_id": "text!",
    "vehicle_type": "vehicle_type!", "fuel": "fuel!", "lease_type": "lease_type",
    "lease_start": "date", "lease_end": "date", "is_candidate": "bool",
    "wheelchair_lift": "bool", "seats": "int", "child_seats": "int",
    "start_time": "datetime!", "end_time": "datetime!", "distance_km": "float!",
    "lat": "float", "lon": "float", "wltp_km_per_l": "float",
    "wltp_wh_per_km": "float", "range_km": "float", "annual_cost_dkk": "float",
    "km_per_year_allowed": "float", "battery_kwh": "float", "cargo_m3": "float",
    "charge_kw": "float", "production_co2e_kg": "float", "category": "category",
}
_NON_NEGATIVE = frozenset((
    "wltp_km_per_l", "wltp_wh_per_km", "range_km", "annual_cost_dkk",
    "km_per_year_allowed", "battery_kwh", "seats", "child_seats", "cargo_m3",
    "charge_kw", "production_co2e_kg",
))
# fmt: on

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


def _read_problem(file: str, row: int | None, code: str, **params: Any) -> ReadProblem:
    items = tuple((k, str(v)) for k, v in params.items())
    return ReadProblem(file, row, message_of(code, params), code, items)


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


@dataclass(frozen=True, slots=True)
class RawTable:
    """One CSV file or xlsx sheet as text cells, rows as (row number, cells)."""

    label: str
    header: tuple[str, ...]
    rows: Sequence[tuple[int, Sequence[str]]]


@dataclass(slots=True)
class TabularInput:
    """The tables found at a path, its meta.json, and problems met while reading.

    ``problems`` holds ``ReadProblem`` tuples (file, row, message, code, params);
    ``validation`` turns them into ``Problem`` objects.
    """

    tables: dict[str, RawTable] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    problems: list[ReadProblem] = field(default_factory=list)


# ---------------------------------------------------------------- reading


def _decode(data: bytes, label: str, found: TabularInput) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        found.problems.append(
            _read_problem(label, row, "not_utf8", byte=f"{data[exc.start]:02x}")
        )
        return None


def _csv_table(path: Path, found: TabularInput) -> RawTable | None:
    text = _decode(path.read_bytes(), path.name, found)
    if text is None:
        return None
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        found.problems.append(_read_problem(path.name, 1, "empty_file"))
        return None
    rows = [
        (number, cells)
        for number, cells in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    return RawTable(path.name, tuple(records[0]), rows)


def _read_folder(root: Path, found: TabularInput) -> None:
    for stem in TABLE_COLUMNS:
        path = root / f"{stem}.csv"
        if path.exists():
            table = _csv_table(path, found)
            if table is not None:
                found.tables[stem] = table
    meta_path = root / "meta.json"
    if meta_path.exists():
        text = _decode(meta_path.read_bytes(), "meta.json", found)
        if text is not None:
            _parse_meta(text, "meta.json", found)


def _parse_meta(text: str, label: str, found: TabularInput) -> None:
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        found.problems.append(
            _read_problem(label, exc.lineno, "bad_json", detail=exc.msg)
        )
        return
    if not isinstance(meta, dict):
        found.problems.append(_read_problem(label, None, "meta_not_object"))
        return
    found.meta = meta


def _read_workbook(path: Path, found: TabularInput) -> None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        found.problems.append(
            _read_problem(path.name, None, "workbook_unreadable", detail=exc)
        )
        return
    try:
        for sheet in book.worksheets:
            stem = sheet.title.strip()
            records = [
                [cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)
            ]
            if stem == META_SHEET:
                if len(records) > 1 and records[1] and records[1][0]:
                    _parse_meta(records[1][0], f"{path.name}[{stem}]", found)
                continue
            if stem not in TABLE_COLUMNS or not records:
                continue
            header = list(records[0])
            while header and not header[-1]:
                header.pop()
            rows = []
            for number, cells in enumerate(records[1:], start=2):
                if any(cell.strip() for cell in cells):
                    rows.append((number, (cells + [""] * len(header))[: len(header)]))
            label = f"{path.name}[{stem}]"
            found.tables[stem] = RawTable(label, tuple(header), rows)
    finally:
        book.close()
    for stem in ("locations", "vehicles"):
        if stem not in found.tables:
            found.problems.append(
                _read_problem(f"{path.name}[{stem}]", None, "sheet_missing", table=stem)
            )


def read_tables(path: str | Path) -> TabularInput:
    """Text cells of every neutral table at ``path`` (a folder or an .xlsx file)."""
    root = Path(path)
    found = TabularInput()
    if root.is_dir():
        _read_folder(root, found)
    elif root.suffix.lower() == ".xlsx" and root.is_file():
        _read_workbook(root, found)
    else:
        found.problems.append(_read_problem(root.name, None, "not_tabular"))
    return found


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


# ---------------------------------------------------------------- typed rows


def _parse_float(text: str) -> float:
    value = float(text)
    if value != value or abs(value) == float("inf"):
        raise ValueError(text)
    return value


def _parse_int(text: str) -> int:
    value = float(text)
    if not value.is_integer():
        raise ValueError(text)
    return int(value)


def _parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("1", "1.0", "true"):
        return True
    if lowered in ("0", "0.0", "false"):
        return False
    raise ValueError(text)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        moment = datetime.fromisoformat(text)  # xlsx dates come back as midnight
        if moment.time() != datetime.min.time() or moment.tzinfo is not None:
            raise
        return moment.date()


def _parse_datetime(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        raise ValueError(text)
    return moment


_PARSERS: dict[str, tuple[Callable[[str], Any], str]] = {
    "text": (str, ""),
    "float": (_parse_float, "must be a number with a decimal point, e.g. 12.5"),
    "int": (_parse_int, "must be a whole number, e.g. 4"),
    "bool": (_parse_bool, "must be 0 or 1"),
    "date": (_parse_date, "must be a date written YYYY-MM-DD, e.g. 2026-03-02"),
    "datetime": (
        _parse_datetime,
        "must be a local date and time without offset, written "
        "YYYY-MM-DDTHH:MM:SS, e.g. 2026-03-02T07:45:00",
    ),
    "vehicle_type": (VehicleType, "must be one of bike, ebike, ev, ice"),
    "fuel": (Fuel, "must be one of electric, petrol, diesel, hvo, none"),
    "lease_type": (LeaseType, "must be one of operational, financial, owned, rented"),
    "category": (
        VehicleCategory,
        "must be one of car, van, minibus, truck, special, bike, ebike, cargo_bike",
    ),
}


def _check_header(table: RawTable, stem: str, report: ProblemReport) -> bool:
    required, optional = TABLE_COLUMNS[stem]
    header = [h.strip() for h in table.header]
    ok = True
    for name in required:
        if name not in header:
            report.add(1, name, "column_missing", column=name)
            ok = False
    seen: set[str] = set()
    for name in header:
        if name in seen:
            report.add(1, name, "column_twice", column=name)
            ok = False
        elif name not in required and name not in optional:
            known = ", ".join((*required, *optional))
            report.add(
                1, name or None, "column_unknown", column=name, table=stem, known=known
            )
            ok = False
        seen.add(name)
    return ok


def _parse_row(
    header: Sequence[str],
    cells: Sequence[str],
    row_no: int,
    report: ProblemReport,
    optional: Mapping[str, str],
) -> Row | None:
    parsed: Row = {"_row": row_no}
    ok = True
    for name, raw in zip(header, cells, strict=True):
        kind = optional.get(name) or _KINDS.get(name, "text")
        text = raw.strip()
        if not text:
            parsed[name] = None
            if kind.endswith("!"):
                report.add(row_no, name, "cell_empty", column=name)
                ok = False
            continue
        parser, expected = _PARSERS[kind.rstrip("!")]
        try:
            parsed[name] = parser(text)
        except ValueError:
            report.add(
                row_no,
                name,
                "cell_invalid",
                value=text,
                column=name,
                expected=expected,
                kind=kind.rstrip("!"),
            )
            ok = False
            continue
        if name in _NON_NEGATIVE and parsed[name] < 0:
            report.add(row_no, name, "cell_negative", column=name, value=text)
            ok = False
    return parsed if ok else None


def parse_rows(table: RawTable, stem: str, problems: list[Problem]) -> list[Row]:
    """Typed rows of a table (each with its ``_row`` number).

    Rows with a problem are reported and left out; a bad header stops the table,
    and a later duplicate id is reported and left out.
    """
    report = ProblemReport(table.label, problems)
    if not _check_header(table, stem, report):
        return []
    header = [h.strip() for h in table.header]
    key = _ID_COLUMN.get(stem)
    # a vehicle's home location may be empty (candidates have none)
    optional = {"location_id": "text"} if stem == "vehicles" else {}
    first_row: dict[str, int] = {}
    out: list[Row] = []
    for row_no, cells in table.rows:
        if len(cells) != len(header):
            report.add(row_no, None, "row_width", cells=len(cells), columns=len(header))
            continue
        row = _parse_row(header, cells, row_no, report, optional)
        if key is not None and cells[header.index(key)].strip():
            ident = cells[header.index(key)].strip()
            if ident in first_row:
                report.add(
                    row_no,
                    key,
                    "id_twice",
                    column=key,
                    value=ident,
                    first=first_row[ident],
                )
                continue
            first_row[ident] = row_no
        if row is not None:
            out.append(row)
    return out
