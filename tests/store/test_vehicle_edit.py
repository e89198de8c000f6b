"""Register edits: create, edit, deactivate vehicles; factor sets; bike rules."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import Engine

from fleetplan.domain import (
    BikeRules,
    Dataset,
    Fuel,
    LeaseType,
    Location,
    Roundtrip,
    Shift,
    ShiftSet,
    Vehicle,
    VehicleType,
)
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set
from fleetplan.ingest.meta_settings import run_settings_from_meta
from fleetplan.store import load_dataset, load_factor_set, save_dataset, save_shift_sets
from fleetplan.store.register_service import RegisterService
from fleetplan.store.settings_edit import home_radii, parse_slots
from fleetplan.store.vehicle_edit import RegisterError, deactivations, in_fleet_on


def _seed(engine: Engine) -> None:
    start = datetime(2026, 3, 2, 8, 0)
    save_dataset(
        engine,
        Dataset(
            locations=(Location("L1", "Rådhus"), Location("L2", "Depot")),
            vehicles=(Vehicle("V1", VehicleType.ICE, Fuel.PETROL, location_id="L1"),),
            roundtrips=(
                Roundtrip("R1", "V1", "L1", start, datetime(2026, 3, 2, 9, 0), 12.5),
            ),
            meta={"source": "test"},
        ),
    )


@pytest.fixture
def register(engine: Engine) -> RegisterService:
    _seed(engine)
    return RegisterService(engine)


def test_create_vehicle_is_stored_with_typed_fields(
    engine: Engine, register: RegisterService
) -> None:
    created = register.create_vehicle(
        " V2 ",
        {
            "vehicle_type": "ev",
            "fuel": "electric",
            "make": "MG",
            "model": "MG4",
            "wltp_wh_per_km": "165",
            "seats": "5",
            "location_id": "L2",
            "lease_type": "operational",
            "lease_end": "2028-06-30",
        },
    )
    assert created.vehicle_id == "V2"
    stored = load_dataset(engine).vehicle("V2")
    assert stored == created
    assert stored.wltp_wh_per_km == 165.0
    assert stored.seats == 5
    assert stored.lease_type is LeaseType.OPERATIONAL
    assert stored.lease_end == date(2028, 6, 30)


@pytest.mark.parametrize(
    ("ident", "values", "code", "params"),
    [
        (
            "V1",
            {"vehicle_type": "ice", "fuel": "diesel"},
            "id_taken",
            {"vehicle": "V1"},
        ),
        ("", {"vehicle_type": "ice", "fuel": "diesel"}, "required", {}),
        (
            "V3",
            {"vehicle_type": "ev", "fuel": "petrol"},
            "fuel_mismatch",
            {"fuel": "petrol", "type": "ev", "allowed": "electric"},
        ),
        (
            "V3",
            {"vehicle_type": "ice", "fuel": "petrol", "location_id": "L9"},
            "unknown_location",
            {"location": "L9"},
        ),
        (
            "V3",
            {"vehicle_type": "ice", "fuel": "petrol", "range_km": "-1"},
            "range",
            {"field": "range_km", "low": "0", "value": "-1"},
        ),
        (
            "V3",
            {"vehicle_type": "ice", "fuel": "petrol", "seats": "2.5"},
            "integer",
            {"field": "seats", "value": "2.5"},
        ),
        # issue 16: absurd values were saved; "tre" must not become empty
        (
            "V3",
            {"vehicle_type": "ice", "fuel": "petrol", "annual_cost_dkk": 1e308},
            "range",
            {"field": "annual_cost_dkk", "high": "5000000"},
        ),
        (
            "V3",
            {"vehicle_type": "ice", "fuel": "petrol", "km_per_year_allowed": "1e20"},
            "range",
            {"field": "km_per_year_allowed", "high": "200000"},
        ),
        (
            "V3",
            {"vehicle_type": "ev", "fuel": "electric", "charge_kw": "0"},
            "range",
            {"field": "charge_kw", "low": "1", "high": "500"},
        ),
        (
            "V3",
            {"vehicle_type": "ice", "fuel": "petrol", "lease_end": "2999-01-01"},
            "year",
            {"field": "lease_end"},
        ),
        (
            "V3",
            {"vehicle_type": "ice", "fuel": "petrol", "seats": "tre"},
            "integer",
            {"field": "seats", "value": "tre"},
        ),
        (
            "V3",
            {
                "vehicle_type": "ice",
                "fuel": "petrol",
                "lease_start": "2026-05-01",
                "lease_end": "2026-04-30",
            },
            "lease_order",
            {},
        ),
        ("V3", {"vehicle_type": "car", "fuel": "petrol"}, "bad_value", {}),
    ],
)
def test_create_rejects_with_a_code(
    engine: Engine,
    register: RegisterService,
    ident: str,
    values: dict[str, str],
    code: str,
    params: dict[str, str],
) -> None:
    before = load_dataset(engine).vehicles
    with pytest.raises(RegisterError) as caught:
        register.create_vehicle(ident, values)
    assert caught.value.code == code
    assert params.items() <= caught.value.params.items()
    assert load_dataset(engine).vehicles == before  # nothing written


def test_update_changes_only_the_given_fields(
    engine: Engine, register: RegisterService
) -> None:
    calls: list[int] = []
    service = RegisterService(engine, on_change=lambda: calls.append(1))
    service.update_vehicle("V1", {"plate": "AB 12 345", "fuel": "hvo"})
    stored = load_dataset(engine).vehicle("V1")
    assert (stored.plate, stored.fuel, stored.location_id) == (
        "AB 12 345",
        Fuel.HVO,
        "L1",
    )
    assert calls == [1]  # the app's cache is told once
    with pytest.raises(RegisterError) as caught:
        service.update_vehicle("V1", {"fuel": "electric"})
    assert caught.value.code == "fuel_mismatch"
    with pytest.raises(RegisterError) as missing:
        service.update_vehicle("nope", {"plate": "X"})
    assert missing.value.code == "not_found"
    assert calls == [1]


def test_deactivate_keeps_vehicle_trips_and_meta(
    engine: Engine, register: RegisterService
) -> None:
    register.deactivate_vehicle("V1", date(2026, 4, 1), " sold ")
    data = load_dataset(engine)
    assert data.vehicle("V1").vehicle_id == "V1"
    assert [r.roundtrip_id for r in data.roundtrips] == ["R1"]
    assert data.meta["source"] == "test"  # the rest of meta is untouched
    record = deactivations(data.meta)["V1"]
    assert (record.on, record.reason) == (date(2026, 4, 1), "sold")
    register.reactivate_vehicle("V1")
    assert deactivations(load_dataset(engine).meta) == {}
    with pytest.raises(RegisterError):
        register.deactivate_vehicle("nope", date(2026, 4, 1))


def test_in_fleet_on_drops_vehicles_from_their_date_and_keeps_trips(
    engine: Engine, register: RegisterService
) -> None:
    register.deactivate_vehicle("V1", date(2026, 4, 1))
    data = load_dataset(engine)
    assert in_fleet_on(data, date(2026, 3, 31)) is data  # still in the fleet
    gone = in_fleet_on(data, date(2026, 4, 1))
    assert gone.vehicles == ()
    assert [r.roundtrip_id for r in gone.roundtrips] == ["R1"]


def test_copy_and_edit_a_factor_set(engine: Engine, register: RegisterService) -> None:
    builtin = get_builtin_factor_set(DEFAULT_FACTOR_SET_NAME)
    copy = register.copy_factor_set(DEFAULT_FACTOR_SET_NAME, "Ballerup 2026")
    assert dict(copy.values) == dict(builtin.values)
    key = "price.electric_dkk_per_kwh"
    register.set_factor_value(
        "Ballerup 2026", key, 1.85, "Ballerup elaftale 2026", 2026
    )
    stored = load_factor_set(engine, "Ballerup 2026")
    assert stored[key] == 1.85
    assert stored.values[key].source == "Ballerup elaftale 2026"
    assert stored.values[key].unit == builtin.values[key].unit
    assert stored.values[key].year == 2026
    names = [e.factor_set.name for e in register.factor_sets()]
    assert names[-1] == "Ballerup 2026" and DEFAULT_FACTOR_SET_NAME in names
    for args, code in [
        ((DEFAULT_FACTOR_SET_NAME, key, 2.0, "x"), "factor_set_builtin"),
        (("Ballerup 2026", "no.such", 2.0, "x"), "factor_key_unknown"),
        (("Ballerup 2026", key, 2.0, "  "), "factor_source_missing"),
    ]:
        with pytest.raises(RegisterError) as caught:
            register.set_factor_value(*args)
        assert caught.value.code == code
    with pytest.raises(RegisterError) as taken:
        register.copy_factor_set(DEFAULT_FACTOR_SET_NAME, "Ballerup 2026")
    assert taken.value.code == "factor_set_taken"


def test_bike_rules_reach_the_run_settings(
    engine: Engine, register: RegisterService
) -> None:
    rules = BikeRules(
        max_km_per_trip=6.5,
        slots=parse_slots("07:30-12:00, 12:30-16:00"),
        bike_max_kmh=9.0,
        ebike_max_kmh=14.0,
        percentage_of_trips=40.0,
    )
    register.save_bike_rules(rules)
    assert run_settings_from_meta(load_dataset(engine).meta).bike == rules
    with pytest.raises(RegisterError) as caught:
        register.save_bike_rules(BikeRules(slots=((time(12), time(8)),)))
    assert caught.value.code == "slot_order"
    with pytest.raises(RegisterError):
        parse_slots("8-12")


def test_shifts_and_home_radius(engine: Engine, register: RegisterService) -> None:
    save_shift_sets(engine, [ShiftSet((Shift(time(23), time(7), time(3)),), "L1")])
    rows = register.shift_rows(
        {"settings": {"shifts": [{"start": "07:00", "end": "15:00"}]}}
    )
    assert [(r.location_id, r.start, r.end, r.break_at, r.origin) for r in rows] == [
        ("L1", "23:00", "07:00", "03:00", "database"),
        (None, "07:00", "15:00", "", "dataset"),
    ]
    register.save_home_radius("L2", 250)
    assert home_radii(load_dataset(engine).meta) == {"L2": 250.0}
    for args, code in [(("L2", 5), "radius_range"), (("L9", 200), "unknown_location")]:
        with pytest.raises(RegisterError) as caught:
            register.save_home_radius(*args)
        assert caught.value.code == code
