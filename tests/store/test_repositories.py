from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import Engine

from fleetplan.domain import (
    Dataset,
    FactorSet,
    FactorValue,
    Fuel,
    LeaseType,
    Location,
    ParkingPoint,
    Period,
    Roundtrip,
    Scenario,
    ScenarioKind,
    Segment,
    Shift,
    ShiftSet,
    Vehicle,
    VehicleType,
)
from fleetplan.store import (
    IngestCursor,
    NotFoundError,
    SyncStatus,
    get_cursor,
    get_sync_status,
    known_roundtrip_ids,
    list_cursors,
    list_factor_sets,
    list_scenarios,
    load_dataset,
    load_factor_set,
    load_scenario,
    load_shift_sets,
    purge_roundtrips,
    save_dataset,
    save_factor_set,
    save_scenario,
    save_shift_sets,
    set_cursor,
    set_sync_status,
    table_counts,
)


def _trip(ident: str, vehicle: str, location: str, day: int, km: float) -> Roundtrip:
    start = datetime(2026, 3, day, 8, 0)
    end = datetime(2026, 3, day, 10, 0)
    return Roundtrip(
        ident, vehicle, location, start, end, km, (Segment(start, end, km),)
    )


def _dataset() -> Dataset:
    return Dataset(
        locations=(
            Location(
                "10",
                "Town hall",
                "Hold-an Vej 7, 2750 Ballerup",
                55.73,
                12.363,
                (ParkingPoint(55.731, 12.364, "basement"), ParkingPoint(55.729, 12.36)),
            ),
            Location("2", "Depot"),
        ),
        vehicles=(
            Vehicle(
                "7",
                VehicleType.EV,
                Fuel.ELECTRIC,
                wltp_wh_per_km=160.0,
                location_id="10",
                lease_type=LeaseType.FINANCIAL,
                lease_end=date(2027, 1, 31),
                battery_kwh=52.0,
                seats=9,
                wheelchair_lift=True,
                child_seats=3,
                cargo_m3=1.5,
                charge_kw=11.0,
                production_co2e_kg=12_000.0,
            ),
            Vehicle("3", VehicleType.ICE, Fuel.HVO, location_id="2"),
            Vehicle("C", VehicleType.EBIKE, Fuel.ELECTRIC, is_candidate=True),
        ),
        roundtrips=(
            _trip("a", "7", "10", 2, 20.0),
            _trip("b", "3", "2", 3, 30.0),
            _trip("c", "7", "10", 4, 40.0),
        ),
        meta={"source": "test", "settings": {"min_switch_minutes": 5}},
    )


def test_dataset_round_trip_with_every_field(engine: Engine) -> None:
    save_dataset(engine, _dataset())
    stored = load_dataset(engine)
    expected = _dataset()
    assert stored.roundtrips == expected.roundtrips
    assert stored.meta == expected.meta
    assert [v.vehicle_id for v in stored.vehicles] == ["3", "7", "C"]  # id order
    assert [loc.location_id for loc in stored.locations] == ["2", "10"]
    assert stored.vehicle("7") == expected.vehicle("7")
    assert stored.locations[1] == expected.locations[0]


def test_load_dataset_filters_by_period_and_location(engine: Engine) -> None:
    save_dataset(engine, _dataset())
    march_3_4 = Period(datetime(2026, 3, 3), datetime(2026, 3, 4, 8, 0))
    assert [
        r.roundtrip_id for r in load_dataset(engine, period=march_3_4).roundtrips
    ] == ["b"]  # starts in [start, end): c starts exactly at the end
    town_hall = load_dataset(engine, location_ids=["10"])
    assert [loc.location_id for loc in town_hall.locations] == ["10"]
    assert [v.vehicle_id for v in town_hall.vehicles] == ["7", "C"]  # + candidates
    assert [r.roundtrip_id for r in town_hall.roundtrips] == ["a", "c"]
    assert all(r.segments for r in town_hall.roundtrips)


def test_replace_clears_the_old_dataset(engine: Engine) -> None:
    save_dataset(engine, _dataset())
    small = Dataset((Location("x"),), (Vehicle("v", VehicleType.BIKE, Fuel.NONE),))
    save_dataset(engine, small, replace=True)
    counts = table_counts(engine)
    assert (counts["locations"], counts["vehicles"], counts["roundtrips"]) == (1, 1, 0)
    assert (counts["segments"], counts["parking_points"], counts["dataset_meta"]) == (
        0,
        0,
        0,
    )


