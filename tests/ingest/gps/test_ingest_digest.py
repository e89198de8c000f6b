"""The whole ingest of generated truck logs, bit for bit as before the eighth
speed pass: the reader's frame and warnings and every field of the
``IngestResult`` (roundtrips with ids and segments, km, times, states, tallies,
counts) are digested from their ``repr`` (floats written exactly) and compared
with digests computed by the code of 94792a9, before that pass changed how
roundtrips and cleaned points are built. A changed digest means a changed
answer: find which field with ``DIGEST_DEBUG=1``, which prints the reprs' ends.
"""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from fleetplan.domain import Location
from fleetplan.ingest.gps import (
    GpsSettings,
    TraceOptions,
    generate_trace,
    ingest_points,
    read_gps_file,
    truck_days,
)
from fleetplan.ingest.gps.truck_days import MILES_PER_KM

YARD = (55.70, 12.40)
DEPOT = Location("depot", lat=55.75, lon=12.50)
TRUCKS = TraceOptions(
    sample_s=(15.0, 120.0),
    irregular=True,
    report_parked=False,
    odometer=True,
    odometer_per_km=MILES_PER_KM,
    ignition=True,
)
# sha256 of the reprs, from 94792a9 (run this file there with DIGEST_PRINT=1)
EXPECTED = {
    "plain": "bf4f37e1d65c5314a4cd4015abfea5e8c73be27e25d4bcdb1b9d5e176032dbda",
    "dirty": "1775aeff1f431bb41d243b0f7249b5e8ecb9c6e61ff63e2dd1103a163c2a0cea",
    "two_runs": "8c5d8cf25d5a458c27dc68b38890d77d91f6c900f55081fed1d425d12c5a3870",
    "flag": "4429e94786b0040a8ff2c6daabd44d87f4894554d9b60e79ba1c6ebcf5820d31",
}


@pytest.fixture(scope="module")
def trace() -> pl.DataFrame:
    """20 trucks over 30 days: about 70,000 points, so the per-point passes run
    in several blocks on two threads."""
    schedule = truck_days(20, 30, seed=11)
    return generate_trace(schedule.all, {"yard": YARD}, seed=12, options=TRUCKS)


def _dirty(points: pl.DataFrame) -> pl.DataFrame:
    """Duplicates, spikes, ignition offs and nulls, and the rows shuffled."""
    rng = np.random.default_rng(13)
    n = points.height
    spikes = rng.choice(n, 300, replace=False)
    lat = points["lat"].to_numpy().copy()
    lat[spikes] += 0.05  # 5.5 km off for one report
    off = rng.random(n) < 0.02
    ignition = pl.Series(np.where(off, 0, 1)).cast(pl.Int8)
    ignition = ignition.scatter(rng.choice(n, 500, replace=False), None)
    dirty = points.with_columns(pl.Series("lat", lat), ignition.alias("ignition"))
    twins = dirty[rng.choice(n, 400, replace=False).tolist()]
    both = pl.concat([dirty, twins])
    return both[rng.permutation(both.height).tolist()]


def _write(points: pl.DataFrame, folder: Path, name: str) -> Path:
    path = folder / f"{name}.csv"
    points.write_csv(path, datetime_format="%Y-%m-%dT%H:%M:%S", float_precision=6)
    return path


def _run(
    path: Path,
    states: dict[str, Any] | None = None,
    settings: GpsSettings | None = None,
) -> tuple[str, Any]:
    read = read_gps_file(path)
    homes = dict.fromkeys(read.frame["vehicle_id"].unique().to_list(), "yard")
    yard = Location("yard", lat=YARD[0], lon=YARD[1])
    result = ingest_points(read.frame, [yard, DEPOT], homes, states, settings)
    return f"{read.kind}|{read.warnings!r}|{result!r}", result


def _check(name: str, text: str) -> None:
    digest = hashlib.sha256(text.encode()).hexdigest()
    if os.environ.get("DIGEST_PRINT"):
        print(f'    "{name}": "{digest}",')
        return
    if os.environ.get("DIGEST_DEBUG"):
        print(name, len(text), text[:2000], text[-2000:])
    assert digest == EXPECTED[name], name


def test_plain_and_dirty_logs(trace: pl.DataFrame, tmp_path: Path) -> None:
    assert trace.height > 65_536  # several blocks, on two threads
    text, result = _run(_write(trace, tmp_path, "plain"))
    assert len(result.roundtrips) > 500 and result.odometer.units == {"miles": 20}
    _check("plain", text)
    text, result = _run(_write(_dirty(trace), tmp_path, "dirty"))
    assert result.clean is not None
    assert result.clean.duplicate >= 400 and result.clean.speed_jump >= 150
    _check("dirty", text)


def test_two_runs_and_other_settings(trace: pl.DataFrame, tmp_path: Path) -> None:
    """A log ingested in two halves (open roundtrips and states carried over,
    so some vehicles are replayed trip by trip) with stops over 15 min
    splitting roundtrips, and such stops only flagged with no shortest
    roundtrip."""
    middle = trace["time"].min().replace(hour=10, minute=0) + timedelta(days=15)
    first = _write(trace.filter(pl.col("time") <= middle), tmp_path, "first")
    second = _write(trace.filter(pl.col("time") > middle), tmp_path, "second")
    split = GpsSettings(max_gap_h=0.25)
    text_1, result_1 = _run(first, settings=split)
    text_2, _ = _run(second, result_1.states, split)
    assert result_1.gaps_split > 0
    assert any(s.get("open") for s in result_1.states.values())
    _check("two_runs", text_1 + text_2)
    settings = GpsSettings(
        gap_action="flag", max_gap_h=0.25, min_roundtrip_min=0, min_roundtrip_km=0
    )
    text, result = _run(_write(trace, tmp_path, "flag"), settings=settings)
    assert result.gaps_flagged > 0
    _check("flag", text)
