"""A fleet's ids are unique within its organisation (revision 0013): two
organisations hold the same vehicle, location and roundtrip ids, each with its
own values, and an id only another organisation holds is as good as a fresh one
(no message, count or path tells it exists)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from fleetplan.domain import (
    Dataset,
    Fuel,
    Location,
    ParkingPoint,
    Roundtrip,
    Segment,
    Vehicle,
    VehicleType,
)
from fleetplan.store import load_dataset, purge_roundtrips, save_dataset
from fleetplan.store.connector_schedule import acquire, schedule_state
from fleetplan.store.ingest_state import (
    IngestCursor,
    SyncStatus,
    get_cursor,
    get_sync_status,
    set_cursor,
    set_sync_status,
)
from fleetplan.store.organisations import add_organisation
from fleetplan.store.scoped import using_organisation
from fleetplan.store.settings_edit import save_home_radius
from fleetplan.store.transfer import export_path, import_path
from fleetplan.store.vehicle_edit import (
    create_vehicle,
    deactivate_vehicle,
    get_vehicle,
    update_vehicle,
)
from tests.store.db import database_url as database_url  # the fixtures
from tests.store.db import engine as engine

NEW = {"vehicle_type": "ice", "fuel": "diesel", "location_id": "1"}


def _fleet(km: float, make: str) -> Dataset:
    """Ids "1", "2", "R1", "R2" in every organisation; ``km`` and ``make`` tell
    whose values a reader got."""
    location = Location("1", f"Rådhus {make}", parking_points=(ParkingPoint(55, 12),))
    vehicles = tuple(
        Vehicle(v, VehicleType.ICE, Fuel.DIESEL, location_id="1", make=make)
        for v in ("1", "2")
    )
    trips = tuple(
        Roundtrip(
            f"R{i}",
            str(i),
            "1",
            datetime(2026, 3, 2 + i, 8),
            datetime(2026, 3, 2 + i, 9),
            km,
            (Segment(datetime(2026, 3, 2 + i, 8), datetime(2026, 3, 2 + i, 9), km),),
        )
        for i in (1, 2)
    )
    return Dataset((location,), vehicles, trips)


@pytest.fixture
def orgs(engine: Engine) -> tuple[int, int, int]:
    """The migration's organisation A, and B and C (C never holds A's ids)."""
    b = add_organisation(engine, "b", "B").organisation_id
    c = add_organisation(engine, "c", "C").organisation_id
    return 1, b, c


def test_two_organisations_hold_the_same_ids_each_with_its_own_values(
    engine: Engine, orgs: tuple[int, int, int]
) -> None:
    a, b, _c = orgs
    with using_organisation(a):
        save_dataset(engine, _fleet(10.0, "Ford"))
    with using_organisation(b):
        save_dataset(engine, _fleet(20.0, "Kia"))
        save_dataset(engine, _fleet(21.0, "Kia"))  # an upsert of its own ids
    for org, km, make in ((a, 10.0, "Ford"), (b, 21.0, "Kia")):
        with using_organisation(org):
            data = load_dataset(engine)
        assert [v.vehicle_id for v in data.vehicles] == ["1", "2"]
        assert {v.make for v in data.vehicles} == {make}
        assert [loc.name for loc in data.locations] == [f"Rådhus {make}"]
        assert [len(loc.parking_points) for loc in data.locations] == [1]
        assert [(r.roundtrip_id, r.distance_km) for r in data.roundtrips] == [
            ("R1", km),
            ("R2", km),
        ]
        assert [s.distance_km for r in data.roundtrips for s in r.segments] == [km] * 2


def test_edits_and_deletes_by_id_touch_only_the_own_organisation(
    engine: Engine, orgs: tuple[int, int, int]
) -> None:
    a, b, _c = orgs
    for org, make in ((a, "Ford"), (b, "Kia")):
        with using_organisation(org):
            save_dataset(engine, _fleet(10.0, make))
    with using_organisation(b):
        update_vehicle(engine, "1", {"make": "Tesla"})
        deactivate_vehicle(engine, "2", date(2026, 4, 1))
        save_home_radius(engine, "1", 150)
        assert purge_roundtrips(engine, ended_before=datetime(2100, 1, 1)) == 2
        save_dataset(engine, _fleet(10.0, "Kia"), replace=True)
    with using_organisation(a):
        assert get_vehicle(engine, "1").make == "Ford"
        data = load_dataset(engine)
        assert len(data.roundtrips) == 2
        assert [len(r.segments) for r in data.roundtrips] == [1, 1]
        assert "register" not in data.meta


def test_ingest_state_is_per_organisation(
    engine: Engine, orgs: tuple[int, int, int]
) -> None:
    """A cursor of (source, vehicle "1"), a sync status and a connector's
    schedule: B's are B's, even where A has rows of the same key."""
    a, b, _c = orgs
    now = datetime(2026, 3, 2, 8)
    with using_organisation(a):
        set_cursor(engine, IngestCursor("gps", "1", now, {"n": 1}))
        set_sync_status(engine, SyncStatus("skyhost", now, now, 5))
        assert acquire(engine, "skyhost", "worker-a", now)
    with using_organisation(b):
        assert get_cursor(engine, "gps", "1") is None
        assert get_sync_status(engine, "skyhost") is None
        assert not schedule_state(engine, "skyhost", now).running
        assert acquire(engine, "skyhost", "worker-b", now)  # A's lock is not B's
        set_cursor(engine, IngestCursor("gps", "1", None, {"n": 2}))
    with using_organisation(a):
        cursor = get_cursor(engine, "gps", "1")
        assert cursor is not None and cursor.state == {"n": 1}


def test_an_import_of_ids_another_organisation_holds_is_an_import_of_fresh_ids(
    engine: Engine, orgs: tuple[int, int, int], tmp_path: Path
) -> None:
    """B imports the ids A holds, C the same file with nobody holding them: the
    reports (problems, counts, new/changed tallies) are equal, dry run and write,
    and so is creating a vehicle by an id only A holds."""
    a, b, c = orgs
    with using_organisation(a):
        save_dataset(engine, _fleet(10.0, "Ford"))
        export_path(engine, tmp_path / "fleet.xlsx")
    reports = {}
    for org in (b, c):
        with using_organisation(org):
            dry = import_path(engine, tmp_path / "fleet.xlsx", dry_run=True)
            done = import_path(engine, tmp_path / "fleet.xlsx")
            again = import_path(engine, tmp_path / "fleet.xlsx", dry_run=True)
            made = create_vehicle(engine, "9", NEW)
            reports[org] = (dry, done, again, made)
    assert reports[b] == reports[c]
    dry, done, again, _made = reports[b]
    assert done.written and dry.changes["vehicles"] == {
        "new": 2,
        "changed": 0,
        "unchanged": 0,
    }
    assert again.changes["vehicles"]["unchanged"] == 2
    with using_organisation(a):
        assert [v.vehicle_id for v in load_dataset(engine).vehicles] == ["1", "2"]
    with using_organisation(b):
        create_vehicle(engine, "1x", NEW)
    with using_organisation(a):  # B's new id is not A's either
        create_vehicle(engine, "1x", NEW)
