"""Data quality: each planted problem is found, and a clean vehicle gives nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fleetplan.analytics.data_quality import FindingKind, data_quality, missing_fields
from fleetplan.domain import Fuel, LeaseType, Location
from tests.analytics.helpers import at, car, trip

TODAY = date(2026, 3, 31)


def _clean() -> tuple[list, list]:
    vehicle = car("ok", lease_type=LeaseType.OPERATIONAL, lease_end=date(2028, 1, 1))
    trips = [trip("ok1", "ok", at("08:00", 25), at("09:00", 25), km=20.0)]
    return [vehicle], trips


def test_clean_vehicle_has_no_findings() -> None:
    vehicles, trips = _clean()
    report = data_quality(
        vehicles, trips, today=TODAY, locations=[Location("L1", lat=55.7, lon=12.4)]
    )
    assert report.findings == ()
    assert sum(report.counts().values()) == 0


def test_each_planted_problem_is_found() -> None:
    """One vehicle per problem; the finding names the vehicle or roundtrip."""
    vehicles, trips = _clean()
    vehicles += [
        car("lease", lease_type=LeaseType.OPERATIONAL, lease_end=date(2026, 3, 10)),
        car("quiet", lease_type=LeaseType.OWNED),
        car("moved", lease_type=LeaseType.OWNED),
        car("bare", lease_type=None, department=None, fuel=Fuel.ELECTRIC),
    ]
    trips += [
        trip("l1", "lease", at("08:00", 20), at("09:00", 20)),
        trip("q1", "quiet", at("08:00", 1), at("09:00", 1)),  # 27 days before the end
        trip("m1", "moved", at("08:00", 25), at("09:00", 25), location="L2"),
        trip("m2", "moved", at("10:00", 25), at("11:00", 25), location="L2"),
        trip("m3", "moved", at("12:00", 24), at("13:00", 24)),
        trip("b1", "bare", at("08:00", 27), at("09:00", 27)),
        trip("u1", "ghost", at("08:00", 27), at("09:00", 27)),
        trip("fast", "ok", at("10:00", 26), at("11:00", 26), km=140.0),
        trip("long", "ok", at("00:00", 27), at("23:00", 27), km=1_200.0),
        trip("zero", "ok", at("12:00", 28), at("12:00", 28), km=3.0),
        trip("ov1", "ok", at("08:00", 28), at("10:00", 28)),
        trip("ov2", "ok", at("09:00", 28), at("11:00", 28)),
    ]
    report = data_quality(
        vehicles,
        trips,
        today=TODAY,
        locations=[Location("L1", lat=55.7, lon=12.4), Location("L2")],
        precision_by_location={"L1": 0.95, "L2": 0.6},
    )
    found = {
        (f.kind, f.vehicle_id or f.location_id, f.roundtrip_id) for f in report.findings
    }
    assert (FindingKind.LEASE_ENDED, "lease", None) in found
    assert (FindingKind.INACTIVE, "quiet", None) in found
    assert (FindingKind.LOCATION_CHANGED, "moved", None) in found
    assert (FindingKind.MISSING_METADATA, "bare", None) in found
    assert (FindingKind.MISSING_METADATA, "L2", None) in found
    assert (FindingKind.UNKNOWN_VEHICLE, "ghost", None) in found
    assert (FindingKind.TOO_FAST, "ok", "fast") in found
    assert (FindingKind.TOO_LONG, "ok", "long") in found
    assert (FindingKind.ZERO_DURATION, "ok", "zero") in found
    assert (FindingKind.OVERLAP, "ok", "ov2") in found
    assert (FindingKind.LOW_PRECISION, "L2", None) in found
    # the lease-ended vehicle is not also called inactive; the 'long' trip at
    # 1200/23 = 52 km/h is not too fast
    assert (FindingKind.INACTIVE, "lease", None) not in found
    assert (FindingKind.TOO_FAST, "ok", "long") not in found
    (moved,) = report.of_kind(FindingKind.LOCATION_CHANGED)
    assert moved.location_id == "L2"
    assert moved.value == 2 / 3
    (fast,) = report.of_kind(FindingKind.TOO_FAST)
    assert fast.value == 140.0
    assert report.counts()["overlapping_roundtrips"] == 1


def test_missing_fields_of_an_ev() -> None:
    """An EV without Wh/km (domain.status) and without a department (analytics)."""
    vehicle = car("e", fuel=Fuel.ELECTRIC, wltp_wh_per_km=None, department=None)
    assert missing_fields(vehicle) == ("wltp_wh_per_km", "lease_type", "department")


def test_inactive_threshold_in_days() -> None:
    """Vehicle v's last trip ends 10 days before the data's last trip (vehicle w):
    inactive at 7 days, not at 14."""
    vehicles = [
        car("v", lease_type=LeaseType.OWNED),
        car("w", lease_type=LeaseType.OWNED),
    ]
    end = datetime(2026, 3, 30, 12)
    last = end - timedelta(days=10)
    trips = [
        trip("a", "v", last - timedelta(hours=1), last),
        trip("b", "w", end - timedelta(hours=1), end),
    ]
    found = data_quality(vehicles, trips, today=TODAY, inactive_days=7)
    assert [f.vehicle_id for f in found.of_kind(FindingKind.INACTIVE)] == ["v"]
    assert found.of_kind(FindingKind.INACTIVE)[0].value == 10.0
    assert not data_quality(vehicles, trips, today=TODAY).of_kind(FindingKind.INACTIVE)
