"""Tests of the retention cut-off."""

from __future__ import annotations

from datetime import datetime

import pytest

from fleetplan.domain import Roundtrip
from fleetplan.ingest.gps import expired, retention_cutoff


def test_default_is_24_months() -> None:
    assert retention_cutoff(datetime(2026, 11, 24, 3, 0)) == datetime(
        2024, 11, 24, 3, 0
    )


def test_month_end_is_clamped() -> None:
    """31 March minus one month: February 2026 has 28 days."""
    assert retention_cutoff(datetime(2026, 3, 31), 1) == datetime(2026, 2, 28)


def test_across_a_year() -> None:
    """January 2026 minus 13 months is December 2024."""
    assert retention_cutoff(datetime(2026, 1, 15), 13) == datetime(2024, 12, 15)


def test_negative_months_rejected() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        retention_cutoff(datetime(2026, 1, 1), -1)


def test_expired_roundtrips() -> None:
    old = Roundtrip("a", "v", "l", datetime(2024, 1, 1), datetime(2024, 1, 1, 2), 5.0)
    new = Roundtrip("b", "v", "l", datetime(2025, 1, 1), datetime(2025, 1, 1, 2), 5.0)
    assert expired([old, new], datetime(2026, 11, 24)) == [old]
