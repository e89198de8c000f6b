"""The service layer on the demo municipality and on small filtered inputs."""

from __future__ import annotations

from datetime import date

from fleetplan.analytics.service import (
    AnalysisKind,
    AnalysisOptions,
    analyse,
    analyse_all,
)
from fleetplan.domain import Dataset

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
    options = AnalysisOptions(pool_of_location={"1": "P", "2": "P"})
    pooled = analyse("peaks", demo, options=options)
    pool = next(p for p in pooled.locations if p.location_id == "P")
    assert max(apart["1"], apart["2"]) <= pool.max_concurrent <= apart["1"] + apart["2"]


def test_options_change_the_thresholds(demo: Dataset) -> None:
    """Under 10 km there are at least as many short trips as under 6 km; the 2028
    target puts every step in 2028 at the latest."""
    six = analyse("short-trips", demo).overall.short_trips
    ten = analyse("short-trips", demo, options=AnalysisOptions(short_max_km=10.0))
    assert ten.overall.short_trips >= six
    assert ten.max_km == 10.0
    plan = analyse(
        "transition-plan", demo, today=TODAY, options=AnalysisOptions(target_year=2028)
    )
    assert max(step.year for step in plan.steps) == 2028
