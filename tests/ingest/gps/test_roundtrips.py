"""Tests of trips to roundtrips: every edge case of the aggregation."""

from __future__ import annotations

import json

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.domain import Location, ParkingPoint
from fleetplan.ingest.gps import GpsSettings, VehicleState, ingest_trips, roundtrip_id
from tests.ingest.gps.helpers import HOME, HOME_LAT, HOME_LON, at, position, trips_frame

HOMES = {"v": "home"}
DAY = 24 * 60


def test_out_and_back_is_one_roundtrip_with_two_segments() -> None:
    """Home -> 5 km away (10 km driven) -> home (10 km): 20 km, the stop is the gap."""
    trips = trips_frame(
        [("v", 60, 80, 0, 5_000, 10.0), ("v", 120, 140, 5_000, 0, 10.0)]
    )
    result = ingest_trips(trips, [HOME], HOMES)
    (rt,) = result.roundtrips
    assert (rt.start_time, rt.end_time, rt.distance_km) == (at(60), at(140), 20.0)
    assert rt.location_id == "home"
    assert rt.roundtrip_id == roundtrip_id("v", at(60))
    assert [(s.start_time, s.end_time) for s in rt.segments] == [
        (at(60), at(80)),
        (at(120), at(140)),
    ]
    assert result.states["v"]["open"] is None


def test_gps_drift_at_home_within_the_radius() -> None:
    """Leaving from 120 m and coming back to 140 m from the point is still home."""
    trips = trips_frame(
        [("v", 0, 20, 120, 5_000, 8.0), ("v", 60, 80, 5_000, -140, 8.0)]
    )
    assert len(ingest_trips(trips, [HOME], HOMES).roundtrips) == 1


def test_parking_point_counts_as_home() -> None:
    """The vehicle parks 800 m east of the location point, at a parking point."""
    lat, lon = position(800)
    home = Location(
        "home", lat=HOME_LAT, lon=HOME_LON, parking_points=(ParkingPoint(lat, lon),)
    )
    trips = trips_frame([("v", 0, 20, 800, 5_000, 8.0), ("v", 60, 80, 5_000, 810, 8.0)])
    assert len(ingest_trips(trips, [HOME], HOMES).roundtrips) == 0
    assert len(ingest_trips(trips, [home], HOMES).roundtrips) == 1


def test_overnight_stay_away_is_a_gap() -> None:
    """Out at 16:00 (minute 600 after 06:00), back the next morning: one roundtrip
    when stops of that length are allowed (max_gap_h 24)."""
    trips = trips_frame(
        [("v", 600, 640, 0, 30_000, 35.0), ("v", DAY + 180, DAY + 220, 30_000, 0, 35.0)]
    )
    settings = GpsSettings(max_gap_h=24)
    (rt,) = ingest_trips(trips, [HOME], HOMES, settings=settings).roundtrips
    assert rt.duration_h == pytest.approx((DAY + 220 - 600) / 60)
    assert rt.distance_km == 70.0


def test_very_long_absence_is_cut_and_counted_incomplete() -> None:
    """Away four days (> 72 h): no roundtrip; its 70 km and the km driven while
    away count as incomplete. The next trip from home starts afresh."""
    trips = trips_frame(
        [
            ("v", 0, 40, 0, 30_000, 35.0),
            ("v", 4 * DAY, 4 * DAY + 40, 30_000, 0, 35.0),
            ("v", 5 * DAY, 5 * DAY + 20, 0, 3_000, 4.0),
            ("v", 5 * DAY + 60, 5 * DAY + 80, 3_000, 0, 4.0),
        ]
    )
    result = ingest_trips(trips, [HOME], HOMES, settings=GpsSettings(max_gap_h=100))
    (rt,) = result.roundtrips
    assert rt.start_time == at(5 * DAY)
    (tally,) = result.tallies
    assert (tally.complete_km, tally.incomplete_km) == (8.0, 70.0)
    assert tally.precision == pytest.approx(8.0 / 78.0)


def test_vehicle_moves_to_another_home() -> None:
    """It drives to location "north" (10 km) and stays 10 h (>= 8 h): that trip
    ends a roundtrip there, and its next roundtrips start from "north"."""
    lat, lon = position(10_000)
    north = Location("north", lat=lat, lon=lon)
    trips = trips_frame(
        [
            ("v", 0, 30, 0, 10_000, 12.0),
            ("v", 630, 650, 10_000, 14_000, 5.0),
            ("v", 700, 720, 14_000, 10_000, 5.0),
        ]
    )
    result = ingest_trips(trips, [HOME, north], HOMES)
    assert [(r.location_id, r.distance_km) for r in result.roundtrips] == [
        ("home", 12.0),
        ("north", 10.0),
    ]
    assert result.states["v"]["home_id"] == "north"


