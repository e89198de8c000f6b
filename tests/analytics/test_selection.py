"""Filters: what they leave of a dataset."""

from __future__ import annotations

from datetime import datetime, timedelta

from fleetplan.analytics.selection import AnalysisFilter, select
from fleetplan.domain import Dataset, Location, Period
from tests.analytics.helpers import at, car, trip


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
