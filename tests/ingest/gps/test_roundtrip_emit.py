"""Roundtrips built in bulk are the objects their constructors make."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from fleetplan.domain import Roundtrip, Segment
from fleetplan.ingest.gps.roundtrip_emit import bulk_new, naive_roundtrip_ids
from fleetplan.ingest.gps.state import roundtrip_id, roundtrip_ids

T0 = datetime(2026, 3, 2, 6, 0)
T1 = datetime(2026, 3, 2, 6, 40, 5, 250)


def test_bulk_objects_equal_constructed_ones() -> None:
    """Same fields, type, equality and hash as ``Segment(...)``/``Roundtrip(...)``."""
    segments = bulk_new(
        Segment, 2, start_time=[T0, T0], end_time=[T1, T1], distance_km=[1.5, 0.0]
    )
    assert segments == [Segment(T0, T1, 1.5), Segment(T0, T1, 0.0)]
    assert hash(segments[0]) == hash(Segment(T0, T1, 1.5))
    (rt,) = bulk_new(
        Roundtrip,
        1,
        roundtrip_id=["x"],
        vehicle_id=["v"],
        location_id=["home"],
        start_time=[T0],
        end_time=[T1],
        distance_km=[1.5],
        segments=[tuple(segments[:1])],
    )
    assert type(rt) is Roundtrip
    assert rt == Roundtrip("x", "v", "home", T0, T1, 1.5, (Segment(T0, T1, 1.5),))


@pytest.mark.parametrize(
    "columns",
    [
        {"start_time": [T0], "end_time": [T1]},  # a field missing
        {"start_time": [T0], "end_time": [T1], "distance_km": []},  # too short
    ],
)
def test_bulk_refuses_a_half_built_object(columns: dict[str, list[object]]) -> None:
    with pytest.raises(ValueError, match="Segment needs 1 values"):
        bulk_new(Segment, 1, **columns)


def test_ids_in_bulk_are_roundtrip_id() -> None:
    """Whole seconds, microseconds and a zone give the one-by-one ids."""
    starts = [T0, T1, T1.replace(tzinfo=UTC)]
    vehicles = ["a", "977106", "a"]
    assert roundtrip_ids(vehicles, starts) == [
        roundtrip_id(v, t) for v, t in zip(vehicles, starts, strict=True)
    ]


def test_naive_ids_from_microseconds_are_roundtrip_id() -> None:
    """polars writes the hashed text as isoformat does: whole seconds, a
    fraction, before 1970, a year below 1000, and no roundtrip at all."""
    starts = [T0, T1, datetime(1969, 12, 31, 23, 59, 59, 999_999)]
    starts += [datetime(999, 1, 2, 3, 4, 5), datetime(2026, 10, 25, 2, 30, 0, 1)]
    vehicles = ["a", "977106", "æø", "b", "a"]
    epoch = datetime(1970, 1, 1)
    micros = np.array([(t - epoch) // timedelta(microseconds=1) for t in starts])
    assert naive_roundtrip_ids(vehicles, micros) == roundtrip_ids(vehicles, starts)
    assert naive_roundtrip_ids([], micros[:0]) == []