def test_short_visit_to_another_location_is_only_a_stop() -> None:
    """Two hours at "north" is a stop inside the roundtrip, not a move."""
    lat, lon = position(10_000)
    north = Location("north", lat=lat, lon=lon)
    trips = trips_frame(
        [("v", 0, 30, 0, 10_000, 12.0), ("v", 150, 180, 10_000, 0, 12.0)]
    )
    result = ingest_trips(trips, [HOME, north], HOMES)
    assert [(r.location_id, r.distance_km) for r in result.roundtrips] == [
        ("home", 24.0)
    ]
    assert result.states["v"]["home_id"] == "home"


def test_trailing_roundtrip_stays_open_for_the_next_run() -> None:
    """Run 1 ends while the vehicle is away; run 2 brings it home. The roundtrip
    comes out whole, with the same id as when both runs are ingested at once."""
    both = trips_frame([("v", 0, 20, 0, 5_000, 6.0), ("v", 90, 110, 5_000, 0, 6.0)])
    first = ingest_trips(both.head(1), [HOME], HOMES)
    assert first.roundtrips == ()
    state = json.loads(json.dumps(first.states))  # survives JSON
    assert state["v"]["open"]["segments"][0][2] == 6.0
    second = ingest_trips(both.tail(1), [HOME], HOMES, state)
    at_once = ingest_trips(both, [HOME], HOMES)
    assert second.roundtrips == at_once.roundtrips
    assert second.roundtrips[0].distance_km == 12.0


def test_ingesting_the_same_input_twice_adds_nothing() -> None:
    trips = trips_frame([("v", 0, 20, 0, 5_000, 6.0), ("v", 90, 110, 5_000, 0, 6.0)])
    first = ingest_trips(trips, [HOME], HOMES)
    again = ingest_trips(trips, [HOME], HOMES, first.states)
    assert len(first.roundtrips) == 1
    assert again.roundtrips == ()
    assert again.states == first.states


def test_trips_that_start_away_are_incomplete() -> None:
    """Without a state the first trip starts 5 km out: 6 km incomplete, then a full
    roundtrip of 4 + 4 km. Precision 8 / (8 + 6) = 0.5714."""
    trips = trips_frame(
        [
            ("v", 0, 20, 5_000, 0, 6.0),
            ("v", 60, 70, 0, 2_000, 4.0),
            ("v", 90, 100, 2_000, 0, 4.0),
        ]
    )
    (tally,) = ingest_trips(trips, [HOME], HOMES).tallies
    assert tally.precision == pytest.approx(8 / 14)


def test_vehicle_without_registered_home_adopts_its_long_stay_location() -> None:
    """Home unknown: the first 8 h+ stay at a registered location sets it."""
    trips = trips_frame(
        [
            ("v", 0, 20, 5_000, 0, 6.0),
            ("v", 600, 620, 0, 2_000, 3.0),
            ("v", 640, 660, 2_000, 0, 3.0),
        ]
    )
    result = ingest_trips(trips, [HOME], {"v": None})
    assert [r.distance_km for r in result.roundtrips] == [6.0]
    assert result.states["v"]["home_id"] == "home"


def test_state_holds_no_positions() -> None:
    trips = trips_frame([("v", 0, 20, 0, 5_000, 6.0)])
    text = json.dumps(ingest_trips(trips, [HOME], HOMES).states)
    lat, _lon = position(5_000)
    assert f"{lat:.3f}"[:6] not in text
    assert "lat" not in text and "lon" not in text


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="home_radius_m must be > 0"):
        GpsSettings(home_radius_m=0)


def test_empty_input() -> None:
    empty = trips_frame([])
    result = ingest_trips(empty, [HOME], HOMES)
    assert result.roundtrips == () and result.tallies == ()
    assert isinstance(empty, pl.DataFrame)


_PLACES = st.sampled_from([0.0, 60.0, 5_000.0, 12_000.0])


@settings(max_examples=40, deadline=None)
@given(
    legs=st.lists(
        st.tuples(_PLACES, st.integers(5, 3_000), st.floats(0.1, 80.0)),
        min_size=1,
        max_size=12,
    ),
    cut=st.integers(0, 12),
)
def test_two_runs_equal_one_run(legs: list[tuple[float, int, float]], cut: int) -> None:
    """However a trip log is split into two runs, the roundtrips (ids included) and
    the final state are those of ingesting it in one go; and complete + incomplete
    + open km always add up to the km driven."""
    rows = []
    place, minute = 0.0, 0
    for target, pause_min, km in legs:
        rows.append(("v", minute, minute + 20, place, target, round(km, 3)))
        place, minute = target, minute + 20 + pause_min
    trips = trips_frame(rows)
    at_once = ingest_trips(trips, [HOME], HOMES)
    first = ingest_trips(trips.head(cut), [HOME], HOMES)
    second = ingest_trips(trips.tail(trips.height - cut), [HOME], HOMES, first.states)
    assert first.roundtrips + second.roundtrips == at_once.roundtrips
    assert second.states == at_once.states or trips.height == cut
    total = sum(km for *_, km in rows)
    accounted = (
        at_once.complete_km
        + at_once.incomplete_km
        + sum(t.open_km for t in at_once.tallies)
    )
    assert accounted == pytest.approx(total)


