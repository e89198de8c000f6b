"""The vectorised roundtrip plan gives exactly what the trip-by-trip state machine
gives, and cleaning's arrays give the trips that splitting computes itself."""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fleetplan.ingest.gps.roundtrips as roundtrips_module
from fleetplan.domain import Location
from fleetplan.ingest.gps import GpsSettings, ingest_trips
from fleetplan.ingest.gps.clean import clean_point_arrays
from fleetplan.ingest.gps.roundtrip_runs import RunPlan
from fleetplan.ingest.gps.trips import split_trips
from tests.ingest.gps.helpers import HOME, HOME_LAT, HOME_LON, points_frame, trips_frame

NORTH = Location("north", lat=HOME_LAT + 0.09, lon=HOME_LON)
LOCATIONS = [HOME, NORTH, Location("no_position")]
HOMES = {"a": "home", "b": "home", "c": None, "d": "no_position"}
# metres east of home: home, its edge, away, north's latitude is reached by 10 km
_PLACES = st.sampled_from([0.0, 140.0, 600.0, 5_000.0, 30_000.0])
# pauses in minutes, exactly on the settings' limits half of the time
_PAUSES = st.one_of(
    st.sampled_from([30, 120, 165, 360, 480, 1_800]), st.integers(1, 2_000)
)


def _replay_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make build_roundtrips replay every vehicle trip by trip (the reference)."""
    plan_runs = roundtrips_module.plan_runs

    def all_slow(*args: object) -> RunPlan:
        plan = plan_runs(*args)  # type: ignore[arg-type]
        return dataclasses.replace(plan, slow=np.ones_like(plan.slow))

    monkeypatch.setattr(roundtrips_module, "plan_runs", all_slow)


@st.composite
def trip_logs(draw: st.DrawFn) -> pl.DataFrame:
    rows = []
    for vehicle in draw(st.lists(st.sampled_from("abcd"), min_size=1, unique=True)):
        minute, place = draw(st.integers(0, 600)), 0.0
        legs = draw(st.lists(st.tuples(_PLACES, _PAUSES), max_size=10))
        for target, pause in legs:
            km = draw(st.sampled_from([0.0, 0.4, 1.5, 12.25, 33.3]))
            rows.append((vehicle, minute, minute + 15, place, target, km))
            minute, place = minute + 15 + pause, target
    return trips_frame(rows)


_SETTINGS = st.builds(
    GpsSettings,
    max_gap_h=st.sampled_from([0.5, 6.0, 30.0]),
    max_roundtrip_h=st.sampled_from([3.0, 72.0]),
    relocate_stay_h=st.sampled_from([2.0, 8.0]),
    gap_action=st.sampled_from(["split", "flag"]),
    min_roundtrip_min=st.sampled_from([0.0, 5.0, 40.0]),
    min_roundtrip_km=st.sampled_from([0.0, 1.0]),
)


@settings(max_examples=120, deadline=None)
@given(log=trip_logs(), gps=_SETTINGS, cut=st.integers(0, 30))
def test_plan_equals_the_trip_by_trip_replay(
    log: pl.DataFrame, gps: GpsSettings, cut: int
) -> None:
    """Roundtrips (ids, segments, km), states, km tallies and counts of two runs
    (the second continuing the first's states) are identical either way."""
    log = log.sort("start_time")
    runs = (log.head(cut), log.tail(max(log.height - cut, 0)))

    def two_runs() -> list[object]:
        first = ingest_trips(runs[0], LOCATIONS, HOMES, settings=gps)
        second = ingest_trips(runs[1], LOCATIONS, HOMES, first.states, gps)
        return [first, second]

    planned = two_runs()
    with pytest.MonkeyPatch.context() as patch:
        _replay_everything(patch)
        replayed = two_runs()
    assert repr(planned) == repr(replayed)  # repr: float sums bit for bit


def test_plain_vehicles_are_planned_not_replayed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Out and back twice, no home move or age cut: no trip-by-trip replay."""
    log = trips_frame(
        [
            ("a", 60, 80, 0, 5_000, 10.0),
            ("a", 120, 140, 5_000, 0, 10.0),
            ("a", 300, 320, 0, 600, 2.0),
            ("a", 330, 350, 600, 0, 2.0),
        ]
    )

    def replay(*_args: object) -> None:
        raise AssertionError("replayed")

    monkeypatch.setattr(roundtrips_module, "replay_vehicle", replay)
    result = ingest_trips(log, LOCATIONS, HOMES)
    assert [rt.distance_km for rt in result.roundtrips] == [20.0, 4.0]


@settings(max_examples=25, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["v", "w"]),
            st.integers(1, 400),
            st.floats(-3_000, 3_000),
            st.floats(-3_000, 3_000),
            st.booleans(),
        ),
        min_size=2,
        max_size=80,
    )
)
def test_cleaning_arrays_give_the_same_trips(
    steps: list[tuple[str, int, float, float, bool]],
) -> None:
    """Trips from cleaning's arrays equal trips split from the frame alone, also
    when spikes (a point 60 km off) were dropped by cleaning."""
    rows, minute = [], {"v": 0.0, "w": 0.0}
    for vehicle, gap_s, east, north, spike in steps:
        minute[vehicle] += gap_s / 60.0
        rows.append((vehicle, minute[vehicle], east, 60_000.0 if spike else north))
    cleaned, _, arrays = clean_point_arrays(points_frame(rows))
    gps = GpsSettings(stop_min_s=120.0)
    with_arrays = split_trips(cleaned, gps, arrays)
    alone = split_trips(cleaned, gps)
    assert with_arrays[0].equals(alone[0])
    assert with_arrays[1] == alone[1]
