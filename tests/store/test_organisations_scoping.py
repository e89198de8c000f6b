"""The organisation filter of ``store.scoped``: reads, writes and deletes of one
organisation never touch another's rows, and code that bypasses the filter or
names no organisation is stopped."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, select

from fleetplan.domain import Dataset, Fuel, Location, Roundtrip, Vehicle, VehicleType
from fleetplan.store import load_dataset, purge_roundtrips, save_dataset
from fleetplan.store.organisations import add_organisation
from fleetplan.store.scoped import (
    OrganisationRequired,
    UnscopedQuery,
    using_organisation,
)
from fleetplan.store.tables import VehicleRow
from tests.store.db import database_url as database_url  # the fixtures
from tests.store.db import engine as engine


def _fleet(prefix: str, trips: int) -> Dataset:
    location = Location(f"{prefix}L", "Rådhus")
    vehicle = Vehicle(
        f"{prefix}V", VehicleType.ICE, Fuel.DIESEL, location_id=f"{prefix}L"
    )
    return Dataset(
        (location,),
        (vehicle,),
        tuple(
            Roundtrip(
                f"{prefix}R{i}",
                vehicle.vehicle_id,
                location.location_id,
                datetime(2026, 3, 2 + i, 8),
                datetime(2026, 3, 2 + i, 9),
                12.0,
            )
            for i in range(trips)
        ),
    )


@pytest.fixture
def two(engine: Engine) -> tuple[int, int]:
    """Organisation 1 (the migration's) holds A's fleet, a second one B's."""
    save_dataset(engine, _fleet("A", 3))  # the only organisation: no context
    b = add_organisation(engine, "b", "B").organisation_id
    with using_organisation(b):
        save_dataset(engine, _fleet("B", 2))
    return 1, b


def test_each_organisation_reads_its_own_rows(
    engine: Engine, two: tuple[int, int]
) -> None:
    a, b = two
    with using_organisation(a):
        assert [v.vehicle_id for v in load_dataset(engine).vehicles] == ["AV"]
    with using_organisation(b):
        assert len(load_dataset(engine).roundtrips) == 2


def test_a_purge_deletes_only_its_organisations_trips(
    engine: Engine, two: tuple[int, int]
) -> None:
    """The segments' subquery is filtered too."""
    a, b = two
    with using_organisation(b):
        assert purge_roundtrips(engine, ended_before=datetime(2100, 1, 1)) == 2
    with using_organisation(a):
        assert len(load_dataset(engine).roundtrips) == 3


def test_no_organisation_among_several_is_refused(
    engine: Engine, two: tuple[int, int]
) -> None:
    with pytest.raises(OrganisationRequired):
        load_dataset(engine)


def test_a_core_select_that_bypasses_the_filter_is_refused(
    engine: Engine, two: tuple[int, int]
) -> None:
    with (
        using_organisation(two[1]),
        engine.connect() as connection,
        pytest.raises(UnscopedQuery, match="vehicles"),
    ):
        connection.execute(select(VehicleRow.__table__))
