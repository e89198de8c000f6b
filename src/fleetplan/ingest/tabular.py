"""Read and write the neutral tables as a folder of CSV files or one xlsx workbook.

Reading gives text cells per table (``RawTable``) for ``validation``; writing takes a
``Dataset``. An xlsx workbook has one sheet per table, named like the file stems
(``vehicles``), plus a ``meta`` sheet holding meta.json as text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fleetplan.domain import Dataset

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
    "production_co2e_kg",
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


@dataclass(frozen=True, slots=True)
class RawTable:
    """One CSV file or xlsx sheet as text cells, rows as (row number, cells)."""

    label: str
    header: tuple[str, ...]
    rows: Sequence[tuple[int, Sequence[str]]]


@dataclass(slots=True)
class TabularInput:
    """The tables found at a path, its meta.json, and problems met while reading.

    ``problems`` holds ``(file, row, message)`` tuples; ``validation`` turns them
    into ``Problem`` objects.
    """

    tables: dict[str, RawTable] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[str, int | None, str]] = field(default_factory=list)


# ---------------------------------------------------------------- reading


def _decode(data: bytes, label: str, found: TabularInput) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        found.problems.append(
            (
                label,
                row,
                f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as "
                "'CSV UTF-8' and import again.",
            )
        )
        return None


def _csv_table(path: Path, found: TabularInput) -> RawTable | None:
    text = _decode(path.read_bytes(), path.name, found)
    if text is None:
        return None
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        found.problems.append((path.name, 1, "the file is empty; it needs a header."))
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
        found.problems.append((label, exc.lineno, f"not valid JSON: {exc.msg}."))
        return
    if not isinstance(meta, dict):
        found.problems.append((label, None, "must hold a JSON object ({...})."))
        return
    found.meta = meta


def _cell_text(value: Any) -> str:
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


def _read_workbook(path: Path, found: TabularInput) -> None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        found.problems.append((path.name, None, f"cannot open the workbook: {exc}."))
        return
    try:
        for sheet in book.worksheets:
            stem = sheet.title.strip()
            records = [
                [_cell_text(v) for v in row]
                for row in sheet.iter_rows(values_only=True)
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


def read_tables(path: str | Path) -> TabularInput:
    """Text cells of every neutral table at ``path`` (a folder or an .xlsx file)."""
    root = Path(path)
    found = TabularInput()
    if root.is_dir():
        _read_folder(root, found)
    elif root.suffix.lower() == ".xlsx" and root.is_file():
        _read_workbook(root, found)
    else:
        found.problems.append(
            (root.name, None, "not a folder of CSV files or an .xlsx workbook.")
        )
    return found


# ---------------------------------------------------------------- writing


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


def write_folder(dataset: Dataset, folder: str | Path) -> None:
    """Write the dataset as CSV files (and meta.json when it has one) to ``folder``."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    for stem, (header, rows) in dataset_tables(dataset).items():
        with (root / f"{stem}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows([_cell_text(_plain(v)) for v in row] for row in rows)
    if dataset.meta:
        (root / "meta.json").write_text(
            json.dumps(dict(dataset.meta), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )


def write_workbook(dataset: Dataset, path: str | Path) -> None:
    """Write the dataset as one xlsx workbook: a sheet per table, typed cells."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for stem, (header, rows) in dataset_tables(dataset).items():
        sheet = book.create_sheet(stem)
        sheet.append(list(header))
        for row in rows:
            sheet.append([_xlsx_value(_plain(v)) for v in row])
    if dataset.meta:
        sheet = book.create_sheet(META_SHEET)
        sheet.append(["meta_json"])
        sheet.append([json.dumps(dict(dataset.meta), ensure_ascii=False)])
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _xlsx_value(value: Any) -> Any:
    return value


def write_tables(dataset: Dataset, path: str | Path) -> None:
    """A folder of CSV files, or an xlsx workbook when ``path`` ends in .xlsx."""
    if str(path).lower().endswith(".xlsx"):
        write_workbook(dataset, path)
    else:
        write_folder(dataset, path)
