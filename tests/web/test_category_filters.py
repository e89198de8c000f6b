"""Vehicle category filters (issue 16): the register, Analyse (page, URL and API)
and Simulering's fleet editor choose vehicles by body (car, van, minibus, ...)."""

from __future__ import annotations

from datetime import date, datetime

from fleetplan.analytics import AnalysisFilter, select
from fleetplan.domain import (
    Dataset,
    Fuel,
    Location,
    Roundtrip,
    Vehicle,
    VehicleCategory,
    VehicleType,
)
from fleetplan.web.analysis_filters import parse_filters, to_query
from fleetplan.web.pages.vehicles import filter_rows, vehicle_rows
from fleetplan.web.simulation_setup import default_setup


def _dataset() -> Dataset:
    start = datetime(2026, 3, 2, 8)
    return Dataset(
        (Location("L1", "Rådhus"),),
        (
            Vehicle("car", VehicleType.ICE, Fuel.DIESEL, location_id="L1"),
            Vehicle(
                "van", VehicleType.ICE, Fuel.DIESEL, location_id="L1", cargo_m3=3.2
            ),
            Vehicle("bus", VehicleType.EV, Fuel.ELECTRIC, location_id="L1", seats=9),
            Vehicle(
                "lorry",
                VehicleType.ICE,
                Fuel.DIESEL,
                location_id="L1",
                category=VehicleCategory.TRUCK,
            ),
        ),
        tuple(
            Roundtrip(f"r{vid}", vid, "L1", start, start.replace(hour=9), 10.0)
            for vid in ("car", "van", "bus", "lorry")
        ),
    )


def test_register_rows_filter_by_category_derived_or_given() -> None:
    rows = vehicle_rows(_dataset(), candidates=False, today=date(2026, 3, 3))
    assert [r["category"] for r in rows] == ["car", "van", "minibus", "truck"]
    assert rows[1]["category_label"] == "Varebil"
    assert [r["id"] for r in filter_rows(rows, {"category": "truck"})] == ["lorry"]


def test_analysis_selection_keeps_the_category_and_its_trips() -> None:
    sel = select(_dataset(), AnalysisFilter(categories=("van", "minibus")))
    assert [v.vehicle_id for v in sel.vehicles] == ["van", "bus"]
    assert sorted(r.vehicle_id for r in sel.roundtrips) == ["bus", "van"]


def test_the_category_filter_survives_the_url() -> None:
    state = parse_filters([("category", "van"), ("category", "bike"), ("x", "1")])
    assert state.category == ("van", "bike")
    assert to_query(state) == "category=van&category=bike"


def test_simulation_rows_carry_their_category() -> None:
    setup = default_setup(_dataset())
    assert {r.vehicle_id: r.category for r in setup.rows} == {
        "car": "car",
        "van": "van",
        "bus": "minibus",
        "lorry": "truck",
    }
