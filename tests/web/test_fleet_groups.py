"""Simulering's grouped fleet editor: model × location groups, −/+ and typed
totals, search (issue 16)."""

from __future__ import annotations

from datetime import datetime

import pytest

from fleetplan.domain import Dataset, Fuel, Location, Roundtrip, Vehicle, VehicleType
from fleetplan.web.fleet_groups import fleet_groups, matches, with_group_count
from fleetplan.web.simulation_setup import default_setup, fleet_size, with_candidate


def _car(vid: str, location: str, model: str = "e-Up!") -> Vehicle:
    return Vehicle(
        vid, VehicleType.EV, Fuel.ELECTRIC, make="VW", model=model, location_id=location
    )


def _dataset() -> Dataset:
    start = datetime(2026, 3, 2, 8)
    vehicles = (
        _car("1", "L1"),
        _car("2", "L1"),
        _car("10", "L1"),
        _car("3", "L2"),
        _car("4", "L1", model="ID.3"),
        Vehicle(
            "C1",
            VehicleType.EV,
            Fuel.ELECTRIC,
            make="Renault",
            model="5",
            is_candidate=True,
        ),
    )
    return Dataset(
        (Location("L1", "Rådhus"), Location("L2", "Egely")),
        vehicles,
        (Roundtrip("r", "1", "L1", start, start.replace(hour=9), 5.0),),
    )


def test_vehicles_group_by_model_and_location() -> None:
    groups = fleet_groups(default_setup(_dataset()))
    assert [(g.name, g.where, g.vehicle_ids, g.count) for g in groups] == [
        ("VW e-Up!", "L1", ("1", "2", "10"), 3),
        ("VW e-Up!", "L2", ("3",), 1),
        ("VW ID.3", "L1", ("4",), 1),
    ]
    assert groups[0].key == "cur:1"


def test_minus_and_plus_and_a_typed_total() -> None:
    data = _dataset()
    setup = default_setup(data)
    town_hall = fleet_groups(setup)[0]
    fewer = with_group_count(setup, town_hall, 2)  # the last id leaves first
    assert {r.vehicle_id: r.count for r in fewer.rows if r.location_id == "L1"} == {
        "1": 1,
        "2": 1,
        "10": 0,
        "4": 1,
    }
    more = with_group_count(setup, town_hall, 5)  # two copies of the first
    assert [r.count for r in more.rows if r.vehicle_id in ("1", "2", "10")] == [3, 1, 1]
    assert fleet_size(more) == (5, 7)
    none = with_group_count(setup, town_hall, 0)
    assert fleet_groups(none)[0].count == 0  # today's vehicles stay listed at 0
    with pytest.raises(ValueError):
        with_group_count(setup, town_hall, -1)


def test_an_added_model_is_its_own_group_first_and_leaves_at_zero() -> None:
    data = _dataset()
    setup = with_candidate(default_setup(data), data.vehicle("C1"), 2, "L2")
    first = fleet_groups(setup)[0]
    assert (first.key, first.candidate, first.count) == ("C1@L2", True, 2)
    assert fleet_groups(with_group_count(setup, first, 0))[0].key == "cur:1"


def test_search_finds_model_location_or_id() -> None:
    groups = fleet_groups(default_setup(_dataset()))
    names = {"L1": "Rådhus", "L2": "Egely"}
    assert [g.key for g in groups if matches(g, "egely", names)] == ["cur:3"]
    assert [g.key for g in groups if matches(g, "id.3", names)] == ["cur:4"]
    assert [g.key for g in groups if matches(g, "10", names)] == ["cur:1"]
    assert len([g for g in groups if matches(g, " ", names)]) == 3
