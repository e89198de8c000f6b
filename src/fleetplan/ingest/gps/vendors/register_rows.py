"""A fleet system's vehicle metadata as rows of the register's vehicles.csv
(data-format.md): id, plate, make, model, and vehicle type and fuel where the
system names the fuel. Location, costs and the rest are the user's to fill in
before ``fleetplan import``."""

from __future__ import annotations

from collections.abc import Iterable

from fleetplan.ingest.gps.vendors.base import VehicleInfo

COLUMNS = (
    "vehicle_id",
    "plate",
    "make",
    "model",
    "vehicle_type",
    "fuel",
    "location_id",
)

# words in a vendor's fuel text (Danish or English) -> our fuel
_FUELS = (
    ("hvo", "hvo"),
    ("diesel", "diesel"),
    ("benzin", "petrol"),
    ("petrol", "petrol"),
    ("gasoline", "petrol"),
    ("electric", "electric"),
    ("el", "electric"),
    ("bev", "electric"),
)


def fuel_of(text: str | None) -> str:
    """Our fuel for a vendor's text; "" when unknown (a hybrid is left to the user)."""
    words = (text or "").lower().replace("-", " ").replace("/", " ").split()
    if "hybrid" in words:
        return ""
    for word, fuel in _FUELS:
        if word in words:
            return fuel
    return ""


def register_rows(vehicles: Iterable[VehicleInfo]) -> list[dict[str, str]]:
    rows = []
    for v in vehicles:
        fuel = fuel_of(v.fuel)
        kind = "ev" if fuel == "electric" else ("ice" if fuel else "")
        rows.append(
            {
                "vehicle_id": v.vehicle_id,
                "plate": v.plate or "",
                "make": v.make or "",
                "model": v.model or "",
                "vehicle_type": kind,
                "fuel": fuel,
                "location_id": "",
            }
        )
    return rows
