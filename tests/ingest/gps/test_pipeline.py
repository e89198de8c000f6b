"""Tests of the point pipeline across runs."""

from __future__ import annotations

import polars as pl

from fleetplan.ingest.gps import ingest_points
from tests.ingest.gps.helpers import HOME, at, drive, park, points_frame

HOMES = {"v": "home"}


def _day() -> pl.DataFrame:
    """Parked at home until minute 30; reports once a minute; 600 m out by minute
    31; 5 km out at 38; parked there until 60; back home at 68; parked after."""
    rows = (
        park("v", -1, 31, 0)
        + drive("v", 30, 38, 0, 5_000, step_s=60)[1:]
        + park("v", 38, 60, 5_000)
        + drive("v", 60, 68, 5_000, 0, step_s=60)
        + park("v", 68, 90, 0)
    )
    return points_frame(rows)


def test_a_batch_that_ends_parked_at_home_hands_home_to_the_next() -> None:
    """Run 1 ends at minute 30, parked at home. Run 2's first point (minute 31) is
    already 625 m away, beyond the 150 m radius, yet the roundtrip starts at home
    because the state says the vehicle was parked there."""
    points = _day()
    first = ingest_points(points.filter(pl.col("time") <= at(30)), [HOME], HOMES)
    assert first.states["v"]["parked_home"] == "home"
    second = ingest_points(points, [HOME], HOMES, first.states)
    (rt,) = second.roundtrips
    assert rt.start_time == at(31)
    fresh = ingest_points(points.filter(pl.col("time") > at(30)), [HOME], HOMES)
    assert fresh.roundtrips == ()


def test_split_mid_roundtrip_equals_one_run() -> None:
    points = _day()
    whole = ingest_points(points, [HOME], HOMES)
    first = ingest_points(points.filter(pl.col("time") <= at(50)), [HOME], HOMES)
    second = ingest_points(points, [HOME], HOMES, first.states)
    assert first.roundtrips == ()
    assert second.roundtrips == whole.roundtrips
    assert len(whole.roundtrips) == 1
