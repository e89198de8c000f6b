"""The demo municipality, built once per test session (about 1 s)."""

from __future__ import annotations

import pytest

from fleetplan.demo import build_demo_dataset
from fleetplan.domain import Dataset


@pytest.fixture(scope="session")
def demo() -> Dataset:
    return build_demo_dataset()
