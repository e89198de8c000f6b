"""Synthetic fleets for benchmarks: shape like the reference synth sets, scale, seed."""

from __future__ import annotations

import statistics
from datetime import date

import pytest

from fleetplan.demo import build_synthetic_dataset
from fleetplan.demo.synthetic import model_counts
from tests.demo.helpers import overlapping_pairs, segment_problems


def test_model_counts_largest_remainder() -> None:
    """50 -> the reference mix 8/10/5/15/12; 7 -> exact 1.12/1.4/0.7/2.1/1.68, floors
    1/1/0/2/1, the two largest remainders (0.7, 0.68) get one more: 1/1/1/2/2."""
    assert [c for _, c in model_counts(50)] == [8, 10, 5, 15, 12]
    assert [c for _, c in model_counts(7)] == [1, 1, 1, 2, 2]
    assert sum(c for _, c in model_counts(1_234)) == 1_234


def test_shape_like_reference_synth_50v_60d() -> None:
    """Same mix, 4 candidates, office hours, about 1.4-2.0 trips per vehicle-day."""
    data = build_synthetic_dataset(50, 60, seed=50, start=date(2026, 3, 2))
    assert len(data.current_vehicles) == 50
    names = [v.name for v in data.candidate_vehicles]
    assert names == [
        "Principia Citybike",
        "Kalkhoff Endeavour E-bike",
        "Hyundai Kona Electric 64 kWh",
        "MG MG4 Electric 64 kWh",
    ]
    per_vehicle_day = len(data.roundtrips) / (50 * 60)
    assert 1.4 <= per_vehicle_day <= 2.0
    km = [r.distance_km for r in data.roundtrips]
    assert 22 <= statistics.median(km) <= 38
    assert all(r.start_time.hour >= 7 and r.end_time.hour < 18 for r in data.roundtrips)
    weekday = sum(r.start_time.weekday() < 5 for r in data.roundtrips)
    assert weekday / len(data.roundtrips) > 0.8
    assert overlapping_pairs(data) == []
    assert segment_problems(data) == []
    assert statistics.mean(len(r.segments) for r in data.roundtrips) == pytest.approx(
        2.35, abs=0.15
    )
    assert data.meta["period"]["days"] == 60


def test_deterministic_and_seed_sensitive() -> None:
    a = build_synthetic_dataset(12, 10, seed=3)
    assert build_synthetic_dataset(12, 10, seed=3) == a
    assert build_synthetic_dataset(12, 10, seed=4).roundtrips != a.roundtrips


def test_counts_scale_and_locations_round_robin() -> None:
    small = build_synthetic_dataset(20, 14, seed=5, with_segments=False)
    big = build_synthetic_dataset(80, 28, seed=5, locations=3, with_segments=False)
    assert len(big.current_vehicles) == 80 and len(big.candidate_vehicles) == 4
    ratio = len(big.roundtrips) / len(small.roundtrips)
    assert 6.5 <= ratio <= 9.5  # 4 x vehicles x 2 x days = 8
    assert all(not r.segments for r in big.roundtrips)
    assert [loc.location_id for loc in big.locations] == ["1", "2", "3"]
    home = {v.vehicle_id: v.location_id for v in big.current_vehicles}
    assert all(r.location_id == home[r.vehicle_id] for r in big.roundtrips)
    assert {v.location_id for v in big.current_vehicles} == {"1", "2", "3"}
    assert overlapping_pairs(big) == []


def test_rejects_empty_sizes() -> None:
    with pytest.raises(ValueError, match="must be >= 1"):
        build_synthetic_dataset(0, 10)
