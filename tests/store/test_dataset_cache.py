"""Each process's dataset cache follows the data version in the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.data_version import bump_data_version, data_version
from fleetplan.store.dataset_cache import DatasetCache


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def fake_load(engine: object, *, with_segments: bool) -> str:
        assert with_segments is False
        calls.append(1)
        return f"load {len(calls)}"

    monkeypatch.setattr("fleetplan.store.dataset_cache.load_dataset", fake_load)
    return calls


def test_a_write_in_one_process_reloads_the_others(
    tmp_path: Path, loads: list[int]
) -> None:
    """Two caches on one database stand for two processes: ``changed()`` in one
    bumps the version, and the other reads the data again on its next call
    (without waiting for its hour-long age limit)."""
    engine = create_engine_for(f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade_database(engine)
    web = DatasetCache(engine, max_age_s=3600, check_s=0.0)
    worker = DatasetCache(engine, max_age_s=3600, check_s=0.0)
    assert (web(), worker()) == ("load 1", "load 2")
    assert (web(), worker()) == ("load 1", "load 2")  # unchanged: no reload
    before = data_version(engine)
    web.changed()
    assert data_version(engine) == before + 1
    assert worker() == "load 3"
    bump_data_version(engine)  # e.g. the CLI's import in yet another process
    assert web() == "load 4"


def test_invalidate_forgets_only_this_copy(tmp_path: Path, loads: list[int]) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade_database(engine)
    cache = DatasetCache(engine, max_age_s=3600, check_s=3600)
    assert cache() == "load 1" and cache() == "load 1"
    version = data_version(engine)
    cache.invalidate()
    assert cache() == "load 2" and data_version(engine) == version


def test_an_import_moves_the_version_and_a_dry_run_does_not(tmp_path: Path) -> None:
    """The import writes through ``write_dataset``, which moves the version in
    its own transaction (a worker's import must reach the web apps' caches)."""
    from fleetplan.store import import_path
    from tests.conftest import reference_path

    engine = create_engine_for(f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade_database(engine)
    before = data_version(engine)
    folder = reference_path("os2_fixture_seed42")
    assert not import_path(engine, folder, dry_run=True).written
    assert data_version(engine) == before
    assert import_path(engine, folder, dry_run=False).written
    assert data_version(engine) == before + 1
