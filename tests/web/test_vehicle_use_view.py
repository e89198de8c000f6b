"""The per-vehicle views' rows and chart options (no page needed)."""

from __future__ import annotations

from datetime import datetime, timedelta

from fleetplan.domain import Period
from fleetplan.web.vehicle_use_charts import (
    ROWS_SHOWN,
    km_heatmap_options,
    timeline_options,
)
from fleetplan.web.vehicle_use_view import _timeline_data, use_figures, use_rows
from tests.analytics.helpers import DAY, at, car, trip

WEEK = Period(DAY, DAY + timedelta(days=7))


def test_rows_name_the_vehicle_and_keep_numbers_raw_for_sorting() -> None:
    figures = use_figures(
        [car("1"), car("2", location="L2")],
        [trip("a", "1", at("08:00"), at("09:30"), km=1234.5)],
        WEEK,
        None,
    )
    one, two = use_rows(figures, {"L1": "Rådhuset"})
    assert one["vehicle"] == "Make Model (AB1)" and one["location"] == "Rådhuset"
    assert one["km"] == 1234.5 and one["hours"] == 1.5 and one["tco_per_km"] is None
    assert one["idle"] == "Nej" and two["idle"] == "Ja"
    assert [r["vehicle"] for r in use_rows(figures, {}, idle_only=True)] == [
        "Make Model (AB2)"
    ]


def test_a_trip_past_midnight_is_cut_into_two_days() -> None:
    """22:00-02:00: 22-24 on Monday's row and 0-2 on Tuesday's."""
    late = trip("a", "1", at("22:00"), datetime(2026, 3, 3, 2, 0), km=40.0)
    figures = use_figures([car("1")], [late], WEEK, None)
    days, bars = _timeline_data(figures, "1", "da")
    assert days == ["02.03.2026", "03.03.2026"]
    assert [(b[0], b[1], b[2]) for b in bars] == [(0, 22.0, 24.0), (1, 0.0, 2.0)]
    assert bars[0][3] == "22:00–02:00, 40,0 km"


def test_charts_zoom_and_show_the_first_rows_first() -> None:
    heat = km_heatmap_options(
        [f"v{i}" for i in range(50)], ["d1", "d2"], [[0.0, 5.0]] * 50, "da"
    )
    types = [(z["type"], "xAxisIndex" in z) for z in heat["dataZoom"]]
    assert ("slider", True) in types and ("slider", False) in types
    y_slider = next(z for z in heat["dataZoom"] if "yAxisIndex" in z)
    assert y_slider["endValue"] == ROWS_SHOWN - 1
    assert [c for c in heat["series"][0]["data"] if c[0] == 0] == []  # 0 km: no cell
    line = timeline_options(["d"], [(0, 8.0, 9.5, "x")])
    assert line["series"][0]["data"] == [[0, 8.0, 9.5, "x"]]
