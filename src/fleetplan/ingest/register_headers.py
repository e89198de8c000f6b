"""Danish headers and sheet names of the register (vehicles, locations), so the
workbook a fleet manager exports imports back unchanged.

An import accepts a column by its internal name (``annual_cost_dkk``, as in
data-format.md) or its Danish header ("Årlig omkostning, kr."), in any case and
with surrounding spaces; a sheet by its table name (``vehicles``) or its Danish
name ("Køretøjer"). The Danish headers are the vehicle form's labels.
"""

from __future__ import annotations

from fleetplan.ingest.neutral_writer import (
    LOCATION_COLUMNS,
    VEHICLE_COLUMNS,
    VEHICLE_OPTIONAL_COLUMNS,
)

REGISTER_TABLES = ("vehicles", "locations")
SHEET_NAMES: dict[str, str] = {"vehicles": "Køretøjer", "locations": "Lokationer"}

# fmt: off
DANISH_HEADERS: dict[str, dict[str, str]] = {
    "vehicles": {
        "vehicle_id": "Id", "plate": "Nummerplade", "make": "Mærke",
        "model": "Model", "vehicle_type": "Type", "fuel": "Drivmiddel",
        "wltp_km_per_l": "WLTP km/l", "wltp_wh_per_km": "WLTP Wh/km",
        "range_km": "Rækkevidde, km", "annual_cost_dkk": "Årlig omkostning, kr.",
        "location_id": "Lokation", "department": "Afdeling",
        "administration": "Forvaltning", "lease_type": "Ejerform",
        "lease_start": "Leasing starter", "lease_end": "Leasing slutter",
        "km_per_year_allowed": "Tilladt km/år",
        "is_candidate": "Katalogmodel (ikke i flåden)",
        "battery_kwh": "Batteri, kWh", "seats": "Siddepladser",
        "wheelchair_lift": "Kørestolslift", "child_seats": "Barnestole",
        "cargo_m3": "Lastrum, m³", "charge_kw": "Ladeeffekt, kW",
        "production_co2e_kg": "CO2e fra produktion, kg", "category": "Kategori",
    },
    "locations": {
        "location_id": "Id", "name": "Navn", "address": "Adresse",
        "lat": "Breddegrad", "lon": "Længdegrad",
    },
}
# fmt: on

COLUMNS: dict[str, tuple[str, ...]] = {
    "vehicles": (*VEHICLE_COLUMNS, *VEHICLE_OPTIONAL_COLUMNS),
    "locations": LOCATION_COLUMNS,
}


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


_SHEETS = {
    _key(name): stem for stem in REGISTER_TABLES for name in (stem, SHEET_NAMES[stem])
}
_HEADERS = {
    stem: {_key(danish): name for name, danish in headers.items()}
    | {_key(name): name for name in headers}
    for stem, headers in DANISH_HEADERS.items()
}


def sheet_stem(title: str) -> str:
    """The table a sheet holds: ``vehicles`` for "Køretøjer", else the title."""
    return _SHEETS.get(_key(title), title.strip())


def internal_header(stem: str, header: str) -> str:
    """A header cell as the internal column name (unknown ones as they are,
    stripped, so the check can name them)."""
    return _HEADERS.get(stem, {}).get(_key(header), header.strip())


def danish_header(stem: str, name: str) -> str:
    """The Danish header of column ``name`` of a register table."""
    return DANISH_HEADERS[stem][name]
