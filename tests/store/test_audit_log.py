"""The audit log (issue 19, item 5): every register edit, import, setting, user
and scenario change is logged once, with who, what and the old and new values,
in the organisation it was made in; a refused change logs nothing, and a
password is never written to the log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from fleetplan.api.security import Role
from fleetplan.domain import (
    BikeRules,
    Dataset,
    Fuel,
    Location,
    Scenario,
    ScenarioKind,
    Vehicle,
    VehicleType,
)
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME
from fleetplan.store import delete_scenario, export_path, import_path, save_dataset
from fleetplan.store.audit import (
    ALL_ACTIONS,
    AuditAction,
    AuditEntry,
    acting_as,
    list_entries,
    record,
)
from fleetplan.store.organisations import add_organisation, find_organisation
from fleetplan.store.register_service import RegisterService
from fleetplan.store.scenario_edit import rename_scenario
from fleetplan.store.scenario_save import save_named_scenario
from fleetplan.store.scoped import using_organisation
from fleetplan.store.users import StoredUser, delete_user, save_user
from fleetplan.store.vehicle_edit import RegisterError


@pytest.fixture
def register(engine: Engine) -> RegisterService:
    save_dataset(
        engine,
        Dataset(
            locations=(Location("L1", "Rådhus"),),
            vehicles=(Vehicle("V1", VehicleType.ICE, Fuel.PETROL, location_id="L1"),),
            roundtrips=(),
            meta={},
        ),
    )
    return RegisterService(engine)


def _log(engine: Engine) -> list[AuditEntry]:
    return list(reversed(list_entries(engine)))  # oldest first


def test_vehicle_edits_are_logged_with_who_and_the_changed_fields(
    engine: Engine, register: RegisterService
) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    with acting_as("anna"):
        register.create_vehicle(
            "V2", {"vehicle_type": "ev", "fuel": "electric", "location_id": "L1"}
        )
        register.update_vehicle("V1", {"make": "Toyota", "annual_cost_dkk": 42000})
        register.deactivate_vehicle("V1", date(2026, 11, 1), "solgt")
        register.reactivate_vehicle("V1")
    log = _log(engine)
    assert [(e.actor, e.action, e.target) for e in log] == [
        ("anna", "vehicle.create", "V2"),
        ("anna", "vehicle.update", "V1"),
        ("anna", "vehicle.deactivate", "V1"),
        ("anna", "vehicle.reactivate", "V1"),
    ]
    assert log[1].detail == {
        "make": [None, "Toyota"],
        "annual_cost_dkk": [None, 42000.0],
    }
    assert log[2].detail == {"on": "2026-11-01", "reason": "solgt"}
    assert log[0].detail["fuel"] == "electric"
    assert all(before <= e.at <= datetime.now(UTC) for e in log)
    assert len({e.organisation_id for e in log}) == 1  # the database's one


def test_a_refused_change_logs_nothing_and_no_actor_is_none(
    engine: Engine, register: RegisterService
) -> None:
    with acting_as("anna"), pytest.raises(RegisterError):
        register.update_vehicle("V1", {"annual_cost_dkk": -5})
    with pytest.raises(RegisterError):
        register.deactivate_vehicle("nope", date(2026, 1, 1))
    assert _log(engine) == []
    register.reactivate_vehicle("V1")  # a command line or job: no one set
    assert [(e.actor, e.action) for e in _log(engine)] == [(None, "vehicle.reactivate")]


def test_settings_changes_are_logged_with_old_and_new_values(
    engine: Engine, register: RegisterService
) -> None:
    with acting_as("bo"):
        register.copy_factor_set(DEFAULT_FACTOR_SET_NAME, "vores")
        register.set_factor_value("vores", "price.diesel_dkk_per_l", 12.5, "kontrakt")
        register.save_home_radius("L1", 300)
        register.save_home_radius("L1", 300)  # unchanged: no entry
        register.save_bike_rules(BikeRules(max_km_per_trip=7.0))
    log = _log(engine)
    assert [(e.action, e.target) for e in log] == [
        ("factor_set.copy", "vores"),
        ("factor_value.set", "vores: price.diesel_dkk_per_l"),
        ("settings.change", "register.home_radius_m.L1"),
        ("settings.change", "settings.bike"),
    ]
    assert log[0].detail == {"from": DEFAULT_FACTOR_SET_NAME}
    assert log[1].detail["value"][1] == 12.5 and log[1].detail["source"] == "kontrakt"
    assert log[2].detail == {"value": [None, 300.0]}
    assert log[3].detail["value"][1]["max_km_per_trip"] == 7.0


def test_user_changes_never_log_the_password(engine: Engine) -> None:
    with acting_as("admin"):
        save_user(engine, StoredUser("carl", Role.READ, "hash-one", True))
        save_user(engine, StoredUser("carl", Role.WRITE, "hash-one", True))
        save_user(engine, StoredUser("carl", Role.WRITE, "hash-two", False))
        save_user(engine, StoredUser("carl", Role.WRITE, "hash-two", False))  # same
        assert delete_user(engine, "carl")
        assert not delete_user(engine, "carl")  # gone: nothing to log
    log = _log(engine)
    assert [(e.actor, e.action, e.target) for e in log] == [
        ("admin", "user.create", "carl"),
        ("admin", "user.update", "carl"),
        ("admin", "user.update", "carl"),
        ("admin", "user.delete", "carl"),
    ]
    assert log[0].detail == {"role": [None, "read"], "active": [None, True]}
    assert log[1].detail == {"role": ["read", "write"]}
    assert log[2].detail == {"active": [True, False], "password": "changed"}
    assert "hash" not in repr([e.detail for e in log])


def test_scenarios_and_imports_are_logged(
    engine: Engine, register: RegisterService, tmp_path: Path
) -> None:
    scenario = Scenario("Plan A", ScenarioKind.SIMULATION, "dk-2025", inputs={})
    with acting_as("dina"):
        sid = save_named_scenario(engine, scenario)
        rename_scenario(engine, sid, "Plan B")
        delete_scenario(engine, sid)
        export_path(engine, tmp_path / "register.xlsx")
        import_path(engine, tmp_path / "register.xlsx", dry_run=True)  # no entry
        import_path(engine, tmp_path / "register.xlsx")
    log = _log(engine)
    assert [(e.action, e.target) for e in log] == [
        ("scenario.save", "Plan A"),
        ("scenario.rename", "Plan B"),
        ("scenario.delete", "Plan B"),
        ("register.import", "register.xlsx"),
    ]
    assert log[0].detail["id"] == sid and log[0].detail["replaced"] is False
    assert log[3].detail["changes"]["vehicles"] == {
        "new": 0,
        "changed": 0,
        "unchanged": 1,
    }


def test_record_refuses_an_unknown_action(engine: Engine) -> None:
    with pytest.raises(ValueError, match="unknown audit action"):
        record(engine, "vehicle.explode", "V1")
    assert AuditAction.USER_DELETE in ALL_ACTIONS and len(ALL_ACTIONS) == 18


def test_newest_first_and_paged(engine: Engine) -> None:
    for index in range(5):
        record(engine, AuditAction.SETTINGS_CHANGE, f"k{index}")
    page = list_entries(engine, limit=2, offset=1)
    assert [e.target for e in page] == ["k3", "k2"]


def test_each_organisation_sees_its_own_log(engine: Engine) -> None:
    """The log is an organisation's table: an entry made as Ballerup's is not
    in Lejre's log, and the reverse."""
    ballerup = find_organisation(engine, None).organisation_id  # the first one
    lejre = add_organisation(engine, "lejre", "Lejre Kommune").organisation_id
    with using_organisation(ballerup), acting_as("anna"):
        record(engine, AuditAction.SETTINGS_CHANGE, "settings.bike")
    with using_organisation(lejre), acting_as("lars"):
        record(engine, AuditAction.SETTINGS_CHANGE, "settings.external_options")
    for org, actor in ((ballerup, "anna"), (lejre, "lars")):
        with using_organisation(org):
            entries = list_entries(engine)
        assert [(e.actor, e.organisation_id) for e in entries] == [(actor, org)]