def test_a_change_in_the_register_resets_the_home() -> None:
    """A van registered at "home" was detected to live at "north". While the
    register says "home" that detection stands; re-registering it at "north" keeps
    it; registering it (back) at "home" makes "home" its home at once."""
    lat, lon = position(10_000)
    north = Location("north", lat=lat, lon=lon)
    state = {"v": VehicleState(home_id="north", registered_id="home").to_dict()}
    from_home = trips_frame(
        [("v", 0, 20, 0, 3_000, 4.0), ("v", 100, 120, 3_000, 0, 4.0)]
    )
    unchanged = ingest_trips(from_home, [HOME, north], HOMES, state)
    assert unchanged.roundtrips == ()
    assert unchanged.states["v"]["home_id"] == "north"
    to_north = ingest_trips(from_home, [HOME, north], {"v": "north"}, state)
    assert to_north.states["v"]["home_id"] == "north"
    state_north = {"v": VehicleState(home_id="north", registered_id="north").to_dict()}
    back = ingest_trips(from_home, [HOME, north], {"v": "home"}, state_north)
    assert [r.location_id for r in back.roundtrips] == ["home"]


def test_a_stop_longer_than_max_gap_splits_the_roundtrip() -> None:
    """Out at 16:00 to 30 km, silent overnight, back next morning: with stops of at
    most 6 h two roundtrips (the evening's and the morning's); "flag" keeps one
    and counts it."""
    trips = trips_frame(
        [("v", 600, 640, 0, 30_000, 35.0), ("v", DAY + 180, DAY + 220, 30_000, 0, 35.0)]
    )
    split = ingest_trips(trips, [HOME], HOMES)
    assert [(r.start_time, r.distance_km) for r in split.roundtrips] == [
        (at(600), 35.0),
        (at(DAY + 180), 35.0),
    ]
    assert split.gaps_split == 1
    flagged = ingest_trips(
        trips, [HOME], HOMES, settings=GpsSettings(gap_action="flag")
    )
    assert len(flagged.roundtrips) == 1 and flagged.gaps_flagged == 1


def test_roundtrips_shorter_than_the_minimum_are_not_counted() -> None:
    """A 3-minute move of 0.4 km in the yard and a 30-minute 0.8 km one are not
    roundtrips (km < 1); a 4-minute 3 km one is too short in time (< 5 min)."""
    trips = trips_frame(
        [
            ("v", 0, 3, 0, 200, 0.4),
            ("v", 10, 11, 200, 0, 0.0),
            ("v", 60, 75, 0, 300, 0.4),
            ("v", 80, 95, 300, 0, 0.4),
            ("v", 120, 122, 0, 1_000, 1.5),
            ("v", 122.5, 124, 1_000, 0, 1.5),
            ("v", 200, 230, 0, 5_000, 6.0),
            ("v", 240, 270, 5_000, 0, 6.0),
        ]
    )
    result = ingest_trips(trips, [HOME], HOMES, settings=GpsSettings(home_radius_m=100))
    assert [r.start_time for r in result.roundtrips] == [at(200)]
    assert (result.short, result.short_km) == (3, pytest.approx(4.2))


def test_each_location_uses_its_own_saved_radius() -> None:
    """A trip ending 400 m from home is back home with the location's saved 500 m
    radius, and not with the 150 m default (the bug: the saved radius was
    ignored); an override for the run makes the default count everywhere."""
    trips = trips_frame(
        [("v", 0, 30, 300, 10_000, 12.0), ("v", 60, 90, 10_000, 400, 12.0)]
    )
    default = ingest_trips(trips, [HOME], HOMES)
    saved = GpsSettings(location_radius_m={"home": 500.0})
    own = ingest_trips(trips, [HOME], HOMES, settings=saved)
    override = GpsSettings(location_radius_m={"home": 500.0}, home_radius_override=True)
    forced = ingest_trips(trips, [HOME], HOMES, settings=override)
    assert (len(default.roundtrips), len(own.roundtrips), len(forced.roundtrips)) == (
        0,
        1,
        0,
    )
