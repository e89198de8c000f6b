"""App wiring: secret key file, dataset cache, services on a migrated database."""

from __future__ import annotations

import stat
from pathlib import Path

from fleetplan.web.server import (
    SECRET_FILE,
    DatasetCache,
    build_services,
    load_or_create_secret,
    secret_path_for,
)


def test_secret_is_created_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / SECRET_FILE
    first = load_or_create_secret(path)
    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == first


def test_secret_path_next_to_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert secret_path_for(url) == tmp_path / SECRET_FILE
    assert secret_path_for("postgresql://u@h/db") == Path.cwd() / SECRET_FILE


def test_build_services_on_fresh_database(tmp_path: Path) -> None:
    services = build_services(f"sqlite:///{tmp_path / 'app.sqlite'}")
    try:
        assert (tmp_path / SECRET_FILE).exists()
        assert services.users.list() == []
        assert services.load_dataset().vehicles == ()
        assert "dataset.summary" in services.job_kinds
    finally:
        services.jobs.shutdown()


def test_dataset_cache_reloads_after_invalidate(tmp_path: Path, monkeypatch) -> None:
    calls: list[int] = []

    def fake_load(engine: object, *, with_segments: bool) -> str:
        assert with_segments is False
        calls.append(1)
        return f"load {len(calls)}"

    monkeypatch.setattr("fleetplan.web.server.load_dataset", fake_load)
    cache = DatasetCache(engine=None, max_age_s=3600)  # type: ignore[arg-type]
    assert cache() == "load 1" and cache() == "load 1"
    cache.invalidate()
    assert cache() == "load 2"
