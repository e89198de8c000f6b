"""The service layer on the demo municipality and on small filtered inputs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fleetplan.analytics.service import (
    AnalysisFilter,
    AnalysisKind,
    analyse,
    analyse_all,
    select,
)
from fleetplan.domain import Dataset, Location, Period
from tests.analytics.helpers import at, car, trip

TODAY = date(2026, 11, 24)


def test_planted_problems_are_found(demo: Dataset) -> None:
    """Every problem in meta["planted_problems"] shows up as a finding."""
    report = analyse(AnalysisKind.DATA_QUALITY, demo, today=TODAY)
    kinds = {
        "lease_ended": "lease_ended_still_driving",
        "location_changed": "location_changed",
        "inactive": "inactive",
    }
    found = {(str(f.kind), f.vehicle_id) for f in report.findings}
    for planted in demo.meta["planted_problems"]:
        assert (kinds[planted["kind"]], planted["vehicle_id"]) in found


def test_town_hall_short_trip_share(demo: Dataset) -> None:
    """The strategy (seed 000): 20-25 % of town-hall pool trips are under 6 km."""
    report = analyse("short-trips", demo)
    town_hall = next(r for r in report.locations if r.location_id == "1")
    assert 0.20 <= town_hall.share_of_trips <= 0.25
    assert town_hall.bike_trips > 0
    assert town_hall.energy_cost_moved_dkk > 0


def test_every_analysis_runs_on_the_demo(demo: Dataset) -> None:
    """Each kind gives a JSON-able dict; peaks per location; the plan ends 2030."""
    results = analyse_all(demo, today=TODAY)
    assert set(results) == {k.value for k in AnalysisKind}
    peaks = results["peaks"].to_dict()
    town_hall = next(p for p in peaks["locations"] if p["location_id"] == "1")
    assert 0 < town_hall["max_concurrent"] <= town_hall["vehicles_seen"]
    plan = results["transition-plan"].to_dict()
    assert plan["totals_per_year"][-1]["year"] == 2030
    assert all(step["year"] <= 2030 for step in plan["steps"])
    fossil = sum(v.is_fossil for v in demo.current_vehicles)
    assert len(plan["steps"]) == fossil
    green = results["green-accounts"].to_dict()["rows"]
    total = next(r for r in green if r["administration"] == "*")
    assert 0 < total["fossil_free_share"] < 1
    assert total["co2e_lifecycle_t"] > total["co2e_wtw_t"] > 0


def test_filters_select_vehicles_trips_and_period() -> None:
    """Admin filter keeps car 1 and its trips; the period drops the day-2 trip."""
    data = Dataset(
        locations=(Location("L1"), Location("L2")),
        vehicles=(
            car("1", administration="A"),
            car("2", administration="B", location="L2"),
            car("C", candidate=True, location=None),
        ),
        roundtrips=(
            trip("a", "1", at("08:00"), at("09:00")),
            trip("b", "2", at("08:00"), at("09:00"), location="L2"),
            trip("c", "1", at("08:00", 2), at("09:00", 2)),
        ),
    )
    day = datetime(2026, 3, 2)
    sel = select(
        data,
        AnalysisFilter(
            period=Period(day, day + timedelta(days=1)), administrations=("A",)
        ),
    )
    assert [v.vehicle_id for v in sel.vehicles] == ["1"]
    assert [r.roundtrip_id for r in sel.roundtrips] == ["a"]
    assert [v.vehicle_id for v in sel.candidates] == ["C"]
    assert sel.yearly_factor == 365.0
    by_location = select(data, AnalysisFilter(location_ids=("L2",)))
    assert [r.roundtrip_id for r in by_location.roundtrips] == ["b"]
    # no meta period: whole days of the data span, 2 March to 5 March
    assert by_location.period == Period(day, day + timedelta(days=3))


def test_short_trips_subtract_the_ebike_and_annualise(demo: Dataset) -> None:
    """The e-bike candidate is chosen; yearly = period value × 365 / 184 days."""
    report = analyse("short-trips", demo)
    bike = demo.vehicle(report.bike_vehicle_id or "")
    assert bike.vehicle_type.value == "ebike"
    assert report.yearly_factor == 365 / 184
    payload = report.to_dict()
    assert payload["energy_cost_moved_dkk_per_year"] == round(
        report.overall.energy_cost_moved_dkk * 365 / 184, 2
    )


def test_pools_count_locations_together(demo: Dataset) -> None:
    """Pooling the town hall (1) and home care (2): the pool's peak is at least
    each one's and at most their sum."""
    apart = {p.location_id: p.max_concurrent for p in analyse("peaks", demo).locations}
    pooled = analyse("peaks", demo, pool_of_location={"1": "P", "2": "P"})
    pool = next(p for p in pooled.locations if p.location_id == "P")
    assert max(apart["1"], apart["2"]) <= pool.max_concurrent <= apart["1"] + apart["2"]
