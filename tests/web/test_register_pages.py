"""Køretøjer, Lokationer, Forside and Indstillinger without a browser: the rows
the pages show, the error texts, and the writes, which a reader is refused on the
server and a writer reaches through the same RegisterService as the API."""

from __future__ import annotations

import csv
import string
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from fleetplan.api import AppServices, Role
from fleetplan.api.overview import LocationUse
from fleetplan.api.services import set_services
from fleetplan.api.users import UserAccount
from fleetplan.domain import Dataset, Fuel, Location, Roundtrip, Vehicle, VehicleType
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME
from fleetplan.store import create_engine_for, save_dataset, upgrade_database
from fleetplan.store.csv_upload import stage_csv, table_of
from fleetplan.store.register_service import RegisterService
from fleetplan.store.settings_edit import home_radii
from fleetplan.store.vehicle_edit import MESSAGES, RegisterError, deactivations
from fleetplan.web.pages.home import home_figures, lowest_use_rows
from fleetplan.web.pages.locations import location_rows, save_radius
from fleetplan.web.pages.vehicles import filter_rows, vehicle_rows
from fleetplan.web.register_form import error_text, save_vehicle, set_active
from fleetplan.web.server import DatasetCache
from fleetplan.web.settings_factors import copy_set, edit_value
from fleetplan.web.settings_rules import save_rules
from fleetplan.web.translate import translate
from tests.api.conftest import app_services

TODAY = date(2026, 11, 24)
PRICE = "price.electric_dkk_per_kwh"


def _dataset(meta: dict[str, object] | None = None) -> Dataset:
    return Dataset(
        (
            Location("L1", "Rådhus", lat=55.73, lon=12.36),
            Location("L2", "Hjemmeplejen"),
        ),
        (
            Vehicle("V1", VehicleType.ICE, Fuel.DIESEL, location_id="L1"),
            Vehicle("V2", VehicleType.EV, Fuel.ELECTRIC, location_id="L2"),
            Vehicle("C1", VehicleType.EBIKE, Fuel.NONE, is_candidate=True),
        ),
        (),
        meta=meta or {},
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AppServices]:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'fleet.sqlite'}")
    upgrade_database(engine)
    save_dataset(engine, _dataset())
    cache = DatasetCache(engine, max_age_s=3600)
    with app_services(
        load_dataset=cache,
        register=RegisterService(engine, on_change=cache.invalidate),
    ) as services:
        set_services(services)
        yield services
    engine.dispose()


def _user(services: AppServices, role: Role) -> UserAccount:
    account = services.users.get(f"{role.value}er")
    assert account is not None
    return account


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_register_error_has_both_texts_with_the_same_params(code: str) -> None:
    """The store's English message, the Danish and the English catalogue text take
    the same parameters; none is called ``key`` (``t()``'s own first argument,
    which once made the factor dialog crash)."""
    params = _placeholders(MESSAGES[code])
    assert "key" not in params
    for language in ("da", "en"):
        assert _placeholders(translate(language, f"register.err.{code}")) == params
    exc = RegisterError(code, **dict.fromkeys(params, "x"))
    assert error_text(exc)  # formats without an error in the page language (da)


def test_error_text_names_a_form_field_or_keeps_a_factor_key() -> None:
    form = error_text(RegisterError("required", field="vehicle_id"))
    assert form == translate("da", "register.err.required").format(
        field=translate("da", "register.field.vehicle_id")
    )
    factor = error_text(RegisterError("bad_value", field=PRICE, value="x"))
    assert PRICE in factor


def test_vehicle_rows_show_labels_and_filter_by_ids() -> None:
    meta = {
        "register": {"deactivated": {"V2": {"on": "2026-10-01", "reason": "solgt"}}}
    }
    rows = vehicle_rows(_dataset(meta), candidates=False, today=TODAY)
    assert [r["id"] for r in rows] == ["V1", "V2"]
    v1, v2 = rows
    assert (v1["type_label"], v1["fuel_label"], v1["location_label"]) == (
        "Brændstofbil",
        "Diesel",
        "Rådhus",
    )
    assert v2["status_values"] == ["deactivated"]
    assert [c["label"] for c in v2["status"]] == ["Deaktiveret"]
    assert "01.10.2026 (solgt)" in v2["status"][0]["help"]
    assert filter_rows(rows, {"fuel": "electric"}) == [v2]
    assert filter_rows(rows, {"location": "L1", "status": "deactivated"}) == []
    candidates = vehicle_rows(_dataset(), candidates=True, today=TODAY)
    assert [(r["id"], r["fuel_label"]) for r in candidates] == [("C1", "Ingen")]


