"""``fleetplan worker``'s options reach ``jobs.service.run_worker`` (the
worker itself is started by the service tests)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from fleetplan.cli import app
from fleetplan.jobs import priority, service
from fleetplan.jobs.component_tasks import MIN_TRIPS_ENV

URL = "postgresql+psycopg://fleet@db.invalid/fleet"


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Any, ...]]]:
    """The arguments ``run_worker`` got; the test process keeps its priority
    and logging."""
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(service, "run_worker", lambda *args: calls.append(args))
    monkeypatch.setattr(priority, "lower_process_priority", lambda nice: nice)
    monkeypatch.setattr(logging, "basicConfig", lambda **kwargs: None)
    monkeypatch.delenv(MIN_TRIPS_ENV, raising=False)
    level = logging.getLogger("fleetplan").level
    yield calls
    logging.getLogger("fleetplan").setLevel(level)


def _worker(*args: str) -> Any:
    return CliRunner().invoke(app, ["worker", "--db", URL, *args])


def test_simulation_parts_min_trips_option_is_passed_on(
    started: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The option wins over the environment variable."""
    monkeypatch.setenv(MIN_TRIPS_ENV, "20000")
    result = _worker("--simulation-parts-min-trips", "5000", "--name", "w1")
    assert result.exit_code == 0, result.output
    assert started == [(URL, 1, "w1", 5000)]


@pytest.mark.parametrize(("env", "expected"), [(None, 0), ("20000", 20000)])
def test_simulation_parts_min_trips_defaults_to_the_environment(
    started: list[tuple[Any, ...]],
    monkeypatch: pytest.MonkeyPatch,
    env: str | None,
    expected: int,
) -> None:
    """Without the option: FLEETPLAN_SIMULATION_PARTS_MIN_TRIPS, unset = 0
    (a simulation never goes to the workers)."""
    if env is not None:
        monkeypatch.setenv(MIN_TRIPS_ENV, env)
    result = _worker("--concurrency", "2")
    assert result.exit_code == 0, result.output
    assert started == [(URL, 2, None, expected)]


def test_negative_simulation_parts_min_trips_is_refused(
    started: list[tuple[Any, ...]],
) -> None:
    result = _worker("--simulation-parts-min-trips", "-1")
    assert result.exit_code == 2
    assert started == []
