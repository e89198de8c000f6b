"""The analytics benchmark's builders run at a tiny size, so the script cannot rot."""

from __future__ import annotations

from datetime import datetime, timedelta

from benchmarks.analytics_bench import as_roundtrips, baseline_sweep, synthetic_year

from fleetplan.analytics import concurrency_steps, peak_concurrency
from fleetplan.domain import Period


def test_tiny_synthetic_year_agrees_with_the_baseline() -> None:
    """The merged sweep never exceeds the raw event count (which counts a vehicle's
    own overlapping trips twice), and the report equals the array sweep."""
    vehicle, start, end = synthetic_year(vehicles=4, days=3)
    _, levels = concurrency_steps(vehicle, start, end)
    assert 0 < levels.max() <= baseline_sweep(start, end)
    origin = datetime(2026, 1, 1)
    report = peak_concurrency(
        as_roundtrips(vehicle, start, end), Period(origin, origin + timedelta(days=4))
    )
    assert report.overall.max_concurrent == levels.max()
