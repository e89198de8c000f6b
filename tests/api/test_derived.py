"""Values derived from a dataset copy: computed once per copy and key."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fleetplan.api import derived as derived_module
from fleetplan.api.derived import MAX_DATASETS, derived
from fleetplan.domain import Dataset


def _copy() -> Dataset:
    return Dataset(locations=(), vehicles=(), roundtrips=(), meta={})


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    derived_module.clear()
    yield
    derived_module.clear()


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_once_per_copy_and_key() -> None:
    data, count = _copy(), Counter()
    assert derived(data, "a", count) == 1
    assert derived(data, "a", count) == 1
    assert derived(data, "b", count) == 2  # another key
    assert count.calls == 2


def test_an_equal_but_new_copy_is_computed_again() -> None:
    """A reload (a new object, maybe with other data) never gets the old value."""
    first, second, count = _copy(), _copy(), Counter()
    assert first == second
    derived(first, "a", count)
    assert derived(second, "a", count) == 2


def test_only_the_newest_copies_are_kept() -> None:
    copies, count = [_copy() for _ in range(MAX_DATASETS + 1)], Counter()
    for data in copies:
        derived(data, "a", count)
    assert len(derived_module._values) == MAX_DATASETS
    derived(copies[-1], "a", count)
    assert count.calls == MAX_DATASETS + 1  # the newest still remembered
    derived(copies[0], "a", count)
    assert count.calls == MAX_DATASETS + 2  # the oldest was dropped
