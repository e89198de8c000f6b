"""Today's fleet (``domain.fleet_on``): one definition for every page and run."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fleetplan.domain import (
    Dataset,
    Fuel,
    Vehicle,
    VehicleType,
    deactivations,
    fleet_on,
    retired_ids,
    todays_vehicles,
)


def _data(deactivated: dict[str, str]) -> Dataset:
    cars = tuple(Vehicle(str(i), VehicleType.EV, Fuel.ELECTRIC) for i in range(4))
    candidate = Vehicle("C", VehicleType.EV, Fuel.ELECTRIC, is_candidate=True)
    meta = {
        "register": {
            "deactivated": {
                vid: {"on": on, "reason": "solgt"} for vid, on in deactivated.items()
            }
        }
    }
    return Dataset((), (*cars, candidate), (), meta)


def test_deactivated_on_or_before_the_day_leave_the_fleet() -> None:
    """A car deactivated on the day is out that day; one deactivated later is in."""
    data = _data({"1": "2026-03-01", "2": "2026-03-02"})
    assert retired_ids(data.meta, date(2026, 3, 1)) == {"1"}
    assert [v.vehicle_id for v in todays_vehicles(data, date(2026, 3, 1))] == [
        "0",
        "2",
        "3",
    ]
    assert [v.vehicle_id for v in todays_vehicles(data, date(2026, 3, 2))] == ["0", "3"]
    assert len(todays_vehicles(data, date(2026, 2, 28))) == 4


def test_fleet_on_keeps_candidates_and_reasons() -> None:
    data = _data({"0": "2026-01-01"})
    kept = fleet_on(data, date(2026, 6, 1))
    assert [v.vehicle_id for v in kept.candidate_vehicles] == ["C"]
    assert deactivations(data.meta)["0"].reason == "solgt"
    assert len(fleet_on(replace(data, meta={})).current_vehicles) == 4
