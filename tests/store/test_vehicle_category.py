"""Revision 0005 (vehicle category) and the register's category and
external-option rules."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine

from fleetplan.domain import (
    Dataset,
    ExternalRules,
    Fuel,
    Location,
    Roundtrip,
    Vehicle,
    VehicleCategory,
    VehicleType,
)
from fleetplan.ingest.meta_settings import run_settings_from_meta
from fleetplan.store import load_dataset, save_dataset
from fleetplan.store.database import downgrade_database, upgrade_database
from fleetplan.store.register_service import RegisterService
from fleetplan.store.settings_edit import external_rules
from fleetplan.store.vehicle_edit import RegisterError
from tests.store.db import database_url as database_url  # the fixtures
from tests.store.db import engine as engine


def _seed(engine: Engine) -> None:
    start = datetime(2026, 3, 2, 8, 0)
    save_dataset(
        engine,
        Dataset(
            locations=(Location("L1"),),
            vehicles=(
                Vehicle("V1", VehicleType.ICE, Fuel.DIESEL, location_id="L1"),
                Vehicle(
                    "T1",
                    VehicleType.ICE,
                    Fuel.DIESEL,
                    location_id="L1",
                    category=VehicleCategory.TRUCK,
                ),
            ),
            roundtrips=(
                Roundtrip("R1", "V1", "L1", start, datetime(2026, 3, 2, 9, 0), 12.5),
            ),
        ),
    )


def test_category_is_stored_and_read_back(engine: Engine) -> None:
    """A truck keeps its category; a vehicle without one reads back None."""
    _seed(engine)
    stored = {v.vehicle_id: v.category for v in load_dataset(engine).vehicles}
    assert stored == {"V1": None, "T1": VehicleCategory.TRUCK}


def test_0005_keeps_vehicles_stored_before_it(engine: Engine) -> None:
    """Additive: down to 0004 drops the column, vehicles stay; up again they have
    no category (so it is derived)."""
    _seed(engine)
    # with SQLite's foreign keys off, as 0011 rebuilds tables
    downgrade_database(engine, "0004")
    upgrade_database(engine)
    stored = {v.vehicle_id: v.category for v in load_dataset(engine).vehicles}
    assert stored == {"V1": None, "T1": None}


def test_register_edits_the_category(engine: Engine) -> None:
    """A writer sets V1's category to van and clears it again; an unknown
    category is refused with a code."""
    _seed(engine)
    register = RegisterService(engine)
    assert register.update_vehicle("V1", {"category": "van"}).category is (
        VehicleCategory.VAN
    )
    assert register.update_vehicle("V1", {"category": ""}).category is None
    with pytest.raises(RegisterError) as caught:
        register.update_vehicle("V1", {"category": "lorry"})
    assert caught.value.code == "bad_value"


def test_external_rules_reach_the_run_settings(engine: Engine) -> None:
    """Saved rules are what every run reads from the stored meta."""
    _seed(engine)
    rules = ExternalRules(
        {VehicleCategory.VAN: frozenset({"taxi", "rental"})},
        {"Vej og Park": frozenset()},
    )
    RegisterService(engine).save_external_rules(rules)
    meta = load_dataset(engine).meta
    assert run_settings_from_meta(meta).external == rules
    assert external_rules(meta) == rules
