"""Short trips and bike potential: hand-checked shares, costs and the reference set."""

from __future__ import annotations

from datetime import time

import pytest

from fleetplan.analytics.rates import KmRates
from fleetplan.analytics.short_trips import short_trips
from fleetplan.domain import BikeRules
from fleetplan.ingest import read_dataset
from tests.analytics.helpers import at, trip
from tests.conftest import reference_path

RULES = BikeRules(slots=((time(8), time(18)),))


def test_shares_bike_potential_and_moved_cost() -> None:
    """Four trips at L1 (km 2, 5, 5.9, 40) and one at L2 (3 km):

    - short (< 6 km): 2, 5, 5.9 at L1 -> 3/4 trips, 12.9/52.9 km; L2 1/1.
    - bike potential at L1: the 2 km trip (09-10); the 5 km trip runs 07:30-08:30
      (outside 08-18); the 5.9 km trip lasts 3 h (> 2 h). At L2 the 3 km trip 12-13.
    - moved: car rates 0.8 kr/km and 0.15 kg/km, bike 0.05 kr/km and 0.01 kg/km:
      L1 2 km × 0.75 = 1.5 kr and 2 × 0.14 = 0.28 kg; L2 3 × 0.75 = 2.25 kr.
    """
    trips = [
        trip("a", "1", at("09:00"), at("10:00"), km=2.0),
        trip("b", "1", at("07:30"), at("08:30"), km=5.0),
        trip("c", "2", at("09:00"), at("12:00"), km=5.9),
        trip("d", "2", at("13:00"), at("17:00"), km=40.0),
        trip("e", "3", at("12:00"), at("13:00"), km=3.0, location="L2"),
    ]
    car = KmRates(0.8, 0.12, 0.15, 0.2)
    bike = KmRates(0.05, 0.0, 0.01, 0.02)
    report = short_trips(
        trips, bike=RULES, rates={"1": car, "2": car, "3": car}, bike_rates=bike
    )
    l1, l2 = report.locations
    assert (l1.short_trips, l1.trips) == (3, 4)
    assert l1.share_of_trips == 0.75
    assert l1.share_of_km == pytest.approx(12.9 / 52.9)
    assert (l1.bike_trips, l1.bike_km) == (1, 2.0)
    assert l1.energy_cost_moved_dkk == pytest.approx(1.5)
    assert l1.co2e_wtw_moved_kg == pytest.approx(0.28)
    assert (l2.share_of_trips, l2.bike_trips) == (1.0, 1)
    assert l2.energy_cost_moved_dkk == pytest.approx(2.25)
    assert report.share_of_trips == 0.8
    assert report.share_of_km == pytest.approx(15.9 / 55.9)
    assert report.bike_roundtrip_ids == ("a", "e")
    assert report.to_dict()["share_of_trips"] == 0.8


def test_trip_crossing_midnight_is_never_bike_potential() -> None:
    """23:00 -> 00:30 is short but not inside one day's window."""
    rules = BikeRules(slots=((time(0), time(23, 59)),))
    report = short_trips(
        [trip("a", "1", at("23:00"), at("00:30", 1), km=1.0)], bike=rules
    )
    assert report.overall.short_trips == 1
    assert report.overall.bike_trips == 0


def test_synth_50v_60d_share_matches_meta() -> None:
    """meta stats.share_under_6_km = 0.01 (rounded): 49 of 4,942 trips."""
    data = read_dataset(reference_path("synth_50v_60d"))
    report = short_trips(data.roundtrips)
    assert report.overall.short_trips == 49
    assert round(report.share_of_trips, 2) == data.meta["stats"]["share_under_6_km"]