def test_purge_and_known_ids(engine: Engine) -> None:
    """Trips a, b, c end on 2, 3, 4 March at 10:00; the cut-off 4 March 00:00
    removes a and b with their segments."""
    save_dataset(engine, _dataset())
    assert known_roundtrip_ids(engine, ["a", "c", "zz"]) == {"a", "c"}
    assert purge_roundtrips(engine, ended_before=datetime(2026, 3, 4)) == 2
    counts = table_counts(engine)
    assert (counts["roundtrips"], counts["segments"]) == (1, 1)
    assert [r.roundtrip_id for r in load_dataset(engine).roundtrips] == ["c"]


def test_factor_sets(engine: Engine) -> None:
    old = FactorSet(
        "DK 2025",
        date(2025, 1, 1),
        {"price.electric_dkk_per_kwh": FactorValue(2.13, "DKK/kWh", 2025, "Energinet")},
        options={"annualise": "span"},
    )
    new = FactorSet("DK 2026", date(2026, 1, 1), {})
    save_factor_set(engine, old)
    save_factor_set(engine, new)
    assert load_factor_set(engine, "DK 2025") == old
    assert [f.name for f in list_factor_sets(engine)] == ["DK 2026", "DK 2025"]
    changed = old.with_values({"price.electric_dkk_per_kwh": 2.5}, "user")
    save_factor_set(engine, changed)  # same name: replaced
    assert load_factor_set(engine, "DK 2025")["price.electric_dkk_per_kwh"] == 2.5
    assert len(list_factor_sets(engine)) == 2
    with pytest.raises(NotFoundError, match="factor set 'nope'"):
        load_factor_set(engine, "nope")


def test_scenarios(engine: Engine) -> None:
    first = Scenario(
        "Pool cars",
        ScenarioKind.SIMULATION,
        "DK 2025",
        inputs={"fleet": {"7": 2}},
        results={"cost_dkk": 1234.5, "unallocated": []},
        created_at=datetime(2026, 11, 1, 9, 0),
    )
    first_id = save_scenario(engine, first)
    second_id = save_scenario(
        engine,
        Scenario(
            "Mix", ScenarioKind.OPTIMISATION, "DK 2025", {}, {}, datetime(2026, 11, 2)
        ),
    )
    assert second_id != first_id
    loaded = load_scenario(engine, first_id)
    assert loaded.inputs == {"fleet": {"7": 2}}
    assert loaded.results == first.results and loaded.kind is ScenarioKind.SIMULATION
    assert loaded.created_at == datetime(2026, 11, 1, 9, 0)
    assert [s.name for s in list_scenarios(engine)] == ["Mix", "Pool cars"]
    with pytest.raises(NotFoundError):
        load_scenario(engine, 999)


def test_shift_sets(engine: Engine) -> None:
    save_dataset(engine, _dataset())
    sets = [
        ShiftSet(
            (Shift(time(7), time(15), time(11, 30)), Shift(time(23), time(7))), "10"
        ),
        ShiftSet((Shift(time(8), time(16)),), None),
    ]
    save_shift_sets(engine, sets)
    assert load_shift_sets(engine) == sets
    save_shift_sets(engine, sets[1:])
    assert load_shift_sets(engine) == sets[1:]


def test_cursors_and_sync_status(engine: Engine) -> None:
    assert get_cursor(engine, "gps", "7") is None
    cursor = IngestCursor("gps", "7", datetime(2026, 3, 2, 7, 0), {"open_trip": None})
    set_cursor(engine, cursor)
    set_cursor(engine, IngestCursor("gps", "3"))
    assert get_cursor(engine, "gps", "7") == cursor
    moved = IngestCursor("gps", "7", datetime(2026, 3, 3), {"n": 2})
    set_cursor(engine, moved)
    assert [c.vehicle_id for c in list_cursors(engine, "gps")] == ["3", "7"]
    assert get_cursor(engine, "gps", "7") == moved

    assert get_sync_status(engine, "fleetcomplete") is None
    status = SyncStatus("fleetcomplete", datetime(2026, 11, 24, 3), None, 0, "timeout")
    set_sync_status(engine, status)
    assert get_sync_status(engine, "fleetcomplete") == status
    ok = SyncStatus(
        "fleetcomplete", datetime(2026, 11, 24, 4), datetime(2026, 11, 24, 4), 120
    )
    set_sync_status(engine, ok)
    assert get_sync_status(engine, "fleetcomplete") == ok
