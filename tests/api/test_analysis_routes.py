"""``GET /api/v1/analysis/...`` on a hand-made week: four cars, five roundtrips.

The week is Monday 2026-03-02 to Sunday 2026-03-08 (the dataset's meta period):

=====  =====  ========  ====================  =====
trip   car    location  time                  km
=====  =====  ========  ====================  =====
t1     A      L1        Mon 08:00-10:00        4
t2     B      L1        Mon 09:00-11:00       20
t3     C      L2        Mon 09:30-10:30        3
t4     A      L1        Tue 07:00-07:30        5
t5     X      L2        Sun 12:00-13:00       30   (X is not in the register)
=====  =====  ========  ====================  =====

A and C are in department "Dept A", B and D in "Dept B"; D (at L2) never drove.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import Role, create_api
from fleetplan.api.routes.analysis import analysis_figures, analysis_filter
from fleetplan.domain import Dataset, Location
from tests.analytics.helpers import at, car, trip
from tests.api.conftest import app_services, login

URL = "/api/v1/analysis"
WEEK = Dataset(
    locations=(Location("L1", name="Rådhus"), Location("L2", name="Depot")),
    vehicles=(
        car("A", location="L1", department="Dept A"),
        car("B", location="L1", department="Dept B"),
        car("C", location="L2", department="Dept A"),
        car("D", location="L2", department="Dept B"),
    ),
    roundtrips=(
        trip("t1", "A", at("08:00"), at("10:00"), km=4.0, location="L1"),
        trip("t2", "B", at("09:00"), at("11:00"), km=20.0, location="L1"),
        trip("t3", "C", at("09:30"), at("10:30"), km=3.0, location="L2"),
        trip("t4", "A", at("07:00", 1), at("07:30", 1), km=5.0, location="L1"),
        trip("t5", "X", at("12:00", 6), at("13:00", 6), km=30.0, location="L2"),
    ),
    meta={"period": {"start": "2026-03-02T00:00:00", "end": "2026-03-09T00:00:00"}},
)


@pytest.fixture
def client() -> Iterator[TestClient]:

    with app_services(
        load_dataset=lambda: WEEK,
    ) as services:
        client = TestClient(create_api(services))
        login(client, Role.READ)
        yield client


def test_options_list_locations_departments_and_the_meta_period(
    client: TestClient,
) -> None:
    body = client.get(f"{URL}/options").json()
    assert body["start"] == "2026-03-02"
    assert body["end"] == "2026-03-08"  # the last day included
    assert body["locations"] == {"L1": "Rådhus", "L2": "Depot"}
    assert body["departments"] == ["Dept A", "Dept B"]
    assert body["administrations"] == ["Adm"]


def test_activity_by_weekday_and_hour(client: TestClient) -> None:
    """Monday 09-10: A 60 + B 60 + C 30 = 150 vehicle-minutes in 60 minutes -> 2.5;
    08-09: A only -> 1.0; 10-11: B 60 + C 30 -> 1.5; Tuesday 07-08: A 30 -> 0.5;
    Sunday 12-13: X -> 1.0. Over the week hour 9 has 150 / (7 × 60) = 0.357
    vehicles away, of 4 registered cars: 0.0893. Starts: 2 of 5 trips at 9."""
    body = client.get(f"{URL}/activity").json()
    assert (body["vehicles"], body["roundtrips"]) == (4, 5)
    assert body["days_of_weekday"] == [1] * 7
    away = body["mean_vehicles_away"]
    assert (away[0][8], away[0][9], away[0][10], away[0][11]) == (1.0, 2.5, 1.5, 0.0)
    assert (away[1][7], away[6][12]) == (0.5, 1.0)
    assert sum(map(sum, away)) == pytest.approx(1.0 + 2.5 + 1.5 + 0.5 + 1.0)
    starts = body["trip_starts"]
    assert (starts[0][8], starts[0][9], starts[1][7], starts[6][12]) == (1, 2, 1, 1)
    assert body["hour_share_of_vehicles"][9] == 0.0893
    assert body["hour_share_of_trips"][9] == 0.4
    assert body["hour_share_of_trips"][7] == 0.2


def test_peaks_per_location_with_the_first_peak(client: TestClient) -> None:
    """L1: A and B away together Mon 09:00-10:00 -> 2; L2: one at a time -> 1;
    overall A, B and C Mon 09:30-10:00 -> 3. L1's day maxima are Mon 2, Tue 1,
    so 95 % of the days with driving need ceil(0.95 × 2) = 2nd smallest = 2."""
    body = client.get(f"{URL}/peaks").json()
    by_id = {p["location_id"]: p for p in body["locations"]}
    assert by_id["L1"]["max_concurrent"] == 2
    assert by_id["L1"]["first_peak_at"] == "2026-03-02T09:00:00"
    assert by_id["L1"]["peak_hours"] == [9]
    assert by_id["L1"]["vehicles_for_coverage"]["95%"] == 2
    assert by_id["L1"]["vehicles_seen"] == 2
    assert by_id["L2"]["max_concurrent"] == 1
    assert body["overall"]["max_concurrent"] == 3
    assert body["overall"]["first_peak_at"] == "2026-03-02T09:30:00"


def test_short_trips_per_location_and_department(client: TestClient) -> None:
    """Under 6 km: t1, t3, t4 (3 of 5). Bike potential (default bike window
    08-18, at most 2 h): t1 and t3; t4 starts at 07:00. Departments count the
    trips of their registered cars: Dept A = t1, t3, t4; Dept B = t2."""
    body = client.get(f"{URL}/short-trips").json()
    overall = body["overall"]
    assert (overall["trips"], overall["short_trips"], overall["bike_trips"]) == (
        5,
        3,
        2,
    )
    assert overall["share_of_trips"] == 0.6
    assert overall["short_km"] == 12.0
    rows = {r["group"]: r for r in body["locations"]}
    assert (
        rows["L1"]["trips"],
        rows["L1"]["short_trips"],
        rows["L1"]["bike_trips"],
    ) == (
        3,
        2,
        1,
    )
    assert (rows["L2"]["trips"], rows["L2"]["bike_trips"]) == (2, 1)
    departments = {r["group"]: r for r in body["departments"]}
    assert departments["Dept A"]["trips"] == 3
    assert departments["Dept A"]["bike_trips"] == 2
    assert departments["Dept B"]["short_trips"] == 0
    # petrol cars' energy moves to a bike: a positive yearly saving
    assert overall["energy_cost_moved_dkk_per_year"] > 0


def test_data_quality_names_the_offending_vehicles(client: TestClient) -> None:
    body = client.get(f"{URL}/data-quality").json()
    assert body["counts"]["unknown_vehicle"] == 1
    assert body["counts"]["inactive"] == 1
    kinds = {(f["kind"], f["vehicle_id"]) for f in body["findings"]}
    assert ("unknown_vehicle", "X") in kinds
    assert ("inactive", "D") in kinds


def test_filters_as_query_parameters(client: TestClient) -> None:
    """Monday only: t1, t2, t3. L2 only: t3 and t5. Dept A: A and C's t1, t3, t4."""
    monday = client.get(f"{URL}/activity?start=2026-03-02&end=2026-03-02").json()
    assert monday["roundtrips"] == 3
    assert monday["days_of_weekday"] == [1, 0, 0, 0, 0, 0, 0]
    assert monday["period"]["end"] == "2026-03-03T00:00:00"
    depot = client.get(f"{URL}/short-trips?location=L2").json()
    assert [r["group"] for r in depot["locations"]] == ["L2"]
    assert depot["overall"]["trips"] == 2
    dept = client.get(f"{URL}/activity", params={"department": "Dept A"}).json()
    assert (dept["vehicles"], dept["roundtrips"]) == (2, 3)
    both = client.get(f"{URL}/peaks?location=L1&location=L2").json()
    assert sorted(p["location_id"] for p in both["locations"]) == ["L1", "L2"]


def test_period_that_ends_before_it_starts_is_refused(client: TestClient) -> None:
    response = client.get(f"{URL}/peaks?start=2026-03-05&end=2026-03-03")
    assert response.status_code == 422
    assert client.get(f"{URL}/peaks?start=not-a-date").status_code == 422


def test_figures_are_cached_per_dataset_content() -> None:
    """An equal copy (as after the server's periodic reload) hits the cache; a
    dataset with one roundtrip less does not."""
    day = date(2026, 3, 10)
    flt = analysis_filter(WEEK)
    first = analysis_figures(WEEK, flt, day)
    copy = Dataset(WEEK.locations, WEEK.vehicles, WEEK.roundtrips, dict(WEEK.meta))
    assert analysis_figures(copy, flt, day) is first
    fewer = Dataset(WEEK.locations, WEEK.vehicles, WEEK.roundtrips[:4], WEEK.meta)
    assert analysis_figures(fewer, flt, day).roundtrips == 4
