"""``fleetplan connector add|list|run|due`` with a connector file, a fake fleet
API on 127.0.0.1 and a SQLite database."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleetplan.cli import app
from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.ingest.gps import generate_trace
from fleetplan.ingest.gps.connectors import ConnectorConfig, load_connector_configs
from fleetplan.store import create_engine_for, save_dataset, upgrade_database
from tests.ingest.gps.fake_fleet_server import FakeFleet, serve
from tests.ingest.gps.test_privacy import HOME_LAT, HOME_LON
from tests.ingest.gps.test_sync import _roundtrips

runner = CliRunner()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    upgrade_database(url)
    engine = create_engine_for(url)
    home = Location("home", "Depot", lat=HOME_LAT, lon=HOME_LON)
    van = Vehicle("v1", VehicleType.EV, Fuel.ELECTRIC, location_id="home")
    save_dataset(engine, Dataset(locations=(home,), vehicles=(van,)))
    engine.dispose()
    return url


def _add(file: Path, *args: str) -> object:
    return runner.invoke(app, ["connector", "add", *args, "--connectors", str(file)])


def test_add_writes_a_connector_the_loader_reads(tmp_path: Path) -> None:
    file = tmp_path / "connectors.toml"
    result = _add(
        file,
        "samsara-ballerup",
        "--type",
        "samsara",
        "--daily-at",
        "3:15",
        "--credential",
        "token=env:SAMSARA_TOKEN",
        "--option",
        "first_days=14",
    )
    assert result.exit_code == 0, result.output
    _add(file, "sky", "--type", "skyhost", "--credential", "api_key=env:SKY_KEY")
    tomllib.loads(file.read_text())  # valid TOML
    configs = load_connector_configs(file)
    assert [c.name for c in configs] == ["samsara-ballerup", "sky"]
    first = configs[0]
    assert (first.type, first.daily_at, first.options) == (
        "samsara",
        "03:15",
        {"first_days": 14},
    )
    assert first.credentials["token"].get_secret_value() == "env:SAMSARA_TOKEN"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--type", "samsara", "--credential", "token=abc123"], "env:NAME"),
        (["x", "--type", "nosuch"], "type"),
        (["x", "--type", "samsara", "--daily-at", "25:00"], "HH:MM"),
        (["dup", "--type", "samsara"], "exists already"),
        (["dup", "--type", "samsara", "--lang", "da"], "findes allerede"),
        (["x", "--type", "samsara", "--option", "first_days"], "KEY=VALUE"),
    ],
)
def test_add_refuses(tmp_path: Path, args: list[str], message: str) -> None:
    """A secret typed on the command line, an unknown system, a bad time and a
    duplicate name are refused and the file is left as it was."""
    file = tmp_path / "connectors.toml"
    assert _add(file, "dup", "--type", "gamfleet").exit_code == 0
    before = file.read_text()
    result = _add(file, *args)
    assert result.exit_code == 2 and message in result.output
    assert "abc123" not in file.read_text() and file.read_text() == before


def test_due_runs_once_then_waits_for_its_time(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first ``connector due`` runs the new connector (3 roundtrips); the
    next (``sync --due``, as cron calls it) does nothing until the daily time;
    ``list`` shows the last run and the next one; a plain ``sync`` runs it now."""
    monkeypatch.setenv("FAKE_FLEET_TOKEN", "not-in-output")
    trace = generate_trace(_roundtrips(), {"home": (HOME_LAT, HOME_LON)}, seed=8)
    fleet = FakeFleet()
    fleet.load(trace)
    with serve(fleet) as url:
        file = tmp_path / "connectors.json"
        entry = {
            "name": "fake",
            "base_url": url,
            "data_path": "/vehicles/{vehicle_id}/positions",
            "since_param": "from",
            "auth_header": "Authorization",
            "auth_value": "env:FAKE_FLEET_TOKEN",
            "paging": {"mode": "token"},
            "fields": {"time": "ts", "lat": "latitude", "lon": "longitude"},
        }
        file.write_text(json.dumps({"connectors": [entry]}))
        args = ["--db", db_url, "--connectors", str(file)]
        first = runner.invoke(app, ["connector", "due", *args])
        second = runner.invoke(app, ["sync", "--due", *args])
        listed = runner.invoke(app, ["connector", "list", *args])
        forced = runner.invoke(app, ["sync", *args])
    assert first.exit_code == 0, first.output
    run = json.loads(first.output.strip())
    assert (run["source"], run["status"], run["roundtrips_added"]) == ("fake", "ok", 3)
    assert run["requests"] == 15  # the vehicle list and 14 pages of 100 points
    assert json.loads(second.output.strip())["status"] == "not_due"
    status = json.loads(listed.output.strip())
    assert status["last_summary"]["roundtrips_added"] == 3
    assert status["next_run_at"].endswith("02:00:00") and not status["running"]
    assert "not-in-output" not in first.output + listed.output
    assert forced.exit_code == 0, forced.output
    assert json.loads(forced.output.splitlines()[0])["ok"] is True


def test_sync_while_another_run_holds_the_connector(
    db_url: str, tmp_path: Path
) -> None:
    """A manual ``sync`` while a scheduled run holds the lock does not start a
    second run: it says so (in Danish with --lang da) and exits 1."""
    from fleetplan.store.connector_runs import local_now
    from fleetplan.store.connector_schedule import acquire

    config = ConnectorConfig(name="sky", type="skyhost")
    engine = create_engine_for(db_url)
    assert acquire(engine, "sky", "scheduled-run", local_now(config))
    engine.dispose()
    file = tmp_path / "connectors.toml"
    assert _add(file, "sky", "--type", "skyhost").exit_code == 0
    args = ["sync", "--db", db_url, "--connectors", str(file), "--lang", "da"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    line = json.loads(result.output.splitlines()[0])
    assert line["ok"] is False and "kører lige nu" in line["error"]
