"""An old copy (same data version) is read again in the background: callers
get the old copy meanwhile instead of waiting on the cache's lock."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.dataset_cache import DatasetCache


def test_an_old_copy_is_read_again_without_making_callers_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade_database(engine)
    release = threading.Event()
    loads: list[str] = []

    def slow_load(engine: object, *, with_segments: bool) -> str:
        loads.append(f"load {len(loads) + 1}")
        if len(loads) > 1:  # the re-read of the old copy takes its time
            assert release.wait(10)
        return loads[-1]

    monkeypatch.setattr("fleetplan.store.dataset_cache.load_dataset", slow_load)
    cache = DatasetCache(engine, max_age_s=0.05)
    assert cache() == "load 1"
    time.sleep(0.1)  # older than max_age_s, version unchanged
    answers: list[str] = []
    caller = threading.Thread(target=lambda: answers.append(cache()))
    caller.start()
    caller.join(2)
    assert answers == ["load 1"], "the caller waited for the re-read"
    deadline = time.monotonic() + 5
    while len(loads) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)  # the re-read has started
    assert cache() == "load 1"  # one re-read at a time, old copy meanwhile
    assert len(loads) == 2
    release.set()
    deadline = time.monotonic() + 5
    while cache() != "load 2" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cache() == "load 2"
