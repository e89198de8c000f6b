"""Tests of the distance helpers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fleetplan.ingest.gps.geo import haversine_m, offset_deg, step_m, step_m_between


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


def test_step_between_is_step_m_bit_for_bit() -> None:
    """The buffered gather-and-measure gives step_m's very bits."""
    rng = np.random.default_rng(7)
    lat = 55.0 + rng.random(500)
    lon = 12.0 + rng.random(500)
    cos = np.cos(np.radians(lat))
    i, j = rng.integers(0, 500, 300), rng.integers(0, 500, 300)
    out, spare, scratch = np.empty(300), np.empty(300), np.empty(300)
    got = step_m_between(lat, lon, cos, i, j, out, spare, scratch)
    want = step_m(lat[i], lon[i], lat[j], lon[j], cos[i])
    assert got is out
    assert np.array_equal(got.view(np.int64), want.view(np.int64))
