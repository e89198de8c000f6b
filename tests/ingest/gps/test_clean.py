"""Tests of point cleaning: each rule drops exactly the bad points."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import polars as pl
import pytest

from fleetplan.ingest.gps import POINT_SCHEMA, clean_points, point_rows
from fleetplan.ingest.gps.point_rows import VALID, valid_rows, without_rows
from tests.ingest.gps.helpers import at, points_frame


def _frame(rows: list[tuple[str, datetime, float, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        [(*r, None, None) for r in rows], schema=POINT_SCHEMA, orient="row"
    )


def test_invalid_positions_are_dropped() -> None:
    """(0,0), latitude 91 and longitude -181 go; the valid point stays."""
    frame = _frame(
        [
            ("v", at(0), 0.0, 0.0),
            ("v", at(1), 91.0, 10.0),
            ("v", at(2), 56.0, -181.0),
            ("v", at(3), 56.0, 10.0),
        ]
    )
    kept, report = clean_points(frame)
    assert kept.height == 1
    assert report.invalid_position == 3
    assert report.kept_points == 1


def test_duplicates_and_out_of_order_within_a_batch() -> None:
    """Same (vehicle, time) twice keeps the first; late rows are sorted, not lost."""
    frame = points_frame(
        [("v", 2, 0, 0), ("v", 0, 0, 0), ("v", 1, 0, 0), ("v", 1, 5, 0)]
    )
    kept, report = clean_points(frame)
    assert kept["time"].to_list() == [at(0), at(1), at(2)]
    assert report.duplicate == 1


def test_points_before_the_cursor_are_dropped() -> None:
    frame = points_frame([("v", 0, 0, 0), ("v", 1, 0, 0), ("w", 0, 0, 0)])
    kept, report = clean_points(frame, cursors={"v": at(0)})
    assert kept.select("vehicle_id", "time").rows() == [("v", at(1)), ("w", at(0))]
    assert report.before_cursor == 1


def test_single_point_jump_is_dropped() -> None:
    """A point 5 km away 10 s after a point at home: 5,000 m / 10 s = 1,800 km/h in
    and out, while skipping it is 0 km/h. The last point reached at 1,800 km/h is
    dropped too; the next pass keeps the rest."""
    frame = points_frame(
        [
            ("v", 0.0, 0, 0),
            ("v", 10 / 60, 5_000, 0),
            ("v", 20 / 60, 0, 0),
            ("v", 30 / 60, 10, 0),
            ("v", 40 / 60, 5_010, 0),
        ]
    )
    kept, report = clean_points(frame)
    assert report.speed_jump == 2
    assert kept["time"].to_list() == [at(0.0), at(20 / 60), at(30 / 60)]


def test_fast_but_possible_driving_is_kept() -> None:
    """500 m in 10 s is 180 km/h: below the 200 km/h limit."""
    frame = points_frame(
        [("v", 0, 0, 0), ("v", 10 / 60, 500, 0), ("v", 20 / 60, 1000, 0)]
    )
    kept, report = clean_points(frame)
    assert report.speed_jump == 0
    assert kept.height == 3


def test_bad_first_point_is_dropped() -> None:
    """The first point is 5 km off; the next two agree with each other (10 m/10 s)."""
    frame = points_frame(
        [("v", 0.0, 5_000, 0), ("v", 10 / 60, 0, 0), ("v", 20 / 60, 10, 0)]
    )
    kept, report = clean_points(frame)
    assert report.speed_jump == 1
    assert kept["time"].to_list() == [at(10 / 60), at(20 / 60)]


@pytest.mark.parametrize("with_null", [False, True])
def test_numpy_position_check_keeps_the_expressions_rows(with_null: bool) -> None:
    """Edges of the globe, NaN, infinities, 999 and points near 0,0: the NumPy
    check (no nulls) and the polars expression (nulls) keep the same rows."""

    edge = [90.0, -90.0, 90.000001, -0.0, 1e-6, -1e-6, 5e-7, float("nan"), 999.0]
    edge += [float("inf"), 56.0, 0.0]
    lats = [a for a in edge for _ in edge]
    lons = [2 * b for _ in edge for b in edge]
    n = len(lats)
    frame = pl.DataFrame(
        {
            "vehicle_id": ["v"] * n,
            "time": [datetime(2026, 3, 2)] * n,
            "lat": lats,
            "lon": [None, *lons[1:]] if with_null else lons,
        }
    )
    kept = valid_rows(frame)
    assert kept.equals(frame.filter(VALID))
    assert 0 < kept.height < n


@pytest.mark.parametrize(
    "dropped",
    [[], [0], [9], [0, 1, 2], [3, 4, 8, 9], list(range(10)), "many"],
)
def test_rows_dropped_as_slices_are_the_filter(
    dropped: list[int] | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A few dropped rows keep the rest as slices: the same frame as a filter,
    at the ends, in runs and when every row goes (``many``: the filter)."""
    frame = points_frame([("v" if k < 6 else "w", k, 10.0 * k, 0.0) for k in range(10)])
    if dropped == "many":
        monkeypatch.setattr(point_rows, "FEW_DROPS", 2)
        dropped = [1, 5, 7]
    drop = np.isin(np.arange(10), dropped)
    kept = without_rows(frame, drop)
    assert kept.equals(frame.filter(pl.Series(~drop)))
    assert kept.schema == frame.schema
