"""EV suitability and charge points on a whole dataset (the demo municipality)."""

from __future__ import annotations

from fleetplan.analytics.suitability_service import suitability_report
from fleetplan.domain import Dataset


def test_demo_every_fossil_vehicle_is_judged_and_chargers_grow(demo: Dataset) -> None:
    """Each fossil vehicle of today's fleet has one row with every catalogue EV;
    a candidate fits exactly when it has no reason; replacing the suitable ones
    adds EVs and never removes a point; shared points never exceed own points
    (one per EV parked at once) and are priced by dk-2025 (30,000 kr + 11 kW ×
    1,000 kr each)."""
    report = suitability_report(demo)
    fossil = {v.vehicle_id for v in demo.vehicles if v.is_fossil and not v.is_candidate}
    assert {r.vehicle_id for r in report.vehicles} <= fossil
    assert report.vehicles
    for row in report.vehicles:
        assert all(c.fits == (not c.reasons) for c in row.candidates)
    today = {c.location_id: c for c in report.chargers_today}
    for after in report.chargers_all_suitable:
        before = today.get(after.location_id)
        if before is not None:
            assert after.evs >= before.evs
            assert after.charge_points >= before.charge_points
        assert after.charge_points <= after.peak_parked
        assert after.cost_dkk == after.charge_points * (30_000 + 11 * 1_000)
    own = suitability_report(demo, shared_points=False)
    for shared, alone in zip(report.chargers_today, own.chargers_today, strict=True):
        assert alone.charge_points == alone.peak_parked >= shared.charge_points
