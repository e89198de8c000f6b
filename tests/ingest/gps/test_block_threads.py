"""The per-point passes on two threads (``block_pool``) give the one-thread
answer bit for bit on a multi-vehicle log, and the threads really share it."""

from __future__ import annotations

import os
import threading
from itertools import pairwise

import numpy as np
import polars as pl
import pytest

from fleetplan.domain import Location
from fleetplan.ingest.gps import (
    TraceOptions,
    block_pool,
    generate_trace,
    ingest_points,
    truck_days,
)
from fleetplan.ingest.gps.block_pool import run_blocks, shares
from fleetplan.ingest.gps.clean import PointArrays, _spikes
from fleetplan.ingest.gps.geo import block_bounds, cosines
from fleetplan.ingest.gps.settings import GpsSettings
from fleetplan.ingest.gps.trips import _drive

YARD = (55.70, 12.40)


@pytest.fixture(scope="module")
def points() -> pl.DataFrame:
    """Six trucks over four days, reports every 15 s to 2 min (sorted)."""
    schedule = truck_days(6, 4, seed=5)
    options = TraceOptions(sample_s=(15.0, 120.0), irregular=True)
    return generate_trace(schedule.all, {"yard": YARD}, 6, options)


def test_shares_are_consecutive_and_balanced() -> None:
    group = np.repeat(np.arange(40), np.arange(1, 41))  # runs of 1..40 points
    bounds = block_bounds(group, 50)
    for parts in (1, 2, 3):
        split = shares(bounds, parts)
        flat = [b for share in split for b in share]
        assert flat == list(pairwise(bounds))  # every block once, in order
        sizes = [sum(hi - lo for lo, hi in share) for share in split]
        assert max(sizes) - min(sizes) <= 2 * max(hi - lo for lo, hi in flat)
    assert shares([0, 0], 2) == [[], []]


def test_blocks_run_on_two_threads_into_their_own_rows() -> None:
    bounds = [0, 3, 7, 12, 20, 21]
    out = np.full(21, -1)
    threads: set[int] = set()
    barrier = threading.Barrier(2, timeout=10)

    def work(lo: int, hi: int) -> None:
        if lo in (0, 12):  # the first block of each share waits for the other
            barrier.wait()
        threads.add(threading.get_ident())
        out[lo:hi] = lo

    run_blocks(bounds, work, threads=2)
    assert len(threads) == 2
    assert out.tolist() == [lo for lo, hi in pairwise(bounds) for _ in range(lo, hi)]


def test_an_error_in_a_share_is_raised() -> None:
    def work(lo: int, hi: int) -> None:
        if lo == 12:
            raise ValueError("block 12")

    with pytest.raises(ValueError, match="block 12"):
        run_blocks([0, 3, 7, 12, 20, 21], work, threads=2)


def test_small_logs_stay_on_the_calling_thread() -> None:
    seen: set[int] = set()
    run_blocks([0, 5, 10], lambda lo, hi: seen.add(threading.get_ident()))
    assert seen == {threading.get_ident()}


@pytest.mark.parametrize("size", [100, 997])
def test_threads_give_the_one_thread_bits(points: pl.DataFrame, size: int) -> None:
    """Spikes, steps and drive flags with injected jumps and ignition offs."""
    arrays = PointArrays.of(points)
    lat = arrays.lat.copy()
    lat[np.arange(5, lat.size, 301)] += 0.3  # spikes in every block
    arrays = PointArrays(
        arrays.group, arrays.same, arrays.t_us, lat, arrays.lon, cosines(lat)
    )
    assert len(block_bounds(arrays.group, size)) > 4  # several blocks a share
    bad1, step1 = _spikes(arrays, 200.0, block_points=size, threads=1)
    bad2, step2 = _spikes(arrays, 200.0, block_points=size, threads=2)
    assert bad1.sum() > 10
    assert bad2.tobytes() == bad1.tobytes() and step2.tobytes() == step1.tobytes()
    off = (np.arange(points.height) // 3) % 17 == 0
    settings = GpsSettings()
    for ignition in (None, off):
        one = _drive(arrays, step1, ignition, settings, size, threads=1)
        two = _drive(arrays, step1, ignition, settings, size, threads=2)
        assert 0 < one.sum() < one.size
        assert two.tobytes() == one.tobytes()


def test_cosines_in_blocks_are_the_whole_arrays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lat = np.random.default_rng(7).uniform(-89.0, 89.0, 5 * 1024 + 37)
    monkeypatch.setattr("fleetplan.ingest.gps.geo.BLOCK_POINTS", 1024)
    monkeypatch.setattr(block_pool, "MIN_THREADED_POINTS", 0)
    assert cosines(lat).tobytes() == np.cos(np.radians(lat)).tobytes()


def test_ingest_on_two_threads_is_the_one_threads(
    points: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole result (roundtrips with ids, km, times, states, tallies,
    counts) with every pass threaded in small blocks, against one thread."""
    homes = dict.fromkeys(points["vehicle_id"].unique().to_list(), "yard")
    yard = [Location("yard", lat=YARD[0], lon=YARD[1])]
    monkeypatch.setattr("fleetplan.ingest.gps.clean.BLOCK_POINTS", 500)
    monkeypatch.setattr("fleetplan.ingest.gps.trips.BLOCK_POINTS", 500)
    monkeypatch.setattr(block_pool, "THREADS", 1)
    one = ingest_points(points, yard, homes)
    monkeypatch.setattr(block_pool, "THREADS", 2)
    monkeypatch.setattr(block_pool, "MIN_THREADED_POINTS", 0)
    two = ingest_points(points, yard, homes)
    assert len(one.roundtrips) > 10
    assert repr(two) == repr(one)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_gets_a_pool_of_its_own() -> None:
    """After the parent's pool thread exists, a forked child's blocks still
    run (the inherited pool has no thread: a task there would never start)."""
    run_blocks([0, 3, 7, 12, 20, 21], lambda lo, hi: None, threads=2)
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only when the threaded run returns
        done = threading.Event()

        def child() -> None:
            run_blocks([0, 3, 7, 12, 20, 21], lambda lo, hi: None, threads=2)
            done.set()

        threading.Thread(target=child, daemon=True).start()
        os._exit(0 if done.wait(10) else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
