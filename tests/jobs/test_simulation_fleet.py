"""The simulation job with a chosen fleet: parameter checks and a small hand case."""

from __future__ import annotations

from datetime import datetime

import pytest

from fleetplan.domain import Dataset, Fuel, Location, Roundtrip, Vehicle, VehicleType
from fleetplan.jobs import InMemoryJobStore, JobRunner, JobState
from fleetplan.jobs.kinds import simulation_kind


def _car(vehicle_id: str, location_id: str | None, candidate: bool = False) -> Vehicle:
    return Vehicle(
        vehicle_id,
        VehicleType.ICE,
        Fuel.PETROL,
        make="VW",
        model=f"Up {vehicle_id}",
        wltp_km_per_l=20.0,
        annual_cost_dkk=30_000.0,
        location_id=location_id,
        is_candidate=candidate,
    )


def _trip(rid: str, vehicle_id: str, start_h: int, end_h: int) -> Roundtrip:
    return Roundtrip(
        rid,
        vehicle_id,
        "L1",
        datetime(2026, 3, 2, start_h),
        datetime(2026, 3, 2, end_h),
        10.0,
    )


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """One location, cars A and B; trips r1 08-10 (A), r2 09-11 (B), r3 12-13 (A).
    r1 and r2 overlap, so one car serves at most two of the three trips."""
    return Dataset(
        locations=(Location("L1", "Rådhuset"), Location("L2", "Depot")),
        vehicles=(_car("A", "L1"), _car("B", "L1"), _car("C", None, candidate=True)),
        roundtrips=(
            _trip("r1", "A", 8, 10),
            _trip("r2", "B", 9, 11),
            _trip("r3", "A", 12, 13),
        ),
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"fleet": {"Z": 1}}, "'Z' is not in the register"),
        ({"fleet": {"A": -1}}, "from 0 to 500"),
        ({"fleet": {"A": 1.5}}, "whole-number counts"),
        ({"fleet": {"A": True}}, "whole-number counts"),
        ({"fleet": ["A"]}, "whole-number counts"),
        ({"fleet": {"A": 0, "B": 0}}, "at least one vehicle"),
        ({"fleet": {"C": 1}}, "candidate 'C' needs a home"),
        ({"fleet": {"C": 1}, "homes": {"C": "L9"}}, "location 'L9'"),
        ({"fleet": {"A": 1}, "homes": {"B": "L1"}}, "not in the fleet"),
        ({"homes": {"C": "L1"}}, "homes needs a fleet"),
        ({"fleet": {"C@L9": 1}}, "location 'L9'"),
        ({"fleet": {"Z@L1": 1}}, "'Z' is not in the register"),
        ({"shifts": "no"}, "shifts must be true or false"),
        ({"transfer_minutes": -5}, "transfer_minutes must be a number from 0"),
        ({"time_limit_s": 0}, "time_limit_s must be a number from 1"),
        ({"locations": ["L7"]}, "not in the dataset"),
    ],
)
def test_fleet_parameters_are_checked_before_queueing(
    dataset: Dataset, params: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        simulation_kind(lambda: dataset)(params)


def _run(dataset: Dataset, params: dict) -> dict:
    runner = JobRunner(InMemoryJobStore(), max_workers=1)
    try:
        job_id = runner.submit(
            "simulate.current", simulation_kind(lambda: dataset)(params), owner="ann"
        )
        record = runner.wait(job_id, timeout_s=60)
        assert record.state is JobState.DONE, record.error
        assert record.result is not None
        return record.result
    finally:
        runner.shutdown()


def test_one_car_leaves_one_of_two_overlapping_trips_unallocated(
    dataset: Dataset,
) -> None:
    """Fleet {A: 1, B: 0}: A takes r3 and one of r1/r2; the other goes external."""
    params = {"fleet": {"A": 1, "B": 0}, "locations": ["L1"]}
    result = _run(dataset, params)
    assert result["trips"] == 3
    assert result["unallocated"] == 1
    assert [v["vehicle_id"] for v in result["simulated"]["vehicles"]] == ["A"]
    assert result["simulated"]["vehicles"][0]["trips"] == 2
    assert result["setup"] == params
    book = result["driving_book"]
    assert len(book) == 3
    assert sum(1 for e in book if e["simulated_vehicle_id"] is None) == 1
    assert all(e["external_kind"] for e in book if e["simulated_vehicle_id"] is None)


def test_two_candidates_serve_every_trip(dataset: Dataset) -> None:
    """Fleet {C: 2} at L1: C#1 and C#2 cover the overlap; nothing unallocated;
    fixed cost 2 × 30,000 kr a year."""
    result = _run(dataset, {"fleet": {"C": 2}, "homes": {"C": "L1"}})
    assert result["unallocated"] == 0
    ids = sorted(v["vehicle_id"] for v in result["simulated"]["vehicles"])
    assert ids == ["C#1", "C#2"]
    assert result["simulated"]["fixed_cost_dkk"] == pytest.approx(60_000.0)
    assert result["factors"] == "dk-2025"


def test_one_model_at_two_homes_by_keyed_fleet(dataset: Dataset) -> None:
    """Fleet {A: 1, C@L1: 1, C@L2: 1}: one C per location (simulate.fleet's keys).
    Only L1 has trips, so C at L2 drives nothing; A and C at L1 cover all three
    trips (r1 and r2 overlap, r3 follows); fixed cost 3 x 30,000 kr a year."""
    result = _run(dataset, {"fleet": {"A": 1, "C@L1": 1, "C@L2": 1}})
    assert result["unallocated"] == 0
    vehicles = {v["vehicle_id"]: v for v in result["simulated"]["vehicles"]}
    assert len(vehicles) == 3 and "A" in vehicles
    assert sorted(v["trips"] for v in vehicles.values()) == [0, 1, 2]
    assert result["simulated"]["fixed_cost_dkk"] == pytest.approx(90_000.0)
