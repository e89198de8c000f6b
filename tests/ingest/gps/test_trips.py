"""Tests of splitting points into trips."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from fleetplan.ingest.gps import GpsSettings, clean_points, points_to_trips
from tests.ingest.gps.helpers import at, drive, park, points_frame

SETTINGS = GpsSettings()


def _trips(frame: pl.DataFrame) -> pl.DataFrame:
    cleaned, _ = clean_points(frame)
    return points_to_trips(cleaned, SETTINGS)


def _out_and_back(step_min: float = 1.0) -> list[tuple[str, float, float, float]]:
    """Parked at home 0-30 min, 2 km east 30-34, parked 34-50, back 50-54, parked."""
    return (
        park("v", -1, 30, 0, step_min)
        + drive("v", 30, 34, 0, 2_000)
        + park("v", 34, 50, 2_000, step_min)
        + drive("v", 50, 54, 2_000, 0)
        + park("v", 54, 70, 0, step_min)
    )


def test_out_and_back_gives_two_trips_of_2_km() -> None:
    """Each drive is a straight 2,000 m sampled every 10 s: haversine sum 2.0 km."""
    trips = _trips(points_frame(_out_and_back()))
    assert trips.height == 2
    assert trips["distance_km"].to_list() == pytest.approx([2.0, 2.0], rel=5e-3)
    # the moving window blurs the ends by at most a window (60 s) plus one report
    for got, want in zip(trips["start_time"], [at(30), at(50)], strict=True):
        assert abs((got - want).total_seconds()) <= 120
    for got, want in zip(trips["end_time"], [at(34), at(54)], strict=True):
        assert abs((got - want).total_seconds()) <= 120


def test_stop_without_reports_splits() -> None:
    """No reports while parked (device off): the 16 min gap at one place is a stop."""
    rows = drive("v", 30, 34, 0, 2_000) + drive("v", 50, 54, 2_000, 0)
    trips = _trips(points_frame(rows))
    assert trips.height == 2


def test_short_halt_stays_inside_the_trip() -> None:
    """A 90 s halt (< 180 s) with reports every 10 s is a traffic light, not a stop."""
    rows = (
        drive("v", 0, 4, 0, 2_000)
        + [("v", 4 + k / 6, 2_000, 0) for k in range(1, 9)]
        + drive("v", 5.5, 9.5, 2_000, 4_000)
    )
    trips = _trips(points_frame(rows))
    assert trips.height == 1
    assert trips["distance_km"][0] == pytest.approx(4.0, rel=5e-3)


def test_ignition_off_splits_even_a_short_halt() -> None:
    """The same 90 s halt with the ignition off splits the drive in two trips."""
    first = drive("v", 0, 4, 0, 2_000)
    halt = [("v", 4 + k / 6, 2_000, 0) for k in range(1, 9)]
    second = drive("v", 5.5, 9.5, 2_000, 4_000)
    ignition = [1] * (len(first) - 1) + [0] + [0] * len(halt) + [1] * len(second)
    trips = _trips(points_frame(first + halt + second, ignition=ignition))
    assert trips.height == 2


def test_odometer_beats_the_track() -> None:
    """The odometer says 2.5 km for a 2 km straight line (a winding road)."""
    rows = (
        park("v", -1, 30, 0) + drive("v", 30, 34, 0, 2_000) + park("v", 34, 60, 2_000)
    )
    n_before = len(park("v", -1, 30, 0))
    n_drive = len(drive("v", 30, 34, 0, 2_000))
    odo = (
        [100.0] * n_before
        + list(np.linspace(100.0, 102.5, n_drive))
        + [102.5] * (len(rows) - n_before - n_drive)
    )
    trips = _trips(points_frame(rows, odometer_km=odo))
    assert trips.height == 1
    assert trips["distance_km"][0] == pytest.approx(2.5)


def test_tunnel_gap_is_still_driving() -> None:
    """6 km in 10 min with no signal from minute 3 to 8 (300 s > 180 s): the gap
    covers 3 km in 5 min = 36 km/h >= 10 km/h, so it is driving, one trip of 6 km."""
    rows = [r for r in drive("v", 0, 10, 0, 6_000) if not 3 < r[1] < 8]
    trips = _trips(points_frame(rows))
    assert trips.height == 1
    assert trips["distance_km"][0] == pytest.approx(6.0, rel=5e-3)


def test_drift_at_home_is_not_a_trip() -> None:
    """An hour parked with reports every 10 s scattered up to 40 m: no trips."""
    rng = np.random.default_rng(3)
    rows = [
        ("v", k / 6, float(rng.uniform(-40, 40)), float(rng.uniform(-40, 40)))
        for k in range(360)
    ]
    assert _trips(points_frame(rows)).height == 0


def test_vehicles_are_split_apart() -> None:
    """Two vehicles back to back in the frame never share a trip."""
    rows = drive("a", 0, 4, 0, 2_000) + drive("b", 0, 4, 5_000, 7_000)
    trips = _trips(points_frame(rows))
    assert trips["vehicle_id"].to_list() == ["a", "b"]
    assert trips["distance_km"].to_list() == pytest.approx([2.0, 2.0], rel=5e-3)
