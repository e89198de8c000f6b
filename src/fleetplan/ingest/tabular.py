"""Read the neutral tables (a folder of CSV files or one xlsx workbook) into typed
rows, reporting each bad header, cell and row as a ``Problem``.

``validation`` checks the rows against each other and builds the ``Dataset``; the
writer and the column definitions are in ``neutral_writer`` (re-exported here).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fleetplan.domain import Fuel, LeaseType, VehicleCategory, VehicleType
from fleetplan.ingest.limits import ImportLimits
from fleetplan.ingest.neutral_writer import (
    LOCATION_COLUMNS,
    PARKING_POINT_COLUMNS,
    ROUNDTRIP_COLUMNS,
    SEGMENT_COLUMNS,
    TABLE_COLUMNS,
    VEHICLE_COLUMNS,
    VEHICLE_OPTIONAL_COLUMNS,
    dataset_tables,
    format_float,
    write_folder,
    write_tables,
    write_workbook,
)
from fleetplan.ingest.problems import (
    MESSAGES,
    Problem,
    ProblemReport,
    ReadProblem,
    message_of,
    read_problem,
)
from fleetplan.ingest.table_files import RawTable, TabularInput, read_folder
from fleetplan.ingest.workbook_reading import read_workbook

__all__ = [
    "LOCATION_COLUMNS",
    "MESSAGES",
    "PARKING_POINT_COLUMNS",
    "ROUNDTRIP_COLUMNS",
    "SEGMENT_COLUMNS",
    "TABLE_COLUMNS",
    "VEHICLE_COLUMNS",
    "VEHICLE_OPTIONAL_COLUMNS",
    "ImportLimits",
    "Problem",
    "ProblemReport",
    "RawTable",
    "ReadProblem",
    "Row",
    "TabularInput",
    "dataset_tables",
    "format_float",
    "message_of",
    "parse_rows",
    "read_tables",
    "write_folder",
    "write_tables",
    "write_workbook",
]

Row = dict[str, Any]

_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
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


def read_tables(path: str | Path, limits: ImportLimits | None = None) -> TabularInput:
    """Text cells of every neutral table at ``path`` (a folder or an .xlsx file),
    read within ``limits`` (default: the settings')."""
    root = Path(path)
    limits = limits or ImportLimits.from_settings()
    found = TabularInput()
    if root.is_dir():
        read_folder(root, found, limits)
    elif root.suffix.lower() == ".xlsx" and root.is_file():
        read_workbook(root, found, limits)
    else:
        found.problems.append(read_problem(root.name, None, "not_tabular"))
    return found


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
            # other systems' exports carry extra columns: ignored, with a warning
            known = ", ".join((*required, *optional))
            report.warn(
                1, name or None, "column_ignored", column=name, table=stem, known=known
            )
        seen.add(name)
    return ok


def _parse_row(
    header: Sequence[str],
    cells: Sequence[str],
    row_no: int,
    report: ProblemReport,
    optional: Mapping[str, str],
    known: frozenset[str],
    decimal_comma: bool,
) -> Row | None:
    parsed: Row = {"_row": row_no}
    ok = True
    for name, raw in zip(header, cells, strict=True):
        if name not in known:
            continue
        kind = optional.get(name) or _KINDS.get(name, "text")
        text = raw.strip()
        if decimal_comma and kind.rstrip("!") == "float" and _DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
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
    known = frozenset(TABLE_COLUMNS[stem][0]) | frozenset(TABLE_COLUMNS[stem][1])
    first_row: dict[str, int] = {}
    out: list[Row] = []
    for row_no, cells in table.rows:
        if len(cells) != len(header):
            report.add(row_no, None, "row_width", cells=len(cells), columns=len(header))
            continue
        row = _parse_row(
            header, cells, row_no, report, optional, known, table.decimal_comma
        )
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
