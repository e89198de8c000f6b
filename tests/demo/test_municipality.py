"""The demo municipality: shape, statistics and planted problems (seeds 000, 002)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from fleetplan.demo import build_demo_dataset, places
from fleetplan.domain import Dataset, VehicleType
from fleetplan.domain.status import VehicleStatus, fleet_status
from fleetplan.ingest import run_settings_from_meta
from tests.demo.helpers import overlapping_pairs, peak_concurrency, segment_problems

TODAY = date(2026, 11, 24)
PERIOD_END = datetime(2026, 11, 1)


def _cars(dataset: Dataset, department: str) -> list:
    return [
        v
        for v in dataset.current_vehicles
        if v.department == department and not v.is_bike
    ]


def test_same_seed_same_dataset_other_seed_differs(demo: Dataset) -> None:
    """Determinism: the default seed rebuilds identically; seed 1 gives other trips."""
    assert build_demo_dataset() == demo
    other = build_demo_dataset(seed=1)
    assert other.roundtrips != demo.roundtrips


def test_fleet_size_locations_and_references(demo: Dataset) -> None:
    """About 120 vehicles at 4-6 Ballerup locations; every id reference resolves."""
    assert 110 <= len(demo.current_vehicles) <= 130
    assert 4 <= len(demo.locations) <= 6
    for loc in demo.locations:
        assert loc.lat is not None and 55.70 <= loc.lat <= 55.76
        assert loc.lon is not None and 12.30 <= loc.lon <= 12.42
    town_hall = demo.locations[0]
    assert town_hall.address == "Hold-an Vej 7, 2750 Ballerup"
    location_ids = {loc.location_id for loc in demo.locations}
    vehicle_ids = {v.vehicle_id for v in demo.vehicles}
    assert len(vehicle_ids) == len(demo.vehicles)
    assert {v.location_id for v in demo.current_vehicles} <= location_ids
    assert {r.location_id for r in demo.roundtrips} <= location_ids
    assert {r.vehicle_id for r in demo.roundtrips} <= {
        v.vehicle_id for v in demo.current_vehicles
    }
    assert len({r.roundtrip_id for r in demo.roundtrips}) == len(demo.roundtrips)
    assert len({v.plate for v in demo.current_vehicles if v.plate}) == sum(
        1 for v in demo.current_vehicles if v.plate
    )


def test_town_hall_pool_13_cars_with_20_to_25_percent_short_trips(
    demo: Dataset,
) -> None:
    pool = _cars(demo, "Rådhusets bilpulje")
    assert len(pool) == 13
    assert {v.location_id for v in pool} == {places.TOWN_HALL}
    ids = {v.vehicle_id for v in pool}
    trips = [r for r in demo.roundtrips if r.vehicle_id in ids]
    share = sum(r.distance_km < 6.0 for r in trips) / len(trips)
    assert 0.20 <= share <= 0.25
    assert len(trips) > 1_000


def test_about_25_minibuses_with_mixed_outfitting(demo: Dataset) -> None:
    minibuses = [
        v for v in demo.current_vehicles if not v.is_bike and (v.seats or 0) >= 8
    ]
    assert 22 <= len(minibuses) <= 28
    lift = [v for v in minibuses if v.wheelchair_lift]
    child = [v for v in minibuses if (v.child_seats or 0) > 0]
    plain = [v for v in minibuses if not v.wheelchair_lift and not v.child_seats]
    assert lift and child and plain
    assert not set(map(id, lift)) & set(map(id, child))
    assert {v.department for v in lift} == {"Botilbud og plejecentre"}
    assert {v.department for v in child} == {"Dagtilbud"}
    assert {v.department for v in plain} == {"Ungdomsklubber"}


def test_home_care_concurrency_follows_the_shifts(demo: Dataset) -> None:
    """Day peak (07-15) > evening (15-23) > night (23-07); fewer cars at weekends."""
    trips = [r for r in demo.roundtrips if r.location_id == places.HOME_CARE]
    day = peak_concurrency(trips, (7, 15))
    evening = peak_concurrency(trips, (15, 23))
    night = peak_concurrency(trips, (23, 7))
    assert day > evening > night >= 1
    assert day >= 30
    weekend = [r for r in trips if r.start_time.weekday() >= 5]
    weekday = [r for r in trips if r.start_time.weekday() < 5]
    assert peak_concurrency(weekend, (7, 15)) < peak_concurrency(weekday, (7, 15))
    assert peak_concurrency(weekend, (15, 23)) >= 8  # weekend evenings are staffed


def test_vans_bikes_fossil_share_and_leases(demo: Dataset) -> None:
    current = demo.current_vehicles
    fossil = sum(v.is_fossil for v in current) / len(current)
    assert 0.40 <= fossil <= 0.60
    assert any(v.fuel == "electric" for v in current)
    vans = [v for v in current if v.cargo_m3 and not v.is_bike]
    assert {v.department for v in vans} == {"Vej og Park", "Ejendomsservice og tilsyn"}
    assert len(vans) >= 20
    bikes = [v for v in current if v.vehicle_type == VehicleType.EBIKE]
    assert 3 <= len(bikes) <= 10
    assert any(v.cargo_m3 for v in bikes)
    ends = [v.lease_end for v in current if v.lease_end is not None]
    assert all(date(2025, 1, 1) <= end <= date(2030, 12, 31) for end in ends)
    assert {end.year for end in ends} >= {2025, 2027, 2028, 2029, 2030}


def test_ev_metadata_is_complete(demo: Dataset) -> None:
    for v in demo.vehicles:
        assert v.annual_cost_dkk and v.production_co2e_kg and v.km_per_year_allowed
        if v.vehicle_type == VehicleType.EV:
            assert v.wltp_wh_per_km and v.range_km and v.battery_kwh and v.charge_kw
        if v.vehicle_type == VehicleType.ICE:
            assert v.wltp_km_per_l and 5 < v.wltp_km_per_l < 35


def test_planted_problems_are_in_the_data(demo: Dataset) -> None:
    problems = {p["kind"]: p for p in demo.meta["planted_problems"]}
    assert set(problems) == {"lease_ended", "location_changed", "inactive"}
    trips_of = Counter(r.vehicle_id for r in demo.roundtrips)
    last = {r.vehicle_id: r.end_time for r in demo.roundtrips}  # sorted by start

    ended = demo.vehicle(problems["lease_ended"]["vehicle_id"])
    assert ended.lease_end is not None and ended.lease_end < TODAY
    assert last[ended.vehicle_id] >= PERIOD_END - timedelta(days=2)
    others_ended = [
        v
        for v in demo.current_vehicles
        if v.lease_end and v.lease_end < TODAY and v is not ended
    ]
    assert others_ended == []

    moved = demo.vehicle(problems["location_changed"]["vehicle_id"])
    moved_trips = {
        r.location_id for r in demo.roundtrips if r.vehicle_id == moved.vehicle_id
    }
    assert moved.location_id == problems["location_changed"]["registered_location_id"]
    assert moved_trips == {problems["location_changed"]["trips_location_id"]}
    assert moved.location_id not in moved_trips

    idle = demo.vehicle(problems["inactive"]["vehicle_id"])
    assert trips_of[idle.vehicle_id] > 20
    assert last[idle.vehicle_id] < PERIOD_END - timedelta(days=30)
    # every other current car or van drove in the last 30 days
    recent = {
        r.vehicle_id
        for r in demo.roundtrips
        if r.start_time >= PERIOD_END - timedelta(days=30)
    }
    silent = [
        v.vehicle_id
        for v in demo.current_vehicles
        if not v.is_bike and v.vehicle_id not in recent
    ]
    assert silent == [idle.vehicle_id]


def test_roundtrips_do_not_overlap_and_segments_fit(demo: Dataset) -> None:
    assert overlapping_pairs(demo) == []
    assert segment_problems(demo) == []
    assert all(r.segments for r in demo.roundtrips)
    assert all(r.distance_km > 0 for r in demo.roundtrips)
    assert min(r.start_time for r in demo.roundtrips) >= datetime(2026, 5, 1)
    assert max(r.end_time for r in demo.roundtrips) <= PERIOD_END


def test_peaks_and_quiet_days(demo: Dataset) -> None:
    """Weekdays are busier than weekends, July (summer holiday) quieter than June."""
    per_day = Counter(r.start_time.date() for r in demo.roundtrips)
    weekdays = [n for d, n in per_day.items() if d.weekday() < 5]
    weekends = [n for d, n in per_day.items() if d.weekday() >= 5]
    assert min(weekdays) > 0 and max(weekends) < max(weekdays)
    assert sum(weekends) / len(weekends) < 0.75 * sum(weekdays) / len(weekdays)
    pool_ids = {v.vehicle_id for v in _cars(demo, "Rådhusets bilpulje")}
    pool_by_month = Counter(
        r.start_time.month for r in demo.roundtrips if r.vehicle_id in pool_ids
    )
    assert pool_by_month[7] < 0.8 * pool_by_month[6]
    assert per_day[date(2026, 5, 14)] < 0.75 * per_day[date(2026, 5, 13)]  # Ascension


def test_meta_period_settings_and_catalogue(demo: Dataset) -> None:
    meta = demo.meta
    assert meta["period"]["start"] == "2026-05-01T00:00:00"
    assert meta["period"]["end"] == "2026-11-01T00:00:00"
    assert meta["period"]["days"] == 184
    settings = run_settings_from_meta(meta)
    assert [(s.start.hour, s.end.hour) for s in settings.shifts] == [
        (7, 15), (15, 23), (23, 7),
    ]  # fmt: skip
    sources = meta["catalogue_sources"]
    assert set(meta["candidate_cost_sources"].values()) <= set(sources)
    assert set(meta["candidate_cost_sources"]) == set(meta["candidate_vehicle_ids"])
    candidates = demo.candidate_vehicles
    assert [v.vehicle_id for v in candidates] == meta["candidate_vehicle_ids"]
    assert all(v.location_id is None for v in candidates)
    assert any(v.vehicle_type == VehicleType.EBIKE and v.cargo_m3 for v in candidates)
    assert any(v.vehicle_type == VehicleType.EV and v.cargo_m3 for v in candidates)
    assert any(
        v.vehicle_type == VehicleType.EV and v.wheelchair_lift for v in candidates
    )
    assert any(v.vehicle_type == VehicleType.BIKE for v in candidates)
    assert meta["counts"]["roundtrips"] == len(demo.roundtrips)


def test_vehicle_status_flags_exactly_the_planted_problems(demo: Dataset) -> None:
    """The computed status (default 14 inactive days) finds the three, nothing else."""
    flagged = {
        (r.vehicle_id, status.value)
        for r in fleet_status(demo, today=TODAY)
        for status in r.statuses
        if status not in (VehicleStatus.OK, VehicleStatus.CANDIDATE)
    }
    planted = {(p["vehicle_id"], p["kind"]) for p in demo.meta["planted_problems"]}
    assert flagged == planted
