"""``lasting_objects``: the collector paused and left as found, the objects
built inside moved to the oldest generation without a collection."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from fleetplan.domain import Segment
from fleetplan.ingest.gps.gc_pause import lasting_objects
from tests.ingest.gps.helpers import T0


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generations of the collections that run meanwhile."""
    seen: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)


def _build(n: int) -> list[tuple[Segment]]:
    return [(Segment(T0, T0, float(i)),) for i in range(n)]


def test_no_collection_over_what_is_built(collections: list[int]) -> None:
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.collect()
    collections.clear()
    with lasting_objects():
        assert not gc.isenabled()
        built = _build(20_000)  # 40,000 tracked objects: ~57 × the threshold
    assert gc.isenabled() and gc.get_freeze_count() == 0
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert not any(id(t) in young or id(t[0]) in young for t in built)
    assert gc.get_count()[0] < 10  # no collection pending for them
    _build(100)  # a few young objects more start none either
    assert collections == []
    old = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(t) in old and id(t[0]) in old for t in built)


def test_without_it_the_collector_goes_over_them(collections: list[int]) -> None:
    """The baseline: a plain pause only defers the collection."""
    gc.collect()
    collections.clear()
    gc.disable()
    try:
        built = _build(20_000)
    finally:
        gc.enable()
    _build(1)
    assert collections[:1] == [0]
    assert built


def test_left_disabled_when_found_disabled(collections: list[int]) -> None:
    gc.disable()
    try:
        with lasting_objects():
            built = _build(2_000)
        assert not gc.isenabled()
        young = {id(o) for o in gc.get_objects(generation=0)}
        assert id(built[0]) in young  # nothing moved: not ours to decide
    finally:
        gc.enable()


def test_others_frozen_objects_stay_frozen() -> None:
    # the count alone is no test: frozen objects of other tests may die meanwhile
    mine = [object()]  # a tracked container, frozen with the rest
    gc.freeze()
    try:
        with lasting_objects():
            _build(2_000)
        assert gc.get_freeze_count() > 0 and gc.isenabled()
        assert all(o is not mine for o in gc.get_objects())  # still frozen
    finally:
        gc.unfreeze()
    assert any(o is mine for o in gc.get_objects(generation=2))


def test_state_restored_on_an_exception() -> None:
    built: list[tuple[Segment]] = []
    with pytest.raises(RuntimeError), lasting_objects():
        built.extend(_build(2_000))
        raise RuntimeError("in the build")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    old = {id(o) for o in gc.get_objects(generation=2)}
    assert id(built[0]) not in old  # left to the ordinary collections
    gc.disable()
    try:
        with pytest.raises(RuntimeError), lasting_objects():
            raise RuntimeError("in the build")
        assert not gc.isenabled()
    finally:
        gc.enable()
