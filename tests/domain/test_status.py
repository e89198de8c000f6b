from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fleetplan.domain import (
    Dataset,
    Fuel,
    LeaseType,
    Location,
    Roundtrip,
    Vehicle,
    VehicleType,
)
from fleetplan.domain.status import (
    VehicleStatus,
    fleet_status,
    missing_fields,
    status_counts,
    usual_location,
)

TODAY = date(2026, 11, 24)


def _car(ident: str = "1", **fields: object) -> Vehicle:
    values: dict[str, object] = {
        "wltp_km_per_l": 20.0,
        "annual_cost_dkk": 36_000.0,
        "location_id": "A",
        "lease_type": LeaseType.OWNED,
    }
    values.update(fields)
    return Vehicle(ident, VehicleType.ICE, Fuel.PETROL, **values)  # type: ignore[arg-type]


def _trip(n: int, vehicle: str, location: str, day: int) -> Roundtrip:
    start = datetime(2026, 10, 1, 8) + timedelta(days=day)
    return Roundtrip(str(n), vehicle, location, start, start + timedelta(hours=1), 10.0)


def _status(
    vehicles: tuple[Vehicle, ...], trips: list[Roundtrip]
) -> dict[str, set[str]]:
    data = Dataset((Location("A"), Location("B")), vehicles, tuple(trips))
    return {
        r.vehicle_id: {s.value for s in r.statuses}
        for r in fleet_status(data, today=TODAY, inactive_days=14)
    }


def test_ok_vehicle() -> None:
    assert _status((_car(),), [_trip(1, "1", "A", 0)]) == {"1": {"ok"}}


def test_missing_metadata_names_the_fields() -> None:
    """An EV's range counts as missing unless range_km or battery_kwh with
    wltp_wh_per_km gives it."""
    ev = Vehicle("e", VehicleType.EV, Fuel.ELECTRIC)
    assert missing_fields(ev) == (
        "wltp_wh_per_km",
        "annual_cost_dkk",
        "location_id",
        "lease_type",
        "range_km",
    )
    assert missing_fields(_car(wltp_km_per_l=None)) == ("wltp_km_per_l",)
    bike = Vehicle("b", VehicleType.BIKE, Fuel.NONE, annual_cost_dkk=900.0)
    assert missing_fields(bike) == ("location_id", "lease_type")  # no WLTP for bikes
    candidate = Vehicle("c", VehicleType.EV, Fuel.ELECTRIC, is_candidate=True)
    assert missing_fields(candidate) == (
        "wltp_wh_per_km",
        "annual_cost_dkk",
        "range_km",
    )
    sized = Vehicle(
        "s",
        VehicleType.EV,
        Fuel.ELECTRIC,
        wltp_wh_per_km=180,
        battery_kwh=45,
        annual_cost_dkk=1.0,
        is_candidate=True,
    )
    assert missing_fields(sized) == ()


def test_lease_ended_is_before_today_only() -> None:
    trips = [_trip(1, "1", "A", 0), _trip(2, "2", "A", 0)]
    got = _status(
        (_car("1", lease_end=date(2026, 11, 23)), _car("2", lease_end=TODAY)), trips
    )
    assert got == {"1": {"lease_ended"}, "2": {"ok"}}


def test_inactive_counts_days_before_the_newest_trip_of_the_data() -> None:
    """Newest trip ends day 30 09:00. Vehicle 2's last trip ends day 16 09:00:
    exactly 14 days before, not more, so it is active; vehicle 3 (day 15) is
    inactive, and vehicle 4 (no trips) too."""
    vehicles = (_car("1"), _car("2"), _car("3"), _car("4"))
    trips = [_trip(1, "1", "A", 30), _trip(2, "2", "A", 16), _trip(3, "3", "A", 15)]
    got = _status(vehicles, trips)
    assert got == {"1": {"ok"}, "2": {"ok"}, "3": {"inactive"}, "4": {"inactive"}}
    data = Dataset((Location("A"),), vehicles, tuple(trips))
    report = fleet_status(data, today=TODAY)[2]
    assert report.inactive_days == 15.0
    assert report.last_trip_end == datetime(2026, 10, 16, 9)


def test_no_trips_at_all_is_not_inactive() -> None:
    assert _status((_car(),), []) == {"1": {"ok"}}


def test_location_changed_when_most_recent_trips_start_elsewhere() -> None:
    old = [_trip(i, "1", "A", i) for i in range(30)]
    new = [_trip(100 + i, "1", "B", 30 + i) for i in range(11)]
    got = _status((_car(),), old + new)  # last 20: 11 at B, 9 at A
    assert got == {"1": {"location_changed"}}
    assert usual_location(old + new) == "B"
    assert usual_location(old + new[:10]) is None  # 10 vs 10: no majority
    assert usual_location(new[:2]) is None  # too few trips


def test_candidate_and_several_statuses() -> None:
    candidate = Vehicle(
        "c", VehicleType.EV, Fuel.ELECTRIC, wltp_wh_per_km=150.0, is_candidate=True
    )
    bad = _car("1", annual_cost_dkk=None, lease_end=date(2025, 1, 1))
    trips = [_trip(1, "2", "A", 40), _trip(2, "1", "A", 0)]
    got = _status((candidate, bad, _car("2")), trips)
    assert got["c"] == {"candidate", "missing_metadata"}
    assert got["1"] == {"missing_metadata", "lease_ended", "inactive"}
    data = Dataset((Location("A"),), (candidate, bad, _car("2")), tuple(trips))
    counts = status_counts(fleet_status(data, today=TODAY))
    assert counts == {
        "ok": 1,
        "candidate": 1,
        "missing_metadata": 2,
        "lease_ended": 1,
        "inactive": 1,
        "location_changed": 0,
    }


@given(st.lists(st.sampled_from(["A", "B", "C"]), min_size=3, max_size=40))
def test_usual_location_is_a_strict_majority_of_the_recent_trips(
    locations: list[str],
) -> None:
    trips = [_trip(i, "1", loc, i) for i, loc in enumerate(locations)]
    recent = locations[-20:]
    usual = usual_location(trips)
    if usual is None:
        assert all(recent.count(x) * 2 <= len(recent) for x in set(recent))
    else:
        assert recent.count(usual) * 2 > len(recent)
    report = fleet_status(
        Dataset((Location("A"),), (_car(),), tuple(trips)), today=TODAY
    )[0]
    assert report.has(VehicleStatus.LOCATION_CHANGED) == (usual not in (None, "A"))
