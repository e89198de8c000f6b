"""Analyse, data quality and the transition plan count today's fleet; the green
accounts, a report of the past, keep the km a deactivated car drove."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fleetplan.analytics import AnalysisKind, analyse
from fleetplan.analytics.report_service import green_report, transition_report
from fleetplan.analytics.selection import AnalysisFilter, select
from fleetplan.domain import Dataset

TODAY = date(2026, 12, 7)


def _off(demo: Dataset, count: int) -> tuple[Dataset, set[str]]:
    """``demo`` with the first fossil cars that have trips deactivated today."""
    driven = {r.vehicle_id for r in demo.roundtrips}
    gone = [
        v.vehicle_id
        for v in demo.current_vehicles
        if v.is_fossil and v.vehicle_id in driven
    ][:count]
    record = {vid: {"on": TODAY.isoformat()} for vid in gone}
    return replace(demo, meta={**demo.meta, "register": {"deactivated": record}}), set(
        gone
    )


def test_deactivated_cars_leave_every_count_of_today(demo: Dataset) -> None:
    data, gone = _off(demo, 2)
    flt = select(demo).period  # the same period both times
    on_today = AnalysisFilter(period=flt, today=TODAY)
    assert (
        len(select(data, on_today).vehicles) == len(select(demo, on_today).vehicles) - 2
    )
    quality = analyse(AnalysisKind.DATA_QUALITY, data, on_today, today=TODAY)
    assert not {f.vehicle_id for f in quality.findings} & gone  # type: ignore[attr-defined]
    plan = transition_report(data, on_today, today=TODAY).plan
    assert not {s.vehicle_id for s in plan.steps} & gone
    assert {
        s.vehicle_id for s in transition_report(demo, on_today, today=TODAY).plan.steps
    } & gone


def test_green_accounts_keep_the_past(demo: Dataset) -> None:
    data, _ = _off(demo, 2)
    before = green_report(demo).to_rows()
    assert green_report(data).to_rows() == before
