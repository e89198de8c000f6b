"""A fleet system's vehicle metadata as rows for the register's vehicles.csv."""

from __future__ import annotations

import pytest

from fleetplan.ingest.gps.connectors import ConnectorConfig
from fleetplan.ingest.gps.vendors import build_vendor_connector
from fleetplan.ingest.gps.vendors.register_rows import fuel_of, register_rows
from tests.ingest.gps.vendor_fakes import NOW
from tests.ingest.gps.vendor_registry import FAKES


@pytest.mark.parametrize(
    ("text", "fuel"),
    [
        ("Electric", "electric"),
        ("El", "electric"),
        ("Diesel", "diesel"),
        ("Benzin", "petrol"),
        ("HVO diesel", "hvo"),
        ("Plug-in hybrid benzin", ""),
        ("Elektrisk", ""),  # not a word we know: left to the user
        (None, ""),
    ],
)
def test_fuel_of(text: str | None, fuel: str) -> None:
    assert fuel_of(text) == fuel


@pytest.mark.parametrize(
    ("vendor", "kind", "fuel", "make"),
    [
        ("fleetcomplete", "ev", "electric", "Renault"),
        ("mileagebook", "ice", "diesel", "Toyota"),
        ("samsara", "", "", "Ford"),
    ],
)
def test_rows_from_a_fleet_system(vendor: str, kind: str, fuel: str, make: str) -> None:
    fake = FAKES[vendor]()
    config = ConnectorConfig.model_validate(fake.config())
    connector = build_vendor_connector(
        config, transport=fake.transport(), now=lambda: NOW
    )
    rows = register_rows(connector.vehicles())  # type: ignore[attr-defined]
    assert [r["vehicle_id"] for r in rows] == ["101", "102", "999"]
    first = rows[0]
    assert (first["plate"], first["make"]) == ("AB12345", make)
    assert (first["vehicle_type"], first["fuel"], first["location_id"]) == (
        kind,
        fuel,
        "",
    )
