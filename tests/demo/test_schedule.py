"""Jobs and their greedy assignment within a group."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.demo.schedule import Job, assign, make_job


def test_make_job_caps_km_by_speed() -> None:
    """60 min at 40 km/h allows 40 x 0.85 = 34 km; 0.1 km is raised to 0.5 km."""
    rng = np.random.default_rng(0)
    job = make_job(rng, 86_400, 480, 60, 100.0, 3, 40)
    assert job.distance_km == 34.0
    assert 86_400 + 480 * 60 <= job.start_s < 86_400 + 480 * 60 + 60
    assert job.duration_s == 3_600
    assert make_job(rng, 0, 0, 60, 0.1, 0, 40).distance_km == 0.5
    assert make_job(rng, 0, 0, 60, 0.1, 0, 40).legs == 1


def test_assign_respects_turnaround_and_drops() -> None:
    """One car: job 0-3600 s, job at 3900 (< 600 s turnaround) dropped, 4200 fits."""
    jobs = [Job(0, 3_600, 5.0, 1, 30), Job(3_900, 600, 5.0, 1, 30),
            Job(4_200, 600, 5.0, 1, 30)]  # fmt: skip
    out, dropped = assign(jobs, [7], np.random.default_rng(0))
    assert dropped == 1
    assert [(v, j.start_s) for v, j in out] == [(7, 0), (7, 4_200)]


def test_assign_cutoff_stops_a_vehicle() -> None:
    jobs = [Job(0, 60, 1.0, 1, 30), Job(10_000, 60, 1.0, 1, 30)]
    out, dropped = assign(
        jobs, [1], np.random.default_rng(0), active_until_s={1: 5_000}
    )
    assert [j.start_s for _, j in out] == [0] and dropped == 1


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 20_000), st.integers(60, 5_000)),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 5),
    st.integers(0, 10**6),
)
def test_assigned_jobs_never_overlap(
    spans: list[tuple[int, int]], cars: int, seed: int
) -> None:
    """Property: per vehicle, each job starts >= turnaround after the previous end."""
    jobs = [Job(s, d, 1.0, 1, 30) for s, d in spans]
    out, dropped = assign(jobs, list(range(cars)), np.random.default_rng(seed))
    assert len(out) + dropped == len(jobs)
    last_end: dict[int, int] = {}
    for vehicle, job in out:
        assert job.start_s >= last_end.get(vehicle, -(10**9)) + 600
        last_end[vehicle] = job.start_s + job.duration_s
