"""Done-when of issue 17: a trace shaped like the real truck data (irregular
reports every 15 s to 2 min, silence for hours between work days, an odometer in
miles, moves inside the yard) gives the roundtrips a fleet manager counts."""

from __future__ import annotations

import polars as pl
import pytest

from fleetplan.domain import Location
from fleetplan.ingest.gps import (
    GpsSettings,
    TraceOptions,
    generate_trace,
    ingest_points,
)
from fleetplan.ingest.gps.odometer import KM_PER_MILE, trip_distances
from fleetplan.ingest.gps.truck_days import MILES_PER_KM, TruckDays, truck_days

YARD = (55.70, 12.40)
TRUCK_TRACE = TraceOptions(
    sample_s=(15.0, 120.0),
    irregular=True,
    report_parked=False,
    odometer=True,
    odometer_per_km=MILES_PER_KM,
)


@pytest.fixture(scope="module")
def fleet() -> tuple[TruckDays, pl.DataFrame]:
    days = truck_days(6, 9, seed=4)
    points = generate_trace(days.all, {"yard": YARD}, seed=5, options=TRUCK_TRACE)
    return days, points


def _ingest(points: pl.DataFrame, radius_m: float = 500.0, **settings: float):
    yard = Location("yard", lat=YARD[0], lon=YARD[1])
    homes = dict.fromkeys(points["vehicle_id"].unique().to_list(), "yard")
    chosen = GpsSettings(location_radius_m={"yard": radius_m}, **settings)  # type: ignore[arg-type]
    return ingest_points(points, [yard], homes, settings=chosen)


def test_the_trace_is_shaped_like_the_trucks(
    fleet: tuple[TruckDays, pl.DataFrame],
) -> None:
    days, points = fleet
    steps = (
        points.sort("vehicle_id", "time")
        .select(pl.col("time").diff().over("vehicle_id").dt.total_seconds().alias("s"))[
            "s"
        ]
        .drop_nulls()
    )
    assert steps.quantile(0.05) >= 15 and steps.quantile(0.5) <= 120
    assert steps.max() > 8 * 3600  # silent nights
    assert len(days.yard_moves) > 0.3 * len(days.roundtrips) / 2


def test_trucks_give_the_roundtrips_a_fleet_manager_counts(
    fleet: tuple[TruckDays, pl.DataFrame],
) -> None:
    """Every real roundtrip, none of the yard moves, km from the odometer read as
    miles (within 2 % of the schedule), and the summary says so. (Some yard moves,
    a few reports 2-5 min apart, are not even trips; the rest are short.)"""
    days, points = fleet
    result = _ingest(points)
    assert len(result.roundtrips) == len(days.roundtrips)
    assert 0.3 * len(days.yard_moves) <= result.short <= len(days.yard_moves)
    source_km = sum(r.distance_km for r in days.roundtrips)
    got_km = sum(r.distance_km for r in result.roundtrips)
    assert got_km == pytest.approx(source_km, rel=0.02)
    assert result.odometer.units == {"miles": 6}
    assert result.odometer.fallback == {}
    starts = {(r.vehicle_id, r.start_time) for r in result.roundtrips}
    assert starts == {(r.vehicle_id, r.start_time) for r in days.roundtrips}


def test_without_the_shortest_roundtrip_rule_yard_moves_count(
    fleet: tuple[TruckDays, pl.DataFrame],
) -> None:
    """The setting is what keeps the yard moves out (the bug it fixes)."""
    days, points = fleet
    short = _ingest(points).short
    result = _ingest(points, min_roundtrip_min=0, min_roundtrip_km=0)
    assert len(result.roundtrips) == len(days.roundtrips) + short


def test_a_stuck_odometer_falls_back_to_gps_distance(
    fleet: tuple[TruckDays, pl.DataFrame],
) -> None:
    """One truck's odometer freezes: its trips use the GPS track (no 0 km
    roundtrips) and are counted as stuck."""
    days, points = fleet
    frozen = points.with_columns(
        pl.when(pl.col("vehicle_id") == "T001")
        .then(pl.lit(12_345.0))
        .otherwise(pl.col("odometer_km"))
        .alias("odometer_km")
    )
    result = _ingest(frozen)
    mine = [r for r in result.roundtrips if r.vehicle_id == "T001"]
    source = [r for r in days.roundtrips if r.vehicle_id == "T001"]
    assert min(r.distance_km for r in mine) > 1.0
    assert sum(r.distance_km for r in mine) == pytest.approx(
        sum(r.distance_km for r in source), rel=0.05
    )
    assert result.odometer.fallback["stuck"] >= len(source)


def test_odometer_checks_per_trip() -> None:
    """Oracle: vehicle a in miles (16.09 km track, 10 units: 16.09 km), b in km;
    b's second trip goes backwards, its third jumps 500 km on a 5 km track."""
    vehicle = pl.Series(["a", "a", "b", "b", "b", "b"]).to_numpy()
    start = pl.Series([0.0, 10.0, 0.0, 20.0, 10.0, 15.0]).to_numpy()
    end = pl.Series([10.0, 20.0, 20.0, 10.0, 15.0, 515.0]).to_numpy()
    track = pl.Series([16.09, 16.09, 19.0, 10.0, 4.8, 5.0]).to_numpy()
    km, report = trip_distances(vehicle, start, end, track)
    assert km[0] == pytest.approx(10 * KM_PER_MILE)
    assert km[2] == 20.0 and km[4] == 5.0
    assert (km[3], km[5]) == (10.0, 5.0)  # the track's
    assert report.units == {"miles": 1, "km": 1}
    assert report.fallback == {"backwards": 1, "jump": 1}
