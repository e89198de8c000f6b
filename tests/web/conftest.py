"""Shared set-up of the web tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nicegui.slot import Slot


@pytest.fixture(autouse=True)
def _no_dead_slots() -> Iterator[None]:
    """Drop slots whose element is gone from NiceGUI's slot stacks before a test.

    NiceGUI keeps one slot stack per asyncio task (the plain test thread has one
    too); a test whose page was torn down while one of its slots was still on
    that stack leaves it behind, and the next ``Client(...)`` in the same thread
    then fails with "The parent element this slot belongs to has been deleted"
    (``test_import_panel`` after some page tests). A slot without its element can
    never be used again, so dropping it changes nothing else."""
    for stack in Slot.stacks.values():
        stack[:] = [slot for slot in stack if slot._parent() is not None]
    yield
