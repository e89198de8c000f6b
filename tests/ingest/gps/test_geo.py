"""Tests of the distance helpers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fleetplan.ingest.gps.geo import haversine_m, offset_deg


def test_one_degree_of_latitude() -> None:
    """1° along a meridian = R·π/180 = 6,371,008.8 × 0.01745329 = 111,195.08 m."""
    assert haversine_m(55.0, 10.0, 56.0, 10.0) == pytest.approx(111_195.08, abs=0.05)


def test_one_degree_of_longitude_at_60_north() -> None:
    """At 60° a degree of longitude is about cos 60° = half of 111,195 m = 55,597 m
    (the great circle is a little shorter than the parallel: 55,596 m)."""
    d = float(haversine_m(60.0, 10.0, 60.0, 11.0))
    assert 55_590 < d < 55_598


@given(
    east=st.floats(-5_000, 5_000),
    north=st.floats(-5_000, 5_000),
    lat0=st.floats(-70, 70),
)
def test_offset_then_distance_round_trips(
    east: float, north: float, lat0: float
) -> None:
    """Moving by (east, north) metres lands at distance hypot(east, north) (±0.5 %)."""
    lat, lon = offset_deg(lat0, 10.0, np.array([east]), np.array([north]))
    d = float(haversine_m(lat0, 10.0, lat, lon)[0])
    assert d == pytest.approx(np.hypot(east, north), rel=5e-3, abs=0.01)
