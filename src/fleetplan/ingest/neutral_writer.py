"""Write a ``Dataset`` as neutral tables: a folder of CSV files or one xlsx workbook.

Also defines the tables' columns (data-format.md), which the reader checks. An xlsx
workbook has one sheet per table, named like the file stems (``vehicles``), plus a
``meta`` sheet holding meta.json as text.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fleetplan.domain import Dataset
from fleetplan.ingest.text_cells import append_row, csv_text_out

# fmt: off
LOCATION_COLUMNS = ("location_id", "name", "address", "lat", "lon")
PARKING_POINT_COLUMNS = ("location_id", "name", "lat", "lon")
VEHICLE_COLUMNS = (
    "vehicle_id", "plate", "make", "model", "vehicle_type", "fuel", "wltp_km_per_l",
    "wltp_wh_per_km", "range_km", "annual_cost_dkk", "location_id", "department",
    "administration", "lease_type", "lease_start", "lease_end", "km_per_year_allowed",
    "is_candidate",
)
VEHICLE_OPTIONAL_COLUMNS = (
    "battery_kwh", "seats", "wheelchair_lift", "child_seats", "cargo_m3", "charge_kw",
    "production_co2e_kg", "category",
)
ROUNDTRIP_COLUMNS = (
    "roundtrip_id", "vehicle_id", "location_id", "start_time", "end_time",
    "distance_km",
)
SEGMENT_COLUMNS = ("roundtrip_id", "start_time", "end_time", "distance_km")
# fmt: on

TABLE_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "locations": (LOCATION_COLUMNS, ()),
    "parking_points": (PARKING_POINT_COLUMNS, ()),
    "vehicles": (VEHICLE_COLUMNS, VEHICLE_OPTIONAL_COLUMNS),
    "roundtrips": (ROUNDTRIP_COLUMNS, ()),
    "segments": (SEGMENT_COLUMNS, ()),
}
"""Per table (file stem): required columns and optional columns."""

META_SHEET = "meta"


def cell_text(value: Any) -> str:
    """A value as CSV text: empty for None, 0/1, ISO dates, shortest exact floats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format_float(value)
    return str(value)


def format_float(value: float) -> str:
    """Shortest text that reads back as the same float (``165`` for 165.0)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def dataset_tables(
    dataset: Dataset,
) -> dict[str, tuple[tuple[str, ...], list[list[Any]]]]:
    """Header and typed cell values per table (parking points only when there are)."""
    vehicle_columns = (*VEHICLE_COLUMNS, *VEHICLE_OPTIONAL_COLUMNS)
    tables: dict[str, tuple[tuple[str, ...], list[list[Any]]]] = {
        "locations": (
            LOCATION_COLUMNS,
            [[getattr(loc, c) for c in LOCATION_COLUMNS] for loc in dataset.locations],
        ),
        "vehicles": (
            vehicle_columns,
            [[getattr(v, c) for c in vehicle_columns] for v in dataset.vehicles],
        ),
        "roundtrips": (
            ROUNDTRIP_COLUMNS,
            [[getattr(r, c) for c in ROUNDTRIP_COLUMNS] for r in dataset.roundtrips],
        ),
        "segments": (
            SEGMENT_COLUMNS,
            [
                [r.roundtrip_id, s.start_time, s.end_time, s.distance_km]
                for r in dataset.roundtrips
                for s in r.segments
            ],
        ),
    }
    points = [
        [loc.location_id, p.name, p.lat, p.lon]
        for loc in dataset.locations
        for p in loc.parking_points
    ]
    if points:
        tables["parking_points"] = (PARKING_POINT_COLUMNS, points)
    return tables


def _plain(value: Any) -> Any:
    """Enums as their text, booleans as 0/1 (the format's spelling)."""
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def _csv_cell(value: Any) -> str:
    """A value as CSV text; a text that a spreadsheet would run as a formula
    gets the apostrophe mark (``text_cells``), numbers and dates never do."""
    plain = _plain(value)
    return csv_text_out(plain) if isinstance(plain, str) else cell_text(plain)


def write_folder(dataset: Dataset, folder: str | Path) -> None:
    """Write the dataset as CSV files (and meta.json when it has one) to ``folder``."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    for stem, (header, rows) in dataset_tables(dataset).items():
        with (root / f"{stem}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows([_csv_cell(v) for v in row] for row in rows)
    if dataset.meta:
        (root / "meta.json").write_text(
            json.dumps(dict(dataset.meta), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )


def write_workbook(dataset: Dataset, path: str | Path) -> None:
    """Write the dataset as one xlsx workbook: a sheet per table, typed cells
    (every text a string cell, never a formula)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for stem, (header, rows) in dataset_tables(dataset).items():
        sheet = book.create_sheet(stem)
        append_row(sheet, header)
        for row in rows:
            append_row(sheet, [_plain(v) for v in row])
    if dataset.meta:
        sheet = book.create_sheet(META_SHEET)
        append_row(sheet, ["meta_json"])
        append_row(sheet, [json.dumps(dict(dataset.meta), ensure_ascii=False)])
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def write_tables(dataset: Dataset, path: str | Path) -> None:
    """A folder of CSV files, or an xlsx workbook when ``path`` ends in .xlsx."""
    if str(path).lower().endswith(".xlsx"):
        write_workbook(dataset, path)
    else:
        write_folder(dataset, path)
