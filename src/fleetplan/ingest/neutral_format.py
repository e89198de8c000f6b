"""Read a dataset folder in the neutral format (data-format.md) into domain objects.

This is the plain reader the engines use; validation with row-level problem reports
for imports lives beside it and must accept the same files.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fleetplan.domain import (
    Dataset,
    Fuel,
    LeaseType,
    Location,
    Roundtrip,
    Segment,
    Vehicle,
    VehicleCategory,
    VehicleType,
)
from fleetplan.ingest.text_cells import csv_text_in


class DatasetError(ValueError):
    """A dataset folder cannot be read; the message names file, row and column."""


def _opt(row: dict[str, str], key: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _float(row: dict[str, str], key: str) -> float | None:
    value = _opt(row, key)
    return None if value is None else float(value)


def _int(row: dict[str, str], key: str) -> int | None:
    value = _opt(row, key)
    return None if value is None else int(float(value))


def _bool(row: dict[str, str], key: str) -> bool | None:
    value = _opt(row, key)
    return None if value is None else value in ("1", "true", "True")


def _date(row: dict[str, str], key: str) -> date | None:
    value = _opt(row, key)
    return None if value is None else date.fromisoformat(value)


def parse_location(row: dict[str, str]) -> Location:
    return Location(
        location_id=row["location_id"].strip(),
        name=_opt(row, "name"),
        address=_opt(row, "address"),
        lat=_float(row, "lat"),
        lon=_float(row, "lon"),
    )


def parse_vehicle(row: dict[str, str]) -> Vehicle:
    lease = _opt(row, "lease_type")
    category = _opt(row, "category")
    return Vehicle(
        vehicle_id=row["vehicle_id"].strip(),
        vehicle_type=VehicleType(row["vehicle_type"].strip()),
        fuel=Fuel(row["fuel"].strip()),
        plate=_opt(row, "plate"),
        make=_opt(row, "make"),
        model=_opt(row, "model"),
        wltp_km_per_l=_float(row, "wltp_km_per_l"),
        wltp_wh_per_km=_float(row, "wltp_wh_per_km"),
        range_km=_float(row, "range_km"),
        annual_cost_dkk=_float(row, "annual_cost_dkk"),
        location_id=_opt(row, "location_id"),
        department=_opt(row, "department"),
        administration=_opt(row, "administration"),
        lease_type=LeaseType(lease) if lease else None,
        lease_start=_date(row, "lease_start"),
        lease_end=_date(row, "lease_end"),
        km_per_year_allowed=_float(row, "km_per_year_allowed"),
        is_candidate=bool(_bool(row, "is_candidate")),
        battery_kwh=_float(row, "battery_kwh"),
        seats=_int(row, "seats"),
        wheelchair_lift=_bool(row, "wheelchair_lift"),
        child_seats=_int(row, "child_seats"),
        cargo_m3=_float(row, "cargo_m3"),
        charge_kw=_float(row, "charge_kw"),
        production_co2e_kg=_float(row, "production_co2e_kg"),
        category=VehicleCategory(category) if category else None,
    )


def _read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file, each text without the writer's formula mark."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {k: csv_text_in(v) if isinstance(v, str) else v for k, v in row.items()}
            for row in csv.DictReader(handle)
        ]


def read_dataset(folder: str | Path) -> Dataset:
    """Read ``locations.csv``, ``vehicles.csv`` and, when present, ``roundtrips.csv``,
    ``segments.csv`` and ``meta.json`` from ``folder``.

    Raises ``DatasetError`` naming the file and row of the first bad value.
    """
    root = Path(folder)
    if not root.is_dir():
        raise DatasetError(f"{root}: not a folder.")

    def parse_all(name: str, parse: Any) -> list[Any]:
        path = root / name
        if not path.exists():
            return []
        out = []
        for row_no, row in enumerate(_read_rows(path), start=2):
            try:
                out.append(parse(row))
            except (KeyError, ValueError) as exc:
                raise DatasetError(f"{name} row {row_no}: {exc}") from exc
        return out

    for required in ("locations.csv", "vehicles.csv"):
        if not (root / required).exists():
            raise DatasetError(f"{root}: {required} is missing.")
    locations = parse_all("locations.csv", parse_location)
    vehicles = parse_all("vehicles.csv", parse_vehicle)

    segments: dict[str, list[Segment]] = defaultdict(list)
    for rt_id, segment in parse_all(
        "segments.csv",
        lambda r: (
            r["roundtrip_id"].strip(),
            Segment(
                start_time=datetime.fromisoformat(r["start_time"]),
                end_time=datetime.fromisoformat(r["end_time"]),
                distance_km=float(r["distance_km"]),
            ),
        ),
    ):
        segments[rt_id].append(segment)

    def parse_roundtrip(r: dict[str, str]) -> Roundtrip:
        rt_id = r["roundtrip_id"].strip()
        return Roundtrip(
            roundtrip_id=rt_id,
            vehicle_id=r["vehicle_id"].strip(),
            location_id=r["location_id"].strip(),
            start_time=datetime.fromisoformat(r["start_time"]),
            end_time=datetime.fromisoformat(r["end_time"]),
            distance_km=float(r["distance_km"]),
            segments=tuple(sorted(segments.get(rt_id, ()), key=lambda s: s.start_time)),
        )

    roundtrips = parse_all("roundtrips.csv", parse_roundtrip)
    meta_path = root / "meta.json"
    meta = (
        json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    )
    return Dataset(
        locations=tuple(locations),
        vehicles=tuple(vehicles),
        roundtrips=tuple(
            sorted(roundtrips, key=lambda r: (r.start_time, r.roundtrip_id))
        ),
        meta=meta,
    )
