"""Tests of precision per location and the candidate parking point dry run."""

from __future__ import annotations

import pytest

from fleetplan.domain import ParkingPoint
from fleetplan.ingest.gps import KmTally, precision_by_location, test_parking_point
from tests.ingest.gps.helpers import HOME, drive, park, points_frame, position


def test_precision_by_location_sums_vehicles() -> None:
    """Location a: complete 10 + 30 = 40, incomplete 10 + 0 = 10 -> 40 / 50 = 0.8."""
    tallies = [
        KmTally("v1", "a", 10.0, 10.0, 0.0),
        KmTally("v2", "a", 30.0, 0.0, 5.0),
        KmTally("v3", "b", 0.0, 0.0, 0.0),
    ]
    by_location = precision_by_location(tallies)
    assert by_location["a"].precision == pytest.approx(0.8)
    assert by_location["a"].open_km == 5.0
    assert by_location["b"].precision is None


def test_candidate_parking_point_shows_the_gain_before_saving() -> None:
    """The van parks 600 m east of the location point, where nothing is registered:
    both of its roundtrips are incomplete (precision 0). With a parking point there
    they are complete (precision 1) and the location itself is unchanged."""
    rows = (
        park("v", -1, 30, 600)
        + drive("v", 30, 36, 600, 5_000)
        + park("v", 36, 60, 5_000)
        + drive("v", 60, 66, 5_000, 600)
        + park("v", 66, 120, 600)
        + drive("v", 120, 126, 600, 4_000)
        + park("v", 126, 150, 4_000)
        + drive("v", 150, 156, 4_000, 600)
        + park("v", 156, 200, 600)
    )
    lat, lon = position(600)
    trial = test_parking_point(points_frame(rows), HOME, ParkingPoint(lat, lon, "yard"))
    assert trial.before == 0.0
    assert trial.after == 1.0
    assert trial.gain == 1.0
    assert (trial.roundtrips_before, trial.roundtrips_after) == (0, 2)
    assert trial.after_by_vehicle == {"v": 1.0}
    assert HOME.parking_points == ()
