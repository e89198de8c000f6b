"""Tests of the synthetic trace generator."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from fleetplan.domain import Roundtrip, Segment
from fleetplan.ingest.gps import TraceOptions, generate_trace
from fleetplan.ingest.gps.geo import haversine_m

START = datetime(2026, 3, 2, 8)
HOMES = {"h": (56.0, 10.0)}


def _roundtrip() -> Roundtrip:
    segments = (
        Segment(START, START + timedelta(minutes=30), 20.0),
        Segment(START + timedelta(minutes=50), START + timedelta(minutes=80), 20.0),
    )
    return Roundtrip("1", "v", "h", START, segments[-1].end_time, 40.0, segments)


def test_same_seed_same_trace() -> None:
    a = generate_trace([_roundtrip()], HOMES, seed=4)
    b = generate_trace([_roundtrip()], HOMES, seed=4)
    c = generate_trace([_roundtrip()], HOMES, seed=5)
    assert a.equals(b)
    assert not a.equals(c)


def test_driving_samples_and_length() -> None:
    """Noise-free, no tunnels: the points of the first segment lie on a 20 km path
    sampled every 1-30 s, so the track sums to 20 km less what sampling cuts off
    the detour's one sharp turn: at most one step, 40 km/h × 30 s = 333 m, so
    within 2 % (it is 0.3 % here)."""
    options = TraceOptions(noise_m=0.0, tunnel_probability=0.0, odometer=True)
    points = generate_trace([_roundtrip()], HOMES, seed=1, options=options)
    seg = points.filter(points["time"] <= START + timedelta(minutes=30))
    lat, lon = seg["lat"].to_numpy(), seg["lon"].to_numpy()
    track_km = haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:]).sum() / 1000
    assert 20.0 * 0.98 <= track_km <= 20.0
    steps = np.diff(seg["time"].dt.epoch("us").to_numpy()) / 1e6
    assert steps[:-1].min() >= 1.0 and steps.max() <= 30.0
    odo = seg["odometer_km"].to_numpy()
    assert odo[-1] - odo[0] == pytest.approx(20.0)


def test_parked_at_home_stays_near_home() -> None:
    """After the roundtrip it parks at its bay: within 100 m of the home point."""
    points = generate_trace([_roundtrip()], HOMES, seed=2)
    parked = points.filter(points["time"] > START + timedelta(minutes=81))
    assert parked.height > 0
    d = haversine_m(parked["lat"].to_numpy(), parked["lon"].to_numpy(), 56.0, 10.0)
    assert d.max() < 100