def test_location_rows_show_precision_only_when_measured() -> None:
    meta = {
        "precision_by_location": {"L1": 0.875, "L2": "?"},
        "register": {
            "home_radius_m": {"L2": 300},
            "deactivated": {"V2": {"on": "2026-11-01"}},
        },
    }
    rows = {r["id"]: r for r in location_rows(_dataset(meta), "da", TODAY)}
    assert rows["L1"]["precision"] == "87,5 %"
    assert rows["L2"]["precision"] == translate("da", "locations.precision_unknown")
    # "ikke målt" says why: GPS data without km from L2, or no GPS data at all
    assert rows["L1"]["precision_hint"] == ""
    assert rows["L2"]["precision_hint"] == translate(
        "da", "locations.precision_why_no_km"
    )
    unmeasured = location_rows(_dataset(), "da", TODAY)
    assert {r["precision_hint"] for r in unmeasured} == {
        translate("da", "locations.precision_why_no_gps")
    }
    assert (rows["L1"]["home_radius"], rows["L2"]["home_radius"]) == (150.0, 300.0)
    assert rows["L1"]["position"] == "55.73000, 12.36000"
    assert (rows["L1"]["vehicles"], rows["L2"]["vehicles"]) == (1, 0)  # V2 is off


def test_lowest_use_rows_are_named_and_capped() -> None:
    uses = tuple(LocationUse(f"L{i}", i, i / 10) for i in range(1, 8))
    figures = SimpleNamespace(location_use=uses)
    rows = lowest_use_rows(figures, {"L1": "Rådhus"}, "en", limit=2)  # type: ignore[arg-type]
    assert rows == [
        {"location": "Rådhus", "vehicles": 1, "share": "10.0 %"},
        {"location": "L2", "vehicles": 2, "share": "20.0 %"},
    ]


def test_home_leaves_deactivated_vehicles_out() -> None:
    """Today (24 Nov) V2 (off 15 Sep) and V3 (off 10 Nov) are gone: 1 vehicle.
    Every figure is of today's fleet (issue 16: one today), so October's figures
    count V1 only: V2's 40 km are not counted, L2 has no utilisation row and L1
    has one vehicle, not V3 too."""
    ice = VehicleType.ICE
    vehicles = (
        Vehicle("V1", ice, Fuel.DIESEL, wltp_km_per_l=20.0, location_id="L1"),
        Vehicle("V2", ice, Fuel.DIESEL, wltp_km_per_l=20.0, location_id="L2"),
        Vehicle("V3", ice, Fuel.DIESEL, wltp_km_per_l=20.0, location_id="L1"),
    )
    trips = (
        Roundtrip(
            "R1", "V1", "L1", datetime(2026, 10, 5, 8), datetime(2026, 10, 5, 9), 100.0
        ),
        Roundtrip(
            "R2", "V2", "L2", datetime(2026, 10, 6, 8), datetime(2026, 10, 6, 9), 40.0
        ),
    )
    meta = {
        "register": {
            "deactivated": {
                "V2": {"on": "2026-09-15"},
                "V3": {"on": "2026-11-10"},
            }
        }
    }
    data = Dataset(_dataset().locations, vehicles, trips, meta=meta)
    figures = home_figures(data, TODAY)
    assert figures.vehicles == 1
    assert figures.distance_km == 100.0
    assert [(u.location_id, u.vehicles) for u in figures.location_use] == [("L1", 1)]


