"""Tests of home suggestions from long stays."""

from __future__ import annotations

import pytest

from fleetplan.ingest.gps import suggest_homes
from tests.ingest.gps.helpers import HOME, drive, park, points_frame


def test_long_stays_rank_first() -> None:
    """Vans a and b report every 10 min from minute 9, leave the depot (east 0) at
    minute 600, are back at 670 and report until minute 1,260; van c waits at east
    3,000 m from minute 9 to 180 and drives off. Stays >= 2 h:
    a, b: (600 - 9) / 60 = 9.85 h before + (1,260 - 670) / 60 = 9.83 h after, so the
    depot scores 2 × 19.68 = 39.37 h with 2 vans; c scores (180 - 9) / 60 = 2.85 h.
    The 1 h halt at the far end is too short to count."""
    rows = []
    for van in ("a", "b"):
        rows += (
            park(van, -1, 600, 0, step_min=10)
            + drive(van, 600, 605, 0, 2_000)
            + park(van, 605, 665, 2_000, step_min=10)
            + drive(van, 665, 670, 2_000, 0)
            + park(van, 670, 1_270, 0, step_min=10)
        )
    rows += park("c", -1, 180, 3_000, step_min=10) + drive("c", 180, 185, 3_000, 5_000)
    best, second = suggest_homes(points_frame(rows), [HOME], top=2)
    assert best.vehicles == 2
    assert best.stay_h == pytest.approx(39.37, abs=0.05)
    assert best.nearest_location_id == "home" and best.distance_m < 20
    assert second.vehicles == 1
    assert second.distance_m == pytest.approx(3_000, rel=0.01)
    assert second.stay_h == pytest.approx(2.85, abs=0.05)


def test_no_points_no_suggestions() -> None:
    assert suggest_homes(points_frame([])) == []
