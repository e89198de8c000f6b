"""The daily schedule: slots, due-ness, the run lock (never two runs of one
connector at once) and the stored summary and next run."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine

from fleetplan.ingest.gps.connectors import ConnectorConfig, ConnectorError
from fleetplan.ingest.gps.readers import POINT_SCHEMA
from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.connector_runs import run_due, run_scheduled
from fleetplan.store.connector_schedule import (
    LOCK_TTL,
    acquire,
    is_due,
    next_slot,
    release,
    schedule_state,
)
from fleetplan.store.connector_status import connector_statuses

T0 = datetime(2026, 3, 10, 1, 0)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    upgrade_database(url)
    eng = create_engine_for(url)
    yield eng
    eng.dispose()


class Idle:
    """A connector with no vehicles; ``gate`` makes its listing wait."""

    kind = "points"

    def __init__(self, name: str, gate: threading.Event | None = None):
        self.name = name
        self.gate = gate
        self.started = threading.Event()
        self.runs = 0

    def list_vehicles(self) -> list[str]:
        self.runs += 1
        self.started.set()
        if self.gate is not None:
            assert self.gate.wait(10)
        return []

    def fetch(self, vehicle_id: str, since: datetime | None) -> pl.DataFrame:
        return pl.DataFrame(schema=POINT_SCHEMA)

    def close(self) -> None:
        return


def _config(name: str = "idle", daily_at: str = "02:30") -> ConnectorConfig:
    return ConnectorConfig(name=name, type="samsara", daily_at=daily_at)


def test_next_slot() -> None:
    """02:30 after 01:00 is today; after 02:30 itself or 10:00, tomorrow."""
    assert next_slot(T0, "02:30") == datetime(2026, 3, 10, 2, 30)
    assert next_slot(datetime(2026, 3, 10, 2, 30), "02:30") == datetime(
        2026, 3, 11, 2, 30
    )
    assert next_slot(datetime(2026, 3, 10, 10), "02:30") == datetime(2026, 3, 11, 2, 30)


def test_runs_once_a_day_at_its_time(engine: Engine) -> None:
    """Never run: due at once. Run at 01:00: next at 02:30 today; calls in
    between do nothing; at 02:30 it runs again, and next at 02:30 tomorrow."""
    idle = Idle("idle")
    config = _config()
    first = run_scheduled(engine, config, lambda c: idle, now=T0)
    assert first.status == "ok" and first.next_run_at == datetime(2026, 3, 10, 2, 30)
    for minutes in (5, 60, 89):
        later = T0 + timedelta(minutes=minutes)
        assert (
            run_scheduled(engine, config, lambda c: idle, now=later).status == "not_due"
        )
    assert idle.runs == 1
    second = run_scheduled(
        engine, config, lambda c: idle, now=datetime(2026, 3, 10, 2, 30)
    )
    assert second.status == "ok" and idle.runs == 2
    assert second.next_run_at == datetime(2026, 3, 11, 2, 30)
    state = schedule_state(engine, "idle", T0)
    assert state.last_summary is not None and state.last_summary["status"] == "ok"
    assert state.next_run_at == datetime(2026, 3, 11, 2, 30)


def test_a_missed_day_runs_once_not_once_per_day(engine: Engine) -> None:
    idle = Idle("idle")
    config = _config()
    run_scheduled(engine, config, lambda c: idle, now=T0)
    week_later = T0 + timedelta(days=7)
    assert run_scheduled(engine, config, lambda c: idle, now=week_later).status == "ok"
    assert not is_due(engine, "idle", week_later + timedelta(minutes=1))
    assert idle.runs == 2


def test_never_two_runs_of_one_connector_at_once(engine: Engine) -> None:
    """While one run is inside the connector, a second (another cron tick or a
    manual run) is refused by the database lock and never reaches it."""
    gate = threading.Event()
    slow = Idle("idle", gate)
    config = _config()
    results = []
    worker = threading.Thread(
        target=lambda: results.append(
            run_scheduled(engine, config, lambda c: slow, now=T0, force=True)
        )
    )
    worker.start()
    assert slow.started.wait(10)
    other = Idle("idle")
    second = run_scheduled(engine, config, lambda c: other, now=T0, force=True)
    assert second.status == "running_elsewhere" and other.runs == 0
    assert connector_statuses(engine, [config], now=T0)[0].running
    gate.set()
    worker.join(10)
    assert results[0].status == "ok"
    assert (
        run_scheduled(engine, config, lambda c: other, now=T0, force=True).status
        == "ok"
    )


def test_lock_of_a_crashed_run_expires(engine: Engine) -> None:
    assert acquire(engine, "idle", "a", T0)
    assert not acquire(engine, "idle", "b", T0 + LOCK_TTL - timedelta(seconds=1))
    release(engine, "idle", "b", T0, {}, T0)  # not b's lock: nothing happens
    assert not acquire(engine, "idle", "c", T0 + timedelta(minutes=1))
    assert acquire(engine, "idle", "d", T0 + LOCK_TTL)


def test_failed_build_is_recorded_and_scheduled(engine: Engine) -> None:
    """A connector that cannot be built (a credential missing) fails with the
    reason, frees its lock and is tried again at its next slot."""

    def broken(config: ConnectorConfig) -> Idle:
        raise ConnectorError("connector idle: credential 'token' is missing")

    run = run_scheduled(engine, _config(), broken, now=T0)
    assert run.status == "failed" and "credential 'token'" in (run.error or "")
    status = connector_statuses(engine, [_config()], now=T0)[0]
    assert status.last_error == run.error and not status.running
    assert status.next_run_at == datetime(2026, 3, 10, 2, 30)


def test_run_due_skips_disabled_and_not_due(engine: Engine) -> None:
    a, b = Idle("a"), Idle("b")
    configs = [
        _config("a"),
        ConnectorConfig(name="b", type="samsara", enabled=False),
    ]
    built = {"a": a, "b": b}
    runs = list(run_due(engine, configs, lambda c: built[c.name], now=lambda c: T0))
    assert [r.status for r in runs] == ["ok"] and (a.runs, b.runs) == (1, 0)
    again = list(run_due(engine, configs, lambda c: built[c.name], now=lambda c: T0))
    assert [r.status for r in again] == ["not_due"] and a.runs == 1


def test_a_crash_half_way_is_recorded_frees_the_lock_and_resumes(
    tmp_path: Path,
) -> None:
    """A connector that crashes (not a ConnectorError) on vehicle 102: the run is
    recorded as failed with the error's type only, the lock is free, 101's
    roundtrips and cursor are kept, and the next run adds 102's without
    duplicating 101's."""
    from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
    from fleetplan.ingest.gps.vendors import build_vendor_connector
    from fleetplan.store import (
        get_sync_status,
        list_cursors,
        load_dataset,
        save_dataset,
    )
    from tests.ingest.gps.vendor_fakes import DEPOT, NOW, REGISTERED
    from tests.ingest.gps.vendor_registry import FAKES

    url = f"sqlite:///{tmp_path / 'crash.sqlite'}"
    upgrade_database(url)
    engine = create_engine_for(url)
    home = Location("home", "Depot", lat=DEPOT[0], lon=DEPOT[1])
    vans = tuple(
        Vehicle(v, VehicleType.EV, Fuel.ELECTRIC, location_id="home")
        for v in REGISTERED
    )
    save_dataset(engine, Dataset(locations=(home,), vehicles=vans))
    fake = FAKES["gamfleet"]()
    config = ConnectorConfig.model_validate(fake.config())

    def build(crash: bool) -> object:
        connector = build_vendor_connector(
            config, transport=fake.transport(), sleep=lambda s: None, now=lambda: NOW
        )
        fetch = connector.fetch

        def fetch_or_crash(vehicle_id: str, since: datetime | None) -> pl.DataFrame:
            if crash and vehicle_id == "102":
                raise KeyError("TripEndDate 55.73123")
            return fetch(vehicle_id, since)

        connector.fetch = fetch_or_crash  # type: ignore[method-assign]
        return connector

    crashed = run_scheduled(engine, config, lambda c: build(True), now=T0)  # type: ignore[arg-type,return-value]
    assert (
        crashed.status == "failed"
        and crashed.error == "connector gamfleet: unexpected KeyError"
    )
    status = get_sync_status(engine, "gamfleet")
    assert status is not None and "55.73" not in (status.last_error or "")
    assert not schedule_state(engine, "gamfleet", T0).running
    assert [c.vehicle_id for c in list_cursors(engine, "connector:gamfleet")] == ["101"]
    assert len(load_dataset(engine).roundtrips) == 3
    resumed = run_scheduled(engine, config, lambda c: build(False), now=T0, force=True)  # type: ignore[arg-type,return-value]
    assert (resumed.status, resumed.roundtrips_added) == ("ok", 3)
    ids = [r.roundtrip_id for r in load_dataset(engine).roundtrips]
    assert len(ids) == len(set(ids)) == 6
    engine.dispose()