def test_a_reader_is_refused_every_write_on_the_server(
    store: AppServices,
) -> None:
    services = store
    reader = _user(services, Role.READ)
    refused = translate("da", "common.forbidden").format(
        role=translate("da", "role.read")
    )
    outcomes = [
        save_vehicle(reader, None, "V9", {}, {"vehicle_type": "ice", "fuel": "diesel"}),
        save_vehicle(reader, "V1", "", {"plate": None}, {"plate": "AB 12 345"}),
        set_active(reader, "V1", False, TODAY, "solgt"),
        copy_set(reader, DEFAULT_FACTOR_SET_NAME, "Eget sæt"),
        edit_value(reader, "Eget sæt", PRICE, 1.9, "aftale", None),
        save_rules(reader, {"max_km_per_trip": 5, "slots": "08:00-12:00"}),
        save_radius(reader, "L1", 300),
    ]
    assert [(o.ok, o.message) for o in outcomes] == [(False, refused)] * 7
    data = services.load_dataset()
    assert sorted(v.vehicle_id for v in data.vehicles) == ["C1", "V1", "V2"]
    assert data.vehicle("V1").plate is None
    assert deactivations(data.meta) == {} and home_radii(data.meta) == {}
    entries = services.register.factor_sets()  # type: ignore[union-attr]
    assert all(e.builtin for e in entries)


def test_a_writer_edits_through_the_register_service(
    store: AppServices,
) -> None:
    services = store
    writer = _user(services, Role.WRITE)
    wrong = save_vehicle(writer, None, "", {}, {"vehicle_type": "ev", "fuel": "petrol"})
    assert (wrong.ok, wrong.field) == (False, "vehicle_id")
    mismatch = save_vehicle(
        writer, None, "V9", {}, {"vehicle_type": "ev", "fuel": "petrol"}
    )
    assert not mismatch.ok and "petrol" in mismatch.message
    assert save_vehicle(writer, "V1", "", {"plate": None}, {"plate": "AB 1"}).ok
    assert set_active(writer, "V1", False, TODAY, "solgt").ok
    assert not copy_set(writer, DEFAULT_FACTOR_SET_NAME, " ").ok
    assert copy_set(writer, DEFAULT_FACTOR_SET_NAME, "Eget sæt").ok
    no_source = edit_value(writer, "Eget sæt", PRICE, 1.9, "  ", None)
    assert no_source.message == translate(
        "da", "register.err.factor_source_missing"
    ).format(factor=PRICE)
    assert edit_value(writer, "Eget sæt", PRICE, 1.9, "elaftale", 2026).ok
    bad_slots = save_rules(
        writer,
        {
            "max_km_per_trip": 5,
            "slots": "8-12",
            "bike_max_kmh": 15,
            "ebike_max_kmh": 20,
            "percentage_of_trips": 50,
        },
    )
    assert not bad_slots.ok and "8-12" in bad_slots.message
    assert not save_radius(writer, "L1", 5).ok
    assert save_radius(writer, "L1", 250).ok
    data = services.load_dataset()
    assert data.vehicle("V1").plate == "AB 1"
    assert deactivations(data.meta)["V1"].reason == "solgt"
    assert home_radii(data.meta) == {"L1": 250.0}
    own = services.register.factor_sets()[-1].factor_set  # type: ignore[union-attr]
    assert (own.name, own.values[PRICE].value, own.values[PRICE].source) == (
        "Eget sæt",
        1.9,
        "elaftale",
    )


def test_a_csv_upload_is_staged_as_its_table(tmp_path: Path) -> None:
    """Any file name is the vehicles table unless its stem names a table; the
    other required table is written with its header only."""
    assert (table_of("Biler 2026.CSV"), table_of("Locations.csv")) == (
        "vehicles",
        "locations",
    )
    upload = tmp_path / "biler.csv"
    upload.write_text("vehicle_id,vehicle_type,fuel\nX1,ice,diesel\n", "utf-8")
    folder = stage_csv(upload, tmp_path / "staged")
    assert (folder / "vehicles.csv").read_text("utf-8") == upload.read_text("utf-8")
    with (folder / "locations.csv").open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    assert len(lines) == 1 and lines[0][0] == "location_id"
