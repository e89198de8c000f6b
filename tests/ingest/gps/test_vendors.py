"""Every vendor connector against a fake of its API (``vendor_fakes.py``) and a
SQLite database: metadata, paging, ranges, tokens that expire, 429 with
Retry-After, 5xx, a run interrupted half-way, and no secret in any log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.ingest.gps.connectors import ConnectorConfig
from fleetplan.ingest.gps.vendors import build_vendor_connector
from fleetplan.store import (
    create_engine_for,
    get_sync_status,
    list_cursors,
    load_dataset,
    save_dataset,
    upgrade_database,
)
from fleetplan.store.connector_runs import ConnectorRun, run_connector
from tests.ingest.gps.vendor_fakes import DEPOT, NOW, REGISTERED, RETRY_AFTER_S, Fake
from tests.ingest.gps.vendor_registry import FAKES, PER_VEHICLE

ALL = sorted(FAKES)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    upgrade_database(url)
    eng = create_engine_for(url)
    home = Location("home", "Depot", lat=DEPOT[0], lon=DEPOT[1])
    vans = tuple(
        Vehicle(v, VehicleType.EV, Fuel.ELECTRIC, location_id="home")
        for v in REGISTERED
    )
    save_dataset(eng, Dataset(locations=(home,), vehicles=vans))
    yield eng
    eng.dispose()


def _run(
    engine: Engine, fake: Fake, sleeps: list[float] | None = None, **config: object
) -> ConnectorRun:
    cfg = ConnectorConfig.model_validate(fake.config() | config)
    connector = build_vendor_connector(
        cfg,
        transport=fake.transport(),
        sleep=(sleeps if sleeps is not None else []).append,
        now=lambda: NOW,
    )
    try:
        return run_connector(engine, connector, NOW)
    finally:
        connector.close()


def _stored_ids(engine: Engine) -> list[str]:
    return sorted(r.roundtrip_id for r in load_dataset(engine).roundtrips)


@pytest.mark.parametrize("vendor", ALL)
def test_sync_stores_roundtrips_names_strangers_and_catches_up(
    engine: Engine, vendor: str
) -> None:
    """3 days x 2 registered vehicles = 6 roundtrips of 27 km; the third vehicle
    is named with its plate from the vendor's metadata; a second run reads
    nothing new (each vehicle from its cursor) and adds nothing."""
    fake = FAKES[vendor]()
    first = _run(engine, fake)
    assert (first.status, first.error) == ("ok", None)
    assert first.roundtrips_added == 6
    assert first.vehicles_done == 2 and first.vehicles_listed == 3
    assert first.ingest["skipped_vehicles"] == [
        {"vehicle_id": "999", "reason": "not_registered"}
    ]
    assert [v["vehicle_id"] for v in first.unregistered] == ["999"]
    # the plate from the vendor's metadata (Clevertrack has it in the name only)
    plate = None if vendor == "clevertrack" else "EF11111"
    assert first.unregistered[0]["plate"] == plate
    # pages, ranges or days (Webfleet: one month of trips in one call)
    assert len(fake.data_requests()) > (1 if vendor == "webfleet" else 2)
    stored = load_dataset(engine).roundtrips
    rel = 0.05 if fake.kind == "points" else 1e-9  # a GPS track is measured
    assert [r.distance_km for r in stored] == pytest.approx([27.0] * 6, rel=rel)
    again = _run(engine, FAKES[vendor]())
    assert (again.status, again.roundtrips_added, again.records_read) == ("ok", 0, 0)
    assert again.vehicles_resumed == 2
    assert len(_stored_ids(engine)) == 6


@pytest.mark.parametrize("vendor", ALL)
def test_429_and_5xx_are_retried_waiting_what_retry_after_asks(
    engine: Engine, vendor: str
) -> None:
    """The data endpoint answers 429 (Retry-After: 7), 503 and 502 before it
    works: the run waits 7 s once, backs off twice, and stores everything."""
    fake = FAKES[vendor]()
    fake.faults[fake.data_path] = [429, 503, 502]
    sleeps: list[float] = []
    run = _run(engine, fake, sleeps)
    assert (run.status, run.roundtrips_added) == ("ok", 6)
    assert float(RETRY_AFTER_S) in sleeps
    backoffs = [s for s in sleeps if s != RETRY_AFTER_S]
    assert len(backoffs) >= 2 and all(0 <= s <= 120 for s in backoffs)


@pytest.mark.parametrize("vendor", ALL)
def test_a_server_that_keeps_failing_fails_the_run_without_leaking_secrets(
    engine: Engine, vendor: str, caplog: pytest.LogCaptureFixture
) -> None:
    """After max_attempts the run fails with the status and the attempts; no
    credential appears in the error, the summary, the sync status or any log
    line (httpx logs URLs, whose queries carry some vendors' keys)."""
    fake = FAKES[vendor]()
    fake.faults[fake.data_path] = [503] * 50
    with caplog.at_level(logging.DEBUG):
        run = _run(engine, fake, max_attempts=3)
    assert run.status == "failed"
    assert run.error is not None and "HTTP 503 after 3 attempts" in run.error
    status = get_sync_status(engine, vendor)
    assert status is not None and status.last_error == run.error
    seen = caplog.text + str(run.summary()) + str(status)
    assert "HTTP Request" in caplog.text  # httpx did log the requests
    assert "s3cr3t" not in seen


@pytest.mark.parametrize("vendor", PER_VEHICLE)
def test_run_interrupted_half_way_resumes_from_the_cursor_without_duplicates(
    engine: Engine, vendor: str
) -> None:
    """Vehicle 102's data fails for good: 101 is stored with its cursor, 102 is
    not. The next run asks 101 only for what is newer, reads 102 from the start
    and ends with the same 6 roundtrips an uninterrupted run stores."""
    fake = FAKES[vendor]()
    fake.down = {"102"}
    broken = _run(engine, fake, max_attempts=2)
    assert broken.status == "failed" and broken.vehicles_done == 1
    assert len(_stored_ids(engine)) == 3
    source = f"connector:{vendor}"
    assert [c.vehicle_id for c in list_cursors(engine, source)] == ["101"]
    resumed = _run(engine, FAKES[vendor]())
    assert (resumed.status, resumed.roundtrips_added) == ("ok", 3)
    assert resumed.vehicles_resumed == 1
    ids = _stored_ids(engine)
    assert len(ids) == len(set(ids)) == 6


def test_geotab_session_that_expires_is_renewed(engine: Engine) -> None:
    """A MyGeotab session refused after 2 calls (InvalidUserException) is
    renewed by logging in again; the run still stores all 6 roundtrips."""
    fake = FAKES["mygeotab"]()
    fake.session_calls = 2  # type: ignore[attr-defined]
    run = _run(engine, fake)
    assert (run.status, run.roundtrips_added) == ("ok", 6)
    assert fake.logins >= 4  # type: ignore[attr-defined]


def test_skyhost_session_that_expires_is_renewed(engine: Engine) -> None:
    """Skyhost answers "Not logged in" (a SOAP fault, HTTP 500) once a session
    is used up: the connector opens a new WS-RM sequence and logs in again
    instead of retrying; every message is numbered in order within its sequence
    and carries its WS-Addressing action."""
    fake = FAKES["skyhost"]()
    fake.session_calls = 1  # type: ignore[attr-defined]
    sleeps: list[float] = []
    run = _run(engine, fake, sleeps, rate_limit_per_s=0)
    assert (run.status, run.roundtrips_added) == ("ok", 6)
    assert fake.logins >= 3  # type: ignore[attr-defined]
    assert len(fake.numbers) == fake.logins  # type: ignore[attr-defined]
    assert fake.misnumbered == 0  # type: ignore[attr-defined]
    assert sleeps == []  # a fault is an answer, not a server failure


def test_wrong_credential_is_a_clear_failure(engine: Engine) -> None:
    fake = FAKES["samsara"]()
    run = _run(engine, fake, credentials={"token": "wrong"})
    assert run.status == "failed"
    assert run.error is not None and "HTTP 401" in run.error
    assert "check the credential" in run.error


def test_webfleet_quota_answer_waits_a_minute(engine: Engine) -> None:
    """Webfleet says "request quota reached" (errorCode 8011) with HTTP 200:
    the trip call is tried again after 60 s."""
    fake = FAKES["webfleet"]()
    fake.quota_answers = 1  # type: ignore[attr-defined]
    sleeps: list[float] = []
    run = _run(engine, fake, sleeps)
    assert (run.status, run.roundtrips_added) == ("ok", 6)
    assert 60.0 in sleeps


def test_gamfleet_trip_under_way_is_left_for_the_next_run(engine: Engine) -> None:
    """A trip with Gamfleet's placeholder end (1970) is not read as a trip."""
    fake = FAKES["gamfleet"]()
    run = _run(engine, fake)
    assert run.records_read == 12  # 2 vehicles x 6 trips, the open ones left out


def test_samsara_times_are_converted_from_utc(engine: Engine) -> None:
    """Samsara sends UTC ("Z"): the first point of 101 is 07:25 local time
    (06:25 UTC in March), as in the truth."""
    fake = FAKES["samsara"]()
    cfg = ConnectorConfig.model_validate(fake.config())
    connector = build_vendor_connector(cfg, transport=fake.transport(), now=lambda: NOW)
    frame = connector.fetch("101", None)
    truth = fake.points.filter(fake.points["vehicle_id"] == "101")
    assert frame["time"].min() == truth["time"].min()
    assert frame.height == truth.height
