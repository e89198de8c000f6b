"""PostgreSQL's row-level security (revision 0011) fences organisations even for
SQL that bypasses the ORM filter: raw statements see and write only the
organisation the transaction names (``app.org``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import ProgrammingError

from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.store import create_engine_for, save_dataset
from fleetplan.store.organisations import add_organisation
from fleetplan.store.scoped import unscoped, using_organisation
from tests.store.db import database_url_for

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for url in database_url_for(request, "postgresql", tmp_path):
        engine = create_engine_for(url)
        yield engine
        engine.dispose()


def _fleet(prefix: str, count: int) -> Dataset:
    location = Location(f"{prefix}L", "Rådhus")
    vehicles = tuple(
        Vehicle(
            f"{prefix}V{i}",
            VehicleType.ICE,
            Fuel.DIESEL,
            location_id=location.location_id,
        )
        for i in range(count)
    )
    return Dataset((location,), vehicles, ())


def test_raw_sql_sees_and_writes_only_its_organisation(pg_engine: Engine) -> None:
    a = add_organisation(pg_engine, "a", "A").organisation_id
    b = add_organisation(pg_engine, "b", "B").organisation_id
    with using_organisation(a):
        save_dataset(pg_engine, _fleet("A", 3))
    with using_organisation(b):
        save_dataset(pg_engine, _fleet("B", 2))
    with unscoped(), pg_engine.begin() as connection:
        # superusers bypass row-level security: the app's role must not be one
        connection.exec_driver_sql(
            "DO $$ BEGIN CREATE ROLE fleetplan_rls_probe NOLOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        connection.exec_driver_sql(
            "GRANT SELECT, INSERT ON vehicles TO fleetplan_rls_probe"
        )
    with using_organisation(b), pg_engine.connect() as connection:  # text(): no ORM
        connection.exec_driver_sql("SET LOCAL ROLE fleetplan_rls_probe")
        count = connection.execute(text("SELECT count(*) FROM vehicles"))
        assert count.scalar_one() == 2
        with pytest.raises(ProgrammingError, match="row-level security"):
            connection.execute(
                text(
                    "INSERT INTO vehicles (vehicle_id, vehicle_type, fuel, "
                    "is_candidate, organisation_id) "
                    "VALUES ('X', 'ice', 'diesel', false, :a)"
                ),
                {"a": a},
            )
    with unscoped(), pg_engine.connect() as connection:  # platform work: all rows
        connection.exec_driver_sql("SET LOCAL ROLE fleetplan_rls_probe")
        count = connection.execute(text("SELECT count(*) FROM vehicles"))
        assert count.scalar_one() == 5
